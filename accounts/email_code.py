"""The page that asks for the code emailed after sign-up or after changing the email address.

allauth's page, with two ways out of a dead end: "Send a new code" and correcting a mistyped
address. Sign-up hides whether an address already has an account (the taken address gets an email,
the person at the keyboard sees the usual code page), so correcting the address must look and work
the same on both paths: when the address typed first was taken, there is no account yet to
correct, and the account is made here with the new address, from the password hash kept at sign-up.
"""

from __future__ import annotations

from allauth.account import app_settings as allauth_account
from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY,
)
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.internal.userkit import did_user_login
from allauth.account.models import EmailAddress
from allauth.account.views import ConfirmEmailVerificationCodeView
from allauth.core.exceptions import ImmediateHttpResponse, RateLimited
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.functional import cached_property

# Enough for a typo and a second thought; each one sends an email, so not unlimited.
MAX_NEW_CODES = 3
MAX_ADDRESS_CHANGES = 3
# Sign-up keeps the chosen password's hash here when the address typed was already taken.
PENDING_PASSWORD_HASH = "_signup_password_hash"  # noqa: S105 - a session key name


def code_lifetime_minutes() -> int:
    return allauth_account.EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60


class EmailCodeView(ConfirmEmailVerificationCodeView):
    template_name = "account/confirm_email_verification_code.html"

    def _during_sign_up(self) -> bool:
        user = self._process.user
        return user is None or not did_user_login(user)

    def _can_change(self) -> bool:
        return self._during_sign_up() and not self._process.is_change_quota_reached(
            MAX_ADDRESS_CHANGES
        )

    def _can_resend(self) -> bool:
        return not self._process.is_resend_quota_reached(MAX_NEW_CODES)

    @cached_property
    def _action(self) -> str:
        action = self.request.POST.get("action")
        if action == "change" and self._can_change():
            return "change"
        if action == "resend" and self._can_resend():
            return "resend"
        return "verify"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self._can_change()
        context["can_resend"] = self._can_resend()
        context["during_sign_up"] = self._during_sign_up()
        context["minutes"] = code_lifetime_minutes()
        return context

    def _resend_form_valid(self, form):
        process = self._process
        try:
            if process.user is None:
                # The address typed was taken. allauth would send nothing; send its owner the
                # "you already have an account" email again, so both paths do the same work.
                process.generate_code()
                process.send()
                process.record_resend()
                process.persist()
                return redirect(self.request.path)
            return super()._resend_form_valid(form)
        except (ImmediateHttpResponse, RateLimited):
            return self._wait_a_moment()

    def _change_form_valid(self, form):
        email = form.cleaned_data["email"]
        password_hash = self.request.session.get(PENDING_PASSWORD_HASH)
        try:
            if self._process.user is None and not form.account_already_exists and password_hash:
                return self._sign_up_with(email, password_hash)
            return super()._change_form_valid(form)
        except ImmediateHttpResponse:
            return self._wait_a_moment()

    def _change_form_invalid(self, form):
        # allauth 65.21 calls this but does not define it, so a mistyped correction was a 500.
        return self.render_to_response(self.get_context_data(form=form))

    def _wait_a_moment(self):
        # allauth answers a second email to one address within seconds with a bare 429 page.
        messages.error(
            self.request, "We sent an email a moment ago. Wait a minute, then try again."
        )
        return redirect(self.request.path)

    def _sign_up_with(self, email: str, password_hash: str):
        """The first address was taken, so no account was made: make it now, as sign-up would."""
        changes = self._process.state["change_count"] + 1
        resends = self._process.state["resend_count"]
        self._process.abort()
        del self.request.session[PENDING_PASSWORD_HASH]
        user = get_user_model()(email=email, password=password_hash)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        response = complete_signup(self.request, user=user)
        # The new code counts against the same limits as the first address did.
        state = self.request.session.get(EMAIL_VERIFICATION_CODE_SESSION_KEY)
        if state:
            state.update(change_count=changes, resend_count=resends)
            self.request.session[EMAIL_VERIFICATION_CODE_SESSION_KEY] = state
        return response


email_code = EmailCodeView.as_view()
