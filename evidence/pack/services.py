"""Writes for evidence packs: keep the user's choices on a draft, start it, delete it, and the
periodic clean-up of packs whose worker died or whose time is up."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evidence import storage
from evidence.models import PACK_KEPT_FOR, Pack, PackStatus
from evidence.pack.build import build_pack
from evidence.pack.cache import pack_cache_clear_if_no_packs
from evidence.pack.selectors import Selection

# A selection the user never turned into a pack.
DRAFTS_KEPT_FOR = timedelta(days=1)
REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference(today: date) -> str:
    """A pack reference for every page of the PDF, e.g. P-20261125-7F3K, not used before."""
    while True:
        code = "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(4))
        reference = f"P-{today:%Y%m%d}-{code}"
        if not Pack.objects.filter(reference=reference).exists():
            return reference


def pack_draft_save(*, owner, selection: Selection, pack: Pack | None = None) -> Pack:
    """Keep what the user chose on a draft pack (a new one if `pack` is None), never in a URL."""
    if pack is None:
        today = timezone.now().astimezone(owner.zone).date()
        pack = Pack(owner=owner, reference=new_reference(today))
    pack.selection = selection.to_json()
    pack.save()
    return pack


def pack_confirm(
    *,
    pack: Pack,
    incident_ids: tuple[str, ...] | None = None,
    leave_out_located: bool | None = None,
) -> bool:
    """Step 2: keep the notes ticked and the choice about located originals, then queue it.

    None leaves a choice as it was. False if the pack was already queued or made.
    """
    selection = Selection.from_json(pack.selection)
    changes = {}
    if incident_ids is not None:
        changes["incident_ids"] = incident_ids
    if leave_out_located is not None:
        changes["leave_out_located"] = leave_out_located
    pack.selection = replace(selection, **changes).to_json()
    pack.save(update_fields=["selection"])
    return pack_request(pack=pack)


def pack_request(*, pack: Pack) -> bool:
    """Queue a draft or failed pack for building; False if it is already queued or made."""
    with transaction.atomic():
        updated = Pack.objects.filter(
            pk=pack.pk, status__in=[PackStatus.DRAFT, PackStatus.FAILED]
        ).update(
            status=PackStatus.QUEUED,
            stage="",
            progress=0,
            problem="",
            requested_at=timezone.now(),
            heartbeat_at=None,
            finished_at=None,
        )
        if updated:
            pack_id = str(pack.pk)
            transaction.on_commit(lambda: build_pack.enqueue(pack_id))
    return bool(updated)


def pack_delete(*, pack: Pack) -> None:
    """Delete the pack and its stored PDF and ZIP (a build under way stops at its next step)."""
    storage.delete_stored(pack.pdf_key, pack.zip_key)
    pack.delete()
    pack_cache_clear_if_no_packs(owner_id=pack.owner_id)


def packs_sweep_stale(*, now=None, packs=None) -> int:
    """Mark packs whose worker died, or that no worker took up, as failed ("try again")."""
    now = now or timezone.now()
    # The limits are settings so the fault drills can shorten them.
    silent_since = now - timedelta(seconds=settings.STALE_JOB_SILENT_SECONDS)
    unstarted_since = now - timedelta(seconds=settings.STALE_JOB_NEVER_STARTED_SECONDS)
    running_silent = Q(status=PackStatus.RUNNING, heartbeat_at__lt=silent_since)
    never_started = Q(status=PackStatus.QUEUED, requested_at__lt=unstarted_since)
    packs = Pack.objects.all() if packs is None else packs
    return packs.filter(running_silent | never_started).update(
        status=PackStatus.FAILED,
        problem="The pack stopped before it was finished.",
        finished_at=now,
    )


def packs_delete_expired(*, now=None) -> int:
    """Delete finished packs past their expiry, and selections never turned into a pack."""
    now = now or timezone.now()
    expired = Pack.objects.filter(
        Q(expires_at__lt=now)
        | Q(status=PackStatus.DRAFT, created_at__lt=now - DRAFTS_KEPT_FOR)
        | Q(status=PackStatus.FAILED, finished_at__lt=now - PACK_KEPT_FOR)
    )
    count = 0
    for pack in expired.iterator():
        pack_delete(pack=pack)
        count += 1
    return count
