"""Reads of evidence that pages share: the files list, an incident's exhibits, duplicates."""

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q

from diary.models import Incident
from evidence.models import Exhibit

FILES_PAGE_SIZE = 24


@dataclass(frozen=True)
class FilesPage:
    exhibits: list[Exhibit]
    next_cursor: str | None


def _encode(exhibit: Exhibit) -> str:
    raw = f"{exhibit.received_at.isoformat()}|{exhibit.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return datetime.fromisoformat(at), uuid.UUID(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def files_page(*, owner, cursor=None, media_kind=None, incident=None) -> FilesPage:
    """Newest first, one keyset page: the rows in one query plus the notes they link to."""
    exhibits = (
        Exhibit.objects.owned_by(owner)
        .current()
        .prefetch_related(
            Prefetch(
                "incidents",
                queryset=Incident.objects.filter(deleted_at__isnull=True)
                .only("id", "occurred_on", "occurred_time", "timezone", "ended_at")
                .order_by("-timeline_position"),
            )
        )
        .order_by("-received_at", "-id")
    )
    if media_kind == "item":
        exhibits = exhibits.filter(kind="item")
    elif media_kind:
        exhibits = exhibits.filter(media_kind=media_kind)
    if incident is not None:
        exhibits = exhibits.filter(incidents=incident)
    position = _decode(cursor) if cursor else None
    if position is not None:
        at, pk = position
        exhibits = exhibits.filter(Q(received_at__lt=at) | Q(received_at=at, id__lt=pk))
    rows = list(exhibits[: FILES_PAGE_SIZE + 1])
    next_cursor = _encode(rows[FILES_PAGE_SIZE - 1]) if len(rows) > FILES_PAGE_SIZE else None
    return FilesPage(exhibits=rows[:FILES_PAGE_SIZE], next_cursor=next_cursor)


def identical_exhibits(exhibit: Exhibit) -> list[Exhibit]:
    """Other exhibits of the same owner with exactly the same bytes."""
    if not exhibit.sha256:
        return []
    return list(
        Exhibit.objects.owned_by(exhibit.owner)
        .current()
        .filter(sha256=exhibit.sha256)
        .exclude(pk=exhibit.pk)
        .order_by("reference_number")
    )
