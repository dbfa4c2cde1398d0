"""What the browser tests share: signing in through the real form, the axe check, a TOTP clock."""

import base64
import hashlib
import hmac
import re
import struct
import time

from django.conf import settings
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

PHONE_VIEWPORT = {"width": 375, "height": 667}
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Open the sign-in page, then fill in and send its form as a person would."""
    page.goto("/accounts/login/")
    fill_in_sign_in_form(page, email, password)


def fill_in_sign_in_form(page: Page, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_in_to_notes(page: Page, email: str, password: str = PASSWORD) -> None:
    sign_in(page, email, password)
    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()


def confirm_password(page: Page, password: str = PASSWORD) -> None:
    """allauth's "Confirm it is you" step, asked before changing how someone signs in."""
    expect(page.get_by_role("heading", name="Confirm it is you", level=1)).to_be_visible()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Confirm").click()


def open_menu(page: Page):
    """The header's links; at phone width, with JavaScript, they fold behind a Menu button."""
    page.wait_for_load_state()  # GOV.UK's script folds the menu as the page finishes loading
    menu = page.get_by_role("navigation", name="Menu")
    toggle = menu.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return menu


def sign_out(page: Page) -> None:
    """Press the Sign out button in the header (a POST form, so it works without JavaScript)."""
    open_menu(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def error_summary(page: Page):
    return page.locator(".govuk-error-summary")


def assert_accessible(page: Page) -> None:
    """Run axe-core from our node_modules on the page; fail on any serious or critical violation.

    The page's context must have been created with bypass_csp=True: our CSP rightly refuses the
    injected script. The CSP itself is tested elsewhere.
    """
    page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        AXE_TAGS,
    )
    blocking = [v for v in results["violations"] if v["impact"] in AXE_BLOCKING_IMPACTS]
    assert not blocking, f"axe found problems on {page.url}:\n" + describe_violations(blocking)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def email_code(message) -> str:
    """The verification code allauth puts on a line of its own in the email body."""
    match = re.search(r"^\s*([A-Z0-9]{3,8}(?:-[A-Z0-9]{3,8})?)\s*$", message.body, re.MULTILINE)
    assert match, f"No code found in the email:\n{message.body}"
    return match.group(1)


def totp_code(secret: str, at: float | None = None, *, digits: int = 6, period: int = 30) -> str:
    """RFC 6238 time-based one-time password (HMAC-SHA1), as an authenticator app shows it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def fresh_totp_code(secret: str, period: int = 30) -> str:
    """A code with a few seconds of life left, so it cannot expire between typing and checking."""
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.1)  # wait for the next time step rather than race the clock
    return totp_code(secret, period=period)
