"""Reads of evidence that pages share: the files list, an incident's exhibits, duplicates."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from config.keyset import keyset_page
from diary.models import Incident
from evidence.models import Exhibit, PreviewStatus
from evidence.services import DELETED_KEPT_FOR

FILES_PAGE_SIZE = 24
# Refresh a page while its preview is being made, but not for ever on a phone's data.
PREVIEW_REFRESH_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class FilesPage:
    exhibits: list[Exhibit]
    next_cursor: str | None


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
    rows, next_cursor = keyset_page(
        exhibits, field="received_at", cursor=cursor, size=FILES_PAGE_SIZE
    )
    return FilesPage(exhibits=rows, next_cursor=next_cursor)


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


@dataclass(frozen=True)
class ExhibitPage:
    exhibit: Exhibit
    incidents: QuerySet[Incident]
    identical: list[Exhibit]
    photos: QuerySet[Exhibit]
    preparing: bool  # the preview is on its way, so the page refreshes itself


def exhibit_page(*, exhibit: Exhibit) -> ExhibitPage:
    """What an exhibit's own page shows: its notes, files with the same bytes, photos of an item."""
    return ExhibitPage(
        exhibit=exhibit,
        incidents=exhibit.incidents.filter(deleted_at__isnull=True).order_by("-timeline_position"),
        identical=identical_exhibits(exhibit),
        photos=exhibit.photos.filter(deleted_at__isnull=True).order_by("reference_number"),
        preparing=exhibit.preview_status == PreviewStatus.PENDING
        and exhibit.received_at > timezone.now() - PREVIEW_REFRESH_FOR,
    )


def deleted_exhibits(*, owner) -> QuerySet[Exhibit]:
    """The owner's deleted files that can still be put back, the latest deleted first."""
    since = timezone.now() - DELETED_KEPT_FOR
    return (
        Exhibit.objects.owned_by(owner)
        .deleted()
        .filter(deleted_at__gte=since)
        .order_by("-deleted_at")
    )
