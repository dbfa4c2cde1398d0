"""Page references ("see page 14") that stay right however the pack is cut into chunks.

A template asks for one with `_page_ref.html`, which leaves an empty, fixed-width box carrying
the id it points at. WeasyPrint lays the box out but cannot know the number: the target may be in
another chunk, and each chunk counts its pages from 1. So each drawn chunk reports where its boxes
sit and which ids are on which of its pages, and the join writes the pack-wide page number into
each box, in the footer's font, at the size of the text around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

PAGE_REF_CLASS = "page-ref"
CSS_PX = 0.75  # PDF points per CSS pixel


@dataclass(frozen=True)
class PageRef:
    page: int  # within its chunk, from 0
    anchor: str
    x: float  # PDF points from the left
    y: float  # the text's baseline, PDF points from the bottom
    size: float  # font size in PDF points
    width: float  # the box's width in PDF points: a longer number is written smaller to fit


def find_page_refs(document) -> tuple[tuple[PageRef, ...], dict[str, int]]:
    """The page-reference boxes of a laid-out WeasyPrint document, and the page of every id."""
    anchors: dict[str, int] = {}
    refs: list[PageRef] = []
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        for box, baseline in _reference_boxes(page._page_box):
            refs.append(
                PageRef(
                    page=number,
                    anchor=box.element.get("data-anchor", ""),
                    x=box.position_x * CSS_PX,
                    y=(page.height - baseline) * CSS_PX,
                    size=box.style["font_size"] * CSS_PX,
                    width=box.width * CSS_PX,
                )
            )
    return tuple(refs), anchors


def _reference_boxes(box, baseline: float = 0.0) -> Iterator[tuple[object, float]]:
    """Every page-reference box under `box`, with the baseline of the line it sits on."""
    if type(box).__name__ == "LineBox":
        baseline = box.position_y + (box.baseline or 0)
    element = getattr(box, "element", None)
    if element is not None and PAGE_REF_CLASS in (element.get("class") or "").split():
        yield box, baseline
        return
    for child in getattr(box, "children", None) or ():
        yield from _reference_boxes(child, baseline)


@dataclass(frozen=True)
class Stamp:
    """Text to write on one page of the joined pack."""

    page: int  # in the whole pack, from 0
    text: str
    x: float
    y: float
    size: float
    width: float  # the most the text may take


def resolve(
    chunks: Sequence[tuple[int, Iterable[PageRef], Mapping[str, int]]],
) -> list[Stamp]:
    """The page numbers to write, given each chunk's first page in the pack, its page
    references and its ids. A reference to an id found nowhere prints a dash, never a guess."""
    pages: dict[str, int] = {}
    for offset, _refs, anchors in chunks:
        for name, page in anchors.items():
            pages.setdefault(name, offset + page)
    stamps = []
    for offset, refs, _anchors in chunks:
        for ref in refs:
            target = pages.get(ref.anchor)
            text = str(target + 1) if target is not None else "-"
            stamps.append(Stamp(offset + ref.page, text, ref.x, ref.y, ref.size, ref.width))
    return stamps
