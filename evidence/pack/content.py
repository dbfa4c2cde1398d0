"""What goes into one evidence pack, as plain data.

gather.py builds a PackContent from the database (with any redactions already applied to every
piece of text the user typed); pages/ turns it into HTML and pdf/ draws that as the PDF. Nothing
here touches the database, storage or WeasyPrint, so the pages can be tested from hand-made values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from diary.history import Version
from diary.models import first_sentence
from evidence.pack.conduct import ConductSummary


@dataclass(frozen=True)
class PackOptions:
    include_history: bool = True
    include_bundle: bool = True
    include_impact: bool = True
    # Words the user asked to remove from the PDF (the bundle's originals are untouched).
    redactions: tuple[str, ...] = ()
    # Originals that still carry location data are left out of the bundle.
    leave_out_located: bool = False


@dataclass(frozen=True)
class PackIncident:
    number: int  # 1, 2, 3… in the pack's chronological order
    incident_id: str
    occurred_on: date
    occurred_time: time | None  # None: "time not known"
    occurred_at: datetime | None  # UTC, when the time is known
    ended_at: datetime | None  # UTC
    timezone: str
    recorded_at: datetime  # the server's clock: first written
    updated_at: datetime  # the server's clock: latest save
    kinds: tuple[str, ...]  # labels, in the form's order
    person_names: tuple[str, ...]
    location: str
    narrative: str
    appearance: str
    vehicle: str
    contact_used: str
    witnesses: str
    people_told: str
    feelings: tuple[str, ...]  # labels
    feelings_other: str
    changes: tuple[str, ...]  # labels
    changes_other: str
    police_told: str  # "Yes", "No" or ""
    police_told_on: date | None
    police_reference: str
    exhibit_references: tuple[str, ...]
    # "3 days" when first written more than a day after it happened (diary.times.describe_delay).
    written_late: str | None
    amendments: int  # saves after the first
    was_deleted: bool  # deleted at some point and later restored
    final_revision_hash: str
    # Every revision, oldest first; empty when the pack leaves the history out.
    history: tuple[Version, ...] = ()
    # "very serious", "serious", "less serious", or "" when the author did not say.
    seriousness: str = ""
    # Noted at the time somewhere else: how ("Notes on my phone"), and when; "" when not said,
    # "No" when the author said it was not.
    noted_elsewhere: str = ""
    noted_elsewhere_on: date | None = None
    noted_elsewhere_time: time | None = None
    # The author's own one-line summary; `summary` falls back to the first sentence.
    own_summary: str = ""
    # A series of the same thing ("23 calls between 01:00 and 03:00"): how many times. None for
    # one event. The span is occurred_at to ended_at.
    series_count: int | None = None
    # Every police reference for this note: its own, then those of the police contacts linked
    # to it, once each, in that order.
    police_references: tuple[str, ...] = ()
    # The dates of the police contacts linked to this note (they covered it).
    police_contact_dates: tuple[date, ...] = ()
    cost: Decimal | None = None  # in pounds
    cost_for: str = ""
    effect_on_others: str = ""

    @property
    def summary(self) -> str:
        """One line for the log: the author's own, or the narrative's first sentence in whole
        words (at most SUMMARY_LENGTH characters, with "…" where it was cut)."""
        if self.own_summary.strip():
            return self.own_summary.strip()
        return first_sentence(self.narrative)

    @property
    def count(self) -> int:
        """How many events this note records: 1, or a series' count."""
        return self.series_count or 1


@dataclass(frozen=True)
class PackPage:
    """The print copy of one more page of a PDF exhibit (the first is the exhibit's own)."""

    number: int
    image_token: str
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class PackExhibit:
    reference: str  # "JS/4"
    is_item: bool
    type_label: str  # "Photo or screenshot", "Recording", "Physical item"…
    media_kind: str  # image, pdf, audio, video, email, text, other ("" for items)
    mime_type: str
    caption: str
    original_name: str
    size: int | None
    sha256: str
    received_at: datetime
    captured_at: datetime | None  # from the file's own metadata
    has_location: bool
    # Where the original sits in the bundle ("originals/JS-4_letter.jpg"); "" when it is not
    # in the bundle (no bundle, a physical item, or left out because of its location data).
    bundle_path: str
    left_out_for_location: bool
    # The print copy, as `pack:image/<token>`; None when there is none.
    image_token: str | None
    # A picture was expected (photo, PDF, video) but its print copy is missing: draw a box.
    image_missing: bool
    duration_seconds: float | None
    page_count: int | None
    email_from: str
    email_to: str
    email_date: datetime | None
    email_subject: str
    email_body: str
    incident_numbers: tuple[int, ...]
    # A text file's own words, and whether they are only its beginning.
    text_excerpt: str = ""
    text_cut: bool = False
    item_received_on: date | None = None
    item_arrived_how: str = ""
    item_kept_where: str = ""
    item_handling: str = ""
    # The kept item this is a photo of ("JS/3"), and the people it shows or came from.
    photo_of: str = ""
    person_names: tuple[str, ...] = ()
    # What a recording or video says or shows, as the author typed it.
    transcript: str = ""
    # When a recording or video says it was recorded (its container's creation time); not checked.
    recorded_at: datetime | None = None
    # The print copy's size in pixels; None when it was made before sizes were kept.
    print_size: tuple[int, int] | None = None
    # A PDF's further pages with print copies (2 up to the limit), in order.
    more_pages: tuple[PackPage, ...] = ()

    @property
    def bundled_with_location(self) -> bool:
        """The original is in the bundle and still holds the place it was made."""
        return self.has_location and bool(self.bundle_path)


@dataclass(frozen=True)
class PackPerson:
    name: str
    relationship: str  # label
    description: str
    vehicles: str
    phone_numbers: str
    accounts: str
    addresses: str
    incident_count: int


@dataclass(frozen=True)
class PackPoliceContact:
    contacted_on: date
    officer_name: str
    officer_number: str
    organisation: str
    method: str  # label
    summary: str
    reference: str
    # The numbers of the incidents in this pack that this contact covered.
    incident_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class PackContent:
    reference: str  # the pack's own reference, printed on every page
    author_name: str  # as on the profile
    timezone: str  # the author's; every local time in the pack is in it
    created_at: datetime
    period_start: date | None
    period_end: date | None
    # The selection in words, for the cover: ("All people", "Kinds: Letter, Phone call")…
    selection_words: tuple[str, ...]
    options: PackOptions
    # SHA-256 of the bundle's manifest.json; None when the pack has no bundle.
    manifest_sha256: str | None
    incidents: tuple[PackIncident, ...]
    exhibits: tuple[PackExhibit, ...]
    people: tuple[PackPerson, ...]
    police_contacts: tuple[PackPoliceContact, ...]
    summary: ConductSummary
    # True when any redaction word was found and replaced somewhere in the text.
    redactions_made: bool = False
    # The author's initials, as on their exhibit references ("JS").
    author_initials: str = ""
    # SHA-256 of the public key that signed the bundle's manifest; "" when there is no bundle.
    signing_key_fingerprint: str = ""

    @property
    def suggested_reference(self) -> str:
        """A reference the author may give the pack itself as an exhibit: their initials and
        the pack's own reference, which is printed on every page and never reused."""
        return f"{self.author_initials}/{self.reference}" if self.author_initials else ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def located_left_out(self) -> tuple[str, ...]:
        return tuple(e.reference for e in self.exhibits if e.left_out_for_location)
