"""The summary of the course of conduct: the counts from conduct.py and its chart."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from evidence.pack.conduct import incidents_chart_svg
from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Line, Piece, whole
from evidence.pack.words import counted, long_date, period_words


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    summary = content.summary
    chart = incidents_chart_svg(
        summary.chart_buckets,
        title=summary.chart_title,
        id_prefix="pack-chart",
        marked=summary.chart_marked,
    )
    files = sum(1 for exhibit in content.exhibits if not exhibit.is_item)
    items = len(content.exhibits) - files
    about = [
        Line("Period covered", period_words(content.period_start, content.period_end)),
        Line("What was chosen", "; ".join(content.selection_words)),
        Line(
            "In this pack",
            f"{counted(len(content.incidents), 'note')}, {counted(files, 'file')}, "
            f"{counted(items, 'physical item')}, {len(content.people)} "
            f"{'person' if len(content.people) == 1 else 'people'} described",
        ),
    ]
    context = {
        "content": content,
        "summary": summary,
        "about": about,
        "first_on": long_date(summary.first_on) if summary.first_on else "",
        "latest_on": long_date(summary.latest_on) if summary.latest_on else "",
        # conduct.py builds the drawing from numbers and escapes every label it prints.
        "chart": mark_safe(chart),  # noqa: S308
    }
    return whole("summary.html", context, 2)
