"""The chronological log: one row an incident, oldest first, each row short enough to scan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from diary.models import Kind, shortened
from diary.times import clock
from evidence.pack.content import PackContent, PackIncident
from evidence.pack.pages.pieces import Piece, month_of, split
from evidence.pack.words import KIND_LABELS, day_words, joined, moment_words

# A row costs about a third of an incident in full to draw.
ROW_WEIGHT = 0.33
# Longest a place may run in the log's narrow column (in full under the incident).
WHERE_CHARACTERS = 60

# The log's own short words for each kind: the pack's long labels ("Waiting or hanging around
# near the author's home or work") took five lines of a narrow column. Keyed by the pack's
# label, which is what PackIncident.kinds holds.
_SHORT_KINDS = {
    Kind.PHONE_CALL: "Phone call",
    Kind.WITHHELD_CALL: "Withheld call",
    Kind.TEXT_MESSAGE: "Text",
    Kind.VOICEMAIL: "Voicemail",
    Kind.LETTER: "Letter",
    Kind.EMAIL: "Email",
    Kind.SOCIAL_MEDIA: "Social media",
    Kind.IN_PERSON: "Said in person",
    Kind.FOLLOWING: "Following",
    Kind.LOITERING: "Waiting nearby",
    Kind.DRIVING_PAST: "Driving past",
    Kind.GIFT_OR_PARCEL: "Gift or parcel",
    Kind.THROUGH_OTHERS: "Through others",
    Kind.DAMAGE: "Damage",
    Kind.VIOLENCE: "Violence",
    Kind.SEXUAL_ASSAULT: "Sexual assault",
    Kind.FALSE_REPORT: "False report",
    Kind.TRACKING: "Tracking",
    Kind.OTHER: "Other",
}
SHORT_KIND_LABELS = {KIND_LABELS[code]: short for code, short in _SHORT_KINDS.items()}

# What a series of one kind is counted in: "23 calls". Any other kind counts "times".
_SERIES_NOUNS = {
    Kind.PHONE_CALL: "calls",
    Kind.WITHHELD_CALL: "calls",
    Kind.TEXT_MESSAGE: "texts",
    Kind.VOICEMAIL: "voicemails",
    Kind.LETTER: "letters",
    Kind.EMAIL: "emails",
    Kind.SOCIAL_MEDIA: "messages",
    Kind.DRIVING_PAST: "drives past",
}
SERIES_NOUNS = {KIND_LABELS[code]: noun for code, noun in _SERIES_NOUNS.items()}


@dataclass(frozen=True)
class LogRow:
    number: int
    when: str
    where: str
    kinds: str
    # "23 calls" for a series; "" for one event.
    count: str
    who: str
    summary: str
    exhibits: tuple[str, ...]
    police_references: tuple[str, ...]
    serious: bool


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    rows = [log_row(incident, content.zone) for incident in content.incidents]
    months = {incident.number: month_of(incident.occurred_on) for incident in content.incidents}
    # With one person named, the Who column would say the same name on every row.
    names = {name for incident in content.incidents for name in incident.person_names}
    pieces = split(
        content,
        "log.html",
        "rows",
        rows,
        chunk_size,
        weigh=lambda _row: ROW_WEIGHT,
        month=lambda row: months[row.number],
    )
    for piece in pieces:
        piece.context["show_who"] = len(names) > 1
    return pieces


def log_row(incident: PackIncident, zone: ZoneInfo) -> LogRow:
    return LogRow(
        number=incident.number,
        when=log_when(incident, zone),
        where=shortened(" ".join(incident.location.split()), WHERE_CHARACTERS),
        kinds=joined([SHORT_KIND_LABELS.get(label, label) for label in incident.kinds]),
        count=series_words(incident),
        who=joined(incident.person_names, "Not known"),
        summary=incident.summary,
        exhibits=incident.exhibit_references,
        police_references=incident.police_references,
        serious=incident.seriousness == "very serious",
    )


def series_words(incident: PackIncident) -> str:
    """ "23 calls" for a series of calls, "4 times" for a series of anything else."""
    if not incident.series_count:
        return ""
    nouns = {SERIES_NOUNS.get(label, "times") for label in incident.kinds}
    noun = nouns.pop() if len(nouns) == 1 else "times"
    return f"{incident.series_count} {noun}"


def log_when(incident: PackIncident, zone: ZoneInfo) -> str:
    """ "Sun 4 Oct 2026, 1am BST": short, in the author's zone, with the clock it was in, since
    a period may run across a change between summer and winter time."""
    day = incident.occurred_on
    if incident.occurred_time is None or incident.occurred_at is None:
        start = f"{day:%a} {day.day} {day:%b %Y}"
        if incident.occurred_time is None:
            return f"{start}, time not known"
        return f"{start}, {clock(incident.occurred_time)}"
    local = incident.occurred_at.astimezone(zone)
    words = f"{local:%a} {local.day} {local:%b %Y}, {clock(local.time())}"
    if incident.ended_at is not None:
        ended = incident.ended_at.astimezone(zone)
        if ended.date() == local.date() and ended.tzname() == local.tzname():
            words += f" to {clock(ended.time())}"
        else:
            return f"{words} {local.tzname()} to {_short_moment(ended)}"
    return f"{words} {local.tzname()}"


def _short_moment(local: datetime) -> str:
    return f"{local:%a} {local.day} {local:%b}, {clock(local.time())} {local.tzname()}"


def when_words(incident: PackIncident, zone: ZoneInfo) -> str:
    """When it happened, as the incident's own heading says it."""
    day = day_words(incident.occurred_on)
    if incident.occurred_time is None:
        return f"{day}, time not known"
    if incident.occurred_at is not None:
        return moment_words(incident.occurred_at, zone)
    return f"{day}, {clock(incident.occurred_time)}"
