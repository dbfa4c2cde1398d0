"""Background work for evidence: previews are made here, never in a web request."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from evidence import storage
from evidence.derivatives import (
    PreviewFailed,
    make_image_derivatives,
    make_pdf_preview,
    make_video_still,
)
from evidence.models import PRINTED_PAGES, Exhibit, ExhibitPage, PreviewStatus

logger = logging.getLogger(__name__)


def _make(exhibit: Exhibit):
    with storage.local_copy(exhibit.original_key, owner_id=exhibit.owner_id) as path:
        if exhibit.media_kind == "image":
            return make_image_derivatives(path)
        if exhibit.media_kind == "pdf":
            return make_pdf_preview(path, printed_pages=PRINTED_PAGES)
        if exhibit.media_kind == "video":
            return make_video_still(path)
    return None


@task()
def make_previews(exhibit_id: str) -> str:
    """Make the display copy, print copy and thumbnail of one exhibit (no metadata in any)."""
    exhibit = Exhibit.objects.filter(pk=exhibit_id, purged_at__isnull=True).first()
    if exhibit is None or not exhibit.original_key:
        return "gone"
    Exhibit.objects.filter(pk=exhibit.pk).update(preview_heartbeat_at=timezone.now())
    try:
        made = _make(exhibit)
    except PreviewFailed:
        made = None
    except Exception as error:
        # The original is safe whatever happens here. Log the kind of failure only: the
        # message of an error from a file parser can quote the file's own contents.
        logger.error("Preview failed for exhibit %s (%s)", exhibit.pk, type(error).__name__)
        made = None
    if made is None:
        Exhibit.objects.filter(pk=exhibit.pk).update(preview_status=PreviewStatus.FAILED)
        return "failed"
    pages = [
        ExhibitPage(
            owner_id=exhibit.owner_id,
            exhibit_id=exhibit.pk,
            number=page.number,
            print_key=storage.store_derivative(page.print_copy, owner_id=exhibit.owner_id),
            width=page.width,
            height=page.height,
        )
        for page in made.more_pages
    ]
    with transaction.atomic():
        # A second run (after "Try again") replaces the pages an earlier one may have left.
        earlier = list(ExhibitPage.objects.filter(exhibit_id=exhibit.pk))
        ExhibitPage.objects.filter(exhibit_id=exhibit.pk).delete()
        ExhibitPage.objects.bulk_create(pages)
        Exhibit.objects.filter(pk=exhibit.pk).update(
            display_key=storage.store_derivative(made.display, owner_id=exhibit.owner_id),
            print_key=storage.store_derivative(made.print_copy, owner_id=exhibit.owner_id),
            thumbnail_key=storage.store_derivative(made.thumbnail, owner_id=exhibit.owner_id),
            print_width=made.print_width or None,
            print_height=made.print_height or None,
            preview_status=PreviewStatus.READY,
        )
    storage.delete_stored(*(page.print_key for page in earlier))
    return "ready"


def previews_sweep_stale(*, now=None) -> int:
    """Mark previews whose worker died, or that no worker took up, as failed ("try again")."""
    now = now or timezone.now()
    # The limits are settings so the fault drills can shorten them.
    silent_since = now - timedelta(seconds=settings.STALE_JOB_SILENT_SECONDS)
    unstarted_since = now - timedelta(seconds=settings.STALE_JOB_NEVER_STARTED_SECONDS)
    died = Q(preview_heartbeat_at__lt=silent_since)
    never_started = Q(preview_heartbeat_at__isnull=True, received_at__lt=unstarted_since)
    return Exhibit.objects.filter(
        Q(preview_status=PreviewStatus.PENDING) & (died | never_started)
    ).update(preview_status=PreviewStatus.FAILED)
