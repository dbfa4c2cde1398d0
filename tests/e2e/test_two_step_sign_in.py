import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE_VIEWPORT,
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


def open_two_step_setup(page) -> None:
    page.goto("/account/")
    page.get_by_role("link", name="Two-step sign-in").click()
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    confirm_password(page)
    expect(page.get_by_role("heading", name="Turn on two-step sign-in", level=1)).to_be_visible()


def secret_from_the_app_link(page) -> str:
    """What an authenticator app reads from the link that opens it."""
    href = page.get_by_role("link", name="open your authenticator app").get_attribute("href")
    parts = urlsplit(href)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert parse_qs(parts.query)["issuer"] == ["Notes"]
    return parse_qs(parts.query)["secret"][0]


def finish_setup(page, secret: str) -> list[str]:
    page.get_by_label("6-digit code from the app").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Turn on", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery codes", level=1)).to_be_visible()
    return page.locator("#recovery-codes li").all_inner_texts()


def turn_on_two_step_sign_in(page) -> list[str]:
    """Set up an authenticator app through the pages; return the recovery codes offered."""
    open_two_step_setup(page)
    return finish_setup(page, secret_from_the_app_link(page))


def test_two_step_sign_in_can_be_turned_on_with_only_this_phone(page, user):
    assert page.viewport_size == PHONE_VIEWPORT
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in_to_notes(page, user.email)
    open_two_step_setup(page)

    # The code to scan is put away: this phone cannot scan its own screen.
    expect(page.get_by_role("img", name=re.compile("A code to scan"))).to_be_hidden()
    secret = secret_from_the_app_link(page)
    key = page.locator("#setup-key")
    expect(key).to_have_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$"))
    assert key.inner_text().replace(" ", "") == secret
    # The whole key is on screen, not cut off in a box.
    box = key.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_VIEWPORT["width"]
    assert page.evaluate("el => el.scrollWidth <= el.clientWidth", key.element_handle())
    page.get_by_role("button", name="Copy the setup key").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    recovery_codes = finish_setup(page, secret)

    assert len(recovery_codes) == 10
    expect(page.get_by_text("Write them on paper")).to_be_visible()
    expect(
        page.get_by_text("Do not keep them on a phone or computer that someone else uses")
    ).to_be_visible()
    sign_out(page)
    sign_in(page, user.email)
    expect(page.get_by_role("heading", name="Enter your code", level=1)).to_be_visible()
    page.get_by_label("Code from your app, or a recovery code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()


def test_a_recovery_code_works_at_sign_in(page, user):
    sign_in_to_notes(page, user.email)
    recovery_codes = turn_on_two_step_sign_in(page)
    sign_out(page)

    sign_in(page, user.email)
    expect(page.get_by_text("Type one of your recovery codes instead")).to_be_visible()
    page.get_by_label("Code from your app, or a recovery code").fill(recovery_codes[0])
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()


def test_new_recovery_codes_are_asked_for_then_confirmed(page, user):
    sign_in_to_notes(page, user.email)
    old_codes = turn_on_two_step_sign_in(page)

    make_new = page.get_by_role("button", name="Make new codes")
    expect(make_new).to_have_class(re.compile("govuk-button--secondary"))
    make_new.click()
    expect(page.get_by_text("Your 10 unused codes will stop working")).to_be_visible()
    page.get_by_role("link", name="No, keep my codes").click()
    expect(page.get_by_role("heading", name="Recovery codes", level=1)).to_be_visible()
    assert page.locator("#recovery-codes li").all_inner_texts() == old_codes

    page.get_by_role("button", name="Make new codes").click()
    page.get_by_role("button", name="Yes, make new codes").click()

    expect(page.get_by_text("You have new recovery codes")).to_be_visible()
    expect(page.get_by_role("heading", name="Recovery codes", level=1)).to_be_visible()
    new_codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)


def test_a_wrong_code_at_sign_in_is_refused(page, user):
    sign_in_to_notes(page, user.email)
    turn_on_two_step_sign_in(page)
    sign_out(page)

    sign_in(page, user.email)
    page.get_by_label("Code from your app, or a recovery code").fill("000000")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)
