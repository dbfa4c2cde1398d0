"""The history page: every version of a note, when it was made, and what it changed."""

from datetime import UTC, date, datetime, time

from django.urls import reverse

from diary.services import incident_delete, incident_restore, incident_update
from tests.diary.pages import visible_text
from tests.factories import PersonFactory, make_incident

WHEN = {
    "occurred_on": date(2026, 3, 14),
    "occurred_time": time(21, 30),
    "timezone": "Europe/London",
}


def _history(client, incident) -> str:
    response = client.get(reverse("diary:incident_history", kwargs={"incident_id": incident.pk}))
    assert response.status_code == 200
    return visible_text(response)


def test_the_history_shows_each_version_in_order(signed_in_client, user):
    incident = make_incident(user)
    incident_update(incident=incident, values={**WHEN, "narrative": "More."}, kinds=["letter"])

    page = _history(signed_in_client, incident)

    assert "History of this note" in page
    assert page.index("1. Written on") < page.index("2. Amended on")
    assert "The first saved version." in page


def test_the_history_shows_what_the_words_were_before_and_after(signed_in_client, user):
    incident = make_incident(user, narrative="He rang twice.")
    incident_update(
        incident=incident, values={**WHEN, "narrative": "He rang three times."}, kinds=["letter"]
    )

    page = _history(signed_in_client, incident)

    assert "What Before After" in page
    assert "What happened He rang twice. He rang three times." in page


def test_the_history_names_kinds_in_words(signed_in_client, user):
    incident = make_incident(user, kinds=["letter"])
    incident_update(
        incident=incident,
        values={**WHEN, "narrative": incident.narrative},
        kinds=["letter", "email"],
    )

    page = _history(signed_in_client, incident)

    assert "What happened (kinds) Letter Email, Letter" in page


def test_the_history_shows_an_end_time_as_the_person_typed_it_not_in_utc(signed_in_client, user):
    summer = {**WHEN, "occurred_on": date(2026, 7, 1)}
    incident = make_incident(user, **summer)
    ten_fifteen_pm_in_london = datetime(2026, 7, 1, 21, 15, tzinfo=UTC)
    incident_update(
        incident=incident,
        values={**summer, "ended_at": ten_fifteen_pm_in_london},
        kinds=incident.kinds,
    )

    page = _history(signed_in_client, incident)

    assert "Time it ended" in page
    assert "10:15pm" in page
    assert "+00:00" not in page


def test_the_history_names_the_people_added_to_a_note(signed_in_client, user):
    person = PersonFactory(owner=user, name="Mark Jones")
    incident = make_incident(user)
    incident_update(incident=incident, values={**WHEN}, kinds=incident.kinds, persons=[person])

    page = _history(signed_in_client, incident)

    assert "Who (empty) Mark Jones" in page
    assert "a person since removed" not in page


def test_the_edit_page_links_to_the_history(signed_in_client, user):
    incident = make_incident(user)
    incident_update(incident=incident, values={**WHEN, "narrative": "More."}, kinds=["letter"])

    response = signed_in_client.get(reverse("diary:incident", args=[incident.pk]))

    assert reverse("diary:incident_history", args=[incident.pk]) in response.text


def test_a_deleted_and_restored_note_shows_both_in_its_history(signed_in_client, user):
    incident = make_incident(user)
    incident_delete(incident=incident)
    incident_restore(incident=incident)

    page = _history(signed_in_client, incident)

    assert "2. Deleted on" in page
    assert "3. Restored on" in page


def test_a_deleted_notes_history_can_still_be_read(signed_in_client, user):
    incident = make_incident(user, narrative="Gone for now.")
    incident_delete(incident=incident)

    page = _history(signed_in_client, incident)

    assert "2. Deleted on" in page


def test_a_draft_has_no_history_yet(signed_in_client, user):
    draft = make_incident(user, is_draft=True)

    assert "This note is a draft and has no history yet." in _history(signed_in_client, draft)


def test_every_version_shows_its_code(signed_in_client, user):
    incident = make_incident(user)
    incident_update(incident=incident, values={**WHEN, "narrative": "More."}, kinds=["letter"])

    page = _history(signed_in_client, incident)

    for revision in incident.revisions.all():
        assert f"Code: {revision.chain_hash}" in page
