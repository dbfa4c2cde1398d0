"""Files as a new user keeps them on a phone: the evidence issue's "done when", walked through."""

import hashlib
import re

from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, sign_in_to_notes
from tests.evidence.fixtures import make_eml, make_jpeg, make_mp3, make_pdf
from tests.factories import UserFactory, make_incident


def test_files_are_kept_previewed_numbered_linked_and_downloadable_on_a_phone(axe_page, tmp_path):
    page = axe_page
    user = UserFactory(initials="JS")
    note = make_incident(user, narrative="Letter pushed through the door.")
    photo = make_jpeg(tmp_path / "IMG_0001.jpg", size=(1600, 1200))
    files = [
        photo,
        make_pdf(tmp_path / "letter.pdf"),
        make_mp3(tmp_path / "voicemail.mp3"),
        make_eml(tmp_path / "message.eml"),
    ]
    sign_in_to_notes(page, user.email)

    page.goto(f"/notes/{note.pk}/")
    page.get_by_role("button", name="Add a photo or file").click()
    page.set_input_files("#id_files", [str(path) for path in files])
    assert_accessible(page)
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text("Kept 4 files: JS/1, JS/2, JS/3, JS/4.")).to_be_visible()
    expect(page.locator(".app-exhibit")).to_have_count(4)  # back on the note, files linked
    assert_accessible(page)

    page.locator(".app-exhibit__link", has_text="JS/1 ").first.click()
    expect(page.get_by_text("Suggested exhibit reference")).to_be_visible()
    expect(page.locator("img.app-preview")).to_be_visible()  # tasks run at once in tests
    expect(page.get_by_text("The file says it was taken on")).to_be_visible()
    expect(page.get_by_text("may show where you live")).to_be_visible()
    assert_accessible(page)
    shown_hash = page.locator(".govuk-summary-list__row", has_text="SHA-256").locator("dd")
    expected = hashlib.sha256(photo.read_bytes()).hexdigest()
    expect(shown_hash).to_have_text(expected)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the original").click()
    saved = download.value
    assert saved.suggested_filename == "file-JS-1.jpg"
    assert hashlib.sha256(open(saved.path(), "rb").read()).hexdigest() == expected

    page.goto("/files/items/new/")
    page.get_by_label("What is it?").fill("Parcel with dead flowers, no note")
    page.get_by_label("How did it arrive?").fill("Left on the doorstep")
    page.get_by_label("Where is it kept now?").fill("In a clean bag in the kitchen drawer")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="JS/5", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto("/files/")
    expect(page.locator(".app-exhibit")).to_have_count(5)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_with_javascript_each_file_shows_its_progress_and_then_the_result(page, tmp_path):
    user = UserFactory(initials="JS")
    sign_in_to_notes(page, user.email)
    first = make_jpeg(tmp_path / "one.jpg", size=(800, 600))
    second = make_jpeg(tmp_path / "two.jpg", size=(800, 600))
    page.goto("/files/upload/")
    page.set_input_files("#id_files", [str(first), str(second)])

    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text("Kept 2 files: JS/1, JS/2.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/files/$"))


def test_a_refused_file_is_explained_on_the_same_page_with_javascript(page, tmp_path):
    user = UserFactory(initials="JS")
    sign_in_to_notes(page, user.email)
    script = tmp_path / "photo.jpg"
    script.write_text("<html><script>alert(1)</script></html>")
    page.goto("/files/upload/")
    page.set_input_files("#id_files", str(script))

    page.get_by_role("button", name="Upload").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "this is not a kind of file we can keep"
    )
