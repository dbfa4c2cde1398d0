import uuid
from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from diary.models import Incident, Revision
from diary.services import (
    StaleEdit,
    diary_verify,
    incident_create,
    incident_delete,
    incident_restore,
    incident_update,
    incidents_purge_deleted,
)
from tests.factories import PersonFactory, make_incident
from tests.sealing import as_stored

VALUES = {
    "occurred_on": date(2026, 3, 14),
    "occurred_time": time(21, 30),
    "timezone": "Europe/London",
    "narrative": "A letter was pushed through the door.",
}


def test_a_saved_incident_has_its_first_revision_and_a_server_time(user):
    before = timezone.now()
    incident = make_incident(user)

    assert incident.recorded_at >= before
    revision = incident.revisions.get()
    assert revision.sequence == 1
    assert revision.action == "create"
    assert revision.previous_hash == ""
    assert revision.snapshot["narrative"] == "A letter was pushed through the door."
    assert revision.snapshot["kinds"] == ["letter"]


def test_local_time_is_stored_as_utc(user):
    summer = make_incident(user, occurred_on=date(2026, 7, 1), occurred_time=time(21, 30))

    assert summer.occurred_at.isoformat() == "2026-07-01T20:30:00+00:00"


def test_an_unknown_time_stores_the_date_and_no_fake_midnight(user):
    incident = make_incident(user, occurred_time=None)

    assert incident.occurred_at is None
    assert incident.occurred_on == date(2026, 3, 14)
    assert incident.revisions.get().snapshot["occurred_time"] is None


def test_every_edit_adds_a_linked_revision_with_the_people_named(user):
    incident = make_incident(user)
    person = PersonFactory(owner=user)

    incident_update(
        incident=incident,
        values={**VALUES, "narrative": "Two letters."},
        kinds=["letter", "gift_or_parcel"],
        persons=[person],
    )

    first, second = incident.revisions.order_by("sequence")
    assert second.action == "edit"
    assert second.previous_hash == first.chain_hash
    assert second.snapshot["persons"] == [str(person.pk)]
    assert second.snapshot["kinds"] == ["gift_or_parcel", "letter"]


def test_an_edit_from_a_stale_form_is_refused(user):
    incident = make_incident(user)
    seen = incident.updated_at
    incident_update(incident=incident, values={**VALUES, "narrative": "newer"}, kinds=["letter"])

    with pytest.raises(StaleEdit):
        incident_update(
            incident=incident,
            values={**VALUES, "narrative": "older"},
            kinds=["letter"],
            seen_updated_at=seen,
        )
    incident.refresh_from_db()
    assert incident.narrative == "newer"


def test_the_same_form_token_twice_gives_one_incident(user):
    token = uuid.UUID("6f1c1b9a-3f57-4a43-9d7e-0d5f4d3e2a11")

    first = incident_create(owner=user, values=VALUES, kinds=[], incident_id=token)
    second = incident_create(owner=user, values=VALUES, kinds=[], incident_id=token)

    assert first.pk == second.pk
    assert Incident.objects.count() == 1


def test_another_users_form_token_never_touches_their_incident(user):
    theirs = make_incident(PersonFactory().owner)

    mine = incident_create(owner=user, values=VALUES, kinds=[], incident_id=theirs.pk)

    assert mine.pk != theirs.pk
    assert mine.owner == user


def test_a_draft_has_no_revisions_until_it_is_saved(user):
    draft = make_incident(user, is_draft=True)
    assert not draft.revisions.exists()

    incident_update(incident=draft, values=VALUES, kinds=["letter"], is_draft=False)

    assert list(draft.revisions.values_list("action", flat=True)) == ["create"]
    draft.refresh_from_db()
    assert draft.is_draft is False


def test_delete_and_restore_are_revisions_too(user):
    incident = make_incident(user)

    incident_delete(incident=incident)
    assert not Incident.objects.current().exists()
    incident_restore(incident=incident)

    actions = list(incident.revisions.order_by("sequence").values_list("action", flat=True))
    assert actions == ["create", "delete", "restore"]
    assert Incident.objects.current().get() == incident


def test_revisions_cannot_be_changed_through_the_model(user):
    revision = make_incident(user).revisions.get()
    revision.snapshot = {"narrative": "rewritten"}

    with pytest.raises(ValueError, match="never changed"):
        revision.save()


def test_verify_passes_an_untouched_diary(user):
    incident = make_incident(user)
    incident_update(incident=incident, values={**VALUES, "narrative": "More."}, kinds=["letter"])

    check = diary_verify()

    assert check.broken == []
    assert (check.incidents, check.revisions) == (1, 2)


def test_verify_diary_names_an_incident_whose_snapshot_was_altered_in_the_database(user, capsys):
    good = make_incident(user)
    bad = make_incident(user)
    revision = bad.revisions.get()
    Revision.objects.filter(pk=revision.pk).update(
        snapshot=as_stored(revision, "snapshot", {**revision.snapshot, "narrative": "Nothing."})
    )

    with pytest.raises(CommandError, match="1 of 2 incident"):
        call_command("verify_diary")

    errors = capsys.readouterr().err
    assert str(bad.pk) in errors
    assert str(good.pk) not in errors
    assert "the snapshot does not match its hash" in errors


def test_verify_diary_catches_an_entry_changed_directly(user, capsys):
    incident = make_incident(user)
    Incident.objects.filter(pk=incident.pk).update(
        narrative=as_stored(incident, "narrative", "Quietly rewritten.")
    )

    with pytest.raises(CommandError):
        call_command("verify_diary")

    assert "no longer matches its latest revision" in capsys.readouterr().err


def test_verify_diary_names_a_note_whose_words_were_moved_from_another_row(user, capsys):
    kept = make_incident(user, narrative="The real words of this note.")
    moved = make_incident(user, narrative="Words of another note.")
    stolen = Incident.objects.filter(pk=moved.pk).values_list("narrative", flat=True).get()
    Incident.objects.filter(pk=kept.pk).update(narrative=stolen)

    with pytest.raises(CommandError, match="1 of 2 incident"):
        call_command("verify_diary")

    errors = capsys.readouterr().err
    assert str(kept.pk) in errors and "could not be read (narrative)" in errors
    assert "Words of another note" not in errors


def test_verify_diary_catches_a_changed_hash(user, capsys):
    incident = make_incident(user)
    incident_update(incident=incident, values=VALUES, kinds=["email"])
    Revision.objects.filter(incident=incident, sequence=1).update(chain_hash="0" * 64)

    with pytest.raises(CommandError):
        call_command("verify_diary")

    assert "chain hash is wrong" in capsys.readouterr().err


def test_purging_a_long_deleted_incident_keeps_the_chain_verifiable(user, capsys):
    incident = make_incident(user, narrative="Private words.")
    incident_delete(incident=incident)
    Incident.objects.filter(pk=incident.pk).update(deleted_at=timezone.now() - timedelta(days=31))

    assert incidents_purge_deleted() == 1

    incident.refresh_from_db()
    assert incident.narrative == ""
    assert not incident.revisions.filter(snapshot__isnull=False).exists()
    call_command("verify_diary")
    assert "2 purged after deletion" in capsys.readouterr().out


def test_a_recently_deleted_incident_is_not_purged(user):
    incident = make_incident(user)
    incident_delete(incident=incident)

    assert incidents_purge_deleted() == 0
    incident.refresh_from_db()
    assert incident.narrative


def test_saving_a_note_the_page_autosaved_as_a_draft_finishes_that_draft(user):
    token = uuid.uuid4()
    draft = incident_create(
        owner=user,
        values={**VALUES, "narrative": "Half"},
        kinds=[],
        is_draft=True,
        incident_id=token,
    )

    saved = incident_create(owner=user, values=VALUES, kinds=["letter"], incident_id=token)

    assert saved.pk == draft.pk
    assert saved.is_draft is False
    assert saved.narrative == VALUES["narrative"]
    assert list(saved.revisions.values_list("action", flat=True)) == ["create"]
