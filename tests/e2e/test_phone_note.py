"""Writing a note on a phone, at 375×667: a quick note in three taps, the whole note with a new
person without leaving it, shortcuts and questions that follow the answers, and never losing
what was typed, except by Exit this page, which must always leave at once."""

import re
import time

from django.conf import settings
from playwright.sync_api import expect

from diary.models import Incident, Person
from tests.e2e.helpers import sign_in_to_notes
from tests.factories import make_incident


def test_a_quick_note_from_the_home_page_takes_three_taps_and_well_under_30_seconds(page, user):
    make_incident(user, narrative="An older note.")
    sign_in_to_notes(page, user.email)
    started = time.monotonic()

    page.get_by_role("button", name="Write it down now").first.click()  # tap 1
    page.get_by_label("What happened?").fill("He is at the gate again, shouting.")
    page.get_by_role("button", name="Save").click()  # tap 2

    expect(page.get_by_text("Saved. It is under Unfinished notes")).to_be_visible()
    assert time.monotonic() - started < 30
    unfinished = page.locator(".app-unfinished")
    expect(unfinished).to_contain_text("He is at the gate again, shouting.")
    unfinished.get_by_role("link").first.click()  # tap 3: back to finish it
    expect(page.get_by_role("heading", name="Change a note")).to_be_visible()
    assert Incident.objects.get(narrative__isnull=False, is_draft=True)


def test_a_whole_note_with_someone_new_is_saved_without_leaving_it(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")

    page.get_by_role("button", name="Today").click()
    page.get_by_role("button", name="Now").click()
    page.get_by_label("Describe what happened, in your own words").fill("A man followed me.")
    page.get_by_label("Someone not on your list yet").check()
    page.get_by_label("Their name, or what you call them").fill("Man in a grey hoodie")
    page.get_by_label("Who they are to you (optional)").select_option("stranger")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Your note has been saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Man in a grey hoodie")).to_be_visible()
    assert Person.objects.owned_by(user).get().name == "Man in a grey hoodie"


def test_questions_appear_only_when_an_answer_needs_them(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")

    told_on = page.locator("#id_police_told_on_0")
    other_feelings = page.get_by_label("Anything else about how you felt")
    expect(told_on).to_be_hidden()
    expect(other_feelings).to_be_hidden()
    police = page.get_by_role("group", name=re.compile("Have you told the police"))
    police.get_by_role("radio", name="Yes").check()
    feelings = page.get_by_role("group", name=re.compile("How did it make you feel"))
    feelings.get_by_role("checkbox", name="Something else").check()
    expect(told_on).to_be_visible()
    expect(other_feelings).to_be_visible()


def test_without_javascript_every_question_shows_and_today_is_filled_in_by_the_server(
    browsing, user
):
    page = browsing.new_page(java_script_enabled=False)
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")
    page.get_by_label("Describe what happened, in your own words").fill("Typed before Today.")

    expect(page.locator("#id_police_told_on_0")).to_be_visible()
    page.get_by_role("button", name="Today").click()

    expect(page.get_by_label("Describe what happened, in your own words")).to_have_value(
        "Typed before Today."
    )
    expect(page.locator("#id_occurred_on_2")).not_to_have_value("")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_leaving_with_unsaved_words_asks_first(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")
    page.get_by_label("Describe what happened, in your own words").fill("Not saved yet.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    page.get_by_role("link", name="Back").click()

    expect(page.get_by_role("heading", name="Add a note")).to_be_visible()
    assert asked == ["beforeunload"]
    expect(page.get_by_role("heading", name="Add a note")).to_be_visible()


def test_exit_this_page_never_waits_even_with_unsaved_words(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")
    page.get_by_label("Describe what happened, in your own words").fill("Not saved yet.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))

    page.get_by_role("button", name="Exit this page").click()

    expect(page).to_have_url(settings.EXIT_URL)
    assert asked == []


def test_the_shift_shortcut_never_waits_either(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")
    page.get_by_label("Describe what happened, in your own words").fill("Not saved yet.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))

    for _ in range(3):
        page.keyboard.press("Shift")

    expect(page).to_have_url(re.compile(re.escape(settings.EXIT_URL)))
    assert asked == []


def test_a_series_of_calls_with_its_cost_harm_and_own_notes_is_written_on_a_phone(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")

    page.get_by_role("button", name="Yesterday").click()
    page.get_by_label("Time", exact=True).fill("1am")
    page.get_by_label("It went on for a while").check()
    page.get_by_label("Time it ended").fill("3am")
    page.get_by_label(re.compile("It happened many times")).check()
    page.get_by_label("How many times?").fill("23")
    page.get_by_label("Describe what happened, in your own words").fill(
        "Calls from a withheld number all night. I did not answer."
    )
    page.get_by_label("A one-line summary (optional)").fill("23 withheld calls, 1am to 3am")
    page.get_by_role("radio", name="Very serious").check()
    page.get_by_label("It cost me money").check()
    page.get_by_label("How much, in pounds?").fill("£14")
    page.get_by_label("What was it for?").fill("A taxi to my sister's")
    page.get_by_label("Did it affect your children, family or anyone else?").fill(
        "My son heard the phone all night."
    )
    noted = page.get_by_role("group", name=re.compile("note this down at the time"))
    noted.get_by_role("radio", name="Yes").check()
    page.get_by_role("radio", name="In a message to someone").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Your note has been saved.")).to_be_visible()
    for words in (
        "23 times in this period",
        "Very serious",
        "£14.00 – A taxi to my sister's",
        "My son heard the phone all night.",
        "In a message to someone",
    ):
        expect(page.get_by_text(words, exact=False).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    note = Incident.objects.owned_by(user).get()
    assert (note.series_count, note.seriousness) == (23, "very_serious")


def test_the_series_and_cost_questions_open_only_when_ticked(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/notes/new/")

    how_many = page.get_by_label("How many times?")
    how_much = page.get_by_label("How much, in pounds?")
    where_noted = page.get_by_role("radio", name="In notes on my phone")
    for hidden in (how_many, how_much, where_noted):
        expect(hidden).to_be_hidden()
    page.get_by_label(re.compile("It happened many times")).check()
    page.get_by_label("It cost me money").check()
    noted = page.get_by_role("group", name=re.compile("note this down at the time"))
    noted.get_by_role("radio", name="Yes").check()
    for shown in (how_many, how_much, where_noted):
        expect(shown).to_be_visible()
