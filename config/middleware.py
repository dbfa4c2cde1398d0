"""Response headers every page needs, whatever room it belongs to."""

import logging

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)


def permissions_policy(get_response):
    """Deny browser features the service never uses (camera access goes through file inputs)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def private_pages_not_stored(get_response):
    """Signed-in pages must never be kept by the browser or a proxy.

    Someone pressing Back on a shared device after "Exit this page" must not see the diary.
    Pages for visitors who are not signed in keep whatever caching their view chose.
    """

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or getattr(
            request, "signed_out_now", False
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


class UnreadablePage:
    """Something sealed that does not open (moved, changed, or its key gone) gets a plain page
    saying so, never a server error; the log names the place, never the content."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from config.encryption import Unreadable

        if not isinstance(exception, Unreadable):
            return None
        logger.warning("Could not be read: %s", exception)
        return render(request, "unreadable.html", status=500)
