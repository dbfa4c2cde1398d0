from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings

from accounts import signin_limits
from accounts.activity import activity_record
from accounts.models import ActivityKind, User


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with messages in our plain words and sign-in limits that never lock anyone out."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "The email address or password is not right. Check them and try again."
        ),
        # allauth's own limit, which we keep only per network address.
        "too_many_login_attempts": (
            "There have been a lot of attempts to sign in from this network. Wait a few minutes, "
            "then try again."
        ),
        "rate_limited": "There have been too many attempts. Wait a few minutes, then try again.",
        "incorrect_code": "That code is not right. Check the email and type the code again.",
        "incorrect_password": "That password is not right. Type it again.",
        "enter_current_password": "Type the password you use now.",
        "same_as_current": "That is the address you have now. Type a different one.",
        "email_taken": "That email address cannot be used. Type a different one.",
        "duplicate_email": "That is the address you have now. Type a different one.",
        "invalid_or_expired_key": "This link does not work. It may be used already, or too old.",
        "invalid_password_reset": "This link does not work. It may be used already, or too old.",
        "account_inactive": "This account has been closed, so you cannot sign in to it.",
        "unverified_primary_email": "Confirm the new email address before using it to sign in.",
        "cannot_remove_primary_email": "Your account needs an email address, so it stays.",
    }

    def pre_authenticate(self, request, **credentials) -> None:
        email = credentials.get("email", "")
        self._known_browser = signin_limits.known_browser(request, email)
        if self._known_browser is not None:
            self._login_failed_rl_usage = None
            return
        wait = signin_limits.seconds_to_wait(email)
        if wait:
            unit = "second" if wait == 1 else "seconds"
            raise forms.ValidationError(
                f"There have been too many attempts to sign in. Wait {wait} {unit}, "
                "then try again.",
                code="too_many_login_attempts",
            )
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            signin_limits.forget_failures(credentials.get("email", ""))
            if self._known_browser is not None and self._known_browser.failures:
                self._known_browser.failures = 0
                self._known_browser.save(update_fields=["failures"])
        return user

    def authentication_failed(self, request, **credentials) -> None:
        email = credentials.get("email", "")
        signin_limits.record_failure(email)
        if self._known_browser is not None:
            signin_limits.known_browser_failed(self._known_browser)
        # The owner sees it under Recent activity; the person at the keyboard learns nothing.
        owner = User.objects.filter(email__iexact=email.strip()).first() if email else None
        if owner is not None:
            activity_record(owner=owner, kind=ActivityKind.SIGN_IN_FAILED, request=request)


class MFAAdapter(DefaultMFAAdapter):
    """Two-step sign-in in our words, and an authenticator entry that names no one."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "That code is not right. Type the code your app shows now.",
    }

    def get_totp_label(self, user) -> str:
        # The entry shows in the app on the phone: the service's neutral name, not the address.
        return settings.SERVICE_NAME
