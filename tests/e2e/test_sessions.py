import re

from playwright.sync_api import expect

from tests.e2e.helpers import sign_in_to_notes


def signed_in_devices(page):
    """One "Signed in" date for each device listed."""
    return page.locator("main").get_by_text("Signed in", exact=True)


def test_signing_out_other_sessions_signs_out_the_other_browser(browsing, user):
    phone = browsing.new_page()
    laptop = browsing.new_page()
    sign_in_to_notes(phone, user.email)
    sign_in_to_notes(laptop, user.email)

    phone.goto("/account/")
    phone.get_by_role("link", name="Where you are signed in").click()
    expect(signed_in_devices(phone)).to_have_count(2)
    expect(phone.get_by_text("This device")).to_have_count(1)
    phone.get_by_role("button", name="Sign out everywhere else").click()

    laptop.goto("/account/")
    expect(laptop).to_have_url(re.compile(r"/accounts/login/"))
    expect(laptop.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    phone.goto("/accounts/sessions/")
    expect(signed_in_devices(phone)).to_have_count(1)
    phone.goto("/")
    expect(phone.get_by_role("heading", name="Your notes", level=1)).to_be_visible()
