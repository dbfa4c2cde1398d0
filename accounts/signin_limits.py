"""Sign-in limits a stranger cannot turn against the owner.

Wrong passwords for one address add a growing delay (never a lock-out): the first few are free,
then each asks for a longer wait, up to MAX_DELAY seconds. A browser that has signed in to the
account before carries a random "known browser" cookie that exempts it from that account's delay
(and from the shared-address limit), so a stranger guessing cannot keep the owner out of her own
phone. A known browser that keeps guessing loses its pass, since the phone may be in other hands.

Failures are counted by the address typed, whether or not it has an account, so the wait says
nothing about who uses the service.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

FREE_FAILURES = 3
MAX_DELAY = 30  # seconds
# Failures older than this are forgotten.
WINDOW = timedelta(minutes=15)
# Wrong passwords in a row from a known browser before it is treated like any other.
KNOWN_BROWSER_FAILURES = 5
KNOWN_BROWSER_LIFETIME = timedelta(days=90)


def delay_after(failures: int) -> int:
    """Seconds to wait before the next try, after this many recent wrong passwords."""
    if failures <= FREE_FAILURES:
        return 0
    return min(MAX_DELAY, 2 ** (failures - FREE_FAILURES))


def seconds_left(failure_times: list[float], now: float) -> int:
    """Whole seconds still to wait, given the times of recent failures (newest last)."""
    if not failure_times:
        return 0
    ready_at = failure_times[-1] + delay_after(len(failure_times))
    return max(0, math.ceil(ready_at - now))


# The failures of one typed address, in the shared cache -------------------------------------


def _failures_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"signin-failures:{digest}"


def _recent_failures(email: str, now: float) -> list[float]:
    since = now - WINDOW.total_seconds()
    return [moment for moment in cache.get(_failures_key(email), []) if moment > since]


def seconds_to_wait(email: str) -> int:
    now = time.time()
    return seconds_left(_recent_failures(email, now), now)


def record_failure(email: str) -> None:
    now = time.time()
    failures = [*_recent_failures(email, now), now]
    cache.set(_failures_key(email), failures, int(WINDOW.total_seconds()))


def forget_failures(email: str) -> None:
    cache.delete(_failures_key(email))


# Known browsers --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def known_browser(request, email: str):
    """The KnownBrowser row that exempts this browser for this address, if there is one."""
    from accounts.models import KnownBrowser

    token = request.COOKIES.get(settings.KNOWN_BROWSER_COOKIE_NAME)
    if not token or not email:
        return None
    return (
        KnownBrowser.objects.filter(
            token_sha256=_token_hash(token),
            user__email__iexact=email.strip(),
            expires_at__gt=timezone.now(),
            failures__lt=KNOWN_BROWSER_FAILURES,
        )
        .select_related("user")
        .first()
    )


def known_browser_failed(browser) -> None:
    browser.failures += 1
    browser.save(update_fields=["failures"])


def remember_browser(request, response, user) -> None:
    """After a full sign-in: (re)issue the cookie and tie it to this account for 90 days."""
    from accounts.models import KnownBrowser

    token = request.COOKIES.get(settings.KNOWN_BROWSER_COOKIE_NAME) or secrets.token_urlsafe(32)
    KnownBrowser.objects.update_or_create(
        user=user,
        token_sha256=_token_hash(token),
        defaults={"expires_at": timezone.now() + KNOWN_BROWSER_LIFETIME, "failures": 0},
    )
    response.set_cookie(
        settings.KNOWN_BROWSER_COOKIE_NAME,
        token,
        max_age=int(KNOWN_BROWSER_LIFETIME.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_browser(response) -> None:
    response.delete_cookie(settings.KNOWN_BROWSER_COOKIE_NAME, samesite="Lax")


def known_browsers_delete_expired() -> int:
    from accounts.models import KnownBrowser

    deleted, _ = KnownBrowser.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
