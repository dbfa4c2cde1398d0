"""The pack's pages: PackContent as HTML, one module per section of the PDF, in print order.

Each section module has `pieces(content, chunk_size)`: the gathered content in, the pieces of its
section out, with every date, time and sentence worked out, so the templates in
templates/evidence/pack/ only lay them out (escaping everything the user typed). Pure: no
database, storage or WeasyPrint; pdf/ draws the pieces.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from evidence.pack.content import PackContent
from evidence.pack.pages import (
    cover,
    declaration,
    exhibits,
    history,
    impact,
    incidents,
    log,
    method,
    people,
    police,
    summary,
)
from evidence.pack.pages.pieces import DEFAULT_CHUNK_SIZE, TEMPLATES, Piece

# The sections in the order they print.
SECTIONS = (
    cover,
    summary,
    log,
    incidents,
    exhibits,
    people,
    police,
    impact,
    declaration,
    history,
    method,
)


def pack_pieces(content: PackContent, chunk_size: float = DEFAULT_CHUNK_SIZE) -> list[Piece]:
    return [piece for section in SECTIONS for piece in section.pieces(content, chunk_size)]


def pack_html(content: PackContent) -> str:
    """The whole pack as one HTML document, with its print stylesheet inside it.

    Pure: it reads nothing but `content`. Every piece of text the user typed is escaped;
    pictures are `pack:image/<token>` addresses that only the pack's renderer can fetch.
    """
    return document_html(content, pack_pieces(content))


def document_html(content: PackContent, pieces: Sequence[Piece]) -> str:
    """An HTML document of the given pieces: the whole pack, or one chunk of it."""
    body = SafeString("".join(render_to_string(piece.template, piece.context) for piece in pieces))
    return render_to_string(
        TEMPLATES + "pack.html",
        # Nothing in the frame names this pack (its reference is stamped on after the join), so
        # a chunk's HTML is the same in every pack that draws the same pieces.
        {"body": body},
    )
