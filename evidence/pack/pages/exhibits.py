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
    moment_at_words,
    moment_words,
    size_words,
)

# An index entry costs about a third of an incident in full to draw.
INDEX_ENTRY_WEIGHT = 0.3


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
        tokens = tuple(view.exhibit.image_token for view in found if view.image_src)
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
    if exhibit.image_token and not exhibit.image_missing and shown_under is None:
        image_src = f"pack:image/{exhibit.image_token}"
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
    )


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
        pages = counted(exhibit.page_count, "page")
        return filled([Line("Pages", f"{pages}; the first page is shown here")])
    if exhibit.media_kind in ("audio", "video"):
        return filled([Line("Length", duration_words(exhibit.duration_seconds))])
    if exhibit.media_kind == "text":
        # The file's own words; a long file is cut, and the whole of it is in the bundle.
        label = "Text (its beginning)" if exhibit.text_cut else "Text"
        return filled([Line(label, exhibit.text_excerpt, multiline=True)])
    return ()


def exhibit_sentence(exhibit: PackExhibit) -> str:
    """'Photo or screenshot, file IMG_4101.JPG.' and where its original is."""
    links = ""
    if exhibit.photo_of:
        links += f" A photo of item {exhibit.photo_of}."
    if exhibit.person_names:
        links += f" It shows or came from: {', '.join(exhibit.person_names)}."
    if exhibit.is_item:
        return f"{exhibit.type_label}.{links}"
    named = f", file {exhibit.original_name}" if exhibit.original_name else ""
    return f"{exhibit.type_label}{named}.{links} {original_words(exhibit)}"


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
        facts.append(f"received {moment_at_words(exhibit.received_at, zone)}")
        sentences.append(", ".join(facts) + ".")
        if exhibit.captured_at:
            sentences.append(
                f"Taken or made {moment_words(exhibit.captured_at, zone)}, "
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
    if exhibit.bundle_path:
        return f"In the bundle as {exhibit.bundle_path}."
    return original_words(exhibit)
