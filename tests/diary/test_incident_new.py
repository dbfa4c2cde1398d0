"""Adding a note through the form: saved, drafted, and never saved twice by a double press."""

from datetime import date, time

import pytest
from django.urls import reverse

from diary.models import Incident
from tests.diary.pages import form_values, note_form, visible_text
from tests.factories import PersonFactory

NEW = reverse("diary:incident_new")


def test_the_add_a_note_page_asks_when_and_what_happened(signed_in_client):
    response = signed_in_client.get(NEW)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Add a note" in text
    assert "When did it happen?" in text
    assert "Describe what happened, in your own words" in text
    assert "Save as a draft" in text
    assert form_values(response, containing="narrative")["form_token"] != [""]


def test_each_visit_to_the_page_gets_its_own_form_token(signed_in_client):
    first = form_values(signed_in_client.get(NEW), containing="narrative")["form_token"]
    second = form_values(signed_in_client.get(NEW), containing="narrative")["form_token"]

    assert first != second


def test_saving_a_note_keeps_it_with_one_revision_and_opens_its_page(signed_in_client, user):
    person = PersonFactory(owner=user, name="Mark Jones")

    response = signed_in_client.post(
        NEW,
        note_form(
            narrative="Two letters and a parcel on the doorstep.\nNo stamp on either.",
            kinds=["letter", "gift_or_parcel"],
            persons=[str(person.pk)],
            location="Front door",
            vehicle_colour="Silver",
            vehicle_make="Ford",
            vehicle_model="Focus",
            vehicle_registration="ab12  cde",
        ),
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("diary:incident", kwargs={"incident_id": incident.pk})
    assert incident.owner == user
    assert incident.occurred_on == date(2026, 3, 14)
    assert incident.occurred_time == time(21, 30)
    assert incident.kinds == ["gift_or_parcel", "letter"]
    assert list(incident.persons.all()) == [person]
    assert incident.is_draft is False
    assert list(incident.revisions.values_list("action", flat=True)) == ["create"]

    page = visible_text(signed_in_client.get(response.url))
    assert "Your note has been saved." in page
    assert "Saturday 14 March 2026 at 9:30pm" in page
    assert "Two letters and a parcel on the doorstep. No stamp on either." in page
    assert "Letter, Unwanted gift or parcel" in page
    assert "Mark Jones" in page
    assert "Front door" in page
    assert "Silver Ford Focus, registration AB12 CDE" in page
    assert "Not changed since it was written" in page


def test_a_saved_note_appears_in_the_timeline(signed_in_client):
    signed_in_client.post(NEW, note_form(narrative="Withheld number rang at 3am."))

    page = visible_text(signed_in_client.get(reverse("diary:timeline")))

    assert "Withheld number rang at 3am." in page
    assert "Person not known" in page


def test_save_as_a_draft_keeps_a_draft_with_no_revision(signed_in_client):
    data = note_form(narrative="Half remembered, finish later.")
    del data["save"]
    data["save_draft"] = ""

    response = signed_in_client.post(NEW, data, follow=True)

    incident = Incident.objects.get()
    assert incident.is_draft is True
    assert not incident.revisions.exists()
    page = visible_text(response)
    assert "Draft saved." in page
    assert "This is a draft" in page
    assert "Not saved yet" in page


def test_pressing_save_twice_with_the_same_form_gives_one_note(signed_in_client):
    data = note_form(narrative="Car parked outside all evening.")

    first = signed_in_client.post(NEW, data)
    second = signed_in_client.post(NEW, data)

    incident = Incident.objects.get()
    assert first.url == second.url == reverse("diary:incident", args=[incident.pk])
    assert incident.revisions.count() == 1


def test_save_after_save_as_a_draft_on_the_same_form_finishes_that_draft(signed_in_client):
    draft = note_form(narrative="Started.")
    del draft["save"]
    draft["save_draft"] = ""
    signed_in_client.post(NEW, draft)
    finished = {**note_form(narrative="Started, then finished."), "form_token": draft["form_token"]}

    response = signed_in_client.post(NEW, finished)

    incident = Incident.objects.get()
    assert response.url == reverse("diary:incident", args=[incident.pk])
    assert incident.is_draft is False
    assert incident.narrative == "Started, then finished."
    assert list(incident.revisions.values_list("action", flat=True)) == ["create"]


def test_two_different_forms_make_two_notes(signed_in_client):
    signed_in_client.post(NEW, note_form(narrative="First."))
    signed_in_client.post(NEW, note_form(narrative="Second."))

    assert Incident.objects.count() == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9:30pm", time(21, 30)),
        ("9.30 pm", time(21, 30)),
        ("21:30", time(21, 30)),
        ("9pm", time(21, 0)),
        ("12am", time(0, 0)),
        ("12:15pm", time(12, 15)),
        ("7:05 a.m.", time(7, 5)),
    ],
)
def test_times_are_read_the_way_people_write_them(signed_in_client, typed, stored):
    response = signed_in_client.post(NEW, note_form(time=typed))

    assert response.status_code == 302
    assert Incident.objects.get().occurred_time == stored


def test_a_time_that_went_on_for_a_while_keeps_its_end(signed_in_client):
    response = signed_in_client.post(
        NEW, note_form(time="9:30pm", ended_time="10:15pm"), follow=True
    )

    assert "Saturday 14 March 2026 at 9:30pm until 10:15pm" in visible_text(response)


def test_i_do_not_know_the_exact_time_saves_the_date_without_a_time(signed_in_client):
    response = signed_in_client.post(NEW, note_form(time="", time_unknown="on"), follow=True)

    incident = Incident.objects.get()
    assert incident.occurred_time is None
    assert incident.occurred_at is None
    assert "Saturday 14 March 2026 (time not known)" in visible_text(response)


def test_the_people_to_choose_from_are_only_my_own(signed_in_client, user):
    PersonFactory(owner=user, name="My ex-partner")
    PersonFactory(name="Someone else's neighbour")

    page = visible_text(signed_in_client.get(NEW))

    assert "My ex-partner" in page
    assert "Someone else's neighbour" not in page


def test_something_that_went_on_past_midnight_can_be_recorded(signed_in_client, user):
    response = signed_in_client.post(
        reverse("diary:incident_new"),
        {**note_form(time="11pm"), "ended_time": "1:15am", "ended_next_day": "on"},
        follow=True,
    )

    incident = Incident.objects.get()
    assert incident.ended_at.isoformat() == "2026-03-15T01:15:00+00:00"
    assert "at 11pm until 1:15am the next day" in response.text
