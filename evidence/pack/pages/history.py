"""Appendix A: the history of every note, short enough to read.

Notes never changed after they were written share one line; amendments that were the same on
several notes (linking a contact with the police changes each note it covers in the same way)
are described once for all of them, each with the author's reason. Each note's latest chain
hash is printed, one row a note: it is worked out from every revision before it, so it vouches
for the whole history (Appendix B says how to check it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from diary.history import FieldChange, Version
from diary.times import clock
from evidence.pack.content import PackContent, PackIncident
from evidence.pack.pages.cover import number_ranges
from evidence.pack.pages.pieces import Piece, split
from evidence.pack.words import moment_at_words

# Shorter than this, a changed value is shown whole before and after.
LONG_TEXT = 200
WRITTEN = "Written"


@dataclass(frozen=True)
class ChangeView:
    label: str
    # "changed", "added" (text put on the end) or "cut" (text taken off the end)
    how: str
    before: str = ""
    after: str = ""
    difference: str = ""


@dataclass(frozen=True)
class VersionView:
    version: Version
    when: str
    changes: tuple[ChangeView, ...] = ()


@dataclass(frozen=True)
class ChangeGroup:
    """The same saves after the first, on one note or on several."""

    notes: str  # "Notes 1–11", "Note 12"
    versions: tuple[VersionView, ...]  # the later saves, as the first note of the group had them


@dataclass(frozen=True)
class HashRow:
    number: int
    revisions: int
    when: str  # the latest save
    chain_hash: str  # the latest


@dataclass(frozen=True)
class HistoryEntry:
    """One piece of the appendix: the untouched notes' line, a group of changes, or hash rows."""

    unchanged: str = ""
    group: ChangeGroup | None = None
    hashes: tuple[HashRow, ...] = ()


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    if not content.options.include_history:
        return []
    with_history = [incident for incident in content.incidents if incident.history]
    zone = content.zone
    entries: list[HistoryEntry] = []
    unchanged = [i.number for i in with_history if never_changed(i)]
    if unchanged:
        words = f"{notes_words(unchanged)}: written once, never changed."
        entries.append(HistoryEntry(unchanged=words))
    for numbers, first in _change_groups([i for i in with_history if not never_changed(i)]):
        versions = tuple(
            VersionView(
                version,
                # Several notes' saves were at different moments: each is in the hash table.
                _version_time(version.created_at, zone) if len(numbers) == 1 else "",
                tuple(describe_change(change) for change in version.changes),
            )
            for version in first.history[1:]
        )
        entries.append(HistoryEntry(group=ChangeGroup(notes_words(numbers), versions)))
    rows = [
        HashRow(
            incident.number,
            len(incident.history),
            _short_time(incident.history[-1].created_at, zone),
            incident.history[-1].chain_hash,
        )
        for incident in with_history
    ]
    # The hash table in slices, so a big pack's appendix can still be cut into chunks.
    for start in range(0, len(rows), 40):
        entries.append(HistoryEntry(hashes=tuple(rows[start : start + 40])))
    return split(
        content,
        "history.html",
        "entries",
        entries,
        chunk_size,
        weigh=lambda entry: 0.5 + 0.125 * len(entry.hashes),
    )


def never_changed(incident: PackIncident) -> bool:
    return len(incident.history) == 1 and incident.history[0].action == WRITTEN


def _change_key(incident: PackIncident) -> tuple:
    """What a note's later saves did, leaving out when: equal keys are described once."""
    return tuple(
        (
            version.action,
            version.reason,
            version.purged,
            tuple((c.label, c.before, c.after) for c in version.changes),
        )
        for version in incident.history[1:]
    ) + ((incident.history[0].action, incident.history[0].purged),)


def _change_groups(incidents: list[PackIncident]) -> list[tuple[list[int], PackIncident]]:
    groups: dict[tuple, tuple[list[int], PackIncident]] = {}
    for incident in incidents:
        groups.setdefault(_change_key(incident), ([], incident))[0].append(incident.number)
    return list(groups.values())


def notes_words(numbers: list[int]) -> str:
    """ "Note 4", "Notes 1–9, 11, 13–25"."""
    return f"Note{'s' if len(numbers) > 1 else ''} {number_ranges(numbers)}"


def describe_change(change: FieldChange) -> ChangeView:
    """A long text that only grew (or shrank) at its end is shown by the part that changed."""
    before, after = change.before, change.after
    if len(before) >= LONG_TEXT and after.startswith(before):
        return ChangeView(change.label, "added", difference=after[len(before) :].strip())
    if len(after) >= LONG_TEXT and before.startswith(after):
        return ChangeView(change.label, "cut", difference=before[len(after) :].strip())
    return ChangeView(change.label, "changed", before=before, after=after)


def _version_time(created_at: object, zone: ZoneInfo) -> str:
    if isinstance(created_at, datetime):
        local = created_at.astimezone(zone)
        return f"{moment_at_words(created_at, zone)} {local.tzname()}"
    return str(created_at)


def _short_time(created_at: object, zone: ZoneInfo) -> str:
    """ "27 Nov 2026 7:07pm", for a row of the hash table."""
    if isinstance(created_at, datetime):
        local = created_at.astimezone(zone)
        return f"{local.day} {local:%b %Y} {clock(local.time())}"
    return str(created_at)
