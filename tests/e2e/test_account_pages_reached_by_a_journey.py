"""Account pages the site map cannot open by address, because they need a journey first (a
sign-up waiting for its code, two-step sign-in turned on): axe, and no sideways scrolling on the
narrowest phone."""

from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, sign_in, sign_in_to_notes, sign_out
from tests.e2e.test_sign_up import start_signing_up
from tests.e2e.test_two_step_sign_in import turn_on_two_step_sign_in

NARROWEST = {"width": 320, "height": 640}


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]


def test_the_email_code_page_with_its_errors(browsing):
    page = browsing.new_page(bypass_csp=True, viewport=NARROWEST)
    start_signing_up(page, "a.rather.long.address.for.a.small.screen@example.org")
    assert_accessible(page)
    fits_the_screen(page)

    page.get_by_label("The right email address").fill("not an address")
    page.get_by_role("button", name="Send the code to this address").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    fits_the_screen(page)


def test_the_two_step_pages(browsing, user):
    page = browsing.new_page(bypass_csp=True, viewport=NARROWEST)
    sign_in_to_notes(page, user.email)
    turn_on_two_step_sign_in(page)
    assert_accessible(page)  # the recovery codes
    fits_the_screen(page)
    page.get_by_role("button", name="Make new codes").click()
    assert_accessible(page)
    fits_the_screen(page)
    page.goto("/accounts/2fa/totp/deactivate/")
    expect(page.get_by_role("heading", name="Turn off two-step sign-in", level=1)).to_be_visible()
    assert_accessible(page)
    fits_the_screen(page)
    sign_out(page)

    sign_in(page, user.email)
    expect(page.get_by_role("heading", name="Enter your code", level=1)).to_be_visible()
    assert_accessible(page)
    fits_the_screen(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    fits_the_screen(page)
