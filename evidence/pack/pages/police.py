"""The author's contacts with police and other agencies in the pack's period, then every police
reference once, each with the incidents it covers and their pages."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.pack.content import PackContent
from evidence.pack.pages.people import IncidentRef, incident_ref
from evidence.pack.pages.pieces import Piece, whole
from evidence.pack.words import long_date


@dataclass(frozen=True)
class PoliceRow:
    day: str
    who: str
    method: str
    summary: str
    reference: str


@dataclass(frozen=True)
class ReferenceEntry:
    reference: str
    # Where it came from: "Given by PC Amir Khan, West Yorkshire Police, on 14 October 2026".
    source: str
    incidents: tuple[IncidentRef, ...]


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    rows = [
        PoliceRow(
            day=long_date(contact.contacted_on),
            who=", ".join(
                part
                for part in (contact.officer_name, contact.officer_number, contact.organisation)
                if part.strip()
            ),
            method=contact.method,
            summary=contact.summary,
            reference=contact.reference,
        )
        for contact in content.police_contacts
    ]
    references = reference_entries(content)
    weight = 0.1 * len(content.police_contacts) + 0.1 * len(references) + 0.2
    context = {"content": content, "police_contacts": rows, "references": references}
    return whole("police.html", context, weight)


def reference_entries(content: PackContent) -> list[ReferenceEntry]:
    """Every police reference once (letter case aside): those the contacts with police gave, by
    date, then any a note gives that no contact does. Each lists every incident it covers: the
    notes the contact was linked to and the notes that give the reference themselves."""
    days = {incident.number: incident.occurred_on for incident in content.incidents}
    numbers: dict[str, set[int]] = {}
    sources: dict[str, str] = {}
    shown: dict[str, str] = {}
    for contact in content.police_contacts:
        key = contact.reference.strip().casefold()
        if not key:
            continue
        shown.setdefault(key, contact.reference.strip())
        numbers.setdefault(key, set()).update(contact.incident_numbers)
        officer = " ".join(p for p in (contact.officer_name, contact.officer_number) if p.strip())
        by = ", ".join(p for p in (officer, contact.organisation) if p.strip())
        given = f"Given by {by}" if by else "Given"
        sources.setdefault(key, f"{given} on {long_date(contact.contacted_on)}")
    for incident in content.incidents:
        for reference in incident.police_references:
            key = reference.strip().casefold()
            if key:
                shown.setdefault(key, reference.strip())
                numbers.setdefault(key, set()).add(incident.number)
                sources.setdefault(key, "Given in the note")
    return [
        ReferenceEntry(
            reference=shown[key],
            source=sources[key],
            incidents=tuple(
                incident_ref(number, days[number])
                for number in sorted(numbers[key])
                if number in days
            ),
        )
        for key in shown
    ]
