"""Writes to the diary. Every save of an incident goes through here, so each one is chained."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from config.sealed import read_all, unreadable_fields
from diary.models import (
    INCIDENT_CODE_LISTS,
    INCIDENT_FIELD_NAMES,
    INCIDENT_FIELDS,
    INCIDENT_TEXT_FIELDS,
    Incident,
    IncidentKind,
    Person,
    PoliceContact,
    PoliceTold,
    Revision,
    RevisionAction,
)
from diary.revisions import Link, chain_digest, snapshot_digest, verify_chain
from diary.times import local_to_utc, start_of_local_day

DELETED_KEPT_FOR = timedelta(days=30)


class StaleEdit(Exception):
    """The incident changed since the form was opened (another tab or device saved first)."""


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def incident_snapshot(incident: Incident) -> dict:
    """Everything the user recorded, as plain JSON values, in a fixed shape.

    The keys are INCIDENT_FIELD_NAMES plus id, occurred_at, kinds, persons, recorded_at and
    deleted_at; a revision's hash covers all of them, so none may change. A field added later
    appears only once it has a value, so a note that leaves it empty hashes as it always did.
    """
    values = {field.name: field.to_json(getattr(incident, field.name)) for field in INCIDENT_FIELDS}
    return {
        "id": str(incident.pk),
        **{
            field.name: values[field.name]
            for field in INCIDENT_FIELDS
            if not field.added_later or values[field.name] != field.to_json(field.empty)
        },
        "occurred_at": _iso(incident.occurred_at),
        "kinds": sorted(incident.kinds),
        "persons": sorted(str(pk) for pk in incident.persons.values_list("pk", flat=True)),
        "recorded_at": _iso(incident.recorded_at),
        "deleted_at": _iso(incident.deleted_at),
    }


def with_missing_fields(snapshot: dict) -> dict:
    """A snapshot with every field added since it was written, at that field's empty value:
    the note did not have the field then, which is the same as leaving it empty."""
    return {**{f.name: f.to_json(f.empty) for f in INCIDENT_FIELDS}, **snapshot}


# What a revision records about itself, beside the note's own fields.
REVISION_KEYS = ("action", "revised_at", "reason")
REASON_MAX_LENGTH = 200


def _write_revision(incident: Incident, action: str, now, reason: str = "") -> Revision:
    previous = incident.revisions.order_by("-sequence").first()
    snapshot = {**incident_snapshot(incident), "action": action, "revised_at": _iso(now)}
    if reason:
        # In the snapshot, so the chain vouches for the reason as it does for the words.
        snapshot["reason"] = reason
    snapshot_sha256 = snapshot_digest(snapshot)
    previous_hash = previous.chain_hash if previous else ""
    return Revision.objects.create(
        owner=incident.owner,
        incident=incident,
        sequence=(previous.sequence + 1) if previous else 1,
        action=action,
        snapshot=snapshot,
        snapshot_sha256=snapshot_sha256,
        previous_hash=previous_hash,
        chain_hash=chain_digest(previous_hash, snapshot_sha256),
        created_at=now,
    )


def _apply(incident: Incident, values: Mapping, kinds: Iterable[str]) -> None:
    incident.kinds = sorted(set(kinds))
    for name in INCIDENT_FIELD_NAMES:
        if name in values:
            setattr(incident, name, values[name])
    for name in INCIDENT_CODE_LISTS:
        setattr(incident, name, sorted(set(getattr(incident, name) or [])))
    if incident.occurred_time is not None:
        incident.occurred_at = local_to_utc(
            incident.occurred_on, incident.occurred_time, incident.timezone
        )
    else:
        incident.occurred_at = None
    incident.timeline_position = incident.occurred_at or start_of_local_day(
        incident.occurred_on, incident.timezone
    )


def _with_new_person(owner, persons: Iterable[Person], new_person: Mapping | None) -> list:
    persons = list(persons)
    if not new_person or not new_person.get("name"):
        return persons
    name = new_person["name"].casefold()
    # Names are sealed, so they are compared once read; a second press finds the first.
    found = next(
        (p for p in Person.objects.owned_by(owner) if p.name.casefold() == name), None
    ) or person_save(owner=owner, values=new_person)
    return [*persons, found] if found not in persons else persons


def _set_links(incident: Incident, persons: Iterable[Person]) -> None:
    IncidentKind.objects.filter(incident=incident).delete()
    IncidentKind.objects.bulk_create(
        IncidentKind(incident=incident, kind=k) for k in incident.kinds
    )
    incident.persons.set(list(persons))
    # The prefetch cache (if any) is stale now.
    getattr(incident, "_prefetched_objects_cache", {}).clear()


@transaction.atomic
def incident_create(
    *,
    owner,
    values: Mapping,
    kinds: Iterable[str],
    persons: Iterable[Person] = (),
    is_draft: bool = False,
    incident_id=None,
    new_person: Mapping | None = None,
) -> Incident:
    """Record a new incident. Unless it is a draft, this writes its first revision.

    incident_id comes from the form, so pressing Save twice gives one incident, not two, and
    a draft the page autosaved under that id is carried on rather than duplicated.
    `new_person` (a name and relationship typed in the note's own form) is added to the
    owner's people, or found there if they already have someone of that name, and linked.
    """
    if incident_id is not None:
        existing = Incident.objects.filter(pk=incident_id).first()
        if existing is not None:
            if existing.owner_id != owner.pk:
                incident_id = None  # someone else's id: never reuse or reveal it
            elif existing.is_draft and existing.deleted_at is None:
                return incident_update(
                    incident=existing,
                    values=values,
                    kinds=kinds,
                    persons=persons,
                    is_draft=is_draft,
                    new_person=new_person,
                )
            else:
                return existing
    now = timezone.now()
    incident = Incident(owner=owner, recorded_at=now, updated_at=now, is_draft=is_draft)
    if incident_id is not None:
        incident.pk = incident_id
    _apply(incident, values, kinds)
    incident.save(force_insert=True)
    _set_links(incident, _with_new_person(owner, persons, new_person))
    if not is_draft:
        _write_revision(incident, RevisionAction.CREATE, now)
    return incident


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    values: Mapping,
    kinds: Iterable[str],
    persons: Iterable[Person] = (),
    seen_updated_at=None,
    is_draft: bool = False,
    reason: str = "",
    new_person: Mapping | None = None,
) -> Incident:
    """Amend an incident. Saved entries get a new revision (with the reason given for the
    change, if any); a stale form is refused."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if seen_updated_at is not None and locked.updated_at != seen_updated_at:
        raise StaleEdit
    was_draft = locked.is_draft
    now = timezone.now()
    _apply(locked, values, kinds)
    locked.updated_at = now
    # A saved entry can never go back to being a draft.
    locked.is_draft = was_draft and is_draft
    locked.save()
    _set_links(locked, _with_new_person(locked.owner, persons, new_person))
    if not locked.is_draft:
        action = RevisionAction.CREATE if was_draft else RevisionAction.EDIT
        _write_revision(locked, action, now, reason if action == RevisionAction.EDIT else "")
    return locked


@transaction.atomic
def incident_delete(*, incident: Incident) -> Incident:
    """Move an incident out of the timeline; it can be restored for 30 days."""
    now = timezone.now()
    incident.deleted_at = now
    incident.updated_at = now
    incident.save(update_fields=["deleted_at", "updated_at"])
    if incident.is_draft:
        incident.delete()  # a draft was never part of the record
        return incident
    _write_revision(incident, RevisionAction.DELETE, now)
    return incident


@transaction.atomic
def incident_restore(*, incident: Incident) -> Incident:
    now = timezone.now()
    incident.deleted_at = None
    incident.updated_at = now
    incident.save(update_fields=["deleted_at", "updated_at"])
    _write_revision(incident, RevisionAction.RESTORE, now)
    return incident


@transaction.atomic
def incidents_purge_deleted(*, now=None) -> int:
    """Remove the words of incidents deleted more than 30 days ago, keeping the hash chain.

    The row stays as a tombstone (dates and hashes only) so the chain can still be verified.
    """
    now = now or timezone.now()
    expired = Incident.objects.filter(deleted_at__lt=now - DELETED_KEPT_FOR)
    expired = expired.exclude(narrative="")
    count = 0
    for incident in expired:
        for name in INCIDENT_TEXT_FIELDS:
            setattr(incident, name, "")
        for name in INCIDENT_CODE_LISTS:
            setattr(incident, name, [])
        incident.kinds = []
        incident.save()
        incident.persons.clear()
        Revision.objects.filter(incident=incident, purged_at__isnull=True).update(
            snapshot=None, purged_at=now
        )
        count += 1
    return count


@dataclass(frozen=True)
class BrokenIncident:
    incident_id: str
    problems: list[str]


@dataclass(frozen=True)
class DiaryCheck:
    incidents: int
    revisions: int
    purged: int
    broken: list[BrokenIncident]
    # People and police contacts whose sealed details do not open: "person <id> (name)".
    unreadable: list[str] = field(default_factory=list)


def _unreadable(incident: Incident, revisions: list[Revision]) -> list[str]:
    """What of this note does not open with its owner's key (moved, changed, or key gone)."""
    problems = [
        f"revision {r.sequence} could not be read (it does not open with this note's key)"
        for r in revisions
        if r.snapshot is None and "snapshot" in unreadable_fields(r)
    ]
    for name in INCIDENT_TEXT_FIELDS:
        getattr(incident, name)
    if unreadable_fields(incident):
        fields = ", ".join(sorted(unreadable_fields(incident)))
        problems.append(f"the entry could not be read ({fields})")
    return problems


def _current_state_problem(incident: Incident, last: Revision | None) -> str | None:
    """The row itself must still say what its latest revision says."""
    if last is None:
        return None if incident.is_draft else "it has no revisions"
    if last.snapshot is None:
        return None
    recorded = {k: v for k, v in last.snapshot.items() if k not in REVISION_KEYS}
    if with_missing_fields(recorded) != with_missing_fields(incident_snapshot(incident)):
        return "the entry no longer matches its latest revision (it was changed directly)"
    return None


def diary_verify(*, owner=None) -> DiaryCheck:
    """Recompute every incident's chain (one user's, or everyone's) and report what is broken."""
    incidents = Incident.objects.all() if owner is None else Incident.objects.owned_by(owner)
    incidents = incidents.prefetch_related("revisions").order_by("recorded_at", "pk")
    broken = []
    revision_count = purged = 0
    incident_count = 0
    for incident in incidents.iterator(chunk_size=500):
        incident_count += 1
        revisions = sorted(incident.revisions.all(), key=lambda r: r.sequence)
        revision_count += len(revisions)
        unread = _unreadable(incident, revisions)
        if unread:
            broken.append(BrokenIncident(str(incident.pk), unread))
            continue
        report = verify_chain(
            [
                Link(r.sequence, r.snapshot, r.snapshot_sha256, r.previous_hash, r.chain_hash)
                for r in revisions
            ]
        )
        purged += report.purged
        problems = list(report.problems)
        state_problem = _current_state_problem(incident, revisions[-1] if revisions else None)
        if state_problem:
            problems.append(state_problem)
        if problems:
            broken.append(BrokenIncident(str(incident.pk), problems))
    return DiaryCheck(incident_count, revision_count, purged, broken, _unreadable_others(owner))


def _unreadable_others(owner) -> list[str]:
    """People and police contacts whose sealed details do not open with their owner's key."""
    found = []
    for model, label in ((Person, "person"), (PoliceContact, "police contact")):
        rows = model.objects.all() if owner is None else model.objects.owned_by(owner)
        for row in rows.order_by("created_at", "pk").iterator(chunk_size=500):
            fields = read_all(row)
            if fields:
                found.append(f"{label} {row.pk} ({', '.join(sorted(fields))})")
    return found


def person_save(*, owner, values: Mapping, person: Person | None = None) -> Person:
    person = person or Person(owner=owner)
    for name, value in values.items():
        setattr(person, name, value)
    person.save()
    return person


def person_delete(*, person: Person) -> None:
    """Forget a person. Incidents that named them keep their revisions, which still do."""
    person.delete()


@transaction.atomic
def police_contact_save(
    *,
    owner,
    values: Mapping,
    contact: PoliceContact | None = None,
    incidents: Iterable[Incident] | None = None,
) -> PoliceContact:
    """Save a contact with the police and, when `incidents` is given, the notes it covered.

    A note newly linked that did not already say it was told to the police now says so, with
    this contact's date, and gets a revision saying why: the note's record changed.
    """
    contact = contact or PoliceContact(owner=owner)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.save()
    if incidents is not None:
        chosen = {incident.pk for incident in incidents}
        already = set(contact.incidents.values_list("pk", flat=True))
        contact.incidents.set(Incident.objects.owned_by(owner).filter(pk__in=chosen))
        for incident_id in sorted(chosen - already):
            _mark_told_the_police(incident_id, contact)
    return contact


def _mark_told_the_police(incident_id, contact: PoliceContact) -> None:
    locked = Incident.objects.select_for_update().get(pk=incident_id)
    if locked.police_told == PoliceTold.YES and locked.police_told_on is not None:
        return
    now = timezone.now()
    locked.police_told = PoliceTold.YES
    locked.police_told_on = locked.police_told_on or contact.contacted_on
    locked.updated_at = now
    locked.save(update_fields=["police_told", "police_told_on", "updated_at"])
    if not locked.is_draft:
        day = contact.contacted_on
        reason = f"Linked to the contact with the police on {day.day} {day:%B %Y}"
        _write_revision(locked, RevisionAction.EDIT, now, reason)


def police_contact_delete(*, contact: PoliceContact) -> None:
    contact.delete()
