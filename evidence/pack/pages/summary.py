"""The summary of the course of conduct: the counts from conduct.py and its chart."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from evidence.pack.conduct import incidents_chart_svg
from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Line, Piece, whole
from evidence.pack.words import counted, period_words

CHART_HEIGHT = 120


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    summary = content.summary
    chart = incidents_chart_svg(
        summary.chart_buckets,
        title=summary.chart_title,
        id_prefix="pack-chart",
        # Lower than the app's, so the summary keeps to one page; the labels keep their size.
        height=CHART_HEIGHT,
        marked=summary.chart_marked,
    )
    files = sum(1 for exhibit in content.exhibits if not exhibit.is_item)
    items = len(content.exhibits) - files
    about = [
        Line(
            "In this pack",
            f"{counted(len(content.incidents), 'note')}, {counted(files, 'file')}, "
            f"{counted(items, 'physical item')}, {len(content.people)} "
            f"{'person' if len(content.people) == 1 else 'people'} described. Chosen: "
            f"{period_words(content.period_start, content.period_end)}; "
            f"{'; '.join(content.selection_words)}.",
        ),
    ]
    context = {
        "content": content,
        "summary": summary,
        "about": about,
        # conduct.py builds the drawing from numbers and escapes every label it prints.
        "chart": mark_safe(chart),  # noqa: S308
        # Two kinds to a row, so the summary keeps to one page.
        "kind_pairs": paired(summary.by_kind),
    }
    return whole("summary.html", context, 2)


def paired(items: list) -> list[tuple]:
    """Rows of two, read down the first column and then the second: [(a, d), (b, e), (c, None)]."""
    half = (len(items) + 1) // 2
    first, second = items[:half], items[half:]
    return [(left, second[i] if i < len(second) else None) for i, left in enumerate(first)]
