"""The evidence pack's pages: what an officer reads in the HTML and in the printed PDF.

PackContent is built by hand here (no database); the PDFs are drawn once per module and shared.
"""

from __future__ import annotations

import gc
import io
import re
import subprocess
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from PIL import Image, ImageFilter
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from diary.history import FieldChange, Version
from diary.models import Change, Feeling, Kind
from evidence.pack.conduct import SummaryIncident, course_of_conduct
from evidence.pack.content import (
    PackContent,
    PackExhibit,
    PackIncident,
    PackOptions,
    PackPerson,
    PackPoliceContact,
)
from evidence.pack.pages import declaration, pack_html
from evidence.pack.pdf.chunks import render_pack
from evidence.pack.pdf.renderer import PACK_FONTS, PackURLFetcher

LONDON = ZoneInfo("Europe/London")
REFERENCE = "EP-7QX2-K4"
MANIFEST_SHA256 = "4f1c" + "9ab0" * 15
FIRST_DAY = date(2026, 3, 3)  # a Tuesday

# The factory ------------------------------------------------------------------------------------


def london(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def make_incident(number: int, **fields) -> PackIncident:
    day = fields.pop("occurred_on", FIRST_DAY + timedelta(days=number - 1))
    at = fields.pop("occurred_time", time(21, 15))
    recorded_at = fields.pop("recorded_at", london(day, time(23, 0)))
    values = {
        "number": number,
        "incident_id": f"incident-{number}",
        "occurred_on": day,
        "occurred_time": at,
        "occurred_at": london(day, at) if at else None,
        "ended_at": None,
        "timezone": "Europe/London",
        "recorded_at": recorded_at,
        "updated_at": recorded_at,
        "kinds": ("Text message",),
        "person_names": ("Sam Carter",),
        "location": "",
        "narrative": f"Narrative of incident {number}.\nHe waited by the gate again.",
        "appearance": "",
        "vehicle": "",
        "contact_used": "",
        "witnesses": "",
        "people_told": "",
        "feelings": (),
        "feelings_other": "",
        "changes": (),
        "changes_other": "",
        "police_told": "",
        "police_told_on": None,
        "police_reference": "",
        "exhibit_references": (),
        "written_late": None,
        "amendments": 0,
        "was_deleted": False,
        "final_revision_hash": f"{number:064x}",
        "history": (),
    }
    values.update(fields)
    return PackIncident(**values)


def make_exhibit(reference: str, **fields) -> PackExhibit:
    values = {
        "reference": reference,
        "is_item": False,
        "type_label": "Photo or screenshot",
        "media_kind": "image",
        "mime_type": "image/jpeg",
        "caption": f"Photo {reference}",
        "original_name": f"{reference.replace('/', '-')}.jpg",
        "size": 2_345_678,
        "sha256": f"{abs(hash(reference)):064x}"[-64:],
        "received_at": london(FIRST_DAY, time(23, 5)),
        "captured_at": None,
        "has_location": False,
        "bundle_path": f"originals/{reference.replace('/', '-')}.jpg",
        "left_out_for_location": False,
        "image_token": None,
        "image_missing": False,
        "duration_seconds": None,
        "page_count": None,
        "email_from": "",
        "email_to": "",
        "email_date": None,
        "email_subject": "",
        "email_body": "",
        "incident_numbers": (),
    }
    values.update(fields)
    return PackExhibit(**values)


def make_content(incidents=(), exhibits=(), **fields) -> PackContent:
    codes = {label: code for code, label in Kind.choices}
    feeling_codes = {label: code for code, label in Feeling.choices}
    change_codes = {label: code for code, label in Change.choices}
    summary = course_of_conduct(
        [
            SummaryIncident(
                occurred_on=incident.occurred_on,
                kinds=tuple(codes.get(label, label) for label in incident.kinds),
                person_names=incident.person_names,
                feelings=tuple(feeling_codes.get(label, label) for label in incident.feelings),
                changes=tuple(change_codes.get(label, label) for label in incident.changes),
                police_told=incident.police_told == "Yes",
                count=incident.count,
                very_serious=incident.seriousness == "very serious",
            )
            for incident in incidents
        ],
        today=date(2026, 11, 24),
        kind_labels=dict(Kind.choices),
        feeling_labels=dict(Feeling.choices),
        change_labels=dict(Change.choices),
    )
    values = {
        "reference": REFERENCE,
        "author_name": "Jo Smith",
        "author_initials": "JS",
        "timezone": "Europe/London",
        "created_at": datetime(2026, 11, 24, 10, 30, tzinfo=UTC),
        "period_start": None,
        "period_end": None,
        "selection_words": ("All people", "All kinds"),
        "options": PackOptions(),
        "manifest_sha256": MANIFEST_SHA256,
        "incidents": tuple(incidents),
        "exhibits": tuple(exhibits),
        "people": (
            PackPerson(
                name="Sam Carter",
                relationship="Former partner",
                description="Tall, dark hair.",
                vehicles="Blue Ford Focus",
                phone_numbers="07700 900123",
                accounts="",
                addresses="",
                incident_count=len(incidents),
            ),
        ),
        "police_contacts": (
            PackPoliceContact(
                contacted_on=date(2026, 3, 10),
                officer_name="PC Patel",
                officer_number="4471",
                organisation="Metropolitan Police",
                method="Phone call",
                summary="Reported the messages.",
                reference="CAD 1234/10MAR",
            ),
        ),
        "summary": summary,
    }
    values.update(fields)
    return PackContent(**values)


def photo_bytes(width: int = 1200, height: int = 900, seed: int = 0) -> bytes:
    """A JPEG that compresses like a photo (blurred noise: ~180 KB at 1200 x 900), not like a
    flat colour."""
    noise = Image.effect_noise((width, height), 25 + seed % 10)
    image = noise.convert("RGB").filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def pdftotext(path, *, layout: bool = False) -> list[str]:
    """The text of each page, as poppler reads it."""
    command = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    result = subprocess.run(  # noqa: S603
        [*command, str(path), "-"], capture_output=True, check=True, text=True
    )
    pages = result.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# A small pack with a bit of everything ----------------------------------------------------------

LONG_WORD = "Ab" + "c" * 296 + "YZ"  # 300 characters, no break opportunity
HOSTILE = (
    '<img src="file:///etc/passwd"> and <a href="http://127.0.0.1:9/track.png">a link</a> '
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
)
SCRIPTS = {
    "Arabic": "انتظرني خارج المنزل",
    "Polish": "Zażółć gęślą jaźń",
    "Greek": "Με ακολούθησε μέχρι το σπίτι",
    "emoji": "😀",
}


class LazyImages(Mapping):
    """Pictures read one at a time, as the pack task's storage mapping does; never listed."""

    def __init__(self, pictures: dict[str, bytes]) -> None:
        self._pictures = pictures
        self.read: list[str] = []

    def __getitem__(self, token: str) -> bytes:
        self.read.append(token)
        return self._pictures[token]

    def __iter__(self):
        raise AssertionError("the renderer must not list or copy every picture")

    def __len__(self) -> int:
        raise AssertionError("the renderer must not count the pictures")


def version(sequence, action, day, changes=(), *, purged=False):
    return Version(
        sequence=sequence,
        action=action,
        created_at=london(day, time(9, 0)),
        chain_hash=f"{sequence:02d}" + "e" * 62,
        purged=purged,
        changes=list(changes),
    )


def small_pack() -> tuple[PackContent, dict[str, bytes]]:
    photo = make_exhibit(
        "JS/1",
        caption=f"Caption with {HOSTILE}",
        image_token="print-1",
        incident_numbers=(1, 2),
        captured_at=london(FIRST_DAY, time(21, 20)),
    )
    lost_photo = make_exhibit("JS/2", image_token=None, image_missing=True, incident_numbers=(2,))
    unstored = make_exhibit("JS/3", image_token="print-3-gone", incident_numbers=(3,))
    email = make_exhibit(
        "JS/4",
        type_label="Email",
        media_kind="email",
        mime_type="message/rfc822",
        original_name="message.eml",
        email_from="someone@example.com",
        email_to="jo@example.org",
        email_date=london(FIRST_DAY, time(8, 2)),
        email_subject="You know why",
        email_body="First line of the email.\n\nSecond paragraph.",
        incident_numbers=(3,),
    )
    recording = make_exhibit(
        "JS/5",
        type_label="Recording",
        media_kind="audio",
        mime_type="audio/mpeg",
        original_name="voicemail.mp3",
        duration_seconds=192.4,
        incident_numbers=(4,),
    )
    located = make_exhibit(
        "JS/6",
        type_label="Video",
        media_kind="video",
        mime_type="video/mp4",
        original_name="street.mp4",
        duration_seconds=61,
        has_location=True,
        left_out_for_location=True,
        bundle_path="",
        image_token="still-6",
        incident_numbers=(4,),
    )
    letter = make_exhibit(
        "JS/7",
        is_item=True,
        type_label="Physical item",
        media_kind="",
        mime_type="",
        caption="Handwritten letter",
        original_name="",
        size=None,
        sha256="",
        bundle_path="",
        item_received_on=date(2026, 3, 5),
        item_arrived_how="Pushed through the letterbox",
        item_kept_where="In a freezer bag in the kitchen drawer",
        item_handling="Only touched the corner",
        incident_numbers=(5,),
    )
    document = make_exhibit(
        "JS/8",
        type_label="Document",
        media_kind="pdf",
        mime_type="application/pdf",
        original_name="letter.pdf",
        page_count=3,
        image_token="page-8",
        incident_numbers=(5,),
    )
    incidents = [
        make_incident(
            1,
            ended_at=london(FIRST_DAY, time(21, 40)),
            recorded_at=london(FIRST_DAY + timedelta(days=3), time(8, 2)),
            written_late="3 days",
            narrative=f"He stood by the gate.\n\n{HOSTILE}",
            exhibit_references=("JS/1",),
            amendments=2,
            updated_at=london(FIRST_DAY + timedelta(days=4), time(10, 0)),
            history=(
                version(1, "Created", FIRST_DAY + timedelta(days=3)),
                version(
                    2,
                    "Amended",
                    FIRST_DAY + timedelta(days=4),
                    [FieldChange("Where", "(empty)", "By the gate")],
                ),
                version(3, "Amended", FIRST_DAY + timedelta(days=4)),
            ),
            location="By the gate",
            police_told="Yes",
            police_told_on=date(2026, 3, 10),
            police_reference="CAD 1234/10MAR",
            feelings=("Alarm", "Distress"),
            feelings_other="Could not sleep",
            changes_other="Changed my route to work",
        ),
        make_incident(
            2,
            occurred_time=None,
            narrative=" ".join(SCRIPTS.values()),
            exhibit_references=("JS/1", "JS/2"),
            was_deleted=True,
            history=(
                version(1, "Created", FIRST_DAY + timedelta(days=1), purged=True),
                version(2, "Deleted", FIRST_DAY + timedelta(days=2), purged=True),
                version(3, "Restored", FIRST_DAY + timedelta(days=2)),
            ),
        ),
        make_incident(
            3, narrative=f"A long word: {LONG_WORD}", exhibit_references=("JS/3", "JS/4")
        ),
        make_incident(4, kinds=("Voicemail",), exhibit_references=("JS/5", "JS/6")),
        make_incident(5, kinds=("Letter",), exhibit_references=("JS/7", "JS/8")),
    ]
    content = make_content(
        incidents,
        [photo, lost_photo, unstored, email, recording, located, letter, document],
        redactions_made=True,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
    )
    images = {
        "print-1": photo_bytes(400, 300),
        "still-6": photo_bytes(320, 180, seed=6),
        "page-8": photo_bytes(210, 297, seed=8),
    }
    return content, images


def pack_fonts_and_images(content: PackContent) -> set[str]:
    tokens = {exhibit.image_token for exhibit in content.exhibits if exhibit.image_token}
    return set(PACK_FONTS) | {f"pack:image/{token}" for token in tokens}


def squashed(text: str) -> str:
    return "".join(text.split())


def outline_titles(path) -> list[tuple[int, str]]:
    titles = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, item.title))

    walk(PdfReader(path).outline, 0)
    return titles


@pytest.fixture(scope="module")
def pack():
    return small_pack()


@pytest.fixture(scope="module")
def html(pack):
    return pack_html(pack[0])


@pytest.fixture(scope="module")
def drawn(pack, tmp_path_factory):
    """The small pack drawn in one go, with every address the renderer was asked for."""
    content, pictures = pack
    images = LazyImages(pictures)
    asked = []
    original_fetch = PackURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        asked.append(url)
        return original_fetch(self, url, headers)

    target = tmp_path_factory.mktemp("pack") / "pack.pdf"
    progress = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PackURLFetcher, "fetch", recording_fetch)
        rendered = render_pack(content, images, target, on_progress=progress.append, workers=1)
    return SimpleNamespace(
        content=content,
        rendered=rendered,
        path=target,
        pages=pdftotext(target),
        asked=asked,
        images=images,
        progress=progress,
    )


@pytest.fixture(scope="module")
def chunked(pack, tmp_path_factory):
    """The same pack cut into many tiny chunks, drawn by two processes."""
    content, pictures = pack
    target = tmp_path_factory.mktemp("chunked") / "pack.pdf"
    progress = []
    rendered = render_pack(
        content, pictures, target, on_progress=progress.append, chunk_size=1, workers=2
    )
    return SimpleNamespace(
        rendered=rendered, path=target, pages=pdftotext(target), progress=progress
    )


# The HTML ---------------------------------------------------------------------------------------


def test_the_html_has_every_incident_in_order(html, pack):
    content, _ = pack
    positions = [html.index(f"Incident {incident.number} — ") for incident in content.incidents]

    assert positions == sorted(positions)


def test_the_html_has_every_exhibit_reference_and_full_hash(html, pack):
    content, _ = pack

    for exhibit in content.exhibits:
        assert f"Exhibit {exhibit.reference}" in html
        if exhibit.sha256:
            assert exhibit.sha256 in html


def test_the_html_escapes_what_the_user_typed(html):
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert 'href="http://127.0.0.1' not in html
    assert "<link rel" not in html


def test_the_html_points_pictures_only_at_this_packs_images(html):
    sources = re.findall(r'<img src="([^"]*)"', html)

    assert sorted(sources) == [
        "pack:image/page-8",
        "pack:image/print-1",
        "pack:image/print-3-gone",
        "pack:image/still-6",
    ]


def test_a_photo_linked_to_two_incidents_is_drawn_once(html):
    assert html.count('src="pack:image/print-1"') == 1
    assert "Shown under incident 1." in html


def test_the_html_states_the_timezone_period_and_both_times(html):
    assert "All times are UK time (Europe/London)" in html
    assert "From 1 March 2026 to 31 March 2026" in html
    assert "Tuesday 3 March 2026, 9:15pm to 9:40pm" in html
    assert "Friday 6 March 2026 at 8:02am (3 days later)" in html
    assert "Wednesday 4 March 2026, time not known" in html
    assert "Amended twice; the history is in Appendix A." in html
    assert "Deleted and later restored; the history is in Appendix A." in html


def test_the_html_without_history_impact_or_bundle_says_so(pack):
    content, _ = pack
    bare = replace(
        content,
        options=PackOptions(include_history=False, include_impact=False, include_bundle=False),
        manifest_sha256=None,
    )

    html = pack_html(bare)

    assert "Appendix A" not in html.replace("the history of changes is not included", "")
    assert "Impact summary" not in html
    assert "No originals bundle was made with this pack" in html


def test_an_empty_pack_still_makes_every_section(tmp_path):
    html = pack_html(make_content())

    assert "No incidents are recorded in this period." in html
    assert "No incidents are in this pack." in html
    assert "No exhibits are in this pack." in html


# The PDF ----------------------------------------------------------------------------------------


def test_every_page_says_page_n_of_m_and_the_pack_reference(drawn):
    total = drawn.rendered.page_count

    assert len(drawn.pages) == total > 5
    for number, text in enumerate(drawn.pages, start=1):
        assert f"Page {number} of {total}" in text
        assert REFERENCE in text


def test_the_outline_has_every_section_and_incident(drawn):
    titles = outline_titles(drawn.path)

    assert [title for depth, title in titles if depth == 0] == [
        "The case in brief",
        "Summary",
        "Chronological log",
        "Each incident in full",
        "Exhibit index",
        "People",
        "Police contacts",
        "Impact summary",
        "The author’s declaration",
        "Appendix A: Amendment history",
        "Appendix B: How these records were kept",
    ]
    assert [title for depth, title in titles if depth == 1] == [
        f"Incident {n} — {3 + n - 1} March 2026" for n in range(1, 6)
    ]


def declaration_words(exhibit) -> str:
    return declaration._produced(exhibit).words


def test_the_author_declares_the_records_true_and_can_produce_each_exhibit_and_the_pack(drawn):
    text = " ".join(" ".join(drawn.pages).split())
    declaration = text[text.index("The author’s declaration This is not a witness statement") :]

    assert "I, Jo Smith, declare that the records in this pack are true" in declaration
    assert "Signed Name Jo Smith Date" in declaration
    assert f"I produce as exhibit JS/{REFERENCE} this evidence pack" in declaration
    produced = declaration[declaration.index("I produce as exhibits the following") :]
    for exhibit in drawn.content.exhibits:
        assert f"{exhibit.reference} {declaration_words(exhibit)}" in produced


def test_the_cover_shows_the_manifest_hash_and_the_notices(drawn):
    cover = drawn.pages[0]

    assert MANIFEST_SHA256 in squashed(cover)
    assert "[removed by the author]" in " ".join(cover.split())
    assert "not redacted" in cover
    assert "JS/6" in cover  # left out of the bundle: it carries location data
    assert "Jo Smith" in cover


def test_it_fetches_nothing_but_fonts_and_this_packs_pictures(drawn):
    assert set(drawn.asked) <= pack_fonts_and_images(drawn.content)
    assert drawn.rendered.refused == ["pack:image/print-3-gone"]
    # Read lazily, one picture at a time, never listed (LazyImages would have failed).
    assert sorted(set(drawn.images.read)) == ["page-8", "print-1", "print-3-gone", "still-6"]


def test_hostile_markup_prints_as_text(drawn):
    text = squashed("".join(drawn.pages))

    assert squashed('<img src="file:///etc/passwd">') in text
    assert "http://127.0.0.1:9/track.png" in text


def test_missing_pictures_get_a_box_or_a_note_and_the_rest_prints(drawn):
    text = " ".join(" ".join(page.split()) for page in drawn.pages)

    assert "The picture of this exhibit could not be included here." in text
    assert "picture of exhibit JS/3 could not be included" in text
    assert "Exhibit JS/8" in text


def test_the_pictures_are_embedded_byte_for_byte_not_drawn_again(drawn, pack):
    _, pictures = pack
    pdf = drawn.path.read_bytes()

    for token in ("print-1", "still-6", "page-8"):
        assert pictures[token] in pdf


@pytest.mark.parametrize("script", SCRIPTS)
def test_arabic_polish_greek_and_emoji_print(drawn, script):
    text = "".join(drawn.pages)

    assert SCRIPTS[script] in text


def test_a_300_character_word_wraps_inside_the_page(drawn):
    assert LONG_WORD in squashed("".join(drawn.pages))
    document = pypdfium2.PdfDocument(str(drawn.path))
    try:
        for page in document:
            text_page = page.get_textpage()
            right_edges = [
                text_page.get_charbox(index)[2] for index in range(text_page.count_chars())
            ]
            assert max(right_edges, default=0) <= page.get_width() - 30  # inside the margin
            text_page.close()
            page.close()
    finally:
        document.close()


def test_progress_is_reported_and_ends_at_one(drawn):
    assert drawn.progress
    assert drawn.progress == sorted(drawn.progress)
    assert drawn.progress[-1] == 1.0


# Chunks -----------------------------------------------------------------------------------------


def test_a_chunked_render_numbers_every_page_of_the_whole(chunked):
    total = chunked.rendered.page_count

    assert chunked.rendered.chunk_count > 5
    assert len(chunked.pages) == total
    for number, text in enumerate(chunked.pages, start=1):
        assert f"Page {number} of {total}" in text
        assert REFERENCE in text


def test_a_chunked_render_keeps_every_section_and_incident_in_the_outline(chunked, drawn):
    assert outline_titles(chunked.path) == outline_titles(drawn.path)


def test_pages_drawn_together_share_one_resource_list_after_the_join(chunked):
    # Each page copying its chunk's resources wrote the names of all the chunk's pictures again
    # on every page: about 2 KB a page in a chunk of photos.
    resources = [page.raw_get("/Resources") for page in PdfReader(chunked.path).pages]

    assert all(isinstance(entry, IndirectObject) for entry in resources)
    assert len({entry.idnum for entry in resources}) <= chunked.rendered.chunk_count


def test_a_chunked_render_leaves_nothing_frozen_out_of_garbage_collection(chunked):
    # The drawing processes are forked with this process's objects frozen; a worker that makes
    # pack after pack must get them back into collection, or what one pack held is never freed.
    assert chunked.rendered.chunk_count > 2
    assert gc.get_freeze_count() == 0


def test_a_chunked_render_reports_progress_after_each_chunk(chunked):
    assert len(chunked.progress) >= chunked.rendered.chunk_count
    assert chunked.progress[-1] == 1.0


def test_a_chunked_render_has_the_same_text(chunked, drawn):
    def lines(pages):
        return [line for page in pages for line in page.splitlines() if line.strip()]

    def headings(pages):
        return [line for line in lines(pages) if re.match(r"Incident \d+ — ", line)]

    footer = re.compile(r"^(Page \d+ of \d+|Pack reference .*)$")

    def without_page_numbers(found):
        return {re.sub(r"\bpage \d+", "page N", line) for line in found}

    one_go = without_page_numbers(line for line in lines(drawn.pages) if not footer.match(line))
    # A section cut between chunks starts a new page (and the log repeats its header row),
    # so pages differ (and so do "see page N" references); every line is still there, and the
    # incidents are in the same order.
    assert one_go <= without_page_numbers(lines(chunked.pages))
    assert headings(chunked.pages) == headings(drawn.pages)


def test_a_text_file_prints_its_own_words(tmp_path):
    messages = make_exhibit(
        "JS/9",
        media_kind="text",
        type_label="Text",
        text_excerpt="18:02 Unknown: I know where you are\n18:03 Unknown: Answer me",
    )
    cut = make_exhibit("JS/10", media_kind="text", text_excerpt="a" * 50, text_cut=True)
    html = pack_html(make_content(exhibits=[messages, cut]))
    assert "18:02 Unknown: I know where you are" in html
    assert "Text (its beginning)" in html


@pytest.mark.parametrize(
    ("type_label", "words"),
    [
        ("PDF document", "a PDF document, letter.pdf"),
        ("Email", "an email, letter.pdf"),
        ("Photo or screenshot", "a photo or screenshot, letter.pdf"),
        ("Recording", "a recording, letter.pdf"),
    ],
)
def test_the_exhibit_list_reads_as_a_sentence(type_label, words):
    exhibit = make_exhibit("JS/1", type_label=type_label, original_name="letter.pdf", caption="")

    assert declaration._produced(exhibit).words == words
