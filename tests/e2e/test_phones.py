"""Issue 14's walk on a phone (375×667, touch), with and without JavaScript: from the home page a
quick note is saved in three taps and well under 30 seconds, "Write it down now" is on screen
from any page, and a whole note naming someone new is saved without ever leaving the form.

test_phone_note.py covers the note form's own behaviour (reveals, shortcuts, drafts); these tests
follow a person's taps from the home page and count them."""

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from diary.models import Incident, Person
from tests.e2e.helpers import PHONE_VIEWPORT, sign_in_to_notes

PHONE = {"viewport": PHONE_VIEWPORT, "has_touch": True, "is_mobile": True}
JAVASCRIPT = pytest.mark.parametrize(
    "javascript", [True, False], ids=["with JavaScript", "without"]
)


class Finger:
    """Taps as a thumb does, and counts them."""

    def __init__(self):
        self.taps = 0

    def tap(self, locator):
        expect(locator).to_be_visible()
        locator.tap()
        self.taps += 1


def phone(browsing, javascript: bool):
    return browsing.new_page(**PHONE, java_script_enabled=javascript)


@JAVASCRIPT
def test_from_the_home_page_a_quick_note_is_saved_in_three_taps_under_30_seconds(
    browsing, user, javascript
):
    page = phone(browsing, javascript)
    sign_in_to_notes(page, user.email)
    finger = Finger()
    started = time.monotonic()

    write_now = page.locator("main").get_by_role("button", name="Write it down now")
    expect(write_now).to_be_in_viewport()  # no scrolling to find it
    finger.tap(write_now)
    expect(page).to_have_url(re.compile(re.escape(reverse("diary:quick_note")) + "$"))
    finger.tap(page.get_by_label("What happened?"))
    page.keyboard.type("He is at the gate again, shouting my name.")
    save = page.get_by_role("button", name="Save")
    expect(save).to_be_in_viewport()
    finger.tap(save)

    expect(page.get_by_text("Saved. It is under Unfinished notes")).to_be_visible()
    assert finger.taps == 3
    assert time.monotonic() - started < 30
    note = Incident.objects.owned_by(user).get()
    assert note.narrative == "He is at the gate again, shouting my name."
    assert note.is_draft  # kept as an unfinished note, to add the rest later


@JAVASCRIPT
def test_write_it_down_now_is_on_screen_from_every_part_of_the_site(browsing, user, javascript):
    page = phone(browsing, javascript)
    sign_in_to_notes(page, user.email)

    for path in ("/notes/", "/people/", "/files/", "/packs/", "/advice/", "/account/"):
        page.goto(path)
        link = page.get_by_role("link", name="Write it down now")
        expect(link).to_be_in_viewport()
        expect(link).to_have_attribute("href", reverse("diary:quick_note"))


@JAVASCRIPT
def test_a_whole_note_with_someone_new_is_saved_from_the_home_page_without_leaving_the_form(
    browsing, user, javascript
):
    page = phone(browsing, javascript)
    sign_in_to_notes(page, user.email)
    finger = Finger()
    opened = []
    page.on(
        "framenavigated",
        lambda frame: opened.append(frame.url) if frame == page.main_frame else None,
    )

    finger.tap(page.get_by_role("button", name="Add a note"))
    expect(page.get_by_role("heading", name="Add a note", level=1)).to_be_visible()
    opened.clear()
    # Without JavaScript, Today and Now ask the server, which sends the same form back filled in.
    finger.tap(page.get_by_role("button", name="Today"))
    expect(page.locator("#id_occurred_on_2")).not_to_have_value("")
    finger.tap(page.get_by_role("button", name="Now"))
    expect(page.get_by_label("Time", exact=True)).not_to_have_value("")
    page.get_by_label("Describe what happened, in your own words").fill(
        "A man in a grey hoodie followed me from the station to my door."
    )
    finger.tap(page.get_by_label("Someone not on your list yet"))
    page.get_by_label("Their name, or what you call them").fill("Man in a grey hoodie")
    page.get_by_label("Who they are to you (optional)").select_option("stranger")
    still_on_the_form = list(opened)
    finger.tap(page.get_by_role("button", name="Save", exact=True))

    expect(page.get_by_text("Your note has been saved.")).to_be_visible()
    assert all(url.split("?")[0].endswith("/notes/new/") for url in still_on_the_form), opened
    note = Incident.objects.owned_by(user).get()
    person = Person.objects.owned_by(user).get()
    assert (person.name, person.relationship) == ("Man in a grey hoodie", "stranger")
    assert list(note.persons.all()) == [person]
    assert not note.is_draft
    expect(page.get_by_role("link", name="Man in a grey hoodie")).to_be_visible()
