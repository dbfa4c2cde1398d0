"""Handing a pack to police without leaving it on the phone, and proving it came from here: the
handover issue's "done when", walked at 375×667 by the user and, in another browser, an officer."""

import re
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.check.packs import openssl_verifies
from tests.e2e.helpers import assert_accessible, sign_in_to_notes
from tests.evidence.fixtures import make_jpeg
from tests.evidence.pack.test_bundle import sha256sum_check
from tests.evidence.uploading import keep_file
from tests.factories import UserFactory, make_incident

OFFICER = "PC 1234 Khan, West Yorkshire Police"


def _fits(page: Page) -> None:
    """The page is checked for accessibility and never scrolls sideways on the phone."""
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def _make_a_pack(page: Page, user, tmp_path: Path) -> None:
    for day in (3, 9, 17):
        make_incident(user, narrative=f"On the {day}th he waited by the school gate again.")
    keep_file(user, make_jpeg(tmp_path / "IMG_0107.jpg", size=(800, 600), gps=None))
    sign_in_to_notes(page, user.email)
    page.goto("/packs/new/")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Make the pack").click()
    expect(page.get_by_role("heading", name="Your pack is ready", level=1)).to_be_visible()


def _share(page: Page) -> tuple[str, str]:
    """From the pack page: share it with the officer; the link and code, as shown once."""
    pack_page = page.url
    page.get_by_role("link", name="Share with an officer").click()
    expect(page.get_by_role("heading", name="Share with an officer", level=1)).to_be_visible()
    _fits(page)
    expect(page.get_by_label("How many days should the link work?")).to_have_value("14")
    page.get_by_label("Who is it for?").fill(OFFICER)
    page.get_by_role("button", name="Make the link and code").click()
    expect(page.get_by_role("heading", name=f"The link and code for {OFFICER}")).to_be_visible()
    _fits(page)
    link = page.locator("#share-link").inner_text().strip()
    code = page.locator("#share-code").inner_text().strip()
    page.goto(pack_page)
    return link, code


def test_an_officer_gets_the_pack_by_link_and_code_and_checks_it_came_from_here(
    axe_page, browsing, tmp_path
):
    page = axe_page
    user = UserFactory(initials="JS", full_name="Jane Smith")
    _make_a_pack(page, user, tmp_path)

    # The first share: someone with the link guesses five times and it locks.
    guessed_link, _code = _share(page)
    officer = browsing.new_context(bypass_csp=True).new_page()
    officer.goto(guessed_link)
    expect(officer.get_by_role("heading", name="Enter the access code")).to_be_visible()
    _fits(officer)
    for attempt in range(5):
        officer.get_by_label("Access code").fill(f"wrong guess number {attempt}")
        officer.get_by_role("button", name="Continue").click()
        if attempt < 4:
            expect(officer.locator(".govuk-error-summary")).to_contain_text(
                f"{4 - attempt} tr{'y' if attempt == 3 else 'ies'} left"
            )
    expect(officer.get_by_role("heading", name="This link is locked")).to_be_visible()
    _fits(officer)
    page.reload()
    expect(page.locator(".app-share-state").first).to_contain_text("Locked after five wrong codes")

    # A new share, opened with the right code: both files come down.
    link, code = _share(page)
    assert link != guessed_link
    officer.goto(link)
    officer.get_by_label("Access code").fill(code)
    officer.get_by_role("button", name="Continue").click()
    expect(officer.get_by_role("heading", name=re.compile(r"^Evidence pack P-"))).to_be_visible()
    expect(officer.locator("main")).not_to_contain_text("Jane Smith")
    _fits(officer)
    with officer.expect_download() as pdf_download:
        officer.get_by_role("link", name=re.compile("^The PDF")).click()
    with officer.expect_download() as zip_download:
        officer.get_by_role("link", name=re.compile("^The ZIP file")).click()
    assert re.fullmatch(r"notes-\d{4}-\d{2}-\d{2}\.pdf", pdf_download.value.suggested_filename)
    folder = tmp_path / "bundle"
    with zipfile.ZipFile(zip_download.value.path()) as bundle:
        bundle.extractall(folder)

    sums = sha256sum_check(folder)
    signature = openssl_verifies(folder)
    assert sums.returncode == 0, sums.stdout + sums.stderr
    assert signature.returncode == 0 and "Signature Verified Successfully" in signature.stdout

    # The user sees the opening and both downloads, then ends the share.
    page.reload()
    log = page.locator(".app-share").first
    expect(log).to_contain_text("A shared pack was opened with its code")
    expect(log.get_by_text("A shared pack was downloaded")).to_have_count(2)
    _fits(page)
    page.get_by_role("button", name=f"End this share for {OFFICER}").click()
    expect(page.locator(".app-share-state").first).to_contain_text("Ended by you")
    officer.goto(link)
    expect(officer.get_by_role("heading", name="This link has ended")).to_be_visible()

    # On /check/, the real manifest was issued here; one changed character was not.
    manifest = folder / "manifest.json"
    officer.goto("/check/")
    _fits(officer)
    officer.get_by_role("button", name="Check").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Choose a manifest.json file")
    _fits(officer)
    officer.get_by_label("The manifest.json file").set_input_files(manifest)
    officer.get_by_role("button", name="Check").click()
    expect(officer.locator("#check-result")).to_contain_text("Issued here")
    expect(officer.locator("main")).to_contain_text("verifies under key")
    _fits(officer)
    changed = tmp_path / "changed" / "manifest.json"
    changed.parent.mkdir()
    text = manifest.read_text()
    changed.write_text(text.replace('"manifest_version": 1', '"manifest_version": 2', 1))
    officer.get_by_label("The manifest.json file").set_input_files(changed)
    officer.get_by_role("button", name="Check").click()
    expect(officer.locator("#check-result")).to_contain_text("Not issued here")
