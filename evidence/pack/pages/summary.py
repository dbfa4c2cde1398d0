"""The summary of the course of conduct: the counts from conduct.py and its chart."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from evidence.pack.conduct import incidents_chart_svg
from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, whole
from evidence.pack.words import long_date


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    summary = content.summary
    chart = incidents_chart_svg(
        summary.chart_buckets, title=summary.chart_title, id_prefix="pack-chart"
    )
    context = {
        "content": content,
        "summary": summary,
        "first_on": long_date(summary.first_on) if summary.first_on else "",
        "latest_on": long_date(summary.latest_on) if summary.latest_on else "",
        # conduct.py builds the drawing from numbers and escapes every label it prints.
        "chart": mark_safe(chart),  # noqa: S308
    }
    return whole("summary.html", context, 2)
