"""Joining drawn chunks into the pack's one PDF: pages in order, "Page N of M" and the pack
reference stamped on every page, one outline for the whole, and neutral document properties.
"""

from __future__ import annotations

import io
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    EncodedStreamObject,
    Fit,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

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


NEUTRAL_NAME = "Notes"
NEUTRAL_PROPERTIES = ("/Subject", "/Author", "/Creator", "/Producer")


def neutral_title(content: PackContent) -> str:
    """The PDF's title, like its download name: "Notes 2026-11-27" in the author's zone."""
    made_on = content.created_at.astimezone(content.zone).date()
    return f"{NEUTRAL_NAME} {made_on.isoformat()}"


def join_chunks(chunks: Sequence[DrawnChunk], target: Path, *, title: str, reference: str) -> int:
    """One PDF from the chunks, with "Page N of M" on every page and one outline for all."""
    writer = PdfWriter()
    offsets = []
    spool = tempfile.TemporaryFile()
    for chunk in chunks:
        offsets.append(len(writer.pages))
        # Read from the file rather than all of it at once; the copied pages keep a reference to
        # their reader, so what it has parsed is dropped once its pages are in the writer.
        with chunk.path.open("rb") as handle:
            reader = PdfReader(handle)
            for page in reader.pages:
                _spool_pictures(writer, writer.add_page(page), spool)
            reader.resolved_objects.clear()
    total = len(writer.pages)
    stamp = FooterStamp(writer)
    references = defaultdict(list)
    for found in resolve(
        [(offset, c.page_refs, c.anchors) for c, offset in zip(chunks, offsets, strict=True)]
    ):
        references[found.page].append(found)
    for number, page in enumerate(writer.pages):
        stamp.apply(
            page,
            left=f"Pack reference {reference}",
            right=f"Page {number + 1} of {total}",
            extra=references[number],
        )

    parent = None
    for chunk, offset in zip(chunks, offsets, strict=True):
        for bookmark in chunk.bookmarks:
            fit = Fit.xyz(left=bookmark.x, top=bookmark.y)
            page_number = offset + bookmark.page
            if bookmark.level <= 1:
                parent = writer.add_outline_item(
                    title=bookmark.label, page_number=page_number, fit=fit
                )
            else:
                writer.add_outline_item(
                    title=bookmark.label, page_number=page_number, parent=parent, fit=fit
                )
    # A viewer's "Properties" must say no more than the file's own name does.
    writer.add_metadata(
        {
            "/Title": TextStringObject(title),
            **{key: TextStringObject(NEUTRAL_NAME) for key in NEUTRAL_PROPERTIES},
        }
    )
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    with spool, Path(target).open("wb") as output:
        writer.write(output)
    return total


# A picture bigger than this waits in the spool file, not in memory, until the PDF is written.
SPOOL_FROM = 16 * 1024


def _spool_pictures(writer: PdfWriter, page: PageObject, spool: IO[bytes]) -> None:
    """Move the page's big pictures out of memory into `spool` until the PDF is written.

    pypdf keeps every object of the joined PDF in memory until it writes the file; with a hundred
    photos that would be every print copy at once.
    """
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return
    for reference in xobjects.get_object().values():
        if not isinstance(reference, IndirectObject):
            continue
        picture = reference.get_object()
        if (
            isinstance(picture, StreamObject)
            and not isinstance(picture, SpooledStream)
            and picture.get("/Subtype") == "/Image"
            and len(picture._data) >= SPOOL_FROM
        ):
            # pypdf 7 resolves a writer's reference through its object list.
            writer._objects[reference.idnum - 1] = SpooledStream(picture, spool)


class SpooledStream(EncodedStreamObject):
    """A stream object whose bytes wait in a spool file, read back only when it is written."""

    def __init__(self, source: StreamObject, spool: IO[bytes]) -> None:
        self._spool = spool
        self._offset = 0
        self._length = 0
        super().__init__()
        self.update(source)
        self._data = source._data

    @property
    def _data(self) -> bytes:
        self._spool.seek(self._offset)
        return self._spool.read(self._length)

    @_data.setter
    def _data(self, value: bytes) -> None:
        self._spool.seek(0, io.SEEK_END)
        self._offset = self._spool.tell()
        self._length = len(value)
        self._spool.write(value)
