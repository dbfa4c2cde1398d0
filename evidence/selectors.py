"""Reads of evidence that pages share: the files list, an incident's exhibits, duplicates."""

from dataclasses import dataclass

from django.db.models import Prefetch

from config.keyset import keyset_page
from diary.models import Incident
from evidence.models import Exhibit

FILES_PAGE_SIZE = 24


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
