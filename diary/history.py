"""What changed between an incident's revisions, in words, for the history page and the pack."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from diary.models import Change, Feeling, Kind, PoliceTold
from diary.times import clock

FIELD_LABELS = {
    "occurred_on": "Date",
    "occurred_time": "Time",
    "ended_at": "Time it ended",
    "location": "Where",
    "kinds": "What happened (kinds)",
    "narrative": "What happened",
    "persons": "Who",
    "appearance": "How they looked and sounded",
    "vehicle_make": "Vehicle make",
    "vehicle_model": "Vehicle model",
    "vehicle_colour": "Vehicle colour",
    "vehicle_registration": "Number plate",
    "contact_used": "Number or account used",
    "witnesses": "Witnesses",
    "people_told": "People told",
    "feelings": "How it made you feel",
    "feelings_other": "Other feelings",
    "changes": "What you changed",
    "changes_other": "Other changes",
    "police_told": "Told the police",
    "police_told_on": "Date told the police",
    "police_reference": "Police reference",
}
_CHOICE_LABELS = {
    "kinds": dict(Kind.choices),
    "feelings": dict(Feeling.choices),
    "changes": dict(Change.choices),
    "police_told": dict(PoliceTold.choices),
}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Version:
    sequence: int
    action: str
    created_at: object
    chain_hash: str
    purged: bool
    changes: list[FieldChange] = field(default_factory=list)


def _show(name: str, value, person_names: dict[str, str], timezone_name: str) -> str:
    """A snapshot value as the person typed it: local times, written-out dates, names."""
    if value in (None, "", []):
        return "(empty)"
    if name == "ended_at":
        return clock(datetime.fromisoformat(value).astimezone(ZoneInfo(timezone_name)).time())
    if name == "occurred_time":
        return clock(time.fromisoformat(value))
    if name in ("occurred_on", "police_told_on"):
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    if name == "persons":
        return ", ".join(person_names.get(pk, "a person since removed") for pk in value)
    labels = _CHOICE_LABELS.get(name)
    if labels is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, v) for v in values)
    return str(value)


def changed_fields(before: dict, after: dict, person_names: dict[str, str]) -> list[FieldChange]:
    zone = after.get("timezone") or "UTC"
    return [
        FieldChange(
            label,
            _show(name, before.get(name), person_names, zone),
            _show(name, after.get(name), person_names, zone),
        )
        for name, label in FIELD_LABELS.items()
        if before.get(name) != after.get(name)
    ]


def describe_history(revisions, person_names: dict[str, str] | None = None) -> list[Version]:
    """Each revision, oldest first, with what it changed compared with the one before."""
    person_names = person_names or {}
    versions = []
    previous = None
    for revision in sorted(revisions, key=lambda r: r.sequence):
        version = Version(
            sequence=revision.sequence,
            action=revision.get_action_display(),
            created_at=revision.created_at,
            chain_hash=revision.chain_hash,
            purged=revision.snapshot is None,
        )
        if previous is not None and previous.snapshot and revision.snapshot:
            version.changes = changed_fields(previous.snapshot, revision.snapshot, person_names)
        versions.append(version)
        previous = revision
    return versions
