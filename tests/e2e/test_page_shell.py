from playwright.sync_api import expect

from tests.e2e.helpers import PHONE_VIEWPORT, sign_in_to_notes
from tests.e2e.site_map import SIGNED_IN_PAGES, SIGNED_OUT_PAGES

SIGNED_OUT_PATHS = sorted({site_page.path for site_page in SIGNED_OUT_PAGES})
SIGNED_IN_PATHS = sorted({site_page.path for site_page in SIGNED_IN_PAGES})


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_home_page_fits_a_phone_screen_and_shows_exit_this_page(page, user):
    sign_in_to_notes(page, user.email)

    assert page.viewport_size == PHONE_VIEWPORT
    assert scroll_width(page) <= page.evaluate("window.innerWidth")
    exit_button = page.get_by_role("button", name="Exit this page")
    expect(exit_button).to_be_visible()
    expect(exit_button).to_be_in_viewport()


def test_no_page_scrolls_sideways_on_a_phone(page, user):
    too_wide = {}
    for path in SIGNED_OUT_PATHS:
        page.goto(path)
        too_wide[f"{path} (signed out)"] = scroll_width(page)
    sign_in_to_notes(page, user.email)
    for path in SIGNED_IN_PATHS:
        page.goto(path)
        too_wide[path] = scroll_width(page)

    too_wide = {path: width for path, width in too_wide.items() if width > PHONE_VIEWPORT["width"]}
    assert too_wide == {}, f"Wider than the {PHONE_VIEWPORT['width']}px screen: {too_wide}"


def test_signed_in_pages_tell_the_browser_not_to_store_them(page, user):
    sign_in_to_notes(page, user.email)
    for path in SIGNED_IN_PATHS:
        response = page.goto(path)
        cache_control = response.headers.get("cache-control", "")
        assert "no-store" in cache_control, f"{path} sent Cache-Control: {cache_control!r}"


def test_page_titles_do_not_say_what_the_service_is(page, user):
    titles = []
    for site_page in SIGNED_OUT_PAGES:
        page.goto(site_page.path)
        titles.append(page.title())
    sign_in_to_notes(page, user.email)
    for site_page in SIGNED_IN_PAGES:
        page.goto(site_page.path)
        titles.append(page.title())

    for title in titles:
        assert title == "Notes" or title.endswith(" – Notes"), title
        for word in ("stalk", "harass", "abuse", "evidence"):
            assert word not in title.lower(), title


def test_no_page_asks_anything_of_another_site(browsing, page, user):
    for site_page in SIGNED_OUT_PAGES:
        page.goto(site_page.path)
    sign_in_to_notes(page, user.email)
    for site_page in SIGNED_IN_PAGES:
        page.goto(site_page.path)

    assert browsing.foreign_requests == []


def test_the_page_not_found_page_is_in_the_same_shell_and_tells_nothing(page):
    response = page.goto("/notes/not-a-real-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_text("urlpatterns")).to_have_count(0)
