"""The impact summary: what the author spent, the effect on children, family or others, other
feelings, what the author changed, and the author's own words about it (left out when the author
chose so). The alarm, distress and fear table is printed once, in the summary; this page points
to it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from diary.models import money_words
from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Line, Piece, filled, incident_anchor, whole
from evidence.pack.words import long_date


@dataclass(frozen=True)
class OwnWords:
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class CostLine:
    number: int
    day: str
    amount: str
    what_for: str
    anchor: str


@dataclass(frozen=True)
class EffectLine:
    number: int
    day: str
    words: str
    anchor: str


def short_day(day) -> str:
    return f"{day.day} {day:%b %Y}"


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
    costs = [
        CostLine(
            incident.number,
            short_day(incident.occurred_on),
            money_words(incident.cost),
            incident.cost_for,
            incident_anchor(incident.number),
        )
        for incident in incidents
        if incident.cost is not None
    ]
    total = sum((i.cost for i in incidents if i.cost is not None), Decimal(0))
    effects = [
        EffectLine(
            incident.number,
            short_day(incident.occurred_on),
            incident.effect_on_others.strip(),
            incident_anchor(incident.number),
        )
        for incident in incidents
        if incident.effect_on_others.strip()
    ]
    context = {
        "content": content,
        "other_feelings": [
            (label, count) for label, count in feelings.most_common() if label not in legal
        ],
        "changes": content.summary.changes,
        "costs": costs,
        "total_cost": money_words(total),
        "effects": effects,
        "own_words": own_words,
    }
    # Weights here and in people.py, police.py and history.py were measured against the time
    # each section takes to draw (an incident in full is about 25 ms of CPU).
    return whole("impact.html", context, 1 + 0.2 * (len(costs) + len(effects)))
