"""Each incident in full: when it happened and was written, every detail, and its exhibits.

Short facts (who, where, how serious, what it cost) run on in one paragraph and only the
author's longer words take lines of their own, so a note of the usual length is a third of a
page, not half of one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from diary.models import money_words
from diary.times import clock
from evidence.pack.content import PackContent, PackExhibit, PackIncident
from evidence.pack.pages.exhibits import ExhibitView, exhibit_view
from evidence.pack.pages.log import series_words, when_words
from evidence.pack.pages.pieces import Line, Piece, filled, incident_anchor, month_of, split
from evidence.pack.words import joined, long_date, moment_at_words, moment_words, times_words


@dataclass(frozen=True)
class IncidentView:
    incident: PackIncident
    anchor: str
    heading: str
    happened: str
    written: str
    last_changed: str
    edits: str
    lines: tuple[Line, ...]
    exhibits: tuple[ExhibitView, ...]
    missing_references: tuple[str, ...]
    # "23 calls" for a series; "" for one event.
    count: str = ""
    # "In notes on my phone, on 4 October 2026 at 1:30am"; "" when the author did not say.
    noted_elsewhere: str = ""

    @property
    def short_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.multiline)

    @property
    def long_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.multiline)


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
        month=lambda view: month_of(view.incident.occurred_on),
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
        view = exhibit_view(exhibit, incident.number, drawn, zone)
        if view.shown_under is not None:
            # Printed in full under an earlier incident: here only its reference and where.
            view = replace(view, facts=())
        exhibits.append(view)
    return IncidentView(
        incident=incident,
        anchor=incident_anchor(incident.number),
        heading=f"Incident {incident.number} — {long_date(incident.occurred_on)}",
        happened=happened_words(incident, zone),
        written=written_words(incident, zone),
        last_changed=last_changed,
        edits=edits_words(incident, include_history=content.options.include_history),
        lines=_lines(incident),
        exhibits=tuple(exhibits),
        missing_references=tuple(missing),
        count=series_words(incident),
        noted_elsewhere=noted_elsewhere_words(incident),
    )


def noted_elsewhere_words(incident: PackIncident) -> str:
    """How and when the author also noted it at the time, beside when the diary note was
    written, so a note written late shows its support."""
    how = incident.noted_elsewhere
    if not how:
        return ""
    if how == "No":
        return "No"
    if incident.noted_elsewhere_on:
        how += f", on {long_date(incident.noted_elsewhere_on)}"
        if incident.noted_elsewhere_time:
            how += f" at {clock(incident.noted_elsewhere_time)}"
    return how


def _lines(incident: PackIncident) -> tuple[Line, ...]:
    police = incident.police_told
    if incident.police_contact_dates:
        # A contact with the police linked to the note says it was reported, and when.
        days = ", ".join(long_date(day) for day in sorted(set(incident.police_contact_dates)))
        police = f"Yes, on {days}"
    elif police == "Yes" and incident.police_told_on:
        police = f"Yes, on {long_date(incident.police_told_on)}"
    cost = ""
    if incident.cost is not None:
        cost = money_words(incident.cost)
        if incident.cost_for.strip():
            cost += f", {incident.cost_for.strip()}"
    return filled(
        [
            Line("How serious", incident.seriousness.capitalize()),
            Line("Kind", joined(incident.kinds)),
            Line("Who", joined(incident.person_names, "Not known")),
            Line("Where", incident.location),
            Line("Vehicle", incident.vehicle),
            Line("Number or account used", incident.contact_used),
            Line("Told the police", police),
            Line("Police reference", joined(incident.police_references)),
            Line("How it made them feel", joined(incident.feelings)),
            Line("What they changed", joined(incident.changes)),
            Line("Cost", cost),
            Line("What happened", incident.narrative, multiline=True),
            Line("How they looked and sounded", incident.appearance, multiline=True),
            Line("Witnesses", incident.witnesses, multiline=True),
            Line("People told", incident.people_told, multiline=True),
            Line("Effect on children, family or others", incident.effect_on_others, multiline=True),
            Line("Other feelings", incident.feelings_other, multiline=True),
            Line("Other changes", incident.changes_other, multiline=True),
        ]
    )


def happened_words(incident: PackIncident, zone: ZoneInfo) -> str:
    """When it happened, with the clock then in use ("BST", "GMT"): the period may run across
    a change between summer and winter time."""
    start = when_words(incident, zone)
    local = incident.occurred_at.astimezone(zone) if incident.occurred_at else None
    if incident.ended_at is None:
        return f"{start} {local.tzname()}" if local else start
    ended = incident.ended_at.astimezone(zone)
    if local and ended.date() == local.date() and ended.tzname() == local.tzname():
        return f"{start} to {clock(ended.time())} {ended.tzname()}"
    start = f"{start} {local.tzname()}" if local else start
    return f"{start} to {moment_words(incident.ended_at, zone)} {ended.tzname()}"


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
