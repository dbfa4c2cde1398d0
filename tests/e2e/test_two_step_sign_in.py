from playwright.sync_api import expect

from tests.e2e.helpers import (
    confirm_password,
    fresh_totp_code,
    sign_in,
    sign_in_to_notes,
    sign_out,
    totp_code,
)


def test_the_totp_helper_matches_rfc_6238():
    # RFC 6238 appendix B, SHA-1, secret "12345678901234567890".
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59, digits=8) == "94287082"
    assert totp_code(secret, at=1111111109, digits=8) == "07081804"
    assert totp_code(secret, at=20000000000, digits=8) == "65353130"


def turn_on_two_step_sign_in(page) -> list[str]:
    """Set up an authenticator app through the pages; return the recovery codes offered."""
    page.goto("/account/")
    page.get_by_role("link", name="Two-step sign-in").click()
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    confirm_password(page)
    secret = page.get_by_label("Setup key").input_value()
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Turn on", exact=True).click()

    recovery_codes = page.get_by_label("Unused codes")
    expect(recovery_codes).to_be_visible()
    return recovery_codes.input_value().split()


def test_turning_on_two_step_sign_in_asks_for_a_code_at_the_next_sign_in(page, user):
    sign_in_to_notes(page, user.email)

    recovery_codes = turn_on_two_step_sign_in(page)

    assert len(recovery_codes) == 10
    sign_out(page)
    sign_in(page, user.email)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()


def test_a_wrong_code_at_sign_in_is_refused(page, user):
    sign_in_to_notes(page, user.email)
    turn_on_two_step_sign_in(page)
    sign_out(page)

    sign_in(page, user.email)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)
