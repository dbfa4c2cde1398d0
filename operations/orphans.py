"""Stored files that no row points at: what a worker killed between storing a file and saving its
row leaves behind (a preview's three copies, a pack's PDF, a request rolled back after storing).

Only our own folders are looked at, and only files older than ORPHAN_FILES_AFTER_SECONDS, so a
file stored a moment ago whose row is about to be saved is never touched.
"""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import Export
from evidence.models import Exhibit, Pack, PackChunk

FOLDERS = ("originals", "previews", "packs", "packchunks", "exports")


def stored_keys() -> set[str]:
    """Every key in our folders (sealed "s/..." and plain)."""
    keys = set()
    for prefix in ("s/", ""):
        for folder in FOLDERS:
            try:
                _dirs, files = default_storage.listdir(prefix + folder)
            except FileNotFoundError:
                continue
            keys.update(f"{prefix}{folder}/{name}" for name in files)
    return keys


def referenced_keys() -> set[str]:
    keys = set()
    for model, fields in (
        (Exhibit, ("original_key", "display_key", "thumbnail_key", "print_key")),
        (Pack, ("pdf_key", "zip_key")),
        (PackChunk, ("pdf_key",)),
        (Export, ("file_key",)),
    ):
        for row in model.objects.values_list(*fields):
            keys.update(key for key in row if key)
    return keys


def orphaned_keys() -> set[str]:
    return stored_keys() - referenced_keys()


def stored_files_sweep_orphans(*, now=None) -> int:
    """Delete files in our folders that no row points at and that are old enough to be sure."""
    now = now or timezone.now()
    before = now - timedelta(seconds=settings.ORPHAN_FILES_AFTER_SECONDS)
    deleted = 0
    for key in orphaned_keys():
        if default_storage.get_modified_time(key) < before:
            default_storage.delete(key)
            deleted += 1
    return deleted
