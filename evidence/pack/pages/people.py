"""The people described (each person named in the pack's incidents, as the author knows them),
then every witness the notes name, each with the incidents they saw and those incidents' pages.

The diary keeps witnesses as the words the author typed on each note ("Priya Shah, my colleague
at Wellington Street"), not as people with a role, so the same words on several notes are one
witness here, as on page 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, incident_anchor, whole


@dataclass(frozen=True)
class IncidentRef:
    """An incident named in a list, with the anchor of its entry in full for "page N"."""

    number: int
    day: str  # "1 Oct"
    anchor: str


@dataclass(frozen=True)
class WitnessEntry:
    words: str
    incidents: tuple[IncidentRef, ...]


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    witnesses = witness_entries(content)
    context = {"content": content, "witnesses": witnesses}
    weight = len(content.people) + 0.5 * len(witnesses) + 1
    return whole("people.html", context, weight)


def witness_entries(content: PackContent) -> list[WitnessEntry]:
    """Each witness once, in the order they first appear, with every incident naming them."""
    grouped: dict[str, tuple[str, list[IncidentRef]]] = {}
    for incident in content.incidents:
        words = " ".join(incident.witnesses.split())
        if words:
            entry = grouped.setdefault(words.casefold(), (words, []))
            entry[1].append(incident_ref(incident.number, incident.occurred_on))
    return [WitnessEntry(words, tuple(refs)) for words, refs in grouped.values()]


def incident_ref(number: int, day) -> IncidentRef:
    return IncidentRef(number, f"{day.day} {day:%b}", incident_anchor(number))
