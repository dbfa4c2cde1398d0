"""The pages an officer works from after page 1: the log, the lists of witnesses and police
references, the impact, each incident in full and the history, read back from the printed PDF.

PackContent is made by hand (no database); the pack is drawn once for the module.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from diary.history import FieldChange, Version
from evidence.pack.content import PackOptions, PackPoliceContact
from evidence.pack.pages import log, pack_html
from evidence.pack.pdf.chunks import render_pack
from evidence.pack.words import KIND_LABELS
from tests.evidence.pack.test_document import (
    london,
    make_content,
    make_exhibit,
    make_incident,
    pdftotext,
)

LONG_FIRST_SENTENCE = (
    "He stood at the end of the road by the postbox and watched the house for hours while the "
    "neighbours walked past and pretended not to see him standing there. I went to bed."
)
REFERENCE = "13/145672/26"
OWN_REFERENCE = "CAD 2231"
KEPT_WHERE = "In a sealed freezer bag in the hall cupboard"
HANDLING = "Only I have touched it, wearing gloves"
SAVED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def chain(number: int, sequence: int) -> str:
    return f"{number:02d}{sequence:02d}" + "ab" * 30


def written(number: int) -> Version:
    return Version(1, "Written", SAVED, chain(number, 1), False)


def linked(number: int) -> tuple[Version, ...]:
    """Written, then changed by linking a contact with the police, as the diary does."""
    return (
        written(number),
        Version(
            2,
            "Amended",
            SAVED,
            chain(number, 2),
            False,
            [FieldChange("Told the police", "(empty)", "Yes")],
            "Linked to the contact with the police on 30 October 2026",
        ),
    )


def incidents():
    return [
        # Before the clocks went back (25 October 2026): summer time.
        make_incident(
            1,
            occurred_on=date(2026, 10, 20),
            occurred_time=time(7, 55),
            kinds=(KIND_LABELS["loitering"],),
            location="Bus stop on Kirkstall Road",
            narrative=LONG_FIRST_SENTENCE,
            witnesses="Priya Shah, my colleague",
            seriousness="very serious",
            police_references=(REFERENCE,),
            police_told="Yes",
            history=linked(1),
        ),
        make_incident(
            2,
            occurred_on=date(2026, 10, 22),
            occurred_time=time(1, 0),
            ended_at=london(date(2026, 10, 22), time(3, 0)),
            kinds=(KIND_LABELS["withheld_call"],),
            location="My mobile",
            narrative="Calls from a withheld number all night. I did not answer.",
            series_count=23,
            noted_elsewhere="In notes on my phone",
            noted_elsewhere_on=date(2026, 10, 22),
            noted_elsewhere_time=time(3, 10),
            police_references=(REFERENCE,),
            police_contact_dates=(date(2026, 10, 30),),
            police_told="Yes",
            cost=Decimal("14.00"),
            cost_for="A taxi home",
            history=linked(2),
            exhibit_references=("JS/2",),
        ),
        # After the clocks went back: winter time.
        make_incident(
            3,
            occurred_on=date(2026, 10, 26),
            occurred_time=time(18, 30),
            kinds=(KIND_LABELS["damage"],),
            location="My car, outside my house",
            narrative="The wing mirror was smashed.",
            witnesses="Priya Shah, my colleague",
            police_references=(OWN_REFERENCE,),
            police_reference=OWN_REFERENCE,
            cost=Decimal("729.00"),
            cost_for="Repair to the mirror",
            effect_on_others="My daughter now asks every night whether the doors are locked.",
            feelings=("Alarmed",),
            history=(written(3),),
            exhibit_references=("JS/2",),
        ),
        make_incident(4, occurred_on=date(2026, 10, 28), history=(written(4),)),
    ]


@pytest.fixture(scope="module")
def content():
    item = make_exhibit(
        "JS/2",
        is_item=True,
        type_label="Physical item",
        media_kind="",
        caption="The torn birthday card",
        item_received_on=date(2026, 10, 22),
        item_arrived_how="Left on my doorstep",
        item_kept_where=KEPT_WHERE,
        item_handling=HANDLING,
        sha256="",
        bundle_path="",
        incident_numbers=(2, 3),
    )
    contact = PackPoliceContact(
        contacted_on=date(2026, 10, 30),
        officer_name="PC Amir Khan",
        officer_number="4471",
        organisation="West Yorkshire Police",
        method="In person",
        summary="Reported everything so far.",
        reference=REFERENCE,
        incident_numbers=(1, 2),
    )
    return make_content(incidents(), [item], police_contacts=(contact,))


@pytest.fixture(scope="module")
def pages(content, tmp_path_factory) -> list[str]:
    target = tmp_path_factory.mktemp("officer") / "pack.pdf"
    render_pack(content, {}, target)
    return [" ".join(page.split()) for page in pdftotext(target)]


def page_of(pages: list[str], text: str) -> int:
    """The number (from 1) of the first page that has `text`."""
    return next(number for number, page in enumerate(pages, start=1) if text in page)


def section(pages: list[str], heading: str) -> str:
    """The text from a section's heading to the end of the pack, as one line (page 1 may use
    the same words: the section is the last place they start)."""
    whole = " ".join(pages)
    return whole[whole.rindex(heading) :]


def log_table(html: str) -> str:
    return html.split('class="grid log log-rows"')[1].split("</table>")[0]


# The log ----------------------------------------------------------------------------------------


def test_the_log_shows_short_kinds_where_the_series_count_and_both_clocks(pages, content):
    text = section(pages, "Chronological log")
    text = text[: text.index("Each incident in full")]
    table = log_table(pack_html(content))

    assert "Tue 20 Oct 2026, 7:55am BST" in text
    assert "Mon 26 Oct 2026, 6:30pm GMT" in text
    assert "Thu 22 Oct 2026, 1am to 3am BST" in text
    assert "Withheld call 23 calls" in text
    assert "Bus stop on Kirkstall Road" in text
    assert OWN_REFERENCE in text and REFERENCE in text
    assert "<td>Waiting nearby<br><em>Very serious</em></td>" in table
    assert "Waiting or hanging around" not in table


def test_the_log_summary_is_the_first_sentence_cut_at_a_whole_word(content):
    table = log_table(pack_html(content))

    cell = re.search(r"<td>(He stood at the end[^<]*)</td>", table).group(1)
    assert cell.endswith("…")
    words = cell[:-1].split()
    assert words == LONG_FIRST_SENTENCE.split()[: len(words)]
    assert "I went to bed" not in table


def test_a_long_place_is_cut_in_the_log_at_a_whole_word_and_kept_whole_under_the_incident():
    place = "The lay-by on the A65 just past the garden centre, opposite the blue house with a van"
    row = log.log_row(make_incident(1, location=place), make_content().zone)

    assert row.where.endswith("…")
    assert place.startswith(row.where[:-1])
    assert not place[len(row.where) - 1].isalnum()  # never in the middle of a word
    assert place in pack_html(make_content([make_incident(1, location=place)]))


def test_each_kind_has_a_short_label_and_a_series_counts_in_its_own_noun():
    assert all(len(short) <= 15 for short in log.SHORT_KIND_LABELS.values())
    assert len(log.SHORT_KIND_LABELS) == len(log.KIND_LABELS)
    texts = make_incident(1, kinds=("Text message",), series_count=4)
    parcels = make_incident(2, kinds=("Unwanted gift or parcel",), series_count=3)
    assert log.series_words(texts) == "4 texts"
    assert log.series_words(parcels) == "3 times"
    assert log.series_words(make_incident(3)) == ""


def test_the_log_says_who_only_when_more_than_one_person_is_named(content):
    assert ">Who</th>" not in log_table(pack_html(content))
    two = incidents()
    two[1] = make_incident(2, person_names=("Alex Brown",))
    html = pack_html(make_content(two))
    assert ">Who</th>" in log_table(html)


# Witnesses and police references --------------------------------------------------------------


def test_each_witness_is_listed_once_with_the_incidents_they_saw_and_their_pages(pages):
    first = page_of(pages, "Incident 1 — 20 October 2026")
    third = page_of(pages, "Incident 3 — 26 October 2026")
    text = section(pages, "Witness, as the author wrote it")

    assert text.count("Priya Shah, my colleague") == 1
    assert f"1 (20 Oct, page {first} )" in text or f"1 (20 Oct, page {first})" in text
    assert f"3 (26 Oct, page {third}" in text


def test_each_police_reference_is_listed_once_with_its_incidents_and_their_pages(pages):
    first = page_of(pages, "Incident 1 — 20 October 2026")
    second = page_of(pages, "Incident 2 — 22 October 2026")
    third = page_of(pages, "Incident 3 — 26 October 2026")
    text = section(pages, "Police references")

    assert text.count(REFERENCE) == 1
    assert f"{REFERENCE} PC Amir Khan 4471, West Yorkshire" in text
    assert "Police, 30 Oct 2026" in text
    assert re.search(rf"1–2 \(pages {first} ?– ?{second}", text), text
    assert re.search(rf"{re.escape(OWN_REFERENCE)} Given in the note 3 \(page {third}", text)


def test_page_one_points_at_the_lists_of_witnesses_and_police_references(content):
    html = pack_html(content)

    assert 'id="witnesses"' in html
    assert 'id="police-references"' in html
    assert 'id="incident-3"' in html


# Impact -----------------------------------------------------------------------------------------


def test_the_impact_totals_the_costs_with_each_line_and_shows_the_effect_on_others(pages):
    text = section(pages, "Impact summary")

    assert "£743.00 in all." in text
    assert "£14.00 A taxi home" in text
    assert "£729.00 Repair to the mirror" in text
    assert "My daughter now asks every night whether the doors are locked." in text


def test_the_feelings_table_is_printed_once_and_the_impact_points_to_it(pages):
    whole = " ".join(pages)
    summary = page_of(pages, "Alarm, distress and fear of violence")

    # The heading and its table once; the impact names it to say where it is.
    assert whole.count("Alarm, distress and fear of violence") == 2
    assert whole.count("Alarm, distress and fear of violence are counted in the summary") == 1
    assert whole.count("Afraid that violence would be used against") == 1
    assert f"counted in the summary, on page {summary}" in section(pages, "Impact summary")


# Each incident in full -----------------------------------------------------------------------


def test_an_incident_shows_the_new_fields_compactly(pages):
    text = section(pages, "Incident 2 — 22 October 2026")
    text = text[: text.index("Incident 3 —")]

    assert "Happened: Thursday 22 October 2026, 1am to 3am BST; 23 calls" in text
    assert "Noted elsewhere at the time: In notes on my phone, on 22 October 2026 at 3:10am" in text
    assert "Told the police: Yes, on 30 October 2026" in text
    assert f"Police reference: {REFERENCE}" in text
    assert "Cost: £14.00, A taxi home" in text
    assert "What happened: Calls from a withheld number all night." in text


def test_a_kept_item_is_described_in_full_once_and_referred_to_after(pages):
    whole = " ".join(pages)
    text = section(pages, "Incident 3 — 26 October 2026")

    assert whole.count(HANDLING) == 1
    assert "Shown under incident 2" in text


# The history ----------------------------------------------------------------------------------


def test_the_history_groups_untouched_notes_and_describes_a_shared_change_once(pages):
    text = section(pages, "Appendix A: Amendment history")

    assert "Notes 3–4: written once, never changed." in text
    assert (
        "Notes 1–2 Revision 2: amended. Reason given by the author: Linked to the contact" in text
    )
    assert text.count("Told the police: was “(empty)”, now “Yes”") == 1


def test_the_history_prints_each_notes_latest_chain_hash(pages):
    text = section(pages, "Appendix A: Amendment history")
    text = text[: text.index("Appendix B: How")]

    for number, latest in ((1, 2), (2, 2), (3, 1), (4, 1)):
        assert chain(number, latest) in text
    assert chain(1, 1) not in text  # the latest hash vouches for the ones before it


def test_without_history_there_is_no_hash_table(content):
    html = pack_html(make_content(incidents(), options=PackOptions(include_history=False)))

    assert "Latest chain hash" not in html


# The page budget ------------------------------------------------------------------------------


def test_small_sections_run_on_instead_of_each_taking_a_page(pages):
    people = page_of(pages, "People described")

    assert page_of(pages, "Police contacts") == people
    for heading in ("Exhibit index", "People described", "Impact summary", "Appendix B:"):
        page = pages[page_of(pages, heading) - 1]
        above = page[: page.index(heading)]
        # Only the running header is above a heading that starts a page of its own.
        assert len(above.split()) > len("Evidence pack — EP-7QX2-K4".split()), heading
