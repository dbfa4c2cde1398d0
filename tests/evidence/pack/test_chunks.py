"""Cutting the pack into chunks: each chunk starts a new page, so a cut must not fall just before
a section that runs on after the one before it, or the rest of that page prints blank."""

from types import SimpleNamespace

from evidence.pack.pages.pieces import PICTURES_AT_ONCE, TEMPLATES, Piece, split
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


def test_a_chunk_never_holds_more_pictures_than_one_drawing_process_should():
    # Light pieces, but their pictures together are more than one chunk may hold in memory.
    pieces = [
        Piece(TEMPLATES + "incidents.html", {}, 1, number > 0, (f"print-{number}",) * 10)
        for number in range(3)
    ]

    chunks = group_pieces(pieces, 60)

    assert [len(chunk) for chunk in chunks] == [1, 1, 1]
    assert all(sum(len(p.image_tokens) for p in chunk) <= PICTURES_AT_ONCE for chunk in chunks)


def test_a_section_is_cut_into_pieces_of_at_most_so_many_pictures():
    content = SimpleNamespace()
    notes = [
        SimpleNamespace(pictures=(f"print-{n}-a", f"print-{n}-b", f"print-{n}-c"))
        for n in range(20)
    ]

    pieces = split(
        content,
        "incidents.html",
        "incidents",
        notes,
        60,
        weigh=lambda _note: 1,
        tokens=lambda note: note.pictures,
    )

    assert [len(p.image_tokens) for p in pieces] == [15, 15, 15, 15]
    assert [token for p in pieces for token in p.image_tokens] == [
        token for note in notes for token in note.pictures
    ]
