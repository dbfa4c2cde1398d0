"""The owner's drawn chunks, kept so the next pack draws only what changed (pdf/chunks.py).

Each chunk is stored sealed with the owner's file key, like a pack, under an HMAC of everything
its drawing depended on (pdf/chunk_key.py); the HMAC's secret is the owner's own, sealed with their
text key. So the database and the bucket hold nothing readable once the account's keys are gone,
and a lookup confirms no guess of a note. The cache goes with the account (rows cascade, files go
with every owned file), with the owner's last pack, after PACK_CHUNKS_KEPT_UNUSED_FOR unused, and
with `manage.py housekeeping --clear-pack-cache`.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from config import encryption
from config.sealed import unreadable_fields
from evidence import storage
from evidence.models import PACK_CHUNKS_KEPT_UNUSED_FOR, Pack, PackCacheSecret, PackChunk

if TYPE_CHECKING:
    from evidence.pack.pdf.join import DrawnChunk


class ChunkCache:
    """One owner's drawn chunks, for one build: the lookups are read once, before drawing."""

    def __init__(self, owner_id) -> None:
        self.owner_id = owner_id
        self.secret = _owner_secret(owner_id)
        self.lookups = frozenset(
            PackChunk.objects.filter(owner_id=owner_id).values_list("lookup", flat=True)
        )
        self.kept = 0

    def open(self, wanted: Mapping[str, Path]) -> dict[str, DrawnChunk]:
        # pypdf and pikepdf are the worker's: the web processes that clear caches never load them.
        from evidence.pack.pdf.join import DrawnChunk

        opened: dict[str, DrawnChunk] = {}
        broken = []
        rows = PackChunk.objects.filter(owner_id=self.owner_id, lookup__in=list(wanted))
        for row in rows:
            path = wanted[row.lookup]
            layout = row.layout
            try:
                with (
                    storage.open_stored(row.pdf_key, owner_id=self.owner_id) as stored,
                    path.open("wb") as local,
                ):
                    shutil.copyfileobj(stored, local, storage.CHUNK)
            except (FileNotFoundError, encryption.Unreadable):
                layout = None
            if not layout or unreadable_fields(row):
                # Never drawn from half a record: forget it, and the chunk is drawn again.
                broken.append(row.pk)
                continue
            opened[row.lookup] = DrawnChunk.from_layout(path, layout, row.lookup)
        _delete(PackChunk.objects.filter(pk__in=broken))
        PackChunk.objects.filter(owner_id=self.owner_id, lookup__in=list(opened)).update(
            used_at=timezone.now()
        )
        return opened

    def keep(self, lookup: str, drawn: DrawnChunk) -> None:
        key = storage.store_pack_chunk(drawn.path, owner_id=self.owner_id)
        try:
            with transaction.atomic():
                PackChunk.objects.create(
                    owner_id=self.owner_id,
                    lookup=lookup,
                    pdf_key=key,
                    pdf_size=drawn.path.stat().st_size,
                    page_count=drawn.page_count,
                    layout=drawn.layout(),
                )
        except IntegrityError:
            # Another build of the same owner kept the same chunk a moment ago.
            storage.delete_stored(key)
            return
        self.kept += 1


def _owner_secret(owner_id) -> bytes:
    row, _made = PackCacheSecret.objects.get_or_create(
        owner_id=owner_id, defaults={"secret": secrets.token_hex(32)}
    )
    if not row.secret or unreadable_fields(row):
        # A secret that no longer opens makes every kept lookup useless: start again.
        pack_cache_clear(owner_id=owner_id)
        row = PackCacheSecret.objects.create(owner_id=owner_id, secret=secrets.token_hex(32))
    return bytes.fromhex(row.secret)


def _delete(chunks) -> int:
    count = 0
    for chunk in chunks.iterator():
        storage.delete_stored(chunk.pdf_key)
        chunk.delete()
        count += 1
    return count


def pack_cache_clear(*, owner_id=None) -> int:
    """Delete the drawn chunks (and the lookup secret) of one owner, or of everyone."""
    chunks = PackChunk.objects.all()
    secrets_kept = PackCacheSecret.objects.all()
    if owner_id is not None:
        chunks = chunks.filter(owner_id=owner_id)
        secrets_kept = secrets_kept.filter(owner_id=owner_id)
    count = _delete(chunks)
    secrets_kept.delete()
    return count


def pack_cache_clear_if_no_packs(*, owner_id) -> int:
    """Drop the owner's drawn chunks once they have no pack left (the last one expired or was
    deleted): nothing of a pack should outlive every pack."""
    if Pack.objects.filter(owner_id=owner_id).exists():
        return 0
    return pack_cache_clear(owner_id=owner_id)


def pack_chunks_delete_unused(*, now=None) -> int:
    """Delete chunks no pack has drawn from for PACK_CHUNKS_KEPT_UNUSED_FOR."""
    now = now or timezone.now()
    return _delete(PackChunk.objects.filter(used_at__lt=now - PACK_CHUNKS_KEPT_UNUSED_FOR))
