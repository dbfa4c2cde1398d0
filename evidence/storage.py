"""The one place file bytes are read and written (a later change encrypts them here)."""

import hashlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

CHUNK = 1024 * 1024


def _new_key(folder: str) -> str:
    # Opaque: no user file name, no extension, nothing guessable.
    return f"{folder}/{uuid.uuid4().hex}"


def store_original(path: Path) -> str:
    """Copy an uploaded file into storage byte-for-byte; return its key."""
    with open(path, "rb") as source:
        return default_storage.save(_new_key("originals"), File(source))


def store_pack_file(path: Path) -> str:
    """Store a finished pack's PDF or ZIP, streamed from disk; return its key."""
    with open(path, "rb") as source:
        return default_storage.save(_new_key("packs"), File(source))


def store_derivative(content: bytes) -> str:
    return default_storage.save(_new_key("previews"), ContentFile(content))


def open_stored(key: str):
    """The stored bytes as a stream, never loaded whole: a 100 MB video stays 100 MB on disk.

    On S3, django-storages' own file object downloads the whole object into memory before the
    first read, so the object's body is streamed from boto3 instead.
    """
    bucket = getattr(default_storage, "bucket", None)
    if bucket is None:
        return default_storage.open(key, "rb")
    from botocore.exceptions import ClientError

    try:
        # _normalize_name adds the storage's configured location, as its own open() does.
        return bucket.Object(default_storage._normalize_name(key)).get()["Body"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise FileNotFoundError(key) from None
        raise


def stored_sha256(key: str) -> str | None:
    """Re-read stored bytes and hash them; None if the object is missing."""
    if not key or not default_storage.exists(key):
        return None
    digest = hashlib.sha256()
    with open_stored(key) as stored:
        for chunk in iter(lambda: stored.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def local_copy(key: str) -> Iterator[Path]:
    """The stored bytes as a local temporary file, for tools that need a path."""
    with tempfile.TemporaryDirectory(prefix="exhibit-") as folder:
        path = Path(folder) / "original"
        with open_stored(key) as stored, open(path, "wb") as local:
            shutil.copyfileobj(stored, local, CHUNK)
        yield path


def delete_stored(*keys: str) -> None:
    for key in keys:
        if key:
            default_storage.delete(key)
