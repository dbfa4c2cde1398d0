"""Rate limits for public pages (no account needed), kept the way sign-in's are: allauth's limiter
over the shared cache, per network address, sized for a police station's shared connection."""

from __future__ import annotations

from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def over_limit(request: HttpRequest, action: str) -> HttpResponse | None:
    """The "Too many attempts" page if this address has used up `action`; None otherwise.

    Counts every request, GET included (a link or a check page is worth guessing at either way).
    """
    return ratelimit.consume_or_429(
        request,
        app="allauth.account",
        action=action,
        config=settings.PUBLIC_RATE_LIMITS,
        limit_get=True,
    )
