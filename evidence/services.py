"""Writes to evidence: taking in files, numbering exhibits, previews, deletion and checks."""

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from config import encryption
from config.sealed import read_all
from diary.models import Incident
from evidence import storage
from evidence.metadata import FileFacts, has_location, read_metadata
from evidence.models import Exhibit, ExhibitKind, ExhibitPage, PreviewStatus
from evidence.sniffing import ACCEPTED_DESCRIPTION, Sniffed, sniff

DELETED_KEPT_FOR = timedelta(days=30)
PREVIEWABLE = {"image", "pdf", "video"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_file_name(name: str) -> str:
    """Keep the name the file came with as plain text: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub(" ", name).strip(" .")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 250 - len(extension)] + dot + extension) if dot else name[:255]
    return name or "unnamed file"


def _facts_as_json(facts: FileFacts) -> dict:
    values = {}
    for key, value in dataclasses.asdict(facts).items():
        if value in (None, ""):
            continue
        values[key] = value.isoformat() if isinstance(value, datetime | date) else value
    return values


def _aware_capture_time(facts: FileFacts, zone: ZoneInfo) -> datetime | None:
    captured = facts.captured_at
    if captured is None:
        return None
    if captured.tzinfo is None:
        # The file gave no time zone; read it as the owner's local time, and say so on screen.
        captured = captured.replace(tzinfo=zone)
    return captured


def _next_reference_number(owner) -> int:
    # Lock the owner's row so two uploads at once can never take the same number.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    highest = Exhibit.objects.filter(owner=owner).aggregate(n=Max("reference_number"))["n"]
    return (highest or 0) + 1


def used_bytes(owner) -> int:
    """Bytes of the owner's quota in use: every original not yet purged, deleted ones too."""
    total = (
        Exhibit.objects.owned_by(owner)
        .filter(purged_at__isnull=True)
        .aggregate(total=Sum("size"))["total"]
    )
    return total or 0


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may hold, and how much of the owner's room is already used."""

    max_files: int
    max_mb: int
    used: int
    quota: int


def upload_limits(*, owner) -> UploadLimits:
    """The limits the "Add files" page states and intake keeps to, as the settings say now."""
    return UploadLimits(
        max_files=settings.EVIDENCE_MAX_FILES_PER_UPLOAD,
        max_mb=settings.EVIDENCE_MAX_FILE_BYTES // (1024 * 1024),
        used=used_bytes(owner),
        quota=settings.EVIDENCE_QUOTA_BYTES,
    )


class IntakeRefused(Exception):
    """A file that was not kept, and why, in plain words for the person who chose it."""

    def __init__(self, name: str, reason: str):
        self.name = clean_file_name(name)
        self.reason = reason
        super().__init__(f"{self.name}: {reason}")


@dataclass(frozen=True)
class ExhibitDetails:
    """What the person said about the files in one upload; each file kept gets the same."""

    caption: str = ""
    incidents: Iterable[Incident] = ()
    photo_of: Exhibit | None = None


@dataclass(frozen=True)
class Intake:
    kept: list[Exhibit]
    refusals: list[str]  # each one a sentence to show: a file not kept, or the upload as a whole


def exhibits_intake(
    *,
    owner,
    uploaded: Sequence[TemporaryUploadedFile],
    too_big: Iterable[str] = (),
    details: ExhibitDetails | None,
) -> Intake:
    """Check the files chosen in one upload and keep each one that passes as an exhibit.

    ``too_big`` names the files the upload handler dropped while they streamed in. With no
    ``details`` (the rest of the form was wrong) the upload is checked as a whole and nothing
    is kept. Not atomic on purpose: each file is kept in its own transaction, so one bad file
    never undoes the ones already kept.
    """
    limits = upload_limits(owner=owner)
    refusals = [
        str(IntakeRefused(name, f"it is bigger than {limits.max_mb} MB, so it was not kept."))
        for name in too_big
    ]
    if not uploaded and not refusals:
        refusals.append("Choose at least one file to upload.")
    if len(uploaded) > limits.max_files:
        refusals.append(
            f"You chose {len(uploaded)} files. Upload up to {limits.max_files} at a time."
        )
        uploaded = []
    kept: list[Exhibit] = []
    if details is None:
        return Intake(kept=kept, refusals=refusals)
    room = limits.quota - limits.used
    for file in uploaded:
        try:
            kept.append(exhibit_intake(owner=owner, uploaded=file, room=room, details=details))
        except IntakeRefused as refusal:
            refusals.append(str(refusal))
        else:
            room -= file.size
    return Intake(kept=kept, refusals=refusals)


def exhibit_intake(
    *, owner, uploaded: TemporaryUploadedFile, room: int, details: ExhibitDetails
) -> Exhibit:
    """Check one uploaded file and keep it as an exhibit, or raise IntakeRefused saying why.

    ``room`` is the bytes left of the owner's quota. The file must have come through
    ``HashingUploadHandler``, which puts it on disk and takes its SHA-256 on the way in.
    """
    path = Path(uploaded.temporary_file_path())
    if uploaded.size == 0:
        raise IntakeRefused(uploaded.name, "the file is empty.")
    if uploaded.size > room:
        raise IntakeRefused(uploaded.name, "there is not enough room left in your account.")
    sniffed = sniff(path)
    if sniffed is None:
        raise IntakeRefused(
            uploaded.name,
            f"this is not a kind of file we can keep. You can upload {ACCEPTED_DESCRIPTION}.",
        )
    facts = read_metadata(path, sniffed)
    if facts.exceeds_pixel_limit:
        raise IntakeRefused(
            uploaded.name,
            "the picture is too large to open safely (more than 64 million pixels).",
        )
    return exhibit_create_from_file(
        owner=owner,
        path=path,
        sniffed=sniffed,
        facts=facts,
        sha256=uploaded.sha256,
        size=uploaded.size,
        original_name=uploaded.name,
        caption=details.caption,
        incidents=details.incidents,
        photo_of=details.photo_of,
    )


@transaction.atomic
def exhibit_create_from_file(
    *,
    owner,
    path: Path,
    sniffed: Sniffed,
    facts: FileFacts,
    sha256: str,
    size: int,
    original_name: str,
    caption: str = "",
    incidents: Iterable[Incident] = (),
    photo_of: Exhibit | None = None,
) -> Exhibit:
    """Keep one uploaded file as an exhibit. The caller has sniffed, hashed and read it."""
    key = storage.store_original(path, owner_id=owner.pk)
    exhibit = Exhibit.objects.create(
        owner=owner,
        kind=ExhibitKind.FILE,
        reference_initials=owner.initials,
        reference_number=_next_reference_number(owner),
        caption=caption,
        photo_of=photo_of,
        original_key=key,
        original_name=clean_file_name(original_name),
        mime_type=sniffed.mime_type,
        media_kind=sniffed.media_kind,
        size=size,
        sha256=sha256,
        file_facts={**_facts_as_json(facts), "extension": sniffed.extension},
        captured_at=_aware_capture_time(facts, owner.zone),
        has_location=has_location(facts),
        preview_status=(
            PreviewStatus.PENDING if sniffed.media_kind in PREVIEWABLE else PreviewStatus.NONE
        ),
    )
    exhibit.incidents.set(list(incidents))
    if exhibit.preview_status == PreviewStatus.PENDING:
        _queue_previews(exhibit)
    return exhibit


def exhibit_preview_retry(*, exhibit: Exhibit) -> None:
    """Ask the worker again for the previews of a file whose previews failed.

    Anything else (previews ready or on their way, a purged original) is left as it is, so a
    second press of "Try again" queues nothing more.
    """
    if exhibit.preview_status != PreviewStatus.FAILED or not exhibit.original_key:
        return
    Exhibit.objects.filter(pk=exhibit.pk).update(
        preview_status=PreviewStatus.PENDING, preview_heartbeat_at=None
    )
    _queue_previews(exhibit)


def _queue_previews(exhibit: Exhibit) -> None:
    from evidence.tasks import make_previews

    # Only once the row is saved, so the worker never looks for an exhibit not there yet.
    transaction.on_commit(lambda: make_previews.enqueue(str(exhibit.pk)))


@transaction.atomic
def item_save(*, owner, values: dict, incidents: Iterable[Incident], item: Exhibit | None = None):
    """Record a physical item the victim keeps; it shares the file exhibits' numbering."""
    if item is None:
        item = Exhibit(
            owner=owner,
            kind=ExhibitKind.ITEM,
            reference_initials=owner.initials,
            reference_number=_next_reference_number(owner),
            preview_status=PreviewStatus.NONE,
        )
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    _link(item, incidents)
    return item


def exhibit_update(
    *,
    exhibit: Exhibit,
    caption: str,
    incidents: Iterable[Incident],
    photo_of: Exhibit | None = None,
    people: Iterable = (),
) -> Exhibit:
    """Change what a file is said to be, the notes it is about, the item it is a photo of and
    the people it shows; the file itself never changes."""
    exhibit.caption = caption
    exhibit.photo_of = photo_of if photo_of is not None and photo_of.is_item else None
    exhibit.save(update_fields=["caption", "photo_of"])
    _link(exhibit, incidents)
    exhibit.people.set(list(people))
    return exhibit


def exhibit_transcript_save(*, exhibit: Exhibit, transcript: str) -> Exhibit:
    """Keep what the person typed out of a recording or a video: what is said or shown.

    Only recordings and videos take one; the file itself never changes."""
    if not exhibit.takes_transcript:
        raise ValueError("Only a recording or a video takes a transcript.")
    # Browsers send a text box's line breaks as CRLF; keep plain ones, as the pack prints them.
    exhibit.transcript = transcript.replace("\r\n", "\n").strip()
    exhibit.save(update_fields=["transcript"])
    return exhibit


def _link(exhibit: Exhibit, incidents: Iterable[Incident]) -> None:
    """Set the notes an exhibit is about. Links to deleted notes are not on the form, so they
    are kept: restoring the note brings its files back with it."""
    kept = list(exhibit.incidents.filter(deleted_at__isnull=False)) if exhibit.pk else []
    exhibit.incidents.set([*incidents, *kept])


def exhibit_delete(*, exhibit: Exhibit) -> None:
    """Out of the list and the pack; recoverable for 30 days. The number is never reused."""
    exhibit.deleted_at = timezone.now()
    exhibit.save(update_fields=["deleted_at"])


def exhibit_restore(*, exhibit: Exhibit) -> None:
    """Put a deleted file back in the list and the pack, under the reference it always had."""
    exhibit.deleted_at = None
    exhibit.save(update_fields=["deleted_at"])


def exhibits_purge_deleted(*, now=None) -> int:
    """Remove the files of exhibits deleted over 30 days ago; keep reference, hash and dates."""
    now = now or timezone.now()
    expired = Exhibit.objects.filter(deleted_at__lt=now - DELETED_KEPT_FOR, purged_at__isnull=True)
    count = 0
    for exhibit in expired:
        pages = ExhibitPage.objects.filter(exhibit=exhibit)
        storage.delete_stored(
            exhibit.original_key,
            exhibit.display_key,
            exhibit.thumbnail_key,
            exhibit.print_key,
            *pages.values_list("print_key", flat=True),
        )
        pages.delete()
        exhibit.original_key = exhibit.display_key = exhibit.thumbnail_key = ""
        exhibit.print_key = ""
        exhibit.original_name = exhibit.caption = exhibit.transcript = ""
        exhibit.item_arrived_how = exhibit.item_kept_where = exhibit.item_handling = ""
        exhibit.file_facts = {}
        exhibit.captured_at = None
        exhibit.has_location = False
        exhibit.purged_at = now
        exhibit.save()
        exhibit.incidents.clear()
        count += 1
    return count


@dataclass(frozen=True)
class EvidenceCheck:
    checked: int
    problems: list[tuple[str, str]]  # (exhibit reference and id, what is wrong)


def evidence_verify(*, owner=None) -> EvidenceCheck:
    """Re-read every kept original from storage and compare its SHA-256 with the one taken;
    name any file or item whose sealed details do not open."""
    exhibits = Exhibit.objects.filter(purged_at__isnull=True)
    if owner is not None:
        exhibits = exhibits.owned_by(owner)
    problems = []
    checked = 0
    for exhibit in exhibits.order_by("owner_id", "reference_number").iterator():
        name = f"{exhibit.reference} ({exhibit.pk})"
        unreadable = read_all(exhibit)
        if unreadable:
            fields = ", ".join(sorted(unreadable))
            problems.append((name, f"its details could not be read ({fields})"))
        if exhibit.kind != ExhibitKind.FILE:
            continue
        checked += 1
        problem = _original_problem(exhibit)
        if problem:
            problems.append((name, problem))
    return EvidenceCheck(checked=checked, problems=problems)


def _original_problem(exhibit: Exhibit) -> str | None:
    try:
        found = storage.stored_sha256(exhibit.original_key, owner_id=exhibit.owner_id)
    except encryption.Unreadable:
        return "the original does not open with its key"
    if found is None:
        return "the original is missing from storage"
    if found != exhibit.sha256:
        return "the original's bytes have changed since it arrived"
    return None
