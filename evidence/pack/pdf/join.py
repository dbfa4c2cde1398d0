"""Joining drawn chunks into the pack's one PDF: pages in order, "Page N of M" and the pack
reference stamped on every page, one outline for the whole, and neutral document properties.

pikepdf (qpdf, in C++) does the join: pypdf took 1.3 s against 0.8 s for a 683-page pack, a cost
that a pack re-made from kept chunks (cache.py) pays in full every time. qpdf copies the
pages' objects from the chunk files and reads their pictures from those files only as it writes,
so the photos are never all in memory at once.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name

from evidence.pack.content import PackContent
from evidence.pack.pdf.footer import FooterStamp
from evidence.pack.pdf.page_refs import PageRef, resolve


@dataclass(frozen=True)
class Bookmark:
    level: int
    label: str
    page: int  # in the whole pack, from 0
    x: float  # PDF points from the left
    y: float  # PDF points from the bottom


@dataclass(frozen=True)
class DrawnChunk:
    path: Path
    page_count: int
    bookmarks: tuple[Bookmark, ...]  # page numbers within the chunk
    refused: tuple[str, ...]
    page_refs: tuple[PageRef, ...] = ()
    anchors: dict[str, int] = field(default_factory=dict)  # id: page within the chunk
    lookup: str = ""  # the key it is kept under in the owner's cache of drawn chunks

    def layout(self) -> dict:
        """Everything but the PDF, as JSON for the cache (sealed: labels quote the notes)."""
        return {
            "pages": self.page_count,
            "bookmarks": [list(astuple(bookmark)) for bookmark in self.bookmarks],
            "refused": list(self.refused),
            "page_refs": [list(astuple(ref)) for ref in self.page_refs],
            "anchors": self.anchors,
        }

    @classmethod
    def from_layout(cls, path: Path, layout: dict, lookup: str = "") -> DrawnChunk:
        return cls(
            path,
            layout["pages"],
            tuple(Bookmark(*values) for values in layout["bookmarks"]),
            tuple(layout["refused"]),
            tuple(PageRef(*values) for values in layout["page_refs"]),
            dict(layout["anchors"]),
            lookup,
        )


NEUTRAL_NAME = "Notes"
NEUTRAL_PROPERTIES = ("/Subject", "/Author", "/Creator", "/Producer")


def neutral_title(content: PackContent) -> str:
    """The PDF's title, like its download name: "Notes 2026-11-27" in the author's zone."""
    made_on = content.created_at.astimezone(content.zone).date()
    return f"{NEUTRAL_NAME} {made_on.isoformat()}"


def join_chunks(chunks: Sequence[DrawnChunk], target: Path, *, title: str, reference: str) -> int:
    """One PDF from the chunks, with "Page N of M" on every page and one outline for all."""
    joined = pikepdf.new()
    offsets = []
    with contextlib.ExitStack() as open_chunks:
        for chunk in chunks:
            offsets.append(len(joined.pages))
            # Kept open until the PDF is written: qpdf reads each picture from its chunk then.
            source = open_chunks.enter_context(pikepdf.open(chunk.path))
            joined.pages.extend(source.pages)
        total = len(joined.pages)
        stamp = FooterStamp(joined)
        references = defaultdict(list)
        for found in resolve(
            [(offset, c.page_refs, c.anchors) for c, offset in zip(chunks, offsets, strict=True)]
        ):
            references[found.page].append(found)
        for number, page in enumerate(joined.pages):
            stamp.apply(
                page,
                left=f"Pack reference {reference}",
                right=f"Page {number + 1} of {total}",
                header=f"Evidence pack \u2014 {reference}",
                extra=references[number],
            )

        with joined.open_outline() as outline:
            parent = None
            for chunk, offset in zip(chunks, offsets, strict=True):
                for bookmark in chunk.bookmarks:
                    item = pikepdf.OutlineItem(
                        bookmark.label,
                        offset + bookmark.page,
                        "XYZ",
                        left=bookmark.x,
                        top=bookmark.y,
                    )
                    if bookmark.level <= 1 or parent is None:
                        outline.root.append(item)
                        parent = item
                    else:
                        parent.children.append(item)
        # A viewer's "Properties" must say no more than the file's own name does.
        joined.docinfo[Name.Title] = title
        for key in NEUTRAL_PROPERTIES:
            joined.docinfo[Name(key)] = NEUTRAL_NAME
        joined.Root.PageMode = Name.UseOutlines
        joined.save(target)
    return total
