"""What changed between an incident's revisions, in words, for the history page and the pack."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from diary.models import (
    INCIDENT_FIELDS_BY_NAME,
    Change,
    Feeling,
    Kind,
    NotedElsewhere,
    PoliceTold,
    Seriousness,
    money_words,
)
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
    "summary_line": "One-line summary",
    "seriousness": "How serious it was",
    "series_count": "How many times",
    "noted_elsewhere": "Noted at the time elsewhere",
    "noted_elsewhere_on": "Date noted elsewhere",
    "noted_elsewhere_time": "Time noted elsewhere",
    "cost": "Cost",
    "cost_for": "What the cost was for",
    "effect_on_others": "Effect on children, family or others",
}
_CHOICE_LABELS = {
    "kinds": dict(Kind.choices),
    "feelings": dict(Feeling.choices),
    "changes": dict(Change.choices),
    "police_told": dict(PoliceTold.choices),
    "seriousness": dict(Seriousness.choices),
    "noted_elsewhere": dict(NotedElsewhere.choices),
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
    # Why the author changed the note, in their words, when they said.
    reason: str = ""


def _show(name: str, value, person_names: dict[str, str], timezone_name: str) -> str:
    """A snapshot value as the person typed it: local times, written-out dates, names."""
    if value in (None, "", []):
        return "(empty)"
    if name == "ended_at":
        return clock(datetime.fromisoformat(value).astimezone(ZoneInfo(timezone_name)).time())
    if name in ("occurred_time", "noted_elsewhere_time"):
        return clock(time.fromisoformat(value))
    if name == "cost":
        return money_words(Decimal(value))
    if name in ("occurred_on", "police_told_on", "noted_elsewhere_on"):
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    if name == "persons":
        return ", ".join(person_names.get(pk, "a person since removed") for pk in value)
    labels = _CHOICE_LABELS.get(name)
    if labels is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, v) for v in values)
    return str(value)


def _value(snapshot: dict, name: str):
    """A field's value in a snapshot; a field added after it was written counts as empty."""
    if name in snapshot or name not in INCIDENT_FIELDS_BY_NAME:
        return snapshot.get(name)
    field = INCIDENT_FIELDS_BY_NAME[name]
    return field.to_json(field.empty)


def changed_fields(before: dict, after: dict, person_names: dict[str, str]) -> list[FieldChange]:
    zone = after.get("timezone") or "UTC"
    return [
        FieldChange(
            label,
            _show(name, _value(before, name), person_names, zone),
            _show(name, _value(after, name), person_names, zone),
        )
        for name, label in FIELD_LABELS.items()
        if _value(before, name) != _value(after, name)
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
            reason=(revision.snapshot or {}).get("reason", ""),
        )
        if previous is not None and previous.snapshot and revision.snapshot:
            version.changes = changed_fields(previous.snapshot, revision.snapshot, person_names)
        versions.append(version)
        previous = revision
    return versions
