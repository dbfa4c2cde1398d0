"""How an exhibit is shown: its block under an incident, the section of exhibits no incident in
the pack refers to, and the exhibit index with every file's hash."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from evidence.pack.content import PackContent, PackExhibit
from evidence.pack.pages.pieces import Line, Piece, filled, split, whole
from evidence.pack.words import (
    counted,
    duration_words,
    long_date,
    moment_words,
    short_moment_words,
    size_words,
)

# An index entry costs about a third of an incident in full to draw.
INDEX_ENTRY_WEIGHT = 0.3
# The exhibit box's inner width on A4 (178 mm between the margins, less its padding and border)
# and the tallest picture that still fits on a page with the exhibit's title above it.
PICTURE_FULL_WIDTH_MM = 171.0
PICTURE_MAX_HEIGHT_MM = 225.0
# A portrait photo or a tall screenshot is at least half the page's width where it can be.
PICTURE_MIN_WIDTH_MM = 89.0
# A portrait photo (no taller than 2:3) is drawn 165 mm tall, two-thirds of the page: its width
# is then over 110 mm, and it can share a page with the note it belongs to instead of leaving
# the rest of the page before it blank. Screenshots, taller and narrower, take the page height.
PHOTO_MOST_RATIO = 1.5
PHOTO_HEIGHT_MM = 165.0
# The exhibit boxes give the hash's start; the index gives it whole.
HASH_START = 12


@dataclass(frozen=True)
class Picture:
    """One print copy to draw, with the size it is given on the page."""

    src: str
    token: str
    # CSS for its size, e.g. "width: 171.0mm; height: 128.2mm"; "" when its size is unknown.
    size_style: str
    # "Page 2 of 14" for a PDF of several pages; "" otherwise.
    label: str = ""


@dataclass(frozen=True)
class ExhibitView:
    exhibit: PackExhibit
    sentence: str
    facts: tuple[Line, ...]
    # The print copy to draw here; None when it is drawn elsewhere, missing or not a picture.
    image_src: str | None
    image_alt: str
    # Drawn under an earlier incident: say where instead of printing it again.
    shown_under: int | None
    missing_words: str
    title: str
    # Every print copy to draw here: the picture, or each printed page of a PDF.
    pictures: tuple[Picture, ...] = ()
    hash_start: str = ""

    @property
    def image_tokens(self) -> tuple[str, ...]:
        return tuple(picture.token for picture in self.pictures)


@dataclass(frozen=True)
class IndexEntry:
    reference: str
    title: str
    caption: Line
    # Plain sentences (labels cost the layout engine more than words do).
    sentences: tuple[str, ...]
    sha256: str
    where: str


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    """Exhibits no incident refers to (if any), then the index of every exhibit."""
    found = _unlinked(content)
    if found:
        tokens = tuple(token for view in found for token in view.image_tokens)
        weight = 0.5 * len(found) + len(tokens) + 0.5
        found = whole("unlinked.html", {"exhibits": found}, weight, image_tokens=tokens)
    entries = [index_entry(exhibit, content.zone) for exhibit in content.exhibits]
    return found + split(
        content,
        "exhibit_index.html",
        "entries",
        entries,
        chunk_size,
        weigh=lambda _entry: INDEX_ENTRY_WEIGHT,
    )


def _unlinked(content: PackContent) -> list[ExhibitView]:
    """Exhibits in the pack that no incident in it refers to, so they print somewhere."""
    linked = {ref for incident in content.incidents for ref in incident.exhibit_references}
    return [
        exhibit_view(exhibit, None, {}, content.zone)
        for exhibit in content.exhibits
        if exhibit.reference not in linked
    ]


# The exhibit's block --------------------------------------------------------------------------


def exhibit_view(
    exhibit: PackExhibit, incident_number: int | None, drawn: dict[str, int], zone: ZoneInfo
) -> ExhibitView:
    """The block for an exhibit; `drawn` remembers under which incident each was first drawn."""
    shown_under = drawn.get(exhibit.reference)
    if shown_under is None and incident_number is not None:
        drawn[exhibit.reference] = incident_number
    image_src = None
    pictures: tuple[Picture, ...] = ()
    if exhibit.image_token and not exhibit.image_missing and shown_under is None:
        image_src = f"pack:image/{exhibit.image_token}"
        pictures = exhibit_pictures(exhibit)
    return ExhibitView(
        exhibit=exhibit,
        sentence=exhibit_sentence(exhibit),
        facts=exhibit_facts(exhibit, zone),
        image_src=image_src,
        image_alt=f"[The picture of exhibit {exhibit.reference} could not be included. "
        f"{original_words(exhibit)}]",
        shown_under=shown_under,
        missing_words=(
            "The picture of this exhibit could not be included here. " + original_words(exhibit)
        ),
        title=f"Exhibit {exhibit.reference}" + (f": {exhibit.caption}" if exhibit.caption else ""),
        pictures=pictures,
        hash_start=exhibit.sha256[:HASH_START],
    )


def exhibit_pictures(exhibit: PackExhibit) -> tuple[Picture, ...]:
    """The exhibit's print copy, then each further printed page of a PDF, each sized to read."""
    if not exhibit.image_token:
        return ()
    several = bool(exhibit.more_pages)
    total = exhibit.page_count or (1 + len(exhibit.more_pages))
    first = Picture(
        src=f"pack:image/{exhibit.image_token}",
        token=exhibit.image_token,
        size_style=picture_style(exhibit.print_size),
        label=f"Page 1 of {total}" if several else "",
    )
    return (first,) + tuple(
        Picture(
            src=f"pack:image/{page.image_token}",
            token=page.image_token,
            size_style=picture_style((page.width, page.height)),
            label=f"Page {page.number} of {total}",
        )
        for page in exhibit.more_pages
    )


def picture_size_mm(width: int, height: int) -> tuple[float, float]:
    """The printed width and height of a picture of this many pixels, in millimetres.

    A landscape picture takes the box's full width. A portrait photo is two-thirds of a page
    tall. A tall screenshot is as tall as a page allows, and at least half the page's width
    unless that would make it taller than a page (one over 2.5 times as tall as it is wide).
    """
    ratio = height / width
    if ratio <= 1:
        return PICTURE_FULL_WIDTH_MM, PICTURE_FULL_WIDTH_MM * ratio
    if ratio <= PHOTO_MOST_RATIO:
        return PHOTO_HEIGHT_MM / ratio, PHOTO_HEIGHT_MM
    wide = min(PICTURE_FULL_WIDTH_MM, max(PICTURE_MIN_WIDTH_MM, PICTURE_MAX_HEIGHT_MM / ratio))
    if wide * ratio > PICTURE_MAX_HEIGHT_MM:
        wide = PICTURE_MAX_HEIGHT_MM / ratio
    return wide, wide * ratio


def picture_style(size: tuple[int, int] | None) -> str:
    """Both sides given, so the layout never has to work the picture's size out itself."""
    if not size or size[0] <= 0 or size[1] <= 0:
        return ""
    width, height = picture_size_mm(*size)
    # Rounded down, so a picture never comes out a hair wider than its box.
    return f"width: {int(width * 10) / 10}mm; height: {int(height * 10) / 10}mm"


def original_words(exhibit: PackExhibit) -> str:
    if exhibit.bundle_path:
        return f"The original is in the bundle as {exhibit.bundle_path}."
    if exhibit.left_out_for_location:
        return "The original was left out of the bundle because it carries location data."
    return "The original is not in this pack's bundle."


def exhibit_facts(exhibit: PackExhibit, zone: ZoneInfo) -> tuple[Line, ...]:
    """What to print beside an exhibit under an incident, by kind of exhibit."""
    if exhibit.is_item:
        return filled(
            [
                Line(
                    "Received on",
                    long_date(exhibit.item_received_on) if exhibit.item_received_on else "",
                ),
                Line("How it arrived", exhibit.item_arrived_how, multiline=True),
                Line("Where it is kept", exhibit.item_kept_where, multiline=True),
                Line("Handling", exhibit.item_handling, multiline=True),
            ]
        )
    if exhibit.media_kind == "email":
        return filled(
            [
                Line("From", exhibit.email_from),
                Line("To", exhibit.email_to),
                Line(
                    "Date",
                    moment_words(exhibit.email_date, zone) if exhibit.email_date else "",
                ),
                Line("Subject", exhibit.email_subject),
                Line("Message", exhibit.email_body, multiline=True),
            ]
        )
    if exhibit.media_kind == "pdf" and exhibit.page_count is not None:
        return filled([Line("Pages", pages_words(exhibit))])
    if exhibit.media_kind in ("audio", "video"):
        return filled(
            [
                Line("Length", duration_words(exhibit.duration_seconds)),
                Line("Recorded", recorded_words(exhibit, zone)),
                Line("What is said or shown", exhibit.transcript, multiline=True),
            ]
        )
    if exhibit.media_kind == "text":
        # The file's own words; a long file is cut, and the whole of it is in the bundle.
        label = "Text (its beginning)" if exhibit.text_cut else "Text"
        return filled([Line(label, exhibit.text_excerpt, multiline=True)])
    return ()


def pages_words(exhibit: PackExhibit) -> str:
    """'14 pages; pages 1–10 of 14 printed here', or '3 pages, all printed here'."""
    total = exhibit.page_count or 0
    pages = counted(total, "page")
    if exhibit.image_missing or not exhibit.image_token:
        return pages
    printed = 1 + len(exhibit.more_pages)
    if printed >= total:
        return f"{pages}, all printed here" if total > 1 else pages
    if printed == 1:
        return f"{pages}; the first page is printed here"
    return f"{pages}; pages 1–{printed} of {total} printed here"


def recorded_words(exhibit: PackExhibit, zone: ZoneInfo) -> str:
    if exhibit.recorded_at is None:
        return ""
    return (
        f"{moment_words(exhibit.recorded_at, zone)}, as the file itself says "
        "(its own clock, not checked)"
    )


def exhibit_sentence(exhibit: PackExhibit) -> str:
    """'Photo or screenshot, file IMG_4101.JPG.', and that its original is not bundled."""
    links = ""
    if exhibit.photo_of:
        links += f" A photo of item {exhibit.photo_of}."
    if exhibit.person_names:
        links += f" It shows or came from: {', '.join(exhibit.person_names)}."
    if exhibit.is_item:
        return f"{exhibit.type_label}.{links}"
    named = f", file {exhibit.original_name}" if exhibit.original_name else ""
    # Where a bundled original sits is said once, in the index; an original missing from the
    # bundle is said here too, where the officer meets the exhibit.
    missing = "" if exhibit.bundle_path else f" {original_words(exhibit)}"
    return f"{exhibit.type_label}{named}.{links}{missing}"


# The index ------------------------------------------------------------------------------------


def index_entry(exhibit: PackExhibit, zone: ZoneInfo) -> IndexEntry:
    return IndexEntry(
        reference=exhibit.reference,
        title=f"Exhibit {exhibit.reference} — {exhibit.type_label}",
        caption=Line("Description", exhibit.caption, multiline=True),
        sentences=_index_sentences(exhibit, zone),
        sha256=exhibit.sha256,
        where=_index_where(exhibit),
    )


def _index_sentences(exhibit: PackExhibit, zone: ZoneInfo) -> tuple[str, ...]:
    sentences = []
    if exhibit.is_item:
        if exhibit.item_received_on:
            sentences.append(f"Received on {long_date(exhibit.item_received_on)}.")
    else:
        facts = [f"File {exhibit.original_name}" if exhibit.original_name else "A file"]
        if exhibit.size is not None:
            facts.append(size_words(exhibit.size))
        facts.append(f"received {short_moment_words(exhibit.received_at, zone)}")
        sentences.append(", ".join(facts) + ".")
        if exhibit.captured_at:
            sentences.append(
                f"Taken or made {short_moment_words(exhibit.captured_at, zone)}, "
                "according to the file itself."
            )
        if exhibit.recorded_at:
            sentences.append(
                f"Recorded {short_moment_words(exhibit.recorded_at, zone)}, "
                "according to the file itself."
            )

    numbers = [str(number) for number in exhibit.incident_numbers]
    if not numbers:
        sentences.append("Not linked to an incident in this pack.")
    else:
        noun = "Incident" if len(numbers) == 1 else "Incidents"
        sentences.append(f"{noun} {', '.join(numbers)}.")
    return tuple(sentences)


def _index_where(exhibit: PackExhibit) -> str:
    if exhibit.is_item:
        return f"Where it is kept: {exhibit.item_kept_where}" if exhibit.item_kept_where else ""
    if exhibit.bundled_with_location:
        return f"In the bundle as {exhibit.bundle_path}. The original in the ZIP holds a location."
    if exhibit.bundle_path:
        return f"In the bundle as {exhibit.bundle_path}."
    return original_words(exhibit)
