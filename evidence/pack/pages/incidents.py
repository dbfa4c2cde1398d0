"""Each incident in full: when it happened and was written, every detail, and its exhibits."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from diary.times import clock
from evidence.pack.content import PackContent, PackExhibit, PackIncident
from evidence.pack.pages.exhibits import ExhibitView, exhibit_view
from evidence.pack.pages.log import when_words
from evidence.pack.pages.pieces import Line, Piece, filled, split
from evidence.pack.words import joined, long_date, moment_at_words, moment_words, times_words


@dataclass(frozen=True)
class IncidentView:
    incident: PackIncident
    heading: str
    happened: str
    written: str
    last_changed: str
    edits: str
    lines: tuple[Line, ...]
    exhibits: tuple[ExhibitView, ...]
    missing_references: tuple[str, ...]


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    drawn: dict[str, int] = {}  # exhibit reference: the incident it was first drawn under
    exhibits = {exhibit.reference: exhibit for exhibit in content.exhibits}
    views = [incident_view(incident, content, exhibits, drawn) for incident in content.incidents]
    return split(
        content,
        "incidents.html",
        "incidents",
        views,
        chunk_size,
        weigh=_incident_weight,
        tokens=lambda view: tuple(
            token for exhibit in view.exhibits for token in exhibit.image_tokens
        ),
    )


def incident_view(
    incident: PackIncident,
    content: PackContent,
    exhibits_by_reference: dict[str, PackExhibit],
    drawn: dict[str, int],
) -> IncidentView:
    zone = content.zone
    last_changed = ""
    if incident.updated_at != incident.recorded_at:
        last_changed = moment_at_words(incident.updated_at, zone)
    exhibits = []
    missing = []
    for reference in incident.exhibit_references:
        exhibit = exhibits_by_reference.get(reference)
        if exhibit is None:
            missing.append(reference)
            continue
        exhibits.append(exhibit_view(exhibit, incident.number, drawn, zone))
    return IncidentView(
        incident=incident,
        heading=f"Incident {incident.number} — {long_date(incident.occurred_on)}",
        happened=happened_words(incident, zone),
        written=written_words(incident, zone),
        last_changed=last_changed,
        edits=edits_words(incident, include_history=content.options.include_history),
        lines=_lines(incident),
        exhibits=tuple(exhibits),
        missing_references=tuple(missing),
    )


def _lines(incident: PackIncident) -> tuple[Line, ...]:
    police = incident.police_told
    if police == "Yes" and incident.police_told_on:
        police = f"Yes, on {long_date(incident.police_told_on)}"
    return filled(
        [
            Line("What happened (kinds)", joined(incident.kinds)),
            Line("Who", joined(incident.person_names, "Not known")),
            Line("Where", incident.location),
            Line("What happened", incident.narrative, multiline=True),
            Line("How they looked and sounded", incident.appearance, multiline=True),
            Line("Vehicle", incident.vehicle),
            Line("Number or account used", incident.contact_used),
            Line("Witnesses", incident.witnesses, multiline=True),
            Line("People told", incident.people_told, multiline=True),
            Line("How it made them feel", joined(incident.feelings)),
            Line("Other feelings", incident.feelings_other, multiline=True),
            Line("What they changed", joined(incident.changes)),
            Line("Other changes", incident.changes_other, multiline=True),
            Line("Told the police", police),
            Line("Police reference", incident.police_reference),
        ]
    )


def happened_words(incident: PackIncident, zone: ZoneInfo) -> str:
    start = when_words(incident, zone)
    if incident.ended_at is None:
        return start
    ended = incident.ended_at.astimezone(zone)
    if incident.occurred_time is not None and ended.date() == incident.occurred_on:
        return f"{start} to {clock(ended.time())}"
    return f"{start} to {moment_words(incident.ended_at, zone)}"


def written_words(incident: PackIncident, zone: ZoneInfo) -> str:
    written = moment_at_words(incident.recorded_at, zone)
    if incident.written_late:
        written += f" ({incident.written_late} later)"
    return written


def edits_words(incident: PackIncident, *, include_history: bool) -> str:
    parts = []
    if incident.was_deleted:
        parts.append("Deleted and later restored")
    if incident.amendments:
        parts.append(f"Amended {times_words(incident.amendments)}")
    if not parts:
        return ""
    where = (
        "the history is in Appendix A"
        if include_history
        else "the history of changes is not included in this pack"
    )
    sentence = "; ".join(parts)
    return sentence[0] + sentence[1:].lower() + f"; {where}."


def _incident_weight(view: IncidentView) -> float:
    # Measured: an incident of the usual length takes about 40 ms to draw, a long narrative
    # more; an exhibit under it about a quarter of that, and a picture as much again (it pushes
    # text onto new pages). A log row costs a third of an incident, an index entry about as much.
    text = sum(len(line.value) for line in view.lines)
    pictures = sum(len(exhibit.image_tokens) for exhibit in view.exhibits)
    return 0.6 + text / 2500 + 0.25 * len(view.exhibits) + 0.25 * pictures
