from allauth.account.adapter import DefaultAccountAdapter
from django import forms

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
