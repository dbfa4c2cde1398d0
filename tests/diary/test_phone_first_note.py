"""Writing a note on a phone: a quick note, shortcuts for the date and time, a new person in the
note itself, ways out that keep the note as a draft, and a reason for a change."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import Incident, Person
from diary.revisions import Link, verify_chain
from tests.diary.pages import form_values, note_form, visible_text
from tests.factories import PersonFactory, make_incident

pytestmark = pytest.mark.django_db
NEW = reverse("diary:incident_new")
QUICK = reverse("diary:quick_note")


def _local_now(user):
    return timezone.localtime(timezone.now(), user.zone)


# A quick note --------------------------------------------------------------------------------


def test_a_quick_note_is_kept_at_once_as_a_draft_dated_by_the_servers_clock(signed_in_client, user):
    before = _local_now(user)

    response = signed_in_client.post(QUICK, {"narrative": "He is outside again."})

    note = Incident.objects.owned_by(user).get()
    assert response.url == reverse("home")
    assert note.is_draft and note.narrative == "He is outside again."
    assert note.occurred_on == before.date()
    assert abs(
        timezone.localtime(note.occurred_at, user.zone).replace(second=0, microsecond=0)
        - before.replace(second=0, microsecond=0)
    ) <= timedelta(minutes=1)
    home = signed_in_client.get(reverse("home")).text
    assert "Unfinished notes" in home and "He is outside again." in home


def test_a_quick_note_can_say_it_happened_earlier(signed_in_client, user):
    yesterday = _local_now(user).date() - timedelta(days=1)

    signed_in_client.post(
        QUICK,
        {
            "narrative": "A parcel on the step.",
            "occurred_on_0": yesterday.day,
            "occurred_on_1": yesterday.month,
            "occurred_on_2": yesterday.year,
            "occurred_time": "7:15am",
        },
    )

    note = Incident.objects.owned_by(user).get()
    assert note.occurred_on == yesterday and note.occurred_time.hour == 7


def test_an_empty_quick_note_asks_for_a_few_words_and_saves_nothing(signed_in_client, user):
    response = signed_in_client.post(QUICK, {"narrative": "  "})

    assert "Write a few words about what happened" in response.text
    assert not Incident.objects.exists()


def test_every_signed_in_page_reaches_the_quick_note_in_one_tap(signed_in_client):
    for url in (reverse("home"), reverse("diary:timeline"), reverse("evidence:files")):
        assert f'href="{QUICK}"' in signed_in_client.get(url).text


# Today, Yesterday and Now without JavaScript -----------------------------------------------------


def test_today_without_javascript_fills_the_date_and_keeps_what_was_typed(signed_in_client, user):
    data = note_form(narrative="Words typed so far.", fill="today")
    data.pop("save")
    for part in ("occurred_on_0", "occurred_on_1", "occurred_on_2"):
        data[part] = ""

    response = signed_in_client.post(NEW, data)

    today = _local_now(user).date()
    values = form_values(response, containing="narrative")
    assert values["occurred_on_0"] == [str(today.day)]
    assert values["occurred_on_2"] == [str(today.year)]
    assert "Words typed so far." in response.text
    assert "There is a problem" not in response.text
    assert not Incident.objects.exists()


def test_now_without_javascript_fills_the_time(signed_in_client, user):
    data = note_form(time="", fill="now")
    data.pop("save")

    response = signed_in_client.post(NEW, data)

    assert form_values(response, containing="narrative")["occurred_time"][0].endswith(("am", "pm"))


# Someone new, from within the note ------------------------------------------------------------


def test_a_new_person_is_added_and_linked_without_leaving_the_note(signed_in_client, user):
    signed_in_client.post(
        NEW,
        note_form(
            add_person="on", new_person_name="  Tall  man ", new_person_relationship="stranger"
        ),
    )

    note = Incident.objects.owned_by(user).get()
    person = Person.objects.owned_by(user).get()
    assert (person.name, person.relationship) == ("Tall man", "stranger")
    assert list(note.persons.all()) == [person]


def test_a_new_person_needs_a_name(signed_in_client, user):
    response = signed_in_client.post(NEW, note_form(add_person="on"))

    assert "Enter their name or what you call them" in response.text
    assert not Incident.objects.exists() and not Person.objects.exists()


def test_someone_already_on_the_list_is_not_added_twice(signed_in_client, user):
    mark = PersonFactory(owner=user, name="Mark")

    signed_in_client.post(NEW, note_form(add_person="on", new_person_name="mark"))

    assert list(Person.objects.owned_by(user)) == [mark]
    assert list(Incident.objects.get().persons.all()) == [mark]


# Ways out that keep the note -------------------------------------------------------------------


def test_adding_someone_in_full_keeps_the_note_as_a_draft_and_comes_back_to_it(
    signed_in_client, user
):
    data = note_form(narrative="He followed me home.", then="person")
    data.pop("save")

    leaving = signed_in_client.post(NEW, data)
    note = Incident.objects.owned_by(user).get()
    person_page = signed_in_client.get(leaving.url).text
    added = signed_in_client.post(
        leaving.url, {"name": "The man in the grey van", "relationship": "stranger"}
    )
    back = signed_in_client.get(added.url)

    assert note.is_draft and note.narrative == "He followed me home."
    assert leaving.url == f"{reverse('diary:person_new')}?note={note.pk}"
    assert "Back to the note you were writing" in person_page
    person = Person.objects.owned_by(user).get()
    assert added.url == f"{reverse('diary:incident_edit', args=[note.pk])}?person={person.pk}"
    assert form_values(back, containing="narrative")["persons"] == [str(person.pk)]
    assert "He followed me home." in back.text


def test_adding_a_photo_keeps_the_note_as_a_draft_and_opens_the_upload_for_it(
    signed_in_client, user
):
    data = note_form(then="file")
    data.pop("save")

    leaving = signed_in_client.post(NEW, data)

    note = Incident.objects.owned_by(user).get()
    assert note.is_draft
    assert leaving.url == f"{reverse('evidence:upload')}?incident={note.pk}"
    upload = signed_in_client.get(leaving.url).text
    assert "Take a photo" in upload and "Back to the note you were writing" in upload


def test_a_way_out_with_a_mistake_in_the_form_shows_it_and_loses_nothing(signed_in_client):
    data = note_form(narrative="Words I do not want to lose.", time="25:99", then="person")
    data.pop("save")

    response = signed_in_client.post(NEW, data)

    assert response.status_code == 200
    assert "Enter the time like 9:30pm or 21:30" in response.text
    assert "Words I do not want to lose." in response.text
    assert not Incident.objects.exists()


def test_saving_the_note_in_the_end_forgets_the_way_back(signed_in_client, user):
    data = note_form(then="file")
    data.pop("save")
    signed_in_client.post(NEW, data)
    note = Incident.objects.owned_by(user).get()

    signed_in_client.post(
        reverse("diary:incident_edit", args=[note.pk]),
        note_form(form_token=str(note.pk)),
    )

    assert (
        "Back to the note you were writing"
        not in signed_in_client.get(reverse("diary:person_new")).text
    )


# The form's sections ---------------------------------------------------------------------------


def test_the_police_questions_and_the_something_else_boxes_follow_their_answers(
    signed_in_client,
):
    page = signed_in_client.get(NEW).text

    # Radios reveal through our own script (a radio's reveal must also close when another is
    # chosen); checkboxes through GOV.UK Frontend's.
    assert 'data-reveal="id_police_told_2_reveal"' in page
    assert 'id="id_police_told_2_reveal"' in page and "id_police_told_on_0" in page
    assert 'data-aria-controls="id_feelings_4_reveal"' in page
    assert 'data-aria-controls="id_changes_6_reveal"' in page
    text = visible_text(signed_in_client.get(NEW))
    assert text.index("Describe what happened") < text.index("Where did it happen?")


# A reason for a change ---------------------------------------------------------------------------


def test_a_reason_for_a_change_is_kept_in_the_chain_and_shown_in_the_history(
    signed_in_client, user
):
    note = make_incident(user, narrative="First words.")

    signed_in_client.post(
        reverse("diary:incident_edit", args=[note.pk]),
        {
            **note_form(narrative="First words, and more."),
            "seen_updated_at": note.updated_at.isoformat(),
            "change_reason": "other",
            "change_reason_other": "My sister reminded me",
        },
    )

    revisions = list(note.revisions.order_by("sequence"))
    assert revisions[-1].snapshot["reason"] == "My sister reminded me"
    assert verify_chain(
        [
            Link(r.sequence, r.snapshot, r.snapshot_sha256, r.previous_hash, r.chain_hash)
            for r in revisions
        ]
    ).intact
    history = signed_in_client.get(reverse("diary:incident_history", args=[note.pk])).text
    assert "Why it was changed:</strong> My sister reminded me" in history


def test_a_new_note_is_not_asked_why_it_changed(signed_in_client):
    assert "Why are you changing this note?" not in signed_in_client.get(NEW).text


def test_the_history_says_nothing_of_a_reason_when_none_was_given(signed_in_client, user):
    note = make_incident(user)
    signed_in_client.post(
        reverse("diary:incident_edit", args=[note.pk]),
        {**note_form(narrative="Changed."), "seen_updated_at": note.updated_at.isoformat()},
    )

    assert "reason" not in note.revisions.order_by("sequence").last().snapshot
    history = signed_in_client.get(reverse("diary:incident_history", args=[note.pk])).text
    assert "Why it was changed" not in history
