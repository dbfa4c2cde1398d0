"""The one place file bytes are read and written, sealed with the owner's own file key.

Every stored object (original, preview, pack PDF and ZIP) is sealed with Tink's streaming AEAD
as it goes in and opened as it comes out, 64 KB at a time: never whole in memory. A sealed object
is bound to its key and its owner, so one moved or swapped in the bucket does not open. Keys of
sealed objects start with "s/"; an object stored before encryption (or with it turned off) keeps
its plain key and is read as it is until `manage.py encrypt_existing` seals it. The SHA-256 of an
original is always of the plain bytes the user uploaded.
"""

import contextlib
import hashlib
import io
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage

from config import encryption

# Read and written in pieces this size, a sealed segment at a time, so memory stays flat.
CHUNK = encryption.FILE_SEGMENT_BYTES
SEALED = "s/"


def _new_key(folder: str) -> str:
    # Opaque: no user file name, no extension, nothing guessable.
    key = f"{folder}/{uuid.uuid4().hex}"
    return SEALED + key if settings.ENCRYPTION_ENABLED else key


def _place(key: str) -> str:
    return f"file:{key}"


def is_sealed(key: str) -> bool:
    return key.startswith(SEALED)


def _store(source: IO[bytes], folder: str, owner_id) -> str:
    key = _new_key(folder)
    if not is_sealed(key):
        saved = default_storage.save(key, File(source))
    else:
        with tempfile.TemporaryFile(prefix="sealed-") as sealed:
            with encryption.sealing_writer(sealed, owner_id=owner_id, where=_place(key)) as out:
                shutil.copyfileobj(source, out, CHUNK)
            sealed.seek(0)
            saved = default_storage.save(key, File(sealed))
    if saved != key:  # the seal is bound to the key it was made for
        default_storage.delete(saved)
        raise RuntimeError("Storage renamed a new object; it was not kept.")
    return key


def store_original(path: Path, *, owner_id) -> str:
    """Keep an uploaded file, sealed; return its key."""
    with open(path, "rb") as source:
        return _store(source, "originals", owner_id)


def store_pack_file(path: Path, *, owner_id) -> str:
    """Keep a finished pack's PDF or ZIP, sealed and streamed from disk; return its key."""
    with open(path, "rb") as source:
        return _store(source, "packs", owner_id)


def store_pack_chunk(path: Path, *, owner_id) -> str:
    """Keep a drawn chunk of a pack for the owner's next pack, sealed; return its key."""
    with open(path, "rb") as source:
        return _store(source, "packchunks", owner_id)


class SealedUpload:
    """A pack file stored as it is written: sealed on the way into a temporary file and saved
    under its key by `save()`, so a big ZIP is written once instead of written, read back and
    sealed. It cannot seek (writers such as zipfile then stream). `discard()` throws it away."""

    def __init__(self, folder: str, *, owner_id) -> None:
        self.key = _new_key(folder)
        self.size = 0  # the plain bytes written
        # A named file, so a local file store can move it into place instead of copying it.
        self._spool = tempfile.NamedTemporaryFile(prefix="sealed-", delete=False)
        self._sealing = None
        self._out: IO[bytes] = self._spool
        if is_sealed(self.key):
            self._sealing = encryption.sealing_writer(
                self._spool, owner_id=owner_id, where=_place(self.key)
            )
            self._out = self._sealing.__enter__()

    def write(self, data) -> int:
        self.size += len(data)
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()

    def save(self) -> str:
        """Store what was written under `key`; the key."""
        try:
            if self._sealing is not None:
                self._sealing.__exit__(None, None, None)
                self._sealing = None
            self._spool.flush()
            self._spool.seek(0)
            saved = default_storage.save(self.key, _MovableFile(self._spool))
            if saved != self.key:  # the seal is bound to the key it was made for
                default_storage.delete(saved)
                raise RuntimeError("Storage renamed a new object; it was not kept.")
            return self.key
        finally:
            self._close()

    def discard(self) -> None:
        if self._sealing is not None:
            with contextlib.suppress(Exception):
                self._sealing.__exit__(None, None, None)
            self._sealing = None
        self._close()

    def _close(self) -> None:
        self._spool.close()
        Path(self._spool.name).unlink(missing_ok=True)


class _MovableFile(File):
    """A finished temporary file that FileSystemStorage moves into place (as it does a big
    upload) rather than copies; other stores read it as any file."""

    def temporary_file_path(self) -> str:
        return self.file.name


def store_export_file(path: Path, *, owner_id) -> str:
    """Keep a finished download of everything, sealed; return its key."""
    with open(path, "rb") as source:
        return _store(source, "exports", owner_id)


def store_derivative(content: bytes, *, owner_id) -> str:
    return _store(io.BytesIO(content), "previews", owner_id)


def _open_raw(key: str):
    """The stored bytes as a stream, never loaded whole.

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


def open_stored(key: str, *, owner_id):
    """The plain bytes of a stored object as a stream (opened segment by segment if sealed);
    reading a sealed object that does not open raises encryption.Unreadable."""
    raw = _open_raw(key)
    if not is_sealed(key):
        return raw
    return encryption.opening_reader(raw, owner_id=owner_id, where=_place(key))


class _Started:
    """A stored stream whose first chunk was read at once, so a file that does not open is
    known before a download begins, not half-way through it."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.first = stream.read(CHUNK)

    def read(self, size: int = -1) -> bytes:
        if self.first:
            chunk, self.first = self.first, b""
            if size is None or size < 0:
                return chunk + self.stream.read()
            return chunk
        return self.stream.read(size)

    def close(self) -> None:
        self.stream.close()


def open_for_download(key: str, *, owner_id) -> _Started:
    """As open_stored, but raises encryption.Unreadable before anything is sent."""
    stream = open_stored(key, owner_id=owner_id)
    try:
        return _Started(stream)
    except BaseException:
        stream.close()
        raise


def stored_sha256(key: str, *, owner_id) -> str | None:
    """Re-read stored bytes and hash them; None if the object is missing."""
    if not key or not default_storage.exists(key):
        return None
    digest = hashlib.sha256()
    with open_stored(key, owner_id=owner_id) as stored:
        for chunk in iter(lambda: stored.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def local_copy(key: str, *, owner_id) -> Iterator[Path]:
    """The plain bytes as a local temporary file, for tools that need a path."""
    with tempfile.TemporaryDirectory(prefix="exhibit-") as folder:
        path = Path(folder) / "original"
        with open_stored(key, owner_id=owner_id) as stored, open(path, "wb") as local:
            shutil.copyfileobj(stored, local, CHUNK)
        yield path


def restore_sealed(key: str, *, owner_id) -> str:
    """Copy a stored object to a new key, sealed under the owner's current primary file key
    (a plain object is sealed for the first time); return the new key. The old one stays until
    the caller has pointed its row at the new one and deletes it."""
    folder = key.removeprefix(SEALED).split("/")[0]
    with open_stored(key, owner_id=owner_id) as source:
        return _store(source, folder, owner_id)


def delete_stored(*keys: str) -> None:
    for key in keys:
        if key:
            default_storage.delete(key)
