"""What an officer needs from each note: how serious it was, whether it was noted at the time
elsewhere, a one-line summary, a series of the same thing, costs, the effect on others, and the
police contacts that covered it."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from diary.history import describe_history
from diary.models import Incident, PoliceContact, Revision, first_sentence
from diary.services import diary_verify, incident_snapshot
from tests.diary.pages import form_values, note_form, visible_text
from tests.factories import UserFactory, make_incident

pytestmark = pytest.mark.django_db
NEW = reverse("diary:incident_new")
CONTACT_NEW = reverse("diary:contact_new")

FULL = {
    "summary_line": "He rang 23 times from a withheld number",
    "seriousness": "very_serious",
    "is_series": "on",
    "series_count": "23",
    "went_on": "on",
    "ended_time": "11:55pm",
    "had_cost": "on",
    "cost": "£1,240.5",
    "cost_for": "A new front door",
    "effect_on_others": "My son would not sleep in his own room.",
    "noted_at_the_time": "yes",
    "noted_where": "message",
    "noted_elsewhere_on_0": "14",
    "noted_elsewhere_on_1": "3",
    "noted_elsewhere_on_2": "2026",
    "noted_elsewhere_time": "10:05pm",
}


def _note(user) -> Incident:
    return Incident.objects.owned_by(user).get()


# Writing them --------------------------------------------------------------------------------


def test_every_new_answer_is_kept_and_shown_on_the_note(signed_in_client, user):
    response = signed_in_client.post(NEW, note_form(**FULL), follow=True)

    note = _note(user)
    assert note.summary_line == "He rang 23 times from a withheld number"
    assert note.seriousness == "very_serious"
    assert note.series_count == 23
    assert note.cost == Decimal("1240.50")
    assert note.cost_for == "A new front door"
    assert note.noted_elsewhere == "message"
    assert (note.noted_elsewhere_on, note.noted_elsewhere_time) == (date(2026, 3, 14), time(22, 5))
    page = visible_text(response)
    assert "23 times in this period" in page
    assert "Very serious" in page
    assert "£1,240.50 – A new front door" in page
    assert "My son would not sleep in his own room." in page
    assert "In a message to someone, 14 March 2026 at 10:05pm" in page


def test_the_edit_form_shows_every_answer_again(signed_in_client, user):
    signed_in_client.post(NEW, note_form(**FULL))

    values = form_values(
        signed_in_client.get(reverse("diary:incident_edit", args=[_note(user).pk])),
        containing="narrative",
    )

    for name in ("summary_line", "seriousness", "series_count", "cost_for", "noted_where"):
        assert values[name] == [FULL[name]], name
    assert values["cost"] == ["1240.50"]
    assert values["noted_elsewhere_time"] == ["22:05"]
    assert values["is_series"] == ["on"] and values["had_cost"] == ["on"]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"is_series": "on"}, "series_count", "Enter how many times it happened"),
        ({"is_series": "on", "series_count": "1"}, "series_count", "A series is 2 times or more"),
        ({"is_series": "on", "series_count": "lots"}, "series_count", "Enter how many times as a"),
        ({"had_cost": "on"}, "cost", "Enter how much it cost"),
        ({"had_cost": "on", "cost": "fourteen"}, "cost", "Enter the amount in pounds"),
        ({"had_cost": "on", "cost": "14.567"}, "cost", "Enter the amount in pounds"),
        ({"had_cost": "on", "cost": "-3"}, "cost", "more than £0"),
        ({"had_cost": "on", "cost": "NaN"}, "cost", "Enter the amount in pounds"),
        ({"had_cost": "on", "cost": "5000000"}, "cost", "less than £1,000,000"),
        ({"noted_at_the_time": "yes"}, "noted_where", "Choose where you noted it"),
        (
            {
                "noted_at_the_time": "yes",
                "noted_where": "phone_notes",
                "noted_elsewhere_on_0": "13",
                "noted_elsewhere_on_1": "3",
                "noted_elsewhere_on_2": "2026",
            },
            "noted_elsewhere_on",
            "on or after the date it happened",
        ),
        (
            {"noted_at_the_time": "yes", "noted_where": "told", "noted_elsewhere_time": "9pm"},
            "noted_elsewhere_on",
            "Enter the date you noted it, as well as the time",
        ),
    ],
)
def test_a_wrong_answer_is_explained_and_nothing_typed_is_lost(
    signed_in_client, answers, field, message
):
    response = signed_in_client.post(
        NEW, note_form(narrative="Every word of this stays.", **answers)
    )

    assert response.status_code == 200
    assert not Incident.objects.exists()
    assert message in response.context["form"].errors[field][0]
    assert "Every word of this stays." in response.text


def test_unticking_a_series_or_a_cost_clears_what_was_hidden_under_it(signed_in_client, user):
    signed_in_client.post(NEW, note_form(**FULL))
    note = _note(user)
    edit_url = reverse("diary:incident_edit", args=[note.pk])
    values = form_values(signed_in_client.get(edit_url), containing="narrative")
    for name in ("is_series", "had_cost"):
        values.pop(name)
    values["noted_at_the_time"] = ["no"]

    signed_in_client.post(edit_url, values)

    note.refresh_from_db()
    assert (note.series_count, note.cost, note.cost_for) == (None, None, "")
    assert (note.noted_elsewhere, note.noted_elsewhere_on) == ("no", None)


# The one-line summary ------------------------------------------------------------------------


def test_without_a_summary_line_a_note_is_listed_by_its_first_sentence_in_whole_words(
    signed_in_client,
):
    signed_in_client.post(
        NEW, note_form(narrative="He said I know where you live. Then he drove off.")
    )

    timeline = visible_text(signed_in_client.get(reverse("diary:timeline")))

    assert "He said I know where you live." in timeline
    assert "Then he drove off" not in timeline


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("Mr. Jones was at the gate. He left.", "Mr. Jones was at the gate."),
        ("“You will regret this.” Then silence.", "“You will regret this.”"),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_a_first_sentence_ends_at_a_whole_word(text, summary):
    assert first_sentence(text) == summary


def test_a_long_first_sentence_is_cut_after_a_whole_word_and_says_so():
    text = "He said that he knows where you live and that you will regret this " * 3

    summary = first_sentence(text)

    assert len(summary) <= 120 and summary.endswith("…")
    assert text.startswith(summary[:-1]) and text[len(summary) - 1] == " "


# The hash chain ------------------------------------------------------------------------------


def test_a_note_that_leaves_the_new_questions_empty_hashes_as_it_did_before_they_existed(user):
    note = make_incident(user)

    snapshot = incident_snapshot(note)

    assert "seriousness" not in snapshot and "summary_line" not in snapshot
    assert "cost" not in snapshot


def test_a_note_written_before_the_new_questions_still_verifies_once_they_are_answered(
    signed_in_client, user
):
    note = make_incident(user)
    edit_url = reverse("diary:incident_edit", args=[note.pk])
    values = form_values(signed_in_client.get(edit_url), containing="narrative")
    values.update(seriousness=["serious"], had_cost=["on"], cost=["14"], cost_for=["Taxi"])

    signed_in_client.post(edit_url, values)

    assert diary_verify(owner=user).broken == []
    versions = describe_history(Revision.objects.filter(incident=note))
    assert {(c.label, c.before, c.after) for c in versions[-1].changes} == {
        ("How serious it was", "(empty)", "Serious"),
        ("Cost", "(empty)", "£14.00"),
        ("What the cost was for", "(empty)", "Taxi"),
    }


def test_a_change_to_a_new_answer_made_outside_the_app_is_caught(user):
    note = make_incident(user)
    Incident.objects.filter(pk=note.pk).update(seriousness="very_serious")

    problems = diary_verify(owner=user).broken

    assert problems and "no longer matches its latest revision" in problems[0].problems[0]


# Police contacts that covered notes ----------------------------------------------------------


def _contact_form(**fields) -> dict:
    return {
        "contacted_on_0": "20",
        "contacted_on_1": "3",
        "contacted_on_2": "2026",
        "organisation": "West Yorkshire Police",
        "officer_name": "PC Khan",
        "method": "phone",
        "reference": "13/123456/26",
        **fields,
    }


def test_linking_a_contact_marks_its_notes_as_told_to_the_police_with_a_reason(
    signed_in_client, user, capsys
):
    told = make_incident(user, police_told="no")
    untold = make_incident(user, occurred_on=date(2026, 3, 15))
    left_out = make_incident(user, occurred_on=date(2026, 3, 16))

    response = signed_in_client.post(
        CONTACT_NEW, _contact_form(incidents=[str(told.pk), str(untold.pk)])
    )

    assert response.status_code == 302
    contact = PoliceContact.objects.owned_by(user).get()
    assert set(contact.incidents.all()) == {told, untold}
    for note in (told, untold):
        note.refresh_from_db()
        assert (note.police_told, note.police_told_on) == ("yes", date(2026, 3, 20))
        latest = note.revisions.order_by("-sequence").first()
        assert latest.snapshot["reason"] == "Linked to the contact with the police on 20 March 2026"
    assert left_out.revisions.count() == 1
    call_command("verify_diary")
    assert "check out" in capsys.readouterr().out
    page = visible_text(signed_in_client.get(reverse("diary:incident", args=[told.pk])))
    assert (
        "Covered by your contact with West Yorkshire Police on 20 March 2026, "
        "reference 13/123456/26" in page
    )


def test_a_note_that_already_says_when_the_police_were_told_is_left_as_it_is(
    signed_in_client, user
):
    note = make_incident(user, police_told="yes", police_told_on=date(2026, 3, 14))

    signed_in_client.post(CONTACT_NEW, _contact_form(incidents=[str(note.pk)]))

    note.refresh_from_db()
    assert note.police_told_on == date(2026, 3, 14)
    assert note.revisions.count() == 1


def test_a_contact_cannot_cover_something_that_happened_after_it(signed_in_client, user):
    later = make_incident(user, occurred_on=date(2026, 3, 25))

    response = signed_in_client.post(CONTACT_NEW, _contact_form(incidents=[str(later.pk)]))

    assert response.status_code == 200
    assert "Untick the notes from 25 March 2026, or change the date" in response.text
    assert not PoliceContact.objects.exists()
    assert "West Yorkshire Police" in response.text


def test_someone_elses_note_cannot_be_linked(signed_in_client):
    stranger_note = make_incident(UserFactory())

    response = signed_in_client.post(CONTACT_NEW, _contact_form(incidents=[str(stranger_note.pk)]))

    assert response.status_code == 200
    assert "Choose notes from your own diary" in response.text
    assert not PoliceContact.objects.exists()


def test_the_contact_form_lists_saved_notes_newest_first_and_no_drafts(signed_in_client, user):
    older = make_incident(user, occurred_on=date(2026, 3, 1), narrative="The older one.")
    newer = make_incident(user, occurred_on=date(2026, 3, 10), narrative="The newer one.")
    make_incident(user, is_draft=True, narrative="Still a draft.")

    page = visible_text(signed_in_client.get(CONTACT_NEW))

    assert page.index("10 March 2026: The newer one.") < page.index("1 March 2026: The older one.")
    assert "Still a draft." not in page
    assert older and newer


def test_changing_a_contact_shows_its_notes_ticked_and_can_unlink_them(signed_in_client, user):
    note = make_incident(user)
    signed_in_client.post(CONTACT_NEW, _contact_form(incidents=[str(note.pk)]))
    contact = PoliceContact.objects.get()
    edit_url = reverse("diary:contact_edit", args=[contact.pk])
    values = form_values(signed_in_client.get(edit_url), containing="organisation")
    assert values["incidents"] == [str(note.pk)]

    values.pop("incidents")
    signed_in_client.post(edit_url, values)

    assert not contact.incidents.exists()
