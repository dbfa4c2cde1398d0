"""The shape of a revision snapshot never changes: old chains must keep verifying.

fixtures/revision_chain.json holds one note as the code of commit 7679864 wrote it, with every
field filled in: the incident row and its four revisions (written, amended, deleted, restored),
made by `write_the_note` below under a fixed clock. A revision's hash covers every key and
value of its snapshot, so a refactor that renames, drops, adds or re-formats one would break
every chain already stored. Never re-capture the fixture to make these tests pass.
"""

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diary.models import INCIDENT_FIELDS, INCIDENT_TEXT_FIELDS, Incident, Person, Revision
from diary.revisions import Link, verify_chain
from diary.services import (
    DELETED_KEPT_FOR,
    diary_verify,
    incident_delete,
    incident_snapshot,
    incidents_purge_deleted,
)
from tests.factories import UserFactory

FIXTURE = Path(__file__).parent / "fixtures" / "revision_chain.json"
INCIDENT_ID = "5d3c7f0e-2b1a-4c8e-9f6d-0a1b2c3d4e5f"
PERSON_IDS = ("0f6e2d1c-9b8a-4765-8433-2a1b0c9d8e7f", "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d")
# Free text has spaces around it, as pasted text often does; the form trims them.
# When each step happens; the form's "not in the future" checks read the same clock.
WRITTEN = datetime(2026, 6, 20, 8, 5, 12, 345678, tzinfo=UTC)
AMENDED = datetime(2026, 6, 21, 19, 40, 1, 2, tzinfo=UTC)
DELETED = datetime(2026, 6, 22, 7, 0, tzinfo=UTC)
RESTORED = datetime(2026, 6, 23, 12, 30, 59, 999999, tzinfo=UTC)

WRITTEN_FORM = {
    "form_token": INCIDENT_ID,
    "occurred_on_0": "14",
    "occurred_on_1": "6",
    "occurred_on_2": "2026",
    "occurred_time": "11:45pm",
    "ended_time": "12:20am",
    "ended_next_day": "on",
    "location": "  Outside the flat on Ash Grove  ",
    "kinds": ["letter", "following", "driving_past"],
    "narrative": (
        "\n He said “I know where you live” — then drove off.\nZoë saw it from her window.  "
    ),
    "persons": [PERSON_IDS[0]],
    "appearance": " Grey hoodie, black jeans ",
    "vehicle_make": " Ford ",
    "vehicle_model": " Focus ",
    "vehicle_colour": " Silver ",
    "vehicle_registration": "ab12  cde",
    "contact_used": " 07700 900123 ",
    "witnesses": " Zoë Brown, flat 3 ",
    "people_told": " My sister ",
    "feelings": ["fear_of_violence", "alarm"],
    "feelings_other": " Could not sleep ",
    "changes": ["security", "route"],
    "changes_other": " Stayed with my sister ",
    "police_told": "yes",
    "police_told_on_0": "15",
    "police_told_on_1": "6",
    "police_told_on_2": "2026",
    "police_reference": " CAD 1234/15JUN ",
    "save": "",
}
AMENDED_FORM = {
    **WRITTEN_FORM,
    "form_token": "",
    "narrative": WRITTEN_FORM["narrative"] + "\nThe car came back at 1am.",
    "persons": list(PERSON_IDS),
    "kinds": ["letter", "following", "driving_past", "tracking"],
    "feelings": ["distress", "fear_of_violence", "alarm"],
    "changes": ["work", "security", "route"],
    "police_reference": "CAD 1234/15JUN, crime 46/123456/26",
}


# Columns added since the fixture was made, at their empty values: a note that leaves them
# empty is stored, and hashed, exactly as it was before they existed.
ADDED_COLUMNS = {field.name: field.empty for field in INCIDENT_FIELDS if field.added_later}


def _frozen_at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def write_the_note(client, user, monkeypatch) -> Incident:
    """Write, amend, delete and restore one note through the pages, as a person would."""
    for pk, name in zip(PERSON_IDS, ("Mark Jones", "Unknown driver"), strict=True):
        Person.objects.create(pk=pk, owner=user, name=name)
    steps = [
        (WRITTEN, reverse("diary:incident_new"), WRITTEN_FORM),
        (AMENDED, reverse("diary:incident_edit", args=[INCIDENT_ID]), AMENDED_FORM),
        (DELETED, reverse("diary:incident_delete", args=[INCIDENT_ID]), {}),
        (RESTORED, reverse("diary:incident_restore", args=[INCIDENT_ID]), {}),
    ]
    for moment, url, form in steps:
        _frozen_at(monkeypatch, moment)
        # A session stored under the frozen clock has run out by the next day.
        client.force_login(user)
        response = client.post(url, form)
        assert response.status_code == 302, f"{url} did not save"
        assert not response.url.startswith(reverse("account_login"))
    return Incident.objects.get(pk=INCIDENT_ID)


def _row(obj, *, leave_out: tuple[str, ...] = ()) -> dict:
    """A row's columns as JSON, to the microsecond (Django's serialiser stops at milliseconds)."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.attname in ("owner_id", *leave_out):
            continue  # the owner is a different user in every test
        value = field.value_from_object(obj)
        if isinstance(value, date | time | datetime):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        row[field.attname] = value
    return row


def capture(incident: Incident) -> dict:
    """What the fixture holds; it was made as json.dumps(capture(write_the_note(...)))."""
    return {
        "incident": _row(incident),
        "persons": sorted(str(pk) for pk in incident.persons.values_list("pk", flat=True)),
        "revisions": [
            # Less their own random ids and the incident's, which the loader fills in.
            _row(revision, leave_out=("id", "incident_id"))
            for revision in incident.revisions.order_by("sequence")
        ],
    }


def _from_json(model, row: dict, **extra):
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return model(**{name: fields[name].to_python(value) for name, value in row.items()}, **extra)


@pytest.fixture
def captured() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _load(captured: dict, owner) -> Incident:
    """Put the captured rows into the database exactly as they were written."""
    persons = [Person.objects.create(pk=pk, owner=owner, name="Someone") for pk in PERSON_IDS]
    incident = _from_json(Incident, captured["incident"], owner=owner)
    incident.save(force_insert=True)
    incident.persons.set(p for p in persons if str(p.pk) in captured["persons"])
    for row in captured["revisions"]:
        _from_json(Revision, row, owner=owner, incident=incident).save(force_insert=True)
    return Incident.objects.get(pk=incident.pk)


def test_the_fixture_holds_a_note_with_every_field_filled_in(captured):
    latest = captured["revisions"][-1]["snapshot"]

    assert [r["action"] for r in captured["revisions"]] == [
        "create",
        "edit",
        "delete",
        "restore",
    ]
    empty = [k for k, v in latest.items() if v in ("", None, []) and k != "deleted_at"]
    assert empty == []


def test_a_stored_chain_still_verifies(db, captured):
    incident = _load(captured, UserFactory())
    revisions = list(Revision.objects.filter(incident=incident).order_by("sequence"))

    report = verify_chain(
        [
            Link(r.sequence, r.snapshot, r.snapshot_sha256, r.previous_hash, r.chain_hash)
            for r in revisions
        ]
    )

    assert report.intact, report.problems
    check = diary_verify()
    assert (check.incidents, check.revisions, check.broken) == (1, 4, [])


def test_verify_diary_says_a_stored_chain_checks_out(db, captured, capsys):
    _load(captured, UserFactory())

    call_command("verify_diary")

    assert "All 1 incident(s) and 4 revision(s) check out." in capsys.readouterr().out


def test_a_stored_note_still_gives_the_snapshot_its_latest_revision_recorded(db, captured):
    incident = _load(captured, UserFactory())
    latest = captured["revisions"][-1]["snapshot"]

    recorded = {k: v for k, v in latest.items() if k not in ("action", "revised_at")}
    assert incident_snapshot(incident) == recorded


def test_the_same_note_written_today_gives_the_same_rows_and_hashes(
    client, db, captured, monkeypatch
):
    incident = write_the_note(client, UserFactory(), monkeypatch)

    today = capture(incident)
    assert today["incident"] == {**captured["incident"], **ADDED_COLUMNS}
    assert {**today, "incident": captured["incident"]} == captured


def test_purging_a_stored_note_removes_the_words_and_keeps_the_dates_and_the_chain(
    db, captured, capsys
):
    incident = incident_delete(incident=_load(captured, UserFactory()))

    incidents_purge_deleted(now=incident.deleted_at + DELETED_KEPT_FOR + timedelta(days=1))

    incident.refresh_from_db()
    words = list(INCIDENT_TEXT_FIELDS)  # pinned by test_incident_fields.py
    assert _row(incident) == {
        **captured["incident"],
        **ADDED_COLUMNS,
        **dict.fromkeys(words, ""),
        **dict.fromkeys(["kinds", "feelings", "changes"], []),
        "deleted_at": incident.deleted_at.isoformat(),
        "updated_at": incident.updated_at.isoformat(),
    }
    assert not incident.persons.exists()
    call_command("verify_diary")
    assert "All 1 incident(s) and 5 revision(s) check out (5 purged" in capsys.readouterr().out
