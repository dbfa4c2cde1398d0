"""The impact summary: the legal elements, other feelings, what the author changed, and the
author's own words about it (left out when the author chose so)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Line, Piece, filled, whole
from evidence.pack.words import long_date


@dataclass(frozen=True)
class OwnWords:
    heading: str
    lines: tuple[Line, ...]


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    if not content.options.include_impact:
        return []
    incidents = content.incidents
    feelings = Counter(
        label for incident in incidents for label in dict.fromkeys(incident.feelings)
    )
    legal = {tally.label for tally in content.summary.legal_elements}
    own_words = []
    for incident in incidents:
        lines = filled(
            [
                Line("Other feelings", incident.feelings_other, multiline=True),
                Line("Other changes", incident.changes_other, multiline=True),
            ]
        )
        if lines:
            heading = f"Incident {incident.number} — {long_date(incident.occurred_on)}"
            own_words.append(OwnWords(heading, lines))
    context = {
        "content": content,
        "legal_elements": content.summary.legal_elements,
        "other_feelings": [
            (label, count) for label, count in feelings.most_common() if label not in legal
        ],
        "changes": content.summary.changes,
        "own_words": own_words,
    }
    return whole("impact.html", context, 1)
