import re

from playwright.sync_api import expect

from tests.e2e.helpers import sign_in_to_notes, sign_out
from tests.e2e.site_map import SIGNED_IN_PAGES, SIGNED_OUT_PAGES


def test_a_user_can_sign_in_and_out_without_javascript(browsing, user):
    page = browsing.new_page(java_script_enabled=False)

    sign_in_to_notes(page, user.email)
    sign_out(page)

    expect(page.get_by_role("heading", name="A private place to keep notes")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/$"))


def test_every_page_shows_its_content_without_javascript(browsing, user, tour):
    page = browsing.new_page(java_script_enabled=False)
    for site_page in SIGNED_OUT_PAGES:
        page.goto(site_page.path)
        if site_page.then is not None:
            site_page.then(page)
        expect(page.locator("h1")).to_have_text(site_page.heading)

    sign_in_to_notes(page, user.email)
    for site_page in SIGNED_IN_PAGES:
        page.goto(site_page.url(tour))
        if site_page.then is not None:
            site_page.then(page)
        expect(page.locator("h1")).to_have_text(site_page.heading)
