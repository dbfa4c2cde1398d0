import re

from playwright.sync_api import expect

from tests.e2e.helpers import sign_in_to_notes

WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


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


def test_signing_out_one_device_leaves_the_others_signed_in(browsing, user):
    phone = browsing.new_page()
    laptop = browsing.new_context(user_agent=WINDOWS_EDGE).new_page()
    tablet = browsing.new_page()
    sign_in_to_notes(phone, user.email)
    sign_in_to_notes(laptop, user.email)
    sign_in_to_notes(tablet, user.email)

    phone.goto("/accounts/sessions/")
    expect(signed_in_devices(phone)).to_have_count(3)
    # Every device says when it was last used; this one is in use now.
    expect(phone.locator("main").get_by_text("Last used", exact=True)).to_have_count(3)
    expect(phone.locator("main dd").filter(has_text=re.compile(r"^Now$"))).to_have_count(1)
    # Three sign-in times and two last-used times, all written like 2:35pm.
    times = phone.locator("main dd").filter(has_text=re.compile(r" at \d{1,2}:\d\d[ap]m$"))
    expect(times).to_have_count(5)
    phone.get_by_role("button", name=re.compile("^Sign out Edge on Windows")).click()

    expect(phone.get_by_text("Edge on Windows is signed out of your account")).to_be_visible()
    expect(signed_in_devices(phone)).to_have_count(2)
    laptop.goto("/account/")
    expect(laptop).to_have_url(re.compile(r"/accounts/login/"))
    tablet.goto("/account/")
    expect(tablet.get_by_role("heading", name="Your account", level=1)).to_be_visible()
