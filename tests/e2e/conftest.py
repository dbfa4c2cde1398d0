"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole run; a fresh context (cookies, cache, storage) for each test.
"""

import os
import threading

# Sync Playwright keeps an event loop in the main thread, where the tests also use the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.helpers import PHONE_VIEWPORT  # noqa: E402

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The neutral site "Exit this page" leads to cannot be reached from here; this stands in for it.
EXIT_SITE_STUB = (
    '<!DOCTYPE html><html lang="en"><head><title>Weather</title></head>'
    "<body><h1>Weather</h1></body></html>"
)
WEB_SCHEMES = {"http", "https", "ws", "wss"}


class OneRequestAtATimeOnSharedSQLite(ThreadedWSGIServer):
    """The live server, answering one request at a time when its threads share one connection.

    With SQLite in memory, every request thread of the live server uses the test's own database
    connection. A page and its polling scripts asking at once then interleave on that connection,
    and SQLite answers "not an error" or "no such savepoint" under load. Each request is therefore
    answered whole (its body read out) under a lock; on PostgreSQL each thread has its own
    connection and nothing is held.
    """

    _lock = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)

        def one_at_a_time(environ, start_response):
            with self._lock:
                response = application(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()
            return [body]

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeOnSharedSQLite


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# Package scope: Playwright's event loop goes away once the browser tests are done, so the
# rest of the suite runs without it.
@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_site(live_server, transactional_db):
    # Rate-limit counters live in the database cache table, which the database flush keeps.
    cache.clear()
    yield
    cache.clear()


class Browsing:
    """Makes browser contexts pointed at the live server, and notes any request that leaves it."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.own_host = urlsplit(base_url).netloc
        exit_url = urlsplit(settings.EXIT_URL)
        self.exit_host = exit_url.netloc
        self.exit_pattern = f"{exit_url.scheme}://{exit_url.netloc}/**"
        self.contexts = []
        self.foreign_requests: list[str] = []

    def new_context(self, **options):
        options.setdefault("viewport", PHONE_VIEWPORT)
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(10_000)
        context.route(self.exit_pattern, self._fulfil_exit_site)
        context.on("request", self._note_foreign_request)
        self.contexts.append(context)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def close(self):
        for context in self.contexts:
            context.close()

    @staticmethod
    def _fulfil_exit_site(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=EXIT_SITE_STUB)

    def _note_foreign_request(self, request):
        target = urlsplit(request.url)
        if target.scheme not in WEB_SCHEMES or target.netloc == self.own_host:
            return
        try:
            frame_url = request.frame.url
        except PlaywrightError:  # e.g. a service worker's request has no frame
            frame_url = ""
        if urlsplit(frame_url).netloc not in {self.own_host, ""}:
            return  # asked for by the neutral site's page, not by ours
        if target.netloc == self.exit_host and request.is_navigation_request():
            return  # "Exit this page" going where it should
        self.foreign_requests.append(f"{request.method} {request.url} (from {frame_url})")


@pytest.fixture
def browsing(browser, live_server):
    browsing = Browsing(browser, live_server.url)
    yield browsing
    browsing.close()
    assert not browsing.foreign_requests, "Requests left our site:\n" + "\n".join(
        browsing.foreign_requests
    )


@pytest.fixture
def context(browsing):
    return browsing.new_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def axe_page(browsing):
    """A page whose context ignores our CSP, so that axe can be injected into it."""
    return browsing.new_page(bypass_csp=True)


# Long unbroken words are what push a phone page sideways: a pasted address, an email, a file
# name straight off a phone. The tour's records carry them so the sweeps meet them.
LONG_EMAIL = "jonathan.fotheringham-whitcombe.1987@example-mail-provider.co.uk"
LONG_LINK = "https://example.org/posts/2026/11/27/a-very-long-address-that-never-stops-anywhere"
LONG_FILE_NAME = "IMG_20261127_213045_screenshot_of_his_messages_from_the_night_before.jpg"


def make_tour_records(user, folder: Path) -> dict[str, str]:
    """One of each record a page can show, made through the app's own services, for `user`.

    The keys are the names a site-map path may use, as in "/notes/{note}/edit/".
    """
    from datetime import date

    from diary import services as diary_services
    from evidence import services as evidence_services
    from evidence.pack import services as pack_services
    from evidence.pack.selectors import Selection
    from tests.evidence.fixtures import make_eml, make_jpeg
    from tests.evidence.uploading import keep_file
    from tests.factories import PersonFactory, make_incident

    person = PersonFactory(owner=user, name="Fotheringham-Whitcombe", relationship="ex_partner")
    note = make_incident(
        user,
        persons=[person],
        narrative=f"He emailed me from {LONG_EMAIL} and posted {LONG_LINK} about me.",
    )
    # A second revision, so the note has a history worth showing.
    note = diary_services.incident_update(
        incident=note,
        values={"narrative": note.narrative + " I saw it at 9pm."},
        kinds=["letter", "email"],
        persons=[person],
        reason="I remembered the time",
    )
    deleted = make_incident(user, narrative="A note I deleted by mistake.")
    diary_services.incident_delete(incident=deleted)
    contact = diary_services.police_contact_save(
        owner=user,
        values={
            "contacted_on": date(2026, 3, 15),
            "organisation": "Metropolitan Police Service",
            "method": "phone",
            "reference": "CAD-6104-15MAR26-0000000000000042",
        },
        incidents=[note],
    )
    photo = keep_file(user, make_jpeg(folder / LONG_FILE_NAME))
    photo.incidents.set([note])
    item = evidence_services.item_save(
        owner=user, values={"caption": "Birthday card with no stamp"}, incidents=[note]
    )
    email = keep_file(
        user,
        make_eml(
            folder / "message.eml",
            sender=f"Jonathan <{LONG_EMAIL}>",
            body=f"You can't hide from me. See {LONG_LINK}\n{'=' * 120}\n",
        ),
    )
    draft_pack = pack_services.pack_draft_save(owner=user, selection=Selection())
    pack = pack_services.pack_draft_save(owner=user, selection=Selection())
    pack_services.pack_confirm(pack=pack)  # background tasks run at once in tests
    return {
        "note": str(note.pk),
        "deleted_note": str(deleted.pk),
        "person": str(person.pk),
        "contact": str(contact.pk),
        "file": str(photo.pk),
        "item": str(item.pk),
        "email": str(email.pk),
        "draft_pack": str(draft_pack.pk),
        "pack": str(pack.pk),
    }


@pytest.fixture
def tour(user, tmp_path) -> dict[str, str]:
    """Records for the site map's pages that show one (a note, a person, a file, a pack)."""
    return make_tour_records(user, tmp_path)
