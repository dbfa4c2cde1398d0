"""The evidence pack's pages: PackContent as one HTML document, and that document as a PDF.

`pack_html` is pure (no database, storage or WeasyPrint): every date, time and sentence the pages
show is worked out here, and the templates only lay them out, escaping everything the user typed.
`render_pack` draws the pages with WeasyPrint. A big pack is drawn in chunks, each a small HTML
document of its own, so memory stays flat however many incidents there are; the chunks are joined
with pypdf, then "Page N of M" and the bookmarks are put back for the whole document.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from diary.history import FieldChange, Version
from diary.times import clock
from evidence.pack.content import (
    REDACTED,
    PackContent,
    PackExhibit,
    PackIncident,
)
from evidence.pack.summary import incidents_chart_svg, long_date, period_words

TEMPLATES = "evidence/pack/"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")

# How much of the pack one WeasyPrint render draws, in units of about one incident in full
# (see Piece.weight): some 25 incidents with pictures, or 750 rows of the log. A pack lighter
# than this is drawn in one go; a heavier one in chunks, so no render holds the whole pack.
DEFAULT_CHUNK_SIZE = 60

# Chunks drawn side by side; each process holds one chunk's layout.
DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))

ProgressCallback = Callable[[float], None]


# Words for dates, times and sizes -------------------------------------------------------------


def day_words(day: date) -> str:
    """'Tuesday 3 March 2026'."""
    return f"{day:%A} {long_date(day)}"


def moment_words(moment: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 3 March 2026, 9:15pm', in the pack's timezone."""
    local = moment.astimezone(zone)
    return f"{day_words(local.date())}, {clock(local.time())}"


def moment_at_words(moment: datetime, zone: ZoneInfo) -> str:
    """'Friday 6 March 2026 at 8:02am', for when something was written."""
    local = moment.astimezone(zone)
    return f"{day_words(local.date())} at {clock(local.time())}"


def timezone_words(timezone: str) -> str:
    if timezone == "Europe/London":
        return "All times are UK time (Europe/London), with summer time where it applied."
    return f"All times are local time in the {timezone} timezone."


def size_words(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1000:
        return f"{size} bytes"
    if size < 1000 * 1000:
        return f"{size / 1000:.0f} KB"
    return f"{size / (1000 * 1000):.1f} MB"


def duration_words(seconds: float | None) -> str:
    if seconds is None:
        return "length not known"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(_count(hours, "hour"))
    if minutes:
        parts.append(_count(minutes, "minute"))
    if secs or not parts:
        parts.append(_count(secs, "second"))
    return " ".join(parts)


def times_words(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _join(items: Sequence[str], empty: str = "") -> str:
    return ", ".join(items) if items else empty


# What the templates are given ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One labelled line: 'Where: outside the bus station'."""

    label: str
    value: str
    # Keep line breaks the user typed (narratives, emails); hashes print in their own style.
    multiline: bool = False
    is_hash: bool = False

    @property
    def paragraphs(self) -> list[str]:
        """The value cut at blank lines; single line breaks stay inside a paragraph."""
        text = self.value.replace("\r\n", "\n").strip()
        return [part.strip("\n") for part in _BLANK_LINES.split(text) if part.strip()]


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
class IncidentView:
    incident: PackIncident
    heading: str
    happened: str
    written: str
    last_changed: str
    edits: str
    lines: tuple[Line, ...]
    exhibits: tuple[ExhibitView, ...]
    missing_references: tuple[str, ...]


@dataclass(frozen=True)
class LogRow:
    number: int
    when: str
    kinds: str
    who: str
    summary: str
    exhibits: str
    police_reference: str


@dataclass(frozen=True)
class PoliceRow:
    day: str
    who: str
    method: str
    summary: str
    reference: str


@dataclass(frozen=True)
class IndexEntry:
    reference: str
    title: str
    caption: Line
    # Plain sentences (labels cost the layout engine more than words do).
    sentences: tuple[str, ...]
    sha256: str
    where: str


@dataclass(frozen=True)
class HistoryEntry:
    heading: str
    versions: tuple[VersionView, ...]


@dataclass(frozen=True)
class VersionView:
    version: Version
    when: str
    changes: tuple[ChangeView, ...] = ()


@dataclass(frozen=True)
class ChangeView:
    label: str
    # "changed", "added" (text put on the end) or "cut" (text taken off the end)
    how: str
    before: str = ""
    after: str = ""
    difference: str = ""


# Shorter than this, a changed value is shown whole before and after.
LONG_TEXT = 200


def describe_change(change: FieldChange) -> ChangeView:
    """A long text that only grew (or shrank) at its end is shown by the part that changed."""
    before, after = change.before, change.after
    if len(before) >= LONG_TEXT and after.startswith(before):
        return ChangeView(change.label, "added", difference=after[len(before) :].strip())
    if len(after) >= LONG_TEXT and before.startswith(after):
        return ChangeView(change.label, "cut", difference=before[len(after) :].strip())
    return ChangeView(change.label, "changed", before=before, after=after)


@dataclass(frozen=True)
class OwnWords:
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Piece:
    """One part of the pack drawn by one template; a long section is split into several."""

    template: str
    context: dict[str, Any]
    # Drawing work, roughly in incidents in full; chunks are filled up to a chunk size of it.
    weight: float
    # Continues a section begun in an earlier piece, so it carries no section heading.
    continued: bool = False
    # The print copies this piece draws, so a chunk can fetch just its own pictures.
    image_tokens: tuple[str, ...] = ()


class PackPages:
    """Every piece of the pack, in order, with all its words worked out."""

    def __init__(self, content: PackContent) -> None:
        self.content = content
        self.zone = ZoneInfo(content.timezone)
        self.exhibits = {exhibit.reference: exhibit for exhibit in content.exhibits}

    # Sections, in the order they print --------------------------------------------------------

    def pieces(self, chunk_size: float = DEFAULT_CHUNK_SIZE) -> list[Piece]:
        content = self.content
        common = {"content": content}
        pieces = [
            Piece("cover.html", {**common, **self.cover()}, 1),
            Piece("summary.html", {**common, **self.summary()}, 2),
        ]
        rows = [self.log_row(incident) for incident in content.incidents]
        pieces += self._split("log.html", "rows", rows, 0.33, chunk_size)
        incidents = self.incident_views()
        pieces += self._split(
            "incidents.html", "incidents", incidents, 1, chunk_size, weigh=_incident_weight
        )
        loose = self.unlinked_exhibits()
        if loose:
            tokens = tuple(view.exhibit.image_token for view in loose if view.image_src)
            weight = 0.5 * len(loose) + len(tokens) + 0.5
            pieces.append(Piece("unlinked.html", {"exhibits": loose}, weight, image_tokens=tokens))
        pieces += self._split(
            "exhibit_index.html", "entries", self.index_entries(), 0.3, chunk_size
        )
        pieces.append(Piece("people.html", {**common}, 0.2 * len(content.people) + 0.2))
        pieces.append(
            Piece(
                "police.html",
                {**common, "police_contacts": self.police_rows()},
                0.1 * len(content.police_contacts) + 0.2,
            )
        )
        if content.options.include_impact:
            pieces.append(Piece("impact.html", {**common, **self.impact()}, 1))
        if content.options.include_history:
            pieces += self._split(
                "history.html",
                "entries",
                self.history_entries(),
                1,
                chunk_size,
                weigh=lambda entry: 0.1 + 0.1 * len(entry.versions),
            )
        pieces.append(Piece("method.html", {**common}, 1))
        return pieces

    def _split(
        self,
        template: str,
        name: str,
        items: Sequence[Any],
        each: float,
        chunk_size: float,
        *,
        weigh: Callable[[Any], float] | None = None,
    ) -> list[Piece]:
        """The section as pieces no heavier than a chunk; at least one, which may say "none"."""
        weigh = weigh or (lambda _item: each)
        pieces: list[Piece] = []
        batch: list[Any] = []
        weight = 0.0
        for item in items:
            item_weight = weigh(item)
            if batch and weight + item_weight > chunk_size:
                pieces.append(self._piece(template, name, batch, weight, bool(pieces)))
                batch, weight = [], 0.0
            batch.append(item)
            weight += item_weight
        pieces.append(self._piece(template, name, batch, weight, bool(pieces)))
        return pieces

    def _piece(self, template, name, batch, weight, continued) -> Piece:
        context = {"content": self.content, name: batch, "continued": continued}
        tokens = tuple(
            exhibit.exhibit.image_token
            for view in batch
            if isinstance(view, IncidentView)
            for exhibit in view.exhibits
            if exhibit.image_src
        )
        return Piece(template, context, max(weight, 0.2), continued, tokens)

    # The cover ---------------------------------------------------------------------------------

    def cover(self) -> dict[str, Any]:
        content = self.content
        files = sum(1 for exhibit in content.exhibits if not exhibit.is_item)
        items = len(content.exhibits) - files
        counts = [
            Line("Incidents", str(len(content.incidents))),
            Line(
                "Exhibits",
                f"{len(content.exhibits)} ({_count(files, 'file')}, "
                f"{_count(items, 'physical item')})",
            ),
            Line("People described", str(len(content.people))),
        ]
        notices = []
        if content.redactions_made:
            notices.append(
                "The author removed some details from this PDF before it was made. Each removed "
                f"part appears as “{REDACTED}”. The original files in the bundle are not "
                "redacted."
            )
        left_out = content.located_left_out
        if left_out:
            notices.append(
                "These original files were left out of the bundle because they carry location "
                "data (they may show where the author lives): " + ", ".join(left_out) + ". They "
                "are still listed and described in this pack."
            )
        return {
            "period": period_words(content.period_start, content.period_end),
            "made": moment_at_words(content.created_at, self.zone),
            "timezone_words": timezone_words(content.timezone),
            "counts": counts,
            "notices": notices,
        }

    # Summary of the course of conduct ----------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        summary = self.content.summary
        chart = incidents_chart_svg(
            summary.chart_buckets, title=summary.chart_title, id_prefix="pack-chart"
        )
        return {
            "summary": summary,
            "first_on": long_date(summary.first_on) if summary.first_on else "",
            "latest_on": long_date(summary.latest_on) if summary.latest_on else "",
            # summary.py builds the drawing from numbers and escapes every label it prints.
            "chart": mark_safe(chart),  # noqa: S308
        }

    # The chronological log ---------------------------------------------------------------------

    def when_short(self, incident: PackIncident) -> str:
        day = day_words(incident.occurred_on)
        if incident.occurred_time is None:
            return f"{day}, time not known"
        if incident.occurred_at is not None:
            return moment_words(incident.occurred_at, self.zone)
        return f"{day}, {clock(incident.occurred_time)}"

    def log_row(self, incident: PackIncident) -> LogRow:
        return LogRow(
            number=incident.number,
            when=self.when_short(incident),
            kinds=_join(incident.kinds),
            who=_join(incident.person_names, "Not known"),
            summary=incident.summary,
            exhibits=_join(incident.exhibit_references),
            police_reference=incident.police_reference,
        )

    # Each incident in full ---------------------------------------------------------------------

    def happened_words(self, incident: PackIncident) -> str:
        start = self.when_short(incident)
        if incident.ended_at is None:
            return start
        ended = incident.ended_at.astimezone(self.zone)
        if incident.occurred_time is not None and ended.date() == incident.occurred_on:
            return f"{start} to {clock(ended.time())}"
        return f"{start} to {moment_words(incident.ended_at, self.zone)}"

    def written_words(self, incident: PackIncident) -> str:
        written = moment_at_words(incident.recorded_at, self.zone)
        if incident.written_late:
            written += f" ({incident.written_late} later)"
        return written

    def edits_words(self, incident: PackIncident) -> str:
        parts = []
        if incident.was_deleted:
            parts.append("Deleted and later restored")
        if incident.amendments:
            parts.append(f"Amended {times_words(incident.amendments)}")
        if not parts:
            return ""
        where = (
            "the history is in Appendix A"
            if self.content.options.include_history
            else "the history of changes is not included in this pack"
        )
        sentence = "; ".join(parts)
        return sentence[0] + sentence[1:].lower() + f"; {where}."

    def incident_views(self) -> list[IncidentView]:
        drawn: dict[str, int] = {}
        return [self.incident_view(incident, drawn) for incident in self.content.incidents]

    def incident_view(self, incident: PackIncident, drawn: dict[str, int]) -> IncidentView:
        last_changed = ""
        if incident.updated_at != incident.recorded_at:
            last_changed = moment_at_words(incident.updated_at, self.zone)
        police = incident.police_told
        if police == "Yes" and incident.police_told_on:
            police = f"Yes, on {long_date(incident.police_told_on)}"
        candidates = [
            Line("What happened (kinds)", _join(incident.kinds)),
            Line("Who", _join(incident.person_names, "Not known")),
            Line("Where", incident.location),
            Line("What happened", incident.narrative, multiline=True),
            Line("How they looked and sounded", incident.appearance, multiline=True),
            Line("Vehicle", incident.vehicle),
            Line("Number or account used", incident.contact_used),
            Line("Witnesses", incident.witnesses, multiline=True),
            Line("People told", incident.people_told, multiline=True),
            Line("How it made them feel", _join(incident.feelings)),
            Line("Other feelings", incident.feelings_other, multiline=True),
            Line("What they changed", _join(incident.changes)),
            Line("Other changes", incident.changes_other, multiline=True),
            Line("Told the police", police),
            Line("Police reference", incident.police_reference),
        ]
        exhibits = []
        missing = []
        for reference in incident.exhibit_references:
            exhibit = self.exhibits.get(reference)
            if exhibit is None:
                missing.append(reference)
                continue
            exhibits.append(self.exhibit_view(exhibit, incident.number, drawn))
        return IncidentView(
            incident=incident,
            heading=f"Incident {incident.number} — {long_date(incident.occurred_on)}",
            happened=self.happened_words(incident),
            written=self.written_words(incident),
            last_changed=last_changed,
            edits=self.edits_words(incident),
            lines=tuple(line for line in candidates if line.value.strip()),
            exhibits=tuple(exhibits),
            missing_references=tuple(missing),
        )

    def exhibit_view(
        self, exhibit: PackExhibit, incident_number: int | None, drawn: dict[str, int]
    ) -> ExhibitView:
        shown_under = drawn.get(exhibit.reference)
        if shown_under is None and incident_number is not None:
            drawn[exhibit.reference] = incident_number
        image_src = None
        if exhibit.image_token and not exhibit.image_missing and shown_under is None:
            image_src = f"pack:image/{exhibit.image_token}"
        return ExhibitView(
            exhibit=exhibit,
            sentence=self.exhibit_sentence(exhibit),
            facts=self.exhibit_facts(exhibit),
            image_src=image_src,
            image_alt=f"[The picture of exhibit {exhibit.reference} could not be included. "
            f"{self.original_words(exhibit)}]",
            shown_under=shown_under,
            missing_words=(
                "The picture of this exhibit could not be included here. "
                + self.original_words(exhibit)
            ),
            title=f"Exhibit {exhibit.reference}"
            + (f": {exhibit.caption}" if exhibit.caption else ""),
        )

    def original_words(self, exhibit: PackExhibit) -> str:
        if exhibit.bundle_path:
            return f"The original is in the bundle as {exhibit.bundle_path}."
        if exhibit.left_out_for_location:
            return "The original was left out of the bundle because it carries location data."
        return "The original is not in this pack's bundle."

    def exhibit_facts(self, exhibit: PackExhibit) -> tuple[Line, ...]:
        """What to print beside an exhibit under an incident, by kind of exhibit."""
        zone = self.zone
        lines: list[Line] = []
        if exhibit.is_item:
            lines += [
                Line(
                    "Received on",
                    long_date(exhibit.item_received_on) if exhibit.item_received_on else "",
                ),
                Line("How it arrived", exhibit.item_arrived_how, multiline=True),
                Line("Where it is kept", exhibit.item_kept_where, multiline=True),
                Line("Handling", exhibit.item_handling, multiline=True),
            ]
        elif exhibit.media_kind == "email":
            lines += [
                Line("From", exhibit.email_from),
                Line("To", exhibit.email_to),
                Line(
                    "Date",
                    moment_words(exhibit.email_date, zone) if exhibit.email_date else "",
                ),
                Line("Subject", exhibit.email_subject),
                Line("Message", exhibit.email_body, multiline=True),
            ]
        elif exhibit.media_kind == "pdf":
            if exhibit.page_count is not None:
                pages = _count(exhibit.page_count, "page")
                lines.append(Line("Pages", f"{pages}; the first page is shown here"))
        elif exhibit.media_kind in ("audio", "video"):
            lines.append(Line("Length", duration_words(exhibit.duration_seconds)))
        elif exhibit.media_kind == "text":
            # The file's own words; a long file is cut, and the whole of it is in the bundle.
            label = "Text (its beginning)" if exhibit.text_cut else "Text"
            lines.append(Line(label, exhibit.text_excerpt, multiline=True))
        return tuple(line for line in lines if line.value.strip())

    def exhibit_sentence(self, exhibit: PackExhibit) -> str:
        """'Photo or screenshot, file IMG_4101.JPG.' and where its original is."""
        if exhibit.is_item:
            return f"{exhibit.type_label}."
        named = f", file {exhibit.original_name}" if exhibit.original_name else ""
        return f"{exhibit.type_label}{named}. {self.original_words(exhibit)}"

    def unlinked_exhibits(self) -> list[ExhibitView]:
        """Exhibits in the pack that no incident in it refers to, so they print somewhere."""
        linked = {ref for incident in self.content.incidents for ref in incident.exhibit_references}
        return [
            self.exhibit_view(exhibit, None, {})
            for exhibit in self.content.exhibits
            if exhibit.reference not in linked
        ]

    # Exhibit index -----------------------------------------------------------------------------

    def index_entries(self) -> list[IndexEntry]:
        return [self.index_entry(exhibit) for exhibit in self.content.exhibits]

    def index_entry(self, exhibit: PackExhibit) -> IndexEntry:
        zone = self.zone
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
        if exhibit.is_item:
            where = (
                f"Where it is kept: {exhibit.item_kept_where}" if exhibit.item_kept_where else ""
            )
        else:
            where = (
                f"In the bundle as {exhibit.bundle_path}."
                if exhibit.bundle_path
                else self.original_words(exhibit)
            )
        return IndexEntry(
            reference=exhibit.reference,
            title=f"Exhibit {exhibit.reference} — {exhibit.type_label}",
            caption=Line("Description", exhibit.caption, multiline=True),
            sentences=tuple(sentences),
            sha256=exhibit.sha256,
            where=where,
        )

    # Police contacts ---------------------------------------------------------------------------

    def police_rows(self) -> list[PoliceRow]:
        rows = []
        for contact in self.content.police_contacts:
            who = ", ".join(
                part
                for part in (contact.officer_name, contact.officer_number, contact.organisation)
                if part.strip()
            )
            rows.append(
                PoliceRow(
                    day=long_date(contact.contacted_on),
                    who=who,
                    method=contact.method,
                    summary=contact.summary,
                    reference=contact.reference,
                )
            )
        return rows

    # Impact summary ----------------------------------------------------------------------------

    def impact(self) -> dict[str, Any]:
        incidents = self.content.incidents
        feelings = Counter(
            label for incident in incidents for label in dict.fromkeys(incident.feelings)
        )
        legal = {tally.label for tally in self.content.summary.legal_elements}
        other_feelings = [
            (label, count) for label, count in feelings.most_common() if label not in legal
        ]
        own_words = []
        for incident in incidents:
            lines = [
                Line("Other feelings", incident.feelings_other, multiline=True),
                Line("Other changes", incident.changes_other, multiline=True),
            ]
            lines = [line for line in lines if line.value.strip()]
            if lines:
                heading = f"Incident {incident.number} — {long_date(incident.occurred_on)}"
                own_words.append(OwnWords(heading, tuple(lines)))
        return {
            "legal_elements": self.content.summary.legal_elements,
            "other_feelings": other_feelings,
            "changes": self.content.summary.changes,
            "own_words": own_words,
        }

    # Appendix A --------------------------------------------------------------------------------

    def history_entries(self) -> list[HistoryEntry]:
        entries = []
        for incident in self.content.incidents:
            if not incident.history:
                continue
            versions = tuple(
                VersionView(
                    version,
                    self._version_time(version.created_at),
                    tuple(describe_change(change) for change in version.changes),
                )
                for version in incident.history
            )
            heading = f"Incident {incident.number} — {long_date(incident.occurred_on)}"
            entries.append(HistoryEntry(heading, versions))
        return entries

    def _version_time(self, created_at: object) -> str:
        if isinstance(created_at, datetime):
            return moment_at_words(created_at, self.zone)
        return str(created_at)


def _incident_weight(view: IncidentView) -> float:
    # Measured: an incident of the usual length takes about 40 ms to draw, a long narrative
    # more; an exhibit under it about a quarter of that, and a picture as much again (it pushes
    # text onto new pages). A log row costs a third of an incident, an index entry about as much.
    text = sum(len(line.value) for line in view.lines)
    pictures = sum(1 for exhibit in view.exhibits if exhibit.image_src)
    return 0.6 + text / 2500 + 0.25 * len(view.exhibits) + 0.25 * pictures


# The HTML -------------------------------------------------------------------------------------


def pack_html(content: PackContent) -> str:
    """The whole pack as one HTML document, with its print stylesheet inside it.

    Pure: it reads nothing but `content`. Every piece of text the user typed is escaped;
    pictures are `pack:image/<token>` addresses that only the pack's renderer can fetch.
    """
    pages = PackPages(content)
    return _document(content, pages.pieces())


def _document(content: PackContent, pieces: Sequence[Piece], *, page_css: str = "") -> str:
    body = SafeString(
        "".join(render_to_string(TEMPLATES + piece.template, piece.context) for piece in pieces)
    )
    return render_to_string(
        TEMPLATES + "pack.html",
        {
            "content": content,
            "body": body,
            "reference_css": css_string(content.reference),
            # Built by this module from numbers only.
            "page_css": mark_safe(page_css),  # noqa: S308
        },
    )


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string that can sit inside a <style> element unharmed."""
    escaped = "".join(
        character if character.isalnum() or character in " -_/.,:" else f"\\{ord(character):x} "
        for character in text
    )
    # Only letters, digits, a few punctuation marks and escapes: nothing HTML would read.
    return mark_safe(f'"{escaped}"')  # noqa: S308


# The PDF --------------------------------------------------------------------------------------

# The footer is stamped on after the chunks are joined, when the number of pages is known.
FOOTER_FONT_SIZE = 8
FOOTER_BASELINE = 12 * 72 / 25.4  # 12 mm above the bottom edge, in PDF points
FOOTER_SIDE = 16 * 72 / 25.4  # the page's left and right margins
FOOTER_FONT_NAME = "/PackFooter"
CSS_PX = 0.75  # PDF points per CSS pixel


@dataclass
class RenderedPack:
    page_count: int
    # Every address the pages asked for and were refused (a missing picture, or hostile markup).
    refused: list[str] = field(default_factory=list)
    chunk_count: int = 1


@dataclass(frozen=True)
class Bookmark:
    level: int
    label: str
    page: int  # in the whole pack, from 0
    x: float  # PDF points from the left
    y: float  # PDF points from the bottom


@dataclass(frozen=True)
class DrawnChunk:
    path: Path
    page_count: int
    bookmarks: tuple[Bookmark, ...]  # page numbers within the chunk
    refused: tuple[str, ...]


def render_pack(
    content: PackContent,
    images: Mapping[str, bytes],
    target: Path,
    *,
    on_progress: ProgressCallback | None = None,
    chunk_size: float = DEFAULT_CHUNK_SIZE,
    workers: int | None = None,
) -> RenderedPack:
    """Draw the pack as a PDF at `target`, a chunk at a time, and say how many pages it has.

    `images` maps each exhibit's image token to its print copy (JPEG or PNG); it may read each
    picture from storage only when asked, and only the pictures of the chunks being drawn are
    held at once. `on_progress(fraction)` is called after each chunk and at the end. A big pack's
    chunks are drawn by `workers` processes side by side (by default one per core, at most 2).
    """
    pages = PackPages(content)
    chunks = group_pieces(pages.pieces(chunk_size), chunk_size)
    if workers is None:
        workers = DEFAULT_WORKERS
    steps = len(chunks) + 1  # joining them is one more step
    done = 0

    def chunk_drawn() -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done / steps)

    with tempfile.TemporaryDirectory(prefix="pack-chunks-") as folder:
        paths = [Path(folder) / f"chunk-{number:04}.pdf" for number in range(len(chunks))]
        if workers > 1 and len(chunks) > 1 and _can_fork():
            drawn = _draw_side_by_side(content, chunks, images, paths, workers, chunk_drawn)
        else:
            drawn = []
            for chunk, path in zip(chunks, paths, strict=True):
                drawn.append(draw_chunk(_document(content, chunk), images, path))
                chunk_drawn()
        page_count = join_chunks(
            drawn, target, title=neutral_title(content), reference=content.reference
        )
    if on_progress:
        on_progress(1.0)
    refused = [address for chunk in drawn for address in chunk.refused]
    return RenderedPack(page_count=page_count, refused=refused, chunk_count=len(chunks))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _draw_side_by_side(
    content: PackContent,
    chunks: Sequence[Sequence[Piece]],
    images: Mapping[str, bytes],
    paths: Sequence[Path],
    workers: int,
    chunk_drawn: Callable[[], None],
) -> list[DrawnChunk]:
    """Draw chunks in forked processes, a few at a time.

    This process reads each chunk's pictures (storage may be S3, whose clients must not cross a
    fork) into files beside the chunk, one picture at a time, and the child reads them from there;
    a child touches neither the database nor storage. No more than `workers` + 1 chunks are in
    hand at once, so memory does not grow with the pack.
    """
    from evidence.pack.render import load_fonts

    # Unpacked once here, the fonts are inherited by every child instead of unpacked in each.
    load_fonts()
    context = multiprocessing.get_context("fork")
    drawn: dict[int, DrawnChunk] = {}
    waiting = iter(enumerate(chunks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running = {}

        def submit_next() -> None:
            try:
                number, chunk = next(waiting)
            except StopIteration:
                return
            tokens = dict.fromkeys(token for piece in chunk for token in piece.image_tokens)
            chunk_images = PicturesOnDisk(paths[number].with_suffix(".pictures"))
            for token in tokens:
                chunk_images.keep(token, images.get(token))
            html = _document(content, chunk)
            running[pool.submit(draw_chunk, html, chunk_images, paths[number])] = number

        # One more than there are workers, so a worker that finishes never waits for this
        # process to write out the next chunk.
        for _ in range(workers + 1):
            submit_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                drawn[running.pop(future)] = future.result()
                chunk_drawn()
                submit_next()
    return [drawn[number] for number in range(len(chunks))]


class PicturesOnDisk(Mapping):
    """A chunk's pictures in files of their own, read back one at a time by the child drawing it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[str, Path] = {}

    def keep(self, token: str, body: bytes | None) -> None:
        if body is None:
            return  # refused when the chunk asks for it, like any missing picture
        self.folder.mkdir(exist_ok=True)
        path = self.folder / f"{len(self.paths)}.picture"
        path.write_bytes(body)
        self.paths[token] = path

    def __getitem__(self, token: str) -> bytes:
        return self.paths[token].read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def group_pieces(pieces: Sequence[Piece], chunk_size: float) -> list[list[Piece]]:
    """Consecutive pieces, a chunk's worth at a time; a piece never straddles two chunks."""
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    weight = 0.0
    for piece in pieces:
        if current and weight + piece.weight > chunk_size:
            chunks.append(current)
            current, weight = [], 0.0
        current.append(piece)
        weight += piece.weight
    if current:
        chunks.append(current)
    return chunks


def draw_chunk(html: str, images: Mapping[str, bytes], path: Path) -> DrawnChunk:
    """Lay out one chunk and write it as a PDF of its own, keeping only what the join needs."""
    from evidence.pack.render import PackURLFetcher, layout_pdf

    fetcher = PackURLFetcher(images)
    document = layout_pdf(html, fetcher)
    bookmarks = tuple(
        Bookmark(level, label, number, x * CSS_PX, (page.height - y) * CSS_PX)
        for number, page in enumerate(document.pages)
        for level, label, (x, y), _state in page.bookmarks
    )
    # The outline is rebuilt for the whole pack when the chunks are joined.
    document.write_pdf(path)
    return DrawnChunk(path, len(document.pages), bookmarks, tuple(fetcher.refused))


NEUTRAL_NAME = "Notes"
NEUTRAL_PROPERTIES = ("/Subject", "/Author", "/Creator", "/Producer")


def neutral_title(content: PackContent) -> str:
    """The PDF's title, like its download name: "Notes 2026-11-27" in the author's zone."""
    made_on = content.created_at.astimezone(ZoneInfo(content.timezone)).date()
    return f"{NEUTRAL_NAME} {made_on.isoformat()}"


def join_chunks(chunks: Sequence[DrawnChunk], target: Path, *, title: str, reference: str) -> int:
    """One PDF from the chunks, with "Page N of M" on every page and one outline for all."""
    writer = PdfWriter()
    offsets = []
    spool = tempfile.TemporaryFile()
    for chunk in chunks:
        offsets.append(len(writer.pages))
        # Read from the file rather than all of it at once; the copied pages keep a reference to
        # their reader, so what it has parsed is dropped once its pages are in the writer.
        with chunk.path.open("rb") as handle:
            reader = PdfReader(handle)
            for page in reader.pages:
                _spool_pictures(writer, writer.add_page(page), spool)
            reader.resolved_objects.clear()
    total = len(writer.pages)
    stamp = FooterStamp(writer)
    for number, page in enumerate(writer.pages):
        stamp.apply(page, left=f"Pack reference {reference}", right=f"Page {number + 1} of {total}")

    parent = None
    for chunk, offset in zip(chunks, offsets, strict=True):
        for bookmark in chunk.bookmarks:
            fit = Fit.xyz(left=bookmark.x, top=bookmark.y)
            page_number = offset + bookmark.page
            if bookmark.level <= 1:
                parent = writer.add_outline_item(
                    title=bookmark.label, page_number=page_number, fit=fit
                )
            else:
                writer.add_outline_item(
                    title=bookmark.label, page_number=page_number, parent=parent, fit=fit
                )
    # A viewer's "Properties" must say no more than the file's own name does.
    writer.add_metadata(
        {
            "/Title": TextStringObject(title),
            **{key: TextStringObject(NEUTRAL_NAME) for key in NEUTRAL_PROPERTIES},
        }
    )
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    with spool, Path(target).open("wb") as output:
        writer.write(output)
    return total


# A picture bigger than this waits in the spool file, not in memory, until the PDF is written.
SPOOL_FROM = 16 * 1024


def _spool_pictures(writer: PdfWriter, page: PageObject, spool: IO[bytes]) -> None:
    """Move the page's big pictures out of memory into `spool` until the PDF is written.

    pypdf keeps every object of the joined PDF in memory until it writes the file; with a hundred
    photos that would be every print copy at once.
    """
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return
    for reference in xobjects.get_object().values():
        if not isinstance(reference, IndirectObject):
            continue
        picture = reference.get_object()
        if (
            isinstance(picture, StreamObject)
            and not isinstance(picture, SpooledStream)
            and picture.get("/Subtype") == "/Image"
            and len(picture._data) >= SPOOL_FROM
        ):
            # pypdf 7 resolves a writer's reference through its object list.
            writer._objects[reference.idnum - 1] = SpooledStream(picture, spool)


class SpooledStream(EncodedStreamObject):
    """A stream object whose bytes wait in a spool file, read back only when it is written."""

    def __init__(self, source: StreamObject, spool: IO[bytes]) -> None:
        self._spool = spool
        self._offset = 0
        self._length = 0
        super().__init__()
        self.update(source)
        self._data = source._data

    @property
    def _data(self) -> bytes:
        self._spool.seek(self._offset)
        return self._spool.read(self._length)

    @_data.setter
    def _data(self, value: bytes) -> None:
        self._spool.seek(0, io.SEEK_END)
        self._offset = self._spool.tell()
        self._length = len(value)
        self._spool.write(value)


class FooterStamp:
    """Writes one line of footer text on each page in the pack's own Noto Sans.

    The font is a small subset of the bundled Noto Sans (printable ASCII), embedded once and
    shared by every page; the page's own drawing is wrapped in q/Q so the footer always starts
    from the page's plain coordinates.
    """

    def __init__(self, writer) -> None:
        self.writer = writer
        self.font = footer_font()
        self.font_ref = writer._add_object(self.font.pdf_object(writer))
        save = DecodedStreamObject()
        save.set_data(b"q\n")
        self.save_ref = writer._add_object(save)
        self.name = NameObject(FOOTER_FONT_NAME)

    def apply(self, page, *, left: str, right: str) -> None:
        width = float(page.mediabox.width)
        size = FOOTER_FONT_SIZE
        right_x = width - FOOTER_SIDE - self.font.width(right, size)
        text = (
            f"Q\nq\nBT\n{FOOTER_FONT_NAME} {size} Tf\n0 g\n"
            f"1 0 0 1 {FOOTER_SIDE:.2f} {FOOTER_BASELINE:.2f} Tm\n({_pdf_text(left)}) Tj\n"
            f"1 0 0 1 {right_x:.2f} {FOOTER_BASELINE:.2f} Tm\n({_pdf_text(right)}) Tj\n"
            "ET\nQ\n"
        ).encode("ascii")
        footer = DecodedStreamObject()
        footer.set_data(text)
        contents = page.get("/Contents")
        streams = (
            list(contents.get_object())
            if isinstance(contents.get_object(), ArrayObject)
            else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject(
            [self.save_ref, *streams, self.writer._add_object(footer)]
        )
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        fonts[self.name] = self.font_ref
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources


def _pdf_text(text: str) -> str:
    """`text` for a PDF string in the footer font: printable ASCII, with ( ) \\ escaped."""
    safe = "".join(character if " " <= character <= "~" else "?" for character in text)
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


@dataclass(frozen=True)
class FooterFont:
    data: bytes
    widths: tuple[int, ...]  # for character codes 32..126, in thousandths of the font size
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[ord(c) - 32] if " " <= c <= "~" else 0 for c in text) * size / 1000

    def pdf_object(self, writer):
        font_file = StreamObject()
        font_file.set_data(self.data)
        font_file[NameObject("/Length1")] = NumberObject(len(self.data))
        font_file = font_file.flate_encode()
        descriptor = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/FontDescriptor"),
                NameObject("/FontName"): NameObject("/PACKFT+NotoSans-Regular"),
                NameObject("/Flags"): NumberObject(32),
                NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in self.bbox),
                NameObject("/ItalicAngle"): NumberObject(0),
                NameObject("/Ascent"): NumberObject(self.ascent),
                NameObject("/Descent"): NumberObject(self.descent),
                NameObject("/CapHeight"): NumberObject(self.cap_height),
                NameObject("/StemV"): NumberObject(80),
                NameObject("/FontFile2"): writer._add_object(font_file),
            }
        )
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): NameObject("/PACKFT+NotoSans-Regular"),
                NameObject("/FirstChar"): NumberObject(32),
                NameObject("/LastChar"): NumberObject(126),
                NameObject("/Widths"): ArrayObject(NumberObject(w) for w in self.widths),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )


@functools.cache
def footer_font() -> FooterFont:
    """Noto Sans cut down to printable ASCII, for the footer (made once per process)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from evidence.pack.render import FONTS_DIR

    font = TTFont(FONTS_DIR / "NotoSans-Regular.ttf")
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chr(code) for code in range(32, 127)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    advances = font["hmtx"].metrics
    widths = tuple(
        round(advances[cmap[code]][0] * scale) if code in cmap else 0 for code in range(32, 127)
    )
    head = font["head"]
    return FooterFont(
        data=buffer.getvalue(),
        widths=widths,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        cap_height=round(getattr(font["OS/2"], "sCapHeight", 714 / scale) * scale),
    )
