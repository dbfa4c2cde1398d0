from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with messages in our plain words."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "The email address or password is not right. Check them and try again."
        ),
        "too_many_login_attempts": (
            "There have been too many attempts to sign in. Wait "
            f"{settings.SIGN_IN_LOCKOUT_MINUTES} minutes, then try again."
        ),
        "rate_limited": "There have been too many attempts. Wait a few minutes, then try again.",
    }
