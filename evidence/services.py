"""Writes to evidence: taking in files, numbering exhibits, previews, deletion and checks."""

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from diary.models import Incident
from evidence import storage
from evidence.metadata import FileFacts, has_location
from evidence.models import Exhibit, ExhibitKind, PreviewStatus
from evidence.sniffing import Sniffed

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
    total = (
        Exhibit.objects.owned_by(owner)
        .filter(purged_at__isnull=True)
        .aggregate(total=Sum("size"))["total"]
    )
    return total or 0


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
    key = storage.store_original(path)
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
        from evidence.tasks import make_previews

        transaction.on_commit(lambda: make_previews.enqueue(str(exhibit.pk)))
    return exhibit


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


def exhibit_update(*, exhibit: Exhibit, caption: str, incidents: Iterable[Incident]) -> Exhibit:
    exhibit.caption = caption
    exhibit.save(update_fields=["caption"])
    _link(exhibit, incidents)
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
    exhibit.deleted_at = None
    exhibit.save(update_fields=["deleted_at"])


def exhibits_purge_deleted(*, now=None) -> int:
    """Remove the files of exhibits deleted over 30 days ago; keep reference, hash and dates."""
    now = now or timezone.now()
    expired = Exhibit.objects.filter(deleted_at__lt=now - DELETED_KEPT_FOR, purged_at__isnull=True)
    count = 0
    for exhibit in expired:
        storage.delete_stored(
            exhibit.original_key, exhibit.display_key, exhibit.thumbnail_key, exhibit.print_key
        )
        exhibit.original_key = exhibit.display_key = exhibit.thumbnail_key = ""
        exhibit.print_key = ""
        exhibit.original_name = exhibit.caption = ""
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
    """Re-read every kept original from storage and compare its SHA-256 with the one taken."""
    exhibits = Exhibit.objects.filter(kind=ExhibitKind.FILE, purged_at__isnull=True)
    if owner is not None:
        exhibits = exhibits.owned_by(owner)
    problems = []
    checked = 0
    for exhibit in exhibits.order_by("owner_id", "reference_number").iterator():
        checked += 1
        found = storage.stored_sha256(exhibit.original_key)
        name = f"{exhibit.reference} ({exhibit.pk})"
        if found is None:
            problems.append((name, "the original is missing from storage"))
        elif found != exhibit.sha256:
            problems.append((name, "the original's bytes have changed since it arrived"))
    return EvidenceCheck(checked=checked, problems=problems)
