"""Session limits: 15 minutes idle, 4 hours in all, and nothing typed is lost when one runs out."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts import signin_limits
from accounts.activity import activity_session_used
from accounts.models import KeptText

STARTED_AT = "_session_started_at"
SEEN_AT = "_session_seen_at"
KEPT_TEXT_TOKEN = "_kept_text_token"  # noqa: S105 - a session key name, not a secret
# Writing the session on every request costs a database write; a minute's slack is harmless.
SEEN_AT_RESOLUTION_SECONDS = 30
# Asking how long is left must not itself count as activity.
PASSIVE_PATHS = {"/session/status/"}
TIMED_OUT_FLAG = "_session_timed_out"
NEVER_KEPT = {"csrfmiddlewaretoken", TIMED_OUT_FLAG}


def session_timeout(get_response):
    def middleware(request):
        if request.user.is_authenticated:
            response = _check_session(request)
            if response is not None:
                return response
            _attach_kept_text(request)
            # Show every time in the account holder's own time zone.
            with timezone.override(request.user.zone):
                return get_response(request)
        return get_response(request)

    return middleware


def seconds_left(request, now: float | None = None) -> int:
    now = time.time() if now is None else now
    seen = request.session.get(SEEN_AT, now)
    started = request.session.get(STARTED_AT, now)
    idle_left = settings.SESSION_IDLE_TIMEOUT.total_seconds() - (now - seen)
    absolute_left = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() - (now - started)
    return max(0, int(min(idle_left, absolute_left)))


def _check_session(request):
    now = time.time()
    session = request.session
    if STARTED_AT not in session:
        session[STARTED_AT] = session[SEEN_AT] = now
        return None
    # The timeout warning's script posts an unsaved form with this flag once the time is up, so
    # that the words are kept even if the browser's clock ran a little ahead of ours.
    ran_out_here = request.method == "POST" and TIMED_OUT_FLAG in request.POST
    if seconds_left(request, now) <= 0 or ran_out_here:
        return _end_timed_out_session(request)
    if request.path not in PASSIVE_PATHS:
        if now - session[SEEN_AT] >= SEEN_AT_RESOLUTION_SECONDS:
            session[SEEN_AT] = now
        activity_session_used(request)
    return None


def _end_timed_out_session(request):
    kept = _keep_typed_text(request)
    next_path = request.path if request.method == "GET" or kept else reverse("home")
    logout(request)
    if kept is not None:
        request.session[KEPT_TEXT_TOKEN] = kept.token
        messages.info(
            request,
            "You were signed out because you had not done anything for a while. "
            "Sign in again and what you typed will be put back.",
        )
    else:
        messages.info(request, "You were signed out because you had not done anything for a while.")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_path})}")


def _keep_typed_text(request) -> KeptText | None:
    """Keep what a timed-out form post carried, if it is a genuine post from our own page."""
    if request.method != "POST":
        return None
    # Only a request that would have passed the CSRF check may leave text for later.
    if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
        return None
    fields = {
        name: values
        for name, values in request.POST.lists()
        if name not in NEVER_KEPT and "password" not in name and any(v.strip() for v in values)
    }
    if not fields:
        return None
    return KeptText.objects.create(owner=request.user, path=request.path, fields=fields)


def _attach_kept_text(request) -> None:
    """Give the form page back the words kept for it, once, to the same person."""
    request.kept_text = None
    token = request.session.get(KEPT_TEXT_TOKEN)
    if token is None or request.method != "GET":
        return
    kept = KeptText.objects.owned_by(request.user).fresh().filter(token=token).first()
    if kept is None:
        del request.session[KEPT_TEXT_TOKEN]
        return
    if kept.path != request.path:
        return
    request.kept_text = {
        name: values[0] if len(values) == 1 else values for name, values in kept.fields.items()
    }
    kept.delete()
    del request.session[KEPT_TEXT_TOKEN]


def known_browser(get_response):
    """Give a browser that has just signed in its "known browser" cookie (signin_limits.py)."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "signed_in_user", None)
        if user is not None and response.status_code < 400:
            signin_limits.remember_browser(request, response, user)
        return response

    return middleware
