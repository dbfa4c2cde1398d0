"""Issue 4's bad input: each is refused with words that say what to do, and nothing is saved."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import INCIDENT_TEXT_FIELDS, NARRATIVE_MAX_LENGTH, Incident
from tests.diary.pages import form_values, note_form, visible_text
from tests.factories import PersonFactory, UserFactory, make_incident

NEW = reverse("diary:incident_new")


def _refused(response, message: str) -> None:
    assert response.status_code == 200
    page = visible_text(response)
    assert "There is a problem" in page
    assert message in page
    assert not Incident.objects.exists()


def test_a_date_in_the_future_is_refused(signed_in_client):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = signed_in_client.post(NEW, note_form(day=tomorrow, time="", time_unknown="on"))

    _refused(response, "That date is in the future")


def test_an_end_time_before_the_start_is_refused(signed_in_client):
    response = signed_in_client.post(NEW, note_form(time="9:30pm", ended_time="9pm"))

    _refused(response, "The time it ended must be after the time it started")


def test_an_end_time_with_no_start_time_is_refused(signed_in_client):
    response = signed_in_client.post(NEW, note_form(time="", time_unknown="on", ended_time="10pm"))

    _refused(response, "Enter when it started before when it ended")


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("31", "2", "2026"), ("29", "2", "2025"), ("0", "3", "2026"), ("12", "13", "2026")],
)
def test_a_date_that_does_not_exist_is_refused(signed_in_client, day, month, year):
    data = note_form()
    data.update(occurred_on_0=day, occurred_on_1=month, occurred_on_2=year)

    response = signed_in_client.post(NEW, data)

    _refused(response, "The date it happened must be a real date, for example 27 3 2026")


def test_a_two_digit_year_is_refused_with_an_example(signed_in_client):
    data = note_form()
    data["occurred_on_2"] = "26"

    _refused(signed_in_client.post(NEW, data), "Enter the year in full, for example 2026")


def test_a_missing_date_is_refused(signed_in_client):
    data = note_form()
    data.update(occurred_on_0="", occurred_on_1="", occurred_on_2="")

    _refused(signed_in_client.post(NEW, data), "Enter the date it happened")


def test_a_missing_account_of_what_happened_is_refused(signed_in_client):
    _refused(signed_in_client.post(NEW, note_form(narrative="   ")), "Describe what happened")


@pytest.mark.parametrize(
    "typed", ["half nine", "25:00", "9", "13pm", "9:75", "0930", "noon", "about 9:30pm at night"]
)
def test_a_time_that_cannot_be_read_is_refused(signed_in_client, typed):
    response = signed_in_client.post(NEW, note_form(time=typed))

    _refused(response, "Enter the time like 9:30pm or 21:30")
    assert form_values(response, containing="narrative")["occurred_time"] == [typed]


def test_an_end_time_that_cannot_be_read_is_refused(signed_in_client):
    response = signed_in_client.post(NEW, note_form(ended_time="later"))

    _refused(response, "Enter the time it ended like 10:15pm or 22:15")


def test_a_missing_time_needs_the_i_do_not_know_box(signed_in_client):
    response = signed_in_client.post(NEW, note_form(time=""))

    _refused(response, "Enter the time, or tick 'I do not know the exact time'")


def test_telling_the_police_before_it_happened_is_refused(signed_in_client):
    response = signed_in_client.post(
        NEW,
        note_form(
            police_told="yes",
            police_told_on_0="13",
            police_told_on_1="3",
            police_told_on_2="2026",
        ),
    )

    _refused(response, "The date you told the police must be on or after the date it happened")


def test_the_form_states_how_long_an_account_can_be(signed_in_client):
    page = visible_text(signed_in_client.get(NEW))

    assert re.search(r"You can enter up to 30,?000 characters", page)


def test_an_account_at_the_limit_is_kept_whole(signed_in_client):
    words = ("He rang again. " * 3000)[:NARRATIVE_MAX_LENGTH]
    assert len(words) == 30_000

    response = signed_in_client.post(NEW, note_form(narrative=words))

    assert response.status_code == 302
    assert Incident.objects.get().narrative == words.strip()


def test_a_50000_character_account_is_refused_with_the_limit_and_every_word_kept(
    signed_in_client,
):
    words = "".join(f"Line {n}: he was outside again.\n" for n in range(1700))[:50_000]
    assert len(words) == 50_000

    response = signed_in_client.post(NEW, note_form(narrative=words))

    _refused(response, "What happened must be 30,000 characters or fewer.")
    assert "Your text is still here." in visible_text(response)
    kept = form_values(response, containing="narrative")["narrative"][0]
    assert kept.replace("\r\n", "\n") == words


def test_the_account_box_does_not_let_a_browser_cut_off_pasted_text(signed_in_client):
    # Without JavaScript, a maxlength attribute makes the browser drop everything past the
    # limit on paste, silently: the person would never see the "text is still here" message.
    html = signed_in_client.get(NEW).text
    textarea = re.search(r"<textarea[^>]*name=\"narrative\"[^>]*>", html).group(0)

    assert "maxlength" not in textarea


def test_a_person_from_another_users_list_is_refused(signed_in_client):
    theirs = PersonFactory(owner=UserFactory(), name="Their person")

    response = signed_in_client.post(NEW, note_form(persons=[str(theirs.pk)]))

    _refused(response, "Choose people from your own list")
    assert "Their person" not in response.text


def test_a_person_id_that_is_not_on_my_list_is_refused(signed_in_client):
    _refused(
        signed_in_client.post(NEW, note_form(persons=[str(uuid.uuid4())])),
        "Choose people from your own list",
    )


@pytest.mark.parametrize("bad_id", ["not-an-id", "1", "' OR 1=1 --"])
def test_a_person_id_that_is_not_an_id_at_all_saves_nothing(signed_in_client, bad_id):
    response = signed_in_client.post(NEW, note_form(persons=[bad_id]))

    assert response.status_code == 200
    assert "There is a problem" in visible_text(response)
    assert not Incident.objects.exists()


def test_another_users_person_cannot_be_added_to_my_note_by_editing(signed_in_client, user):
    incident = make_incident(user)
    theirs = PersonFactory(owner=UserFactory())
    edit_url = reverse("diary:incident_edit", args=[incident.pk])
    values = form_values(signed_in_client.get(edit_url), containing="narrative")
    values["persons"] = [str(theirs.pk)]

    response = signed_in_client.post(edit_url, values)

    assert "Choose people from your own list" in visible_text(response)
    assert not incident.persons.exists()
    assert incident.revisions.count() == 1


def test_a_damaged_edit_marker_says_what_to_do_and_saves_nothing(signed_in_client, user):
    incident = make_incident(user, narrative="Kept.")
    edit_url = reverse("diary:incident_edit", args=[incident.pk])
    values = form_values(signed_in_client.get(edit_url), containing="narrative")
    values["seen_updated_at"] = ["not a time"]
    values["narrative"] = ["Changed."]

    response = signed_in_client.post(edit_url, values)

    assert "This page is out of date. Open the note again to change it." in visible_text(response)
    incident.refresh_from_db()
    assert incident.narrative == "Kept."


def test_a_kind_that_does_not_exist_is_refused(signed_in_client):
    response = signed_in_client.post(NEW, note_form(kinds=["letter", "made_up"]))

    assert response.status_code == 200
    assert not Incident.objects.exists()


# Every free-text field on the note form, with short markup that must never run as HTML.
TEXT_FIELDS = list(INCIDENT_TEXT_FIELDS)


def _markup(number: int) -> str:
    return f'<u id="x{number}">'


def _hostile_note(first_line_of_narrative: str = "") -> dict:
    fields = {name: _markup(n) for n, name in enumerate(TEXT_FIELDS)}
    fields["narrative"] = first_line_of_narrative + _markup(TEXT_FIELDS.index("narrative"))
    return note_form(police_told="yes", had_cost="on", cost="14", **fields)


def _assert_shown_as_text(html: str, fields) -> None:
    lowered = html.lower()
    for name in fields:
        markup = _markup(TEXT_FIELDS.index(name))
        assert markup not in lowered, f"{name} was sent as HTML"
        assert markup.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in lowered, (
            f"{name} is missing"
        )


def test_html_in_every_field_is_shown_as_text_on_the_notes_page(signed_in_client):
    response = signed_in_client.post(NEW, _hostile_note(), follow=True)

    assert response.status_code == 200
    _assert_shown_as_text(response.content.decode(), TEXT_FIELDS)


def test_html_in_a_note_is_shown_as_text_in_the_timeline_and_on_the_home_page(signed_in_client):
    # Without a summary line of its own, a note is listed by its first sentence.
    signed_in_client.post(NEW, {**_hostile_note(), "summary_line": ""})

    for url in (reverse("diary:timeline"), reverse("home")):
        _assert_shown_as_text(signed_in_client.get(url).content.decode(), ["narrative", "location"])


def test_html_in_every_field_is_shown_as_text_in_the_history(signed_in_client):
    signed_in_client.post(NEW, note_form(narrative="Plain words."))
    incident = Incident.objects.get()
    edit_url = reverse("diary:incident_edit", args=[incident.pk])
    values = form_values(signed_in_client.get(edit_url), containing="narrative")
    values.update({name: [value] for name, value in _hostile_note().items() if name in TEXT_FIELDS})
    values["police_told"] = ["yes"]
    values.update(had_cost=["on"], cost=["14"])
    assert signed_in_client.post(edit_url, values).status_code == 302

    html = signed_in_client.get(reverse("diary:incident_history", args=[incident.pk]))

    _assert_shown_as_text(html.content.decode(), TEXT_FIELDS)


def test_html_in_every_field_is_kept_as_text_when_the_form_is_shown_again(signed_in_client):
    response = signed_in_client.post(NEW, {**_hostile_note(), "occurred_time": "half nine"})

    assert not Incident.objects.exists()
    _assert_shown_as_text(response.content.decode(), TEXT_FIELDS)


def test_html_in_a_deleted_note_is_shown_as_text_in_deleted_notes(signed_in_client):
    signed_in_client.post(NEW, {**_hostile_note(), "summary_line": ""})
    incident = Incident.objects.get()
    signed_in_client.post(reverse("diary:incident_delete", args=[incident.pk]))

    _assert_shown_as_text(
        signed_in_client.get(reverse("diary:deleted")).content.decode(), ["narrative"]
    )


def test_an_edit_marker_without_a_time_zone_is_treated_as_out_of_date(signed_in_client, user):
    incident = make_incident(user, narrative="Kept.")
    edit_url = reverse("diary:incident_edit", args=[incident.pk])
    values = form_values(signed_in_client.get(edit_url), containing="narrative")
    values["seen_updated_at"] = ["2026-03-14 21:30:00"]
    values["narrative"] = ["Changed."]

    response = signed_in_client.post(edit_url, values)

    assert "This note was changed somewhere else" in visible_text(response)
    incident.refresh_from_db()
    assert incident.narrative == "Kept."
