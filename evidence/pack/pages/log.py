"""The chronological log: one row an incident, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from diary.times import clock
from evidence.pack.content import PackContent, PackIncident
from evidence.pack.pages.pieces import Piece, split
from evidence.pack.words import day_words, joined, moment_words

# A row costs about a third of an incident in full to draw.
ROW_WEIGHT = 0.33


@dataclass(frozen=True)
class LogRow:
    number: int
    when: str
    kinds: str
    who: str
    summary: str
    exhibits: str
    police_reference: str


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    rows = [log_row(incident, content.zone) for incident in content.incidents]
    return split(content, "log.html", "rows", rows, chunk_size, weigh=lambda _row: ROW_WEIGHT)


def log_row(incident: PackIncident, zone: ZoneInfo) -> LogRow:
    return LogRow(
        number=incident.number,
        when=when_words(incident, zone),
        kinds=joined(incident.kinds),
        who=joined(incident.person_names, "Not known"),
        summary=incident.summary,
        exhibits=joined(incident.exhibit_references),
        police_reference=incident.police_reference,
    )


def when_words(incident: PackIncident, zone: ZoneInfo) -> str:
    """When it happened, as the log and the incident's own heading say it."""
    day = day_words(incident.occurred_on)
    if incident.occurred_time is None:
        return f"{day}, time not known"
    if incident.occurred_at is not None:
        return moment_words(incident.occurred_at, zone)
    return f"{day}, {clock(incident.occurred_time)}"
