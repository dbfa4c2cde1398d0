"""Appendix A: every version of every note, with what changed between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from diary.history import FieldChange, Version
from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, split
from evidence.pack.words import long_date, moment_at_words

# Shorter than this, a changed value is shown whole before and after.
LONG_TEXT = 200


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
class HistoryEntry:
    heading: str
    versions: tuple[VersionView, ...]


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    if not content.options.include_history:
        return []
    entries = []
    for incident in content.incidents:
        if not incident.history:
            continue
        versions = tuple(
            VersionView(
                version,
                _version_time(version.created_at, content.zone),
                tuple(describe_change(change) for change in version.changes),
            )
            for version in incident.history
        )
        heading = f"Incident {incident.number} — {long_date(incident.occurred_on)}"
        entries.append(HistoryEntry(heading, versions))
    return split(
        content,
        "history.html",
        "entries",
        entries,
        chunk_size,
        weigh=lambda entry: 0.1 + 0.1 * len(entry.versions),
    )


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
        return moment_at_words(created_at, zone)
    return str(created_at)
