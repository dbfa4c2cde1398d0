"""Every address the project answers is either a page in the e2e site map (and so is swept for
accessibility, sideways scrolling at 320px and working without JavaScript) or is left out here on
purpose, with the reason. A new URL pattern fails this test until it is one or the other."""

import uuid
from collections import defaultdict

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.e2e.site_map import SIGNED_IN_PAGES, SIGNED_OUT_PAGES

POST_ONLY = "POST only: a button on a page already in the site map, answered with a redirect"
JSON = "JSON for a page's script, not a page"
DOWNLOAD = "a file download, not a page"
JOURNEY = (
    "reached only after a journey (a sign-up waiting for its code, two-step sign-in on): swept "
    "in tests/e2e/test_account_pages_reached_by_a_journey.py and worded by tests/accounts"
)
NEVER_SHOWN = "allauth's page for a state no account here is ever in"

# Keyed by route, as Django's resolver spells it.
EXCLUDED = {
    "account/download/<uuid:export_id>/": DOWNLOAD,
    "exit/": "Exit this page: signs out and redirects to another site (test_exit_this_page.py)",
    "session/status/": JSON,
    "session/keep-alive/": JSON,
    "healthz": "JSON for monitors, not a page (tests/operations/test_health.py)",
    "notes/filter/": POST_ONLY,
    "notes/autosave/": JSON + " (the note form's autosave, POST only)",
    "notes/<uuid:incident_id>/restore/": POST_ONLY,
    "files/filter/": POST_ONLY,
    "packs/<uuid:pack_id>/shares/<uuid:share_id>/end/": POST_ONLY,
    "s/<str:token>/pdf/": DOWNLOAD + " (the officer's, after the code)",
    "s/<str:token>/zip/": DOWNLOAD + " (the officer's, after the code)",
    "files/<uuid:exhibit_id>/original/": DOWNLOAD,
    "files/<uuid:exhibit_id>/preview/<str:size>/": "an image for a file's page, not a page",
    "files/<uuid:exhibit_id>/retry/": POST_ONLY,
    "files/<uuid:exhibit_id>/transcript/": POST_ONLY
    + " (a recording's page, swept in tests/e2e/test_voicemail_transcript.py)",
    "files/<uuid:exhibit_id>/restore/": POST_ONLY,
    "packs/<uuid:pack_id>/status/": JSON,
    "packs/<uuid:pack_id>/retry/": POST_ONLY,
    "packs/<uuid:pack_id>/pdf/": DOWNLOAD,
    "packs/<uuid:pack_id>/zip/": DOWNLOAD,
    "advice/checklist/mark/": POST_ONLY,
    "accounts/inactive/": NEVER_SHOWN + " (an account is made inactive only as it is deleted)",
    "accounts/reauthenticate/": "shown when a page asks to confirm it is you: swept as the site "
    "map's 'confirm access', which lands on it",
    "accounts/confirm-email/": JOURNEY,
    "accounts/password/set/": NEVER_SHOWN + " (every account is made with a password)",
    "accounts/login/code/confirm/": NEVER_SHOWN + " (signing in by an emailed code is off)",
    "accounts/2fa/authenticate/": JOURNEY,
    "accounts/2fa/reauthenticate/": JOURNEY,
    "accounts/2fa/totp/deactivate/": JOURNEY,
    "accounts/2fa/recovery-codes/": JOURNEY,
    "accounts/2fa/recovery-codes/generate/": JOURNEY,
    "accounts/2fa/recovery-codes/download/": DOWNLOAD,
}
# Everything under these routes.
EXCLUDED_UNDER = {
    "admin/": "the operators' admin: Django's own pages for staff, off unless a deployment "
    "turns it on (tests/config/test_admin.py)",
}


def join_routes(first: str, second: str) -> str:
    """As Django joins an include's route to its patterns' (dropping a regex's leading ^)."""
    return first + second.removeprefix("^")


def every_route(patterns=None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Each URL pattern's full route, with its name (or, unnamed, the view it leads to)."""
    routes = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = join_routes(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes.update(every_route(pattern.url_patterns, route, inner))
        elif isinstance(pattern, URLPattern):
            routes[route] = namespace + pattern.name if pattern.name else pattern.lookup_str
    return routes


def site_map_routes() -> set[str]:
    """The routes the site map's pages open, each record in a path standing for any id."""
    any_record = defaultdict(lambda: str(uuid.uuid4()))
    routes = set()
    for site_page in SIGNED_OUT_PAGES + SIGNED_IN_PAGES:
        path = site_page.url(any_record).split("?")[0]
        try:
            routes.add(resolve(path).route)
        except Resolver404:
            pass  # the "Page not found" pages
    return routes


def is_excluded(route: str) -> bool:
    return route in EXCLUDED or any(route.startswith(under) for under in EXCLUDED_UNDER)


def test_every_url_pattern_is_in_the_site_map_or_left_out_with_a_reason(admin_on):
    routes = every_route()
    covered = site_map_routes()

    missing = {
        route: name
        for route, name in routes.items()
        if route not in covered and not is_excluded(route)
    }

    assert missing == {}, (
        "Add a SitePage to tests/e2e/site_map.py for each of these, or put it in EXCLUDED "
        "here with the reason:\n"
        + "\n".join(f"- {route} ({name})" for route, name in missing.items())
    )


def test_the_walk_reaches_allauth_and_the_admin(admin_on):
    """The check above is only as good as the walk: it must see included and regex patterns."""
    routes = every_route()

    assert routes["accounts/login/"] == "account_login"
    assert routes["accounts/2fa/totp/activate/"] == "mfa_activate_totp"
    assert any(route.startswith("accounts/password/reset/key/(?P<uidb36>") for route in routes)
    assert any(route.startswith("admin/") for route in routes)
    assert "notes/<uuid:incident_id>/history/" in site_map_routes()


def test_nothing_is_left_out_that_is_also_in_the_site_map_or_no_longer_exists(admin_on):
    routes = every_route()
    covered = site_map_routes()

    stale = {route for route in EXCLUDED if route in covered or route not in routes}

    assert stale == set(), f"Remove these from EXCLUDED: {sorted(stale)}"
