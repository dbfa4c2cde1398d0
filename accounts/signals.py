from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.activity import activity_record
from accounts.models import ActivityKind
from config.signals import account_activity


@receiver(user_logged_out)
def mark_response_private(sender, request, **kwargs):
    # The response that signs someone out still shows their page state: never store it.
    if request is not None:
        request.signed_out_now = True


@receiver(user_logged_in)
def note_the_browser(sender, request, user, **kwargs):
    # The response is not built yet; the known_browser middleware sets the cookie on it.
    if request is not None:
        request.signed_in_user = user


@receiver(user_logged_in)
def record_the_sign_in(sender, request, user, **kwargs):
    activity_record(owner=user, kind=ActivityKind.SIGNED_IN, request=request)
    if user.deletion_requested_at is not None and user.deletion_started_at is None:
        from accounts.deletion import account_deletion_cancel

        account_deletion_cancel(user=user, request=request)
        if request is not None:
            messages.success(request, "Your account will not be deleted: signing in stopped it.")


@receiver(account_activity)
def record_what_a_page_did(sender, request, kind, owner=None, about=None, **kwargs):
    # `owner` is given when someone else acts on the account's behalf (an officer's download).
    activity_record(owner=owner or request.user, kind=kind, request=request, about=about)


@receiver(account_signals.password_changed)
def record_password_changed(sender, request, user, **kwargs):
    activity_record(owner=user, kind=ActivityKind.PASSWORD_CHANGED, request=request)


@receiver(account_signals.password_reset)
def record_password_reset(sender, request, user, **kwargs):
    activity_record(owner=user, kind=ActivityKind.PASSWORD_RESET, request=request)


@receiver(account_signals.email_changed)
def record_email_changed(sender, request, user, from_email_address=None, **kwargs):
    # Confirming the first address at sign-up is not a change of address.
    if from_email_address is not None:
        activity_record(owner=user, kind=ActivityKind.EMAIL_CHANGED, request=request)


@receiver(mfa_signals.authenticator_added)
def record_two_step_on(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP:
        activity_record(owner=user, kind=ActivityKind.TWO_STEP_ON, request=request)


@receiver(mfa_signals.authenticator_removed)
def record_two_step_off(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP:
        activity_record(owner=user, kind=ActivityKind.TWO_STEP_OFF, request=request)


@receiver(mfa_signals.authenticator_reset)
def record_codes_renewed(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        activity_record(owner=user, kind=ActivityKind.CODES_RENEWED, request=request)


@receiver(mfa_signals.authentication_failed)
def record_wrong_code(sender, request, user, **kwargs):
    activity_record(owner=user, kind=ActivityKind.CODE_FAILED, request=request)
