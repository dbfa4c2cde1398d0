"""Appendix B: how these records were kept, and how to check the bundle on any computer."""

from __future__ import annotations

from evidence.pack.content import PackContent
from evidence.pack.pages.pieces import Piece, whole


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    return whole("method.html", {"content": content}, 1)
