"""Cutting the pack into chunks: each chunk starts a new page, so a cut must not fall just before
a section that runs on after the one before it, or the rest of that page prints blank."""

from datetime import date, timedelta
from types import SimpleNamespace

from evidence.pack.pages.pieces import PICTURES_AT_ONCE, TEMPLATES, Piece, split
from evidence.pack.pdf.chunks import RUN_ON_ALLOWANCE, group_pieces


def piece(template: str, weight: float, *, continued: bool = False) -> Piece:
    return Piece(TEMPLATES + template, {}, weight, continued)


def names(chunks) -> list[list[str]]:
    return [[p.template.removeprefix(TEMPLATES) for p in chunk] for chunk in chunks]


def test_a_section_that_runs_on_stays_with_the_chunk_before_it():
    pieces = [piece("history.html", 9), piece("method.html", 1), piece("method.html", 1)]

    assert names(group_pieces(pieces, 10)) == [["history.html", "method.html", "method.html"]]


def test_the_sections_after_the_incidents_run_on_in_a_pack_drawn_in_one_go():
    pieces = [piece("incidents.html", 5), piece("people.html", 1), piece("police.html", 1)]

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


def own(template: str, weight: float, *, continued: bool = False) -> Piece:
    return Piece(TEMPLATES + template, {}, weight, continued, own_chunk=True)


def test_a_big_pack_draws_each_month_as_a_chunk_of_its_own_with_what_runs_on_after_it():
    pieces = [
        piece("cover.html", 1),
        own("log.html", 3),
        own("log.html", 3, continued=True),
        own("incidents.html", 3),
        own("incidents.html", 3, continued=True),
        piece("exhibit_index.html", 1),
        piece("people.html", 1),
        piece("police.html", 1),
        piece("impact.html", 1),
        piece("declaration.html", 1),
        piece("history.html", 1),
        own("history.html", 1, continued=True),
        piece("method.html", 1),
    ]

    # The sections after the incidents start chunks of their own too, so the exhibit index and
    # the police contacts (which a new note leaves alone) are not drawn again with the newest
    # month, the people or the impact; the appendix's first line runs on after the declaration.
    assert names(group_pieces(pieces, 10)) == [
        ["cover.html"],
        ["log.html"],
        ["log.html"],
        ["incidents.html"],
        ["incidents.html"],
        ["exhibit_index.html"],
        ["people.html"],
        ["police.html"],
        ["impact.html"],
        ["declaration.html", "history.html"],
        ["history.html", "method.html"],
    ]


def test_a_pack_lighter_than_a_chunk_is_drawn_in_one_go_whatever_its_months():
    pieces = [piece("cover.html", 1), own("log.html", 2), own("log.html", 2, continued=True)]

    assert names(group_pieces(pieces, 10)) == [["cover.html", "log.html", "log.html"]]


def test_a_note_added_at_the_end_changes_only_the_last_months_pieces():
    from datetime import date, timedelta

    from evidence.pack.pages import incidents as incident_pages
    from evidence.pack.pages import log
    from tests.evidence.pack.test_document import make_content, make_incident

    first = date(2026, 1, 1)

    def day_of(number):
        return first + timedelta(days=3 * number)

    def notes(count):
        return [make_incident(n, occurred_on=day_of(n)) for n in range(1, count + 1)]

    for section, name in ((log, "rows"), (incident_pages, "incidents")):
        before = section.pieces(make_content(notes(120)), 12)
        after = section.pieces(make_content(notes(121)), 12)

        def numbers(piece, name=name):
            items = piece.context[name]
            return [getattr(item, "number", None) or item.incident.number for item in items]

        assert len(before) > 4
        assert [numbers(p) for p in after[:-1]] == [numbers(p) for p in before[:-1]]
        assert numbers(after[-1]) == [*numbers(before[-1]), 121]
        months = [{(day_of(n).year, day_of(n).month) for n in numbers(p)} for p in after]
        # Every cut falls where a month starts: no month is in two pieces.
        assert all(not (a & b) for a, b in zip(months, months[1:], strict=False))


def test_a_new_note_changes_only_the_appendixs_first_line_and_last_rows():
    from datetime import date, timedelta

    from django.template.loader import render_to_string

    from diary.history import FieldChange
    from evidence.pack.pages import history
    from tests.evidence.pack.test_document import make_content, make_incident, version

    first = date(2025, 1, 1)

    def notes(count):
        made = []
        for n in range(1, count + 1):
            day = first + timedelta(days=2 * n)
            versions = [version(1, "Written", day)]
            if n % 7 == 0:
                change = FieldChange("What happened", "He called.", "He called twice.")
                versions.append(version(2, "Changed", day, [change]))
            made.append(make_incident(n, occurred_on=day, history=tuple(versions)))
        return made

    def drawn(count):
        pieces = history.pieces(make_content(notes(count)), 12)
        return [render_to_string(piece.template, piece.context) for piece in pieces], pieces

    before, _ = drawn(301)
    after, pieces = drawn(302)  # a note never changed: 302 is not a multiple of 7

    assert len(after) == len(before) > 4
    # The line of notes never changed, then the changes (a chunk of their own), then the table.
    assert "written once, never changed" in after[0] and after[0] != before[0]
    assert pieces[1].own_chunk and "He called twice." in after[1]
    assert after[1:-1] == before[1:-1]
    assert after[-1] != before[-1]


def test_a_month_with_many_photos_is_cut_so_no_chunk_holds_too_many_at_once():
    from evidence.pack.pages import incidents as incident_pages
    from tests.evidence.pack.test_document import make_content, make_exhibit, make_incident

    count = 2 * PICTURES_AT_ONCE + 3
    notes = [
        make_incident(
            n,
            occurred_on=date(2026, 1, 1) + timedelta(days=n // 2),
            exhibit_references=(f"JS/{n}",),
        )
        for n in range(1, count + 1)
    ]
    exhibits = tuple(
        make_exhibit(f"JS/{n}", image_token=f"print-{n}", incident_numbers=(n,))
        for n in range(1, count + 1)
    )

    pieces = incident_pages.pieces(make_content(notes, exhibits=exhibits), 60)

    # One month, light enough for one piece by weight: cut by pictures alone, every one drawn.
    drawn = [len(piece.image_tokens) for piece in pieces]
    assert len(pieces) == 3 and max(drawn) <= PICTURES_AT_ONCE
    assert sum(drawn) == count


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
