"""How the pack words dates, times, sizes, counts and the diary's labels for its reader.

The app speaks to its user ("Following you"); the pack speaks about its author to an officer
("Following the author"). Every page module, the cover and the pack pages in the app use these,
so a date or a label reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from diary.models import Change, Feeling, Kind
from diary.times import clock

# Dates and times -------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """'3 March 2026'."""
    return f"{day.day} {day:%B %Y}"


def period_words(start: date | None, end: date | None) -> str:
    """The period a pack covers, as its cover and its pages both say it."""
    if start is None and end is None:
        return "All records"
    if start is None:
        return f"Everything up to {long_date(end)}"
    if end is None:
        return f"From {long_date(start)} onwards"
    return f"From {long_date(start)} to {long_date(end)}"


def day_words(day: date) -> str:
    """'Tuesday 3 March 2026'."""
    return f"{day:%A} {long_date(day)}"


def moment_words(moment: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 3 March 2026, 9:15pm', in the pack's timezone."""
    local = moment.astimezone(zone)
    return f"{day_words(local.date())}, {clock(local.time())}"


def moment_at_words(moment: datetime, zone: ZoneInfo) -> str:
    """'Friday 6 March 2026 at 8:02am', for when something was written."""
    local = moment.astimezone(zone)
    return f"{day_words(local.date())} at {clock(local.time())}"


def short_moment_words(moment: datetime, zone: ZoneInfo) -> str:
    """'3 Oct 2026, 7:42am BST': for lists, with the clock then in use."""
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y}, {clock(local.time())} {local.tzname()}"


def timezone_words(timezone: str) -> str:
    if timezone == "Europe/London":
        return "All times are UK time (Europe/London), with summer time where it applied."
    return f"All times are local time in the {timezone} timezone."


# Sizes and counts ------------------------------------------------------------------------------


def size_words(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1000:
        return f"{size} bytes"
    if size < 1000 * 1000:
        return f"{size / 1000:.0f} KB"
    return f"{size / (1000 * 1000):.1f} MB"


def duration_words(seconds: float | None) -> str:
    if seconds is None:
        return "length not known"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(counted(hours, "hour"))
    if minutes:
        parts.append(counted(minutes, "minute"))
    if secs or not parts:
        parts.append(counted(secs, "second"))
    return " ".join(parts)


def times_words(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def counted(count: int, noun: str) -> str:
    """'1 file', '3 files'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def joined(items: Sequence[str], empty: str = "") -> str:
    return ", ".join(items) if items else empty


# The diary's labels, for a reader who is not the author ---------------------------------------

_THIRD_PERSON = {
    Kind.FOLLOWING: "Following the author",
    Kind.LOITERING: "Waiting or hanging around near the author's home or work",
    Kind.FALSE_REPORT: "False report or complaint about the author",
    Feeling.FEAR_OF_VIOLENCE: "Afraid that violence would be used against them",
    Change.ROUTINE: "Their daily routine",
    Change.ROUTE: "The way they travel",
    Change.WORK: "Their work or studies",
}


def _pack_labels(choices) -> dict[str, str]:
    """Code to label, in the form's order, worded for a reader who is not the author."""
    return {code: _THIRD_PERSON.get(code, label) for code, label in choices}


KIND_LABELS = _pack_labels(Kind.choices)
FEELING_LABELS = _pack_labels(Feeling.choices)
CHANGE_LABELS = _pack_labels(Change.choices)


def labels_of(codes, labels: dict[str, str]) -> tuple[str, ...]:
    """The labels of the chosen codes, in the form's order."""
    chosen = set(codes)
    return tuple(label for code, label in labels.items() if code in chosen)
