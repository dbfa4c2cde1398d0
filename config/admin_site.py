"""The operators' admin: off unless a deployment turns it on, and only behind two-step sign-in.

Signing in happens on allauth's pages (so its two-step sign-in and rate limits apply); the admin
then opens only for active staff whose session was signed in with an authenticator app code.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.shortcuts import redirect, render


def signed_in_with_authenticator_app(request) -> bool:
    """True when this session's sign-in included a code from one of the user's TOTP apps.

    A code given later to confirm an action (re-authentication) does not count: the admin asks
    that the sign-in itself was made with it.
    """
    user = request.user
    used = {
        record.get("id")
        for record in get_authentication_records(request, user)
        if record.get("method") == "mfa"
        and record.get("type") == Authenticator.Type.TOTP
        and not record.get("reauthenticated")
    }
    return bool(used) and (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP, pk__in=used).exists()
    )


@secure_admin_login
def _signed_in_entry(request):
    # secure_admin_login has already sent anyone signed out to the app's sign-in page and
    # refused anyone who is not staff; here is a staff member, with or without the code.
    if admin.site.has_permission(request):
        return redirect("admin:index")
    return render(request, "admin_needs_two_step.html", status=403)


class OperatorsAdminSite(admin.AdminSite):
    site_header = site_title = "Operators"
    index_title = "Counts and dates"

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and signed_in_with_authenticator_app(request))

    def login(self, request, extra_context=None):
        # Never Django's own password form: it would check passwords outside allauth's limits.
        return _signed_in_entry(request)
