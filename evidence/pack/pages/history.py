"""Appendix A: the history of every note, short enough to read.

Notes never changed after they were written share one line; amendments that were the same on
several notes (linking a contact with the police changes each note it covers in the same way)
are described once for all of them, each with the author's reason. Each note's latest chain
hash is printed, one row a note: it is worked out from every revision before it, so it vouches
for the whole history (Appendix B says how to check it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from diary.history import FieldChange, Version
from diary.times import clock
from evidence.pack.content import PackContent, PackIncident
from evidence.pack.pages.cover import number_ranges
from evidence.pack.pages.pieces import Piece, month_of, split
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
    month: tuple[int, int] | None = None  # of the first of the hash rows' notes


# Rows of the hash table in one slice at most, so a big pack's appendix can be cut into chunks.
HASH_ROWS_AT_ONCE = 40


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    if not content.options.include_history:
        return []
    with_history = [incident for incident in content.incidents if incident.history]
    zone = content.zone
    # The line of notes never changed is different with every new note; the changes are not.
    head: list[HistoryEntry] = []
    unchanged = [i.number for i in with_history if never_changed(i)]
    if unchanged:
        words = f"{notes_words(unchanged)}: written once, never changed."
        head.append(HistoryEntry(unchanged=words))
    groups: list[HistoryEntry] = []
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
        groups.append(HistoryEntry(group=ChangeGroup(notes_words(numbers), versions)))
    rows = [
        (
            month_of(incident.occurred_on),
            HashRow(
                incident.number,
                len(incident.history),
                _short_time(incident.history[-1].created_at, zone),
                incident.history[-1].chain_hash,
            ),
        )
        for incident in with_history
    ]
    # The table in slices counted from the first note, so a note added at the end changes only
    # the last slice; each slice is dated by its first note, for split's cuts by month.
    hashes = [
        HistoryEntry(
            hashes=tuple(row for _month, row in rows[start : start + HASH_ROWS_AT_ONCE]),
            month=rows[start][0],
        )
        for start in range(0, len(rows), HASH_ROWS_AT_ONCE)
    ]

    def weigh(entry: HistoryEntry) -> float:
        return 0.5 + 0.125 * len(entry.hashes)

    parts = [
        split(content, "history.html", "entries", part, chunk_size, weigh=weigh)
        for part in (head, groups)
        if part
    ]
    if hashes:
        # The hash table is cut by month (in small pieces: a row draws quickly), so a new note
        # redraws only the last month's rows.
        parts.append(
            split(
                content,
                "history.html",
                "entries",
                hashes,
                chunk_size,
                weigh=weigh,
                month=lambda entry: entry.month,
                least=chunk_size / 6,
            )
        )
    if not parts:
        return split(content, "history.html", "entries", [], chunk_size, weigh=weigh)
    # Each part after the first carries on the appendix; in a pack drawn in chunks each starts
    # a chunk of its own, so the changes and older months' rows are drawn again only if they
    # changed.
    later = []
    for piece in (piece for part in parts[1:] for piece in part):
        piece.context["continued"] = True
        later.append(replace(piece, continued=True, own_chunk=True))
    return parts[0] + later


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
