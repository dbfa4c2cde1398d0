"""The cover: who made the pack, the period, the time zone, the reference, the manifest's hash,
the counts and what was chosen, and any notice about words hidden or originals left out."""

from __future__ import annotations

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Line, Piece, whole
from evidence.pack.redaction import REDACTED
from evidence.pack.words import counted, moment_at_words, period_words, timezone_words


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    files = sum(1 for exhibit in content.exhibits if not exhibit.is_item)
    items = len(content.exhibits) - files
    counts = [
        Line("Incidents", str(len(content.incidents))),
        Line(
            "Exhibits",
            f"{len(content.exhibits)} ({counted(files, 'file')}, "
            f"{counted(items, 'physical item')})",
        ),
        Line("People described", str(len(content.people))),
    ]
    context = {
        "content": content,
        "period": period_words(content.period_start, content.period_end),
        "made": moment_at_words(content.created_at, content.zone),
        "timezone_words": timezone_words(content.timezone),
        "counts": counts,
        "notices": _notices(content),
    }
    return whole("cover.html", context, 1)


def _notices(content: PackContent) -> list[str]:
    notices = []
    if content.redactions_made:
        notices.append(
            "The author removed some details from this PDF before it was made. Each removed "
            f"part appears as “{REDACTED}”. The original files in the bundle are not "
            "redacted."
        )
    left_out = content.located_left_out
    if left_out:
        notices.append(
            "These original files were left out of the bundle because they carry location "
            "data (they may show where the author lives): " + ", ".join(left_out) + ". They "
            "are still listed and described in this pack."
        )
    return notices
