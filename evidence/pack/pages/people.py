"""The people described: each person named in the pack's incidents, as the author knows them."""

from __future__ import annotations

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, whole


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    return whole("people.html", {"content": content}, 0.2 * len(content.people) + 0.2)
