"""The course of conduct in numbers: counts, gaps, the pattern, the legal elements, and its chart.

A note may record a series of the same thing ("23 calls between 1am and 3am"); every count here
counts each event of a series, so 23 calls count as 23, and the headline says how many notes
they were written in.

A pure core over plain inputs (SummaryIncident and label maps such as dict(Kind.choices)); the
pack task gathers those from the database. The chart is a small hand-made SVG 1.1 drawing with
no scripts, links, external references or named fonts, so WeasyPrint draws it the same anywhere.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from evidence.pack.words import counted, long_date

# The feelings the law looks for, as diary.models.Feeling stores them (a test keeps them in step).
LEGAL_ELEMENTS = ("alarm", "distress", "fear_of_violence")
PERSON_NOT_KNOWN = "Person not known"
# The pattern compares two windows ending on the latest incident: two weeks each for a case of
# up to eight weeks, four weeks each for a longer one.
SHORT_WINDOW_DAYS = 14
LONG_WINDOW_DAYS = 28
SHORT_CASE_DAYS = 56
# Longer than this and weekly bars become too thin to read: count per month instead.
WEEKLY_LIMIT_DAYS = 26 * 7

TrendDirection = Literal["rising", "falling", "about the same"]
BucketUnit = Literal["week", "month"]


@dataclass(frozen=True)
class SummaryIncident:
    """What the summary needs from one incident: codes, not labels; names, not people."""

    occurred_on: date
    kinds: tuple[str, ...] = ()
    person_names: tuple[str, ...] = ()
    feelings: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    police_told: bool = False
    count: int = 1  # a series of the same thing counts each time it happened
    very_serious: bool = False


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class Gap:
    """The longest stretch between two incidents on consecutive recorded dates."""

    days: int
    after: date
    before: date

    @property
    def words(self) -> str:
        return (
            f"{counted(self.days, 'day')}, between {long_date(self.after)} "
            f"and {long_date(self.before)}"
        )


@dataclass(frozen=True)
class Pattern:
    """How often incidents happened lately: the window that ends on the latest incident against
    the window of the same length before it, in events (a series counts each time).

    Measured up to the latest incident, not the day the pack was made, so a quiet fortnight
    before the pack is made is stated as such rather than read as a fall.
    """

    window_days: int
    latest_on: date | None
    latest: int  # events in the window ending on latest_on
    before: int  # events in the window before that
    very_serious_latest: int
    very_serious_before: int
    # Some incident is older than both windows, so the earlier window is not just the start.
    has_earlier_history: bool
    # Days from the latest incident to the day the pack was made (or its period ended).
    quiet_days: int
    quiet_until: str  # "this pack was made" or "the end of the period"

    @property
    def window_words(self) -> str:
        return f"{self.window_days // 7} weeks"

    @property
    def rising(self) -> bool:
        """True only when it is both true and worth saying: a clear rise over a window that
        was not simply the start of the diary."""
        starts_earlier = self.has_earlier_history or self.before > 0
        return starts_earlier and trend_direction(self.latest, self.before) == "rising"

    @property
    def words(self) -> str:
        if self.latest_on is None:
            return "No incidents are recorded, so there is no pattern to describe."
        window = self.window_words
        sentences = [
            f"{self.latest} in the {window} up to {long_date(self.latest_on)} (the latest "
            f"incident), {self.before} in the {window} before that."
        ]
        if self.rising:
            sentences.append(f"Incidents were more frequent in the latest {window}.")
        if self.very_serious_latest or self.very_serious_before:
            sentences.append(
                f"Marked very serious by the author: {self.very_serious_latest} in the latest "
                f"{window}, {self.very_serious_before} in the {window} before."
            )
        if self.quiet_days > 0:
            sentences.append(
                f"The latest incident was {counted(self.quiet_days, 'day')} before "
                f"{self.quiet_until}."
            )
        return " ".join(sentences)


@dataclass(frozen=True)
class Bucket:
    """One bar of the chart: a Monday-to-Sunday ISO week or a calendar month."""

    start: date
    end: date
    count: int
    label: str  # short, for under a bar: "30 Mar" or "Mar 2026"
    long_label: str  # for sentences: "week beginning 30 March 2026" or "March 2026"
    very_serious: int = 0  # of `count`, those the author marked very serious


@dataclass(frozen=True)
class ConductSummary:
    total: int  # events: each time of a series counts
    first_on: date | None
    latest_on: date | None
    by_kind: tuple[Tally, ...]
    by_person: tuple[Tally, ...]
    longest_gap: Gap | None
    pattern: Pattern
    # All three, in the law's order, zeros kept: an element never recorded is worth knowing.
    legal_elements: tuple[Tally, ...]
    changes: tuple[Tally, ...]
    police_told: int
    bucket_unit: BucketUnit
    buckets: tuple[Bucket, ...]
    notes: int = 0  # the notes the events were written in
    very_serious: int = 0  # events in notes the author marked very serious
    # Events that caused at least one of alarm, distress or fear of violence.
    any_legal_element: int = 0

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def headline(self) -> str:
        if self.first_on is None or self.latest_on is None:
            return "No incidents are recorded in this period."
        incidents = counted(self.total, "incident")
        if self.notes and self.notes != self.total:
            incidents += f" (in {counted(self.notes, 'note')}: a series counts each time)"
        if self.first_on == self.latest_on:
            return f"{incidents} on {long_date(self.first_on)}."
        return f"{incidents} between {long_date(self.first_on)} and {long_date(self.latest_on)}."

    @property
    def chart_title(self) -> str:
        return f"Incidents per {self.bucket_unit}"

    @property
    def chart_buckets(self) -> list[tuple[str, int]]:
        return [(bucket.label, bucket.count) for bucket in self.buckets]

    @property
    def chart_marked(self) -> list[int]:
        """Of each bar, the incidents the author marked very serious."""
        return [bucket.very_serious for bucket in self.buckets]


def course_of_conduct(
    incidents: Iterable[SummaryIncident],
    *,
    today: date,
    kind_labels: Mapping[str, str],
    feeling_labels: Mapping[str, str],
    change_labels: Mapping[str, str],
    period_start: date | None = None,
    period_end: date | None = None,
) -> ConductSummary:
    """Summarise a course of conduct for the pack: counts, gaps, trend and bars for the chart.

    `today` ends the trend's last 4 weeks (the pack's day, or the end of the chosen period).
    The chart covers period_start..period_end when given, stretched to include every incident;
    otherwise the first incident to the latest.
    """
    incidents = sorted(incidents, key=lambda incident: incident.occurred_on)
    dates = [incident.occurred_on for incident in incidents]
    first_on = dates[0] if dates else None
    latest_on = dates[-1] if dates else None

    def tally(codes_of) -> Counter[str]:
        found: Counter[str] = Counter()
        for incident in incidents:
            for code in dict.fromkeys(codes_of(incident)):
                found[code] += incident.count
        return found

    kinds = tally(lambda incident: incident.kinds)
    persons = tally(lambda incident: incident.person_names or (PERSON_NOT_KNOWN,))
    feelings = tally(lambda incident: incident.feelings)
    # What the author changed is counted once a note: a series is one decision, not 23.
    changes = Counter(code for incident in incidents for code in dict.fromkeys(incident.changes))

    start = min(filter(None, (period_start, first_on)), default=None)
    end = max(filter(None, (period_end, latest_on)), default=None)
    if start is None or end is None:
        unit: BucketUnit = "week"
        buckets: tuple[Bucket, ...] = ()
    else:
        unit = "month" if (end - start).days + 1 > WEEKLY_LIMIT_DAYS else "week"
        buckets = _buckets(incidents, start, end, unit)

    return ConductSummary(
        total=sum(incident.count for incident in incidents),
        first_on=first_on,
        latest_on=latest_on,
        by_kind=_tallies_by_label(kinds, kind_labels),
        by_person=tuple(
            Tally(name, count)
            for name, count in sorted(
                persons.items(),
                # "Person not known" goes after the named people it ties with.
                key=lambda item: (-item[1], item[0] == PERSON_NOT_KNOWN, item[0].casefold()),
            )
        ),
        longest_gap=_longest_gap(dates),
        pattern=_pattern(incidents, today, ended=period_end is not None and today == period_end),
        legal_elements=tuple(
            Tally(feeling_labels.get(code, code), feelings[code]) for code in LEGAL_ELEMENTS
        ),
        changes=_tallies_by_label(changes, change_labels),
        police_told=sum(incident.count for incident in incidents if incident.police_told),
        bucket_unit=unit,
        buckets=buckets,
        notes=len(incidents),
        very_serious=sum(incident.count for incident in incidents if incident.very_serious),
        any_legal_element=sum(
            incident.count
            for incident in incidents
            if any(code in LEGAL_ELEMENTS for code in incident.feelings)
        ),
    )


def trend_direction(last: int, previous: int) -> TrendDirection:
    """Rising or falling only when the change is more than 1 and more than a fifth of the larger
    count, so that 5 against 4, or 12 against 10, is not called a trend."""
    difference = abs(last - previous)
    if difference <= 1 or difference * 5 <= max(last, previous):
        return "about the same"
    return "rising" if last > previous else "falling"


def _pattern(incidents: Sequence[SummaryIncident], today: date, *, ended: bool) -> Pattern:
    """The pattern over `incidents` (oldest first), measured up to the latest of them."""
    if not incidents:
        return Pattern(SHORT_WINDOW_DAYS, None, 0, 0, 0, 0, False, 0, "")
    first_on, latest_on = incidents[0].occurred_on, incidents[-1].occurred_on
    days = LONG_WINDOW_DAYS if (latest_on - first_on).days > SHORT_CASE_DAYS else SHORT_WINDOW_DAYS
    latest_start = latest_on - timedelta(days=days - 1)
    before_start = latest_start - timedelta(days=days)

    def events(start: date, end: date, *, very_serious: bool = False) -> int:
        return sum(
            incident.count
            for incident in incidents
            if start <= incident.occurred_on <= end and (incident.very_serious or not very_serious)
        )

    day_before = latest_start - timedelta(days=1)
    return Pattern(
        window_days=days,
        latest_on=latest_on,
        latest=events(latest_start, latest_on),
        before=events(before_start, day_before),
        very_serious_latest=events(latest_start, latest_on, very_serious=True),
        very_serious_before=events(before_start, day_before, very_serious=True),
        has_earlier_history=first_on < before_start,
        quiet_days=max((today - latest_on).days, 0),
        quiet_until="the end of the period" if ended else "this pack was made",
    )


def _longest_gap(dates: Sequence[date]) -> Gap | None:
    distinct = sorted(set(dates))
    gaps = [Gap((b - a).days, a, b) for a, b in zip(distinct, distinct[1:], strict=False)]
    # max() keeps the earliest of equal gaps.
    return max(gaps, key=lambda gap: gap.days, default=None)


def _tallies_by_label(counts: Counter[str], labels: Mapping[str, str]) -> tuple[Tally, ...]:
    """Most first; ties in the order the form lists the choices, unknown codes after them."""
    order = {code: position for position, code in enumerate(labels)}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
    return tuple(Tally(labels.get(code, code), count) for code, count in ranked)


def _buckets(
    incidents: Sequence[SummaryIncident], start: date, end: date, unit: BucketUnit
) -> tuple[Bucket, ...]:
    if unit == "week":
        bucket_of = _week_start
        step = _next_week
    else:
        bucket_of = _month_start
        step = _next_month
    counts: Counter[date] = Counter()
    serious: Counter[date] = Counter()
    for incident in incidents:
        counts[bucket_of(incident.occurred_on)] += incident.count
        if incident.very_serious:
            serious[bucket_of(incident.occurred_on)] += incident.count
    buckets = []
    bucket_start = bucket_of(start)
    while bucket_start <= end:
        following = step(bucket_start)
        if unit == "week":
            label = f"{bucket_start.day} {bucket_start:%b}"
            long_label = f"week beginning {long_date(bucket_start)}"
        else:
            label = f"{bucket_start:%b %Y}"
            long_label = f"{bucket_start:%B %Y}"
        buckets.append(
            Bucket(
                start=bucket_start,
                end=following - timedelta(days=1),
                count=counts[bucket_start],
                label=label,
                long_label=long_label,
                very_serious=serious[bucket_start],
            )
        )
        bucket_start = following
    return tuple(buckets)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def _next_week(day: date) -> date:
    return day + timedelta(days=7)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# The chart ------------------------------------------------------------------------------------

BAR_COLOUR = "#1d70b8"  # GOV.UK blue; dark enough to print clearly in black and white
# The part of a bar the author marked very serious: near black, so it stands apart in print.
MARKED_COLOUR = "#0b0c0c"
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
FONT_SIZE = 11
# A generous average glyph width for a sans-serif face, to keep labels apart without measuring.
GLYPH_WIDTH = 0.62 * FONT_SIZE
LABEL_SPACING = 8

# Characters XML 1.0 forbids even when escaped; a stray one would make the whole drawing invalid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def incidents_chart_svg(
    buckets: Sequence[tuple[str, int]],
    *,
    width: int = 640,
    height: int = 220,
    title: str,
    id_prefix: str = "incidents-chart",
    marked: Sequence[int] = (),
    marked_label: str = "Very serious",
) -> str:
    """A bar chart of counts as a self-contained SVG 1.1 document, readable by screen readers.

    The <title> and <desc> carry every number in words. Give each chart on one page its own
    id_prefix, so the ids aria-labelledby points at stay unique. `marked` gives, for each bar,
    how much of it to draw dark from the bottom up (the very serious incidents), with a key.
    """
    marked = list(marked) + [0] * (len(buckets) - len(marked))
    prefix = _NOT_ID.sub("-", id_prefix).strip("-") or "chart"
    if not prefix[0].isalpha():
        prefix = f"chart-{prefix}"
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"

    left, right, top, bottom = 44, 12, 36, 34
    plot_width = max(width - left - right, 1)
    plot_height = max(height - top - bottom, 1)
    baseline = top + plot_height
    highest = max((count for _, count in buckets), default=0)
    ticks = _round_ticks(highest)
    scale_top = ticks[-1]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(_describe(buckets, marked, marked_label))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="{FONT_SIZE + 6}" font-size="{FONT_SIZE + 2}" font-weight="bold">'
        f"{_text(title)}</text>",
    ]

    parts.append('<g class="y-axis">')
    for tick in ticks:
        y = baseline - tick / scale_top * plot_height
        parts.append(
            f'<line x1="{left}" y1="{_round(y)}" x2="{left + plot_width}" y2="{_round(y)}" '
            # The baseline is drawn dark; the other ticks are faint guides.
            f'stroke="{TEXT_COLOUR if tick == 0 else GRID_COLOUR}" '
            f'stroke-width="{1 if tick == 0 else 0.5}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{_round(y + FONT_SIZE * 0.35)}" text-anchor="end">'
            f"{tick}</text>"
        )
    parts.append("</g>")

    if not buckets:
        parts.append(
            f'<text x="{_round(left + plot_width / 2)}" y="{_round(top + plot_height / 2)}" '
            f'text-anchor="middle">No incidents to show</text>'
        )
    else:
        slot = plot_width / len(buckets)
        bar_width = max(slot * 0.75, min(slot, 1))
        longest_label = max(len(label) for label, _ in buckets)
        label_every = max(1, math.ceil((longest_label * GLYPH_WIDTH + LABEL_SPACING) / slot))
        widest_count = len(str(highest)) * GLYPH_WIDTH
        show_counts = slot >= widest_count + 2

        parts.append('<g class="bars">')
        for index, (_, count) in enumerate(buckets):
            bar_height = count / scale_top * plot_height
            x = left + index * slot + (slot - bar_width) / 2
            parts.append(
                f'<rect class="bar" x="{_round(x)}" y="{_round(baseline - bar_height)}" '
                f'width="{_round(bar_width)}" height="{_round(bar_height)}" '
                f'fill="{BAR_COLOUR}"/>'
            )
            if marked[index]:
                marked_height = min(marked[index], count) / scale_top * plot_height
                parts.append(
                    f'<rect class="bar-marked" x="{_round(x)}" '
                    f'y="{_round(baseline - marked_height)}" width="{_round(bar_width)}" '
                    f'height="{_round(marked_height)}" fill="{MARKED_COLOUR}"/>'
                )
            if show_counts and count:
                parts.append(
                    f'<text x="{_round(x + bar_width / 2)}" '
                    f'y="{_round(baseline - bar_height - 3)}" text-anchor="middle">{count}</text>'
                )
        parts.append("</g>")

        parts.append('<g class="x-axis">')
        for index, (label, _) in enumerate(buckets):
            if index % label_every:
                continue
            middle = left + (index + 0.5) * slot
            # Keep the first and last labels inside the drawing.
            half = len(label) * GLYPH_WIDTH / 2
            middle = min(max(middle, half + 2), width - half - 2)
            parts.append(
                f'<line x1="{_round(left + (index + 0.5) * slot)}" y1="{baseline}" '
                f'x2="{_round(left + (index + 0.5) * slot)}" y2="{baseline + 4}" '
                f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{_round(middle)}" y="{baseline + 4 + FONT_SIZE + 2}" '
                f'text-anchor="middle">{_text(label)}</text>'
            )
        parts.append("</g>")

    if any(marked):
        parts.append(_key(width - right, marked_label))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _key(right_edge: float, marked_label: str) -> str:
    """A small key at the top right: a dark square for the marked part, a blue one for the rest."""
    square = FONT_SIZE - 2
    other = "Other incidents"
    marked_x = right_edge - len(marked_label) * GLYPH_WIDTH
    other_x = marked_x - square - 14 - len(other) * GLYPH_WIDTH
    y = 6
    return (
        f'<g class="key"><rect x="{_round(other_x - square - 4)}" y="{y}" width="{square}" '
        f'height="{square}" fill="{BAR_COLOUR}"/>'
        f'<text x="{_round(other_x)}" y="{y + square}">{_text(other)}</text>'
        f'<rect x="{_round(marked_x - square - 4)}" y="{y}" width="{square}" height="{square}" '
        f'fill="{MARKED_COLOUR}"/>'
        f'<text x="{_round(marked_x)}" y="{y + square}">{_text(marked_label)}</text></g>'
    )


def _describe(
    buckets: Sequence[tuple[str, int]], marked: Sequence[int] = (), marked_label: str = ""
) -> str:
    if not buckets:
        return "No incidents to show."
    total = sum(count for _, count in buckets)
    highest = max(count for _, count in buckets)
    busiest = [label for label, count in buckets if count == highest]
    busiest_words = ", ".join(busiest[:5])
    if len(busiest) > 5:
        busiest_words += f" and {len(busiest) - 5} more"
    each = "; ".join(f"{label}: {count}" for label, count in buckets)
    words = (
        f"{counted(len(buckets), 'bar')} from {buckets[0][0]} to {buckets[-1][0]}, "
        f"{counted(total, 'incident')} in all. "
        f"The most in one bar was {highest} ({busiest_words}). "
        f"Each bar: {each}."
    )
    if any(marked):
        shown = "; ".join(
            f"{label}: {count}" for (label, _), count in zip(buckets, marked, strict=False) if count
        )
        words += f" {marked_label}, drawn dark at the foot of its bar: {shown}."
    return words


def _round_ticks(highest: int) -> list[int]:
    """0 and a few round steps (1, 2 or 5 times a power of ten) reaching at least `highest`."""
    if highest <= 0:
        return [0, 1]
    raw_step = highest / 4
    magnitude = 10 ** math.floor(math.log10(raw_step)) if raw_step >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    step = max(int(step), 1)
    top = math.ceil(highest / step) * step
    return list(range(0, top + 1, step))


def _text(value: str) -> str:
    return html.escape(_NOT_XML.sub("\ufffd", str(value)), quote=True)


def _round(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")
