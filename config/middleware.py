"""Response headers every page needs, whatever room it belongs to."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control


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
