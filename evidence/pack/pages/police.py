"""The author's contacts with police and other agencies in the pack's period, then every police
reference once, each with the incidents it covers and their pages."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, incident_anchor, whole
from evidence.pack.words import long_date


@dataclass(frozen=True)
class PoliceRow:
    day: str
    who: str
    method: str
    summary: str
    reference: str


@dataclass(frozen=True)
class IncidentRun:
    """Incidents numbered one after another ("1–11"), with the anchors of the first and last
    for "pages 5–11"."""

    first: int
    last: int
    first_anchor: str
    last_anchor: str


@dataclass(frozen=True)
class ReferenceEntry:
    reference: str
    # Where it came from: "PC Amir Khan 4471, West Yorkshire Police, 14 Oct 2026".
    source: str
    incidents: tuple[IncidentRun, ...]


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
    weight = 0.25 * len(content.police_contacts) + 0.25 * len(references) + 0.5
    context = {"content": content, "police_contacts": rows, "references": references}
    return whole("police.html", context, weight)


def reference_entries(content: PackContent) -> list[ReferenceEntry]:
    """Every police reference once (letter case aside): those the contacts with police gave, by
    date, then any a note gives that no contact does. Each lists every incident it covers: the
    notes the contact was linked to and the notes that give the reference themselves."""
    in_pack = {incident.number for incident in content.incidents}
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
        day = contact.contacted_on
        sources.setdefault(key, ", ".join(p for p in (by, f"{day.day} {day:%b %Y}") if p))
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
            incidents=runs(sorted(numbers[key] & in_pack)),
        )
        for key in shown
    ]


def runs(numbers: list[int]) -> tuple[IncidentRun, ...]:
    """1, 2, 3, 5 as the runs 1–3 and 5."""
    found: list[list[int]] = []
    for number in numbers:
        if found and number == found[-1][-1] + 1:
            found[-1].append(number)
        else:
            found.append([number])
    return tuple(
        IncidentRun(run[0], run[-1], incident_anchor(run[0]), incident_anchor(run[-1]))
        for run in found
    )
