"""Typing out a voicemail on its page, on a phone at 375×667, so the pack can print its words."""

from playwright.sync_api import expect

from tests.e2e.helpers import PHONE_VIEWPORT, assert_accessible, sign_in_to_notes
from tests.evidence.fixtures import make_mp3
from tests.evidence.uploading import keep_file
from tests.factories import UserFactory

WORDS = "Pick up. I know you're in, your car is outside.\nI'll wait as long as it takes."


def test_the_words_of_a_voicemail_are_typed_out_on_its_page(axe_page, tmp_path):
    page = axe_page
    user = UserFactory(initials="JS")
    voicemail = keep_file(user, make_mp3(tmp_path / "voicemail.mp3"))
    sign_in_to_notes(page, user.email)

    page.goto(f"/files/{voicemail.pk}/")
    assert page.viewport_size == PHONE_VIEWPORT
    box = page.get_by_label("What is said or shown (optional)")
    expect(box).to_be_visible()
    assert_accessible(page)

    box.fill(WORDS)
    page.get_by_role("button", name="Save what is said or shown").click()

    expect(page.get_by_text("Saved what is said or shown.")).to_be_visible()
    expect(page.get_by_text("I'll wait as long as it takes.").first).to_be_visible()
    expect(page.get_by_label("What is said or shown (optional)")).to_have_value(WORDS)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    assert_accessible(page)
    voicemail.refresh_from_db()
    assert voicemail.transcript == WORDS
