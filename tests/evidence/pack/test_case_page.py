"""Page 1, the case in brief: what an officer reads first, and that it always fits one page."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from evidence.pack.content import PackPerson, PackPoliceContact
from evidence.pack.pages import cover, document_html
from evidence.pack.pdf.chunks import draw_chunk
from evidence.pack.pdf.join import join_chunks
from tests.evidence.pack.test_document import (
    make_content,
    make_exhibit,
    make_incident,
    pdftotext,
)

LONG_WORDS = "He stood at the end of the road by the postbox and watched the house for hours "


def draw_page_one(content, tmp_path) -> list[str]:
    html = document_html(content, cover.pieces(content, 60))
    chunk = draw_chunk(html, {}, tmp_path / "cover.pdf")
    join_chunks([chunk], tmp_path / "joined.pdf", title="Notes", reference=content.reference)
    return pdftotext(tmp_path / "joined.pdf")


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_case_page_names_the_person_the_serious_incidents_the_harm_and_the_references(
    tmp_path,
):
    incidents = [
        make_incident(1, feelings=("Alarmed",)),
        make_incident(
            2,
            seriousness="very serious",
            narrative="He said I know where you live. Then he left.",
            exhibit_references=("JS/1", "JS/2"),
            feelings=("Alarmed", "Afraid that violence would be used against you"),
            changes=("Your daily routine",),
            cost=Decimal("89"),
        ),
        make_incident(3, witnesses="My neighbour Sam Lee", cost=Decimal("14.50")),
        make_incident(4, witnesses=" my neighbour  sam lee ", seriousness="serious"),
    ]
    content = make_content(incidents)

    [page] = draw_page_one(content, tmp_path)

    text = one_line(page)
    assert "Sam Carter (former partner). Named in 4 of 4 incidents. Tall, dark hair." in text
    assert "He said I know where you live. JS/1, JS/2" in text
    assert "2 of 4 caused alarm, distress or fear of violence" in text
    assert "(alarm 2, distress 0, fear of violence 1)" in text
    assert "spent £103.50 in all" in text
    assert "CAD 1234/10MAR Metropolitan Police, PC Patel (4471) 10 Mar 2026" in text
    assert "My neighbour Sam Lee (incidents 3–4)" in text


@pytest.mark.parametrize(
    ("contacts", "witnesses", "serious"),
    [(3, 3, True), (9, 30, True), (13, 2, False), (30, 14, False)],
)
def test_the_case_page_fits_one_page_however_much_there_is(tmp_path, contacts, witnesses, serious):
    start = date(2026, 1, 1)
    incidents = [
        make_incident(
            number,
            occurred_on=start + timedelta(days=number),
            seriousness="very serious" if serious else "serious",
            narrative=LONG_WORDS * 40,
            exhibit_references=tuple(f"JSW/{n}" for n in range(100, 112)),
            kinds=("Call from a withheld number", "Following you", "Damage to property"),
            witnesses=f"Witness {number % witnesses}: " + LONG_WORDS * 5,
            police_references=(f"REF/{number:04}/" + "X" * 40,) if contacts > 13 else (),
            changes=("Your daily routine", "The way you travel", "Your work or studies"),
            cost=Decimal("999999.99"),
        )
        for number in range(1, 31)
    ]
    person = PackPerson(
        name="Someone With A Very Long Name Indeed " * 3,
        relationship="Someone you only know online",
        description=LONG_WORDS * 20,
        vehicles=LONG_WORDS * 10,
        phone_numbers="",
        accounts="",
        addresses="",
        incident_count=30,
    )
    contact = PackPoliceContact(
        contacted_on=date(2026, 3, 10),
        officer_name="Detective Constable " + "Longname " * 8,
        officer_number="123456789",
        organisation="The Police Service of " + "Somewhere Far Away " * 4,
        method="Phone call",
        summary="",
        reference="CAD/" + "9" * 60,
        incident_numbers=tuple(range(1, 31, 2)),
    )
    content = make_content(
        incidents,
        people=(person, replace(person, name="Second"), replace(person, name="Third")),
        police_contacts=tuple(
            replace(contact, reference=f"CAD/{n}/" + "9" * 50) for n in range(contacts)
        ),
        author_name="An Author With A Long Name " * 3,
        redactions_made=True,
        exhibits=tuple(
            make_exhibit(f"JSW/{n}", left_out_for_location=True, has_location=True)
            for n in range(100, 140)
        ),
    )

    pages = draw_page_one(content, tmp_path)

    assert len(pages) == 1
    text = one_line(pages[0])
    assert ("And 22 more the author marked very serious" in text) is serious
    assert "1 more person is named" in text
    assert "JSW/111, and 28 more, each marked in the exhibit index" in text


def test_page_one_lists_what_fits_and_counts_the_rest_with_their_page():
    from evidence.pack.pages.cover import _what_fits

    assert _what_fits(15, 13, 2) == (True, True)
    assert _what_fits(15, 14, 2) == (True, False)  # the references first
    assert _what_fits(6, 9, 4) == (False, True)
    assert _what_fits(6, 9, 9) == (False, False)
