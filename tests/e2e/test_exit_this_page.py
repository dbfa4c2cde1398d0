import re

from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in_to_notes

# After Back, only a signed-out page may show: the public start page or the sign-in page.
SIGNED_OUT_HEADINGS = re.compile(r"^\s*(A private place to keep notes|Sign in)\s*$")


def expect_the_neutral_site(page):
    expect(page).to_have_url(settings.EXIT_URL)
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()


def expect_nothing_private_after_going_back(page, live_server):
    page.go_back()
    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url)))
    expect(page.locator("h1")).to_have_text(SIGNED_OUT_HEADINGS)
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)
    expect(page.get_by_role("heading", name="Your account")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def session_cookies(context):
    return [c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]


def test_exit_this_page_leaves_for_a_neutral_site_and_back_does_not_show_the_notes(
    page, context, live_server, user
):
    sign_in_to_notes(page, user.email)

    page.get_by_role("button", name="Exit this page").click()

    expect_the_neutral_site(page)
    assert session_cookies(context) == []
    expect_nothing_private_after_going_back(page, live_server)


def test_pressing_shift_three_times_leaves_and_back_does_not_show_the_account(
    page, context, live_server, user
):
    sign_in_to_notes(page, user.email)
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()

    for _ in range(3):
        page.keyboard.press("Shift")

    expect_the_neutral_site(page)
    assert session_cookies(context) == []
    expect_nothing_private_after_going_back(page, live_server)


def test_exit_this_page_works_without_javascript(browsing, live_server, user):
    page = browsing.new_page(java_script_enabled=False)
    sign_in_to_notes(page, user.email)

    page.get_by_role("button", name="Exit this page").click()

    expect_the_neutral_site(page)
    expect_nothing_private_after_going_back(page, live_server)


def test_the_footer_link_also_leaves_quickly(page, live_server, user):
    sign_in_to_notes(page, user.email)

    page.get_by_role("link", name="Leave this site quickly").click()

    expect_the_neutral_site(page)
    expect_nothing_private_after_going_back(page, live_server)


def test_the_exit_response_tells_the_browser_to_forget_the_site(page, user):
    sign_in_to_notes(page, user.email)

    with page.expect_response(re.compile(r"/exit/$")) as exit_response:
        page.get_by_role("button", name="Exit this page").click()

    headers = exit_response.value.all_headers()
    assert headers["clear-site-data"] == '"cache", "cookies", "storage"'
    assert "no-store" in headers["cache-control"]


TAP_HINT = "To leave this site quickly, tap Exit this page."
SHIFT_HINT = "To leave this site quickly, press Shift 3 times."


def test_a_phone_is_told_to_tap_exit_this_page_not_to_press_shift(page):
    page.goto("/")

    footer = page.locator("footer")
    expect(footer.get_by_text(TAP_HINT)).to_be_visible()
    expect(footer.get_by_text(SHIFT_HINT)).to_be_hidden()
    expect(page.get_by_text("Shift")).to_be_hidden()


def test_a_wide_screen_with_a_mouse_is_told_about_the_shift_shortcut(browsing):
    page = browsing.new_page(viewport={"width": 1280, "height": 800})
    page.goto("/")

    footer = page.locator("footer")
    expect(footer.get_by_text(SHIFT_HINT)).to_be_visible()
    expect(footer.get_by_text(TAP_HINT)).to_be_hidden()


def test_without_javascript_the_shift_shortcut_is_not_offered_because_it_would_not_work(browsing):
    page = browsing.new_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page.goto("/")

    footer = page.locator("footer")
    expect(footer.get_by_text(TAP_HINT)).to_be_visible()
    expect(footer.get_by_text(SHIFT_HINT)).to_be_hidden()
