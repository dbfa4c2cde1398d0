"""The author's contacts with police and other agencies in the pack's period."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, whole
from evidence.pack.words import long_date


@dataclass(frozen=True)
class PoliceRow:
    day: str
    who: str
    method: str
    summary: str
    reference: str


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
    weight = 0.1 * len(content.police_contacts) + 0.2
    return whole("police.html", {"content": content, "police_contacts": rows}, weight)
