"""Cutting the pack into chunks: each chunk starts a new page, so a cut must not fall just before
a section that runs on after the one before it, or the rest of that page prints blank."""

from evidence.pack.pages.pieces import TEMPLATES, Piece
from evidence.pack.pdf.chunks import RUN_ON_ALLOWANCE, group_pieces


def piece(template: str, weight: float, *, continued: bool = False) -> Piece:
    return Piece(TEMPLATES + template, {}, weight, continued)


def names(chunks) -> list[list[str]]:
    return [[p.template.removeprefix(TEMPLATES) for p in chunk] for chunk in chunks]


def test_a_section_that_runs_on_stays_with_the_chunk_before_it():
    pieces = [piece("incidents.html", 9), piece("people.html", 1), piece("police.html", 1)]

    assert names(group_pieces(pieces, 10)) == [["incidents.html", "people.html", "police.html"]]


def test_a_section_that_starts_a_page_is_cut_at_the_chunk_size():
    pieces = [piece("log.html", 9), piece("incidents.html", 2)]

    assert names(group_pieces(pieces, 10)) == [["log.html"], ["incidents.html"]]


def test_running_on_never_makes_a_chunk_much_heavier_than_its_size():
    pieces = [piece("incidents.html", 10), piece("history.html", 10 * RUN_ON_ALLOWANCE)]

    assert names(group_pieces(pieces, 10)) == [["incidents.html"], ["history.html"]]


def test_a_continued_piece_is_cut_as_before():
    pieces = [piece("history.html", 9), piece("history.html", 3, continued=True)]

    assert names(group_pieces(pieces, 10)) == [["history.html"], ["history.html"]]
