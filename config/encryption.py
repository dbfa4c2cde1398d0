"""Encryption at rest, all of it done by Google Tink.

The deployment holds one key-encryption keyset (the KEK, from ENCRYPTION_KEYSET or a file). Each
user has two data keysets of their own, wrapped by the KEK and kept on their row: one for text
(AEAD) and one for files (streaming AEAD, 1 MB segments). Text is sealed bound to where it lives
(model, field, row and owner), so a ciphertext copied to another row or another person's row
does not open. Deleting a user's wrapped keysets makes everything of theirs unreadable at once.

Nothing cryptographic is written here: these are the calls STACK.md names, wrapped once.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

import tink
from django.conf import settings
from tink import aead, secret_key_access, streaming_aead
from tink.proto import aes_gcm_hkdf_streaming_pb2, common_pb2, tink_pb2

aead.register()
streaming_aead.register()

logger = logging.getLogger(__name__)

# A sealed value in a text column; plain text written before encryption never starts with it.
SEALED_PREFIX = "tink1:"
# How long a process keeps a user's unwrapped keys before reading them from the database again.
KEYS_KEPT_SECONDS = 60
_KEYS_KEPT_AT_MOST = 1_000


class Unreadable(Exception):
    """A sealed value or file that does not open: wrong row, wrong owner, changed, or key gone."""


class KeysGone(Unreadable):
    """The owner's keys no longer exist (the account was deleted)."""


# The key-encryption keyset -------------------------------------------------------------------


def new_kek_json() -> str:
    """A new key-encryption keyset, as the JSON a deployment keeps in ENCRYPTION_KEYSET."""
    handle = tink.new_keyset_handle(aead.aead_key_templates.AES256_GCM)
    return tink.json_proto_keyset_format.serialize(handle, secret_key_access.TOKEN)


def kek_from_json(keyset_json: str) -> aead.Aead:
    """The KEK as a primitive; tink.TinkError (or ValueError) for anything that is not one."""
    if not keyset_json.strip():
        raise ValueError("The key-encryption keyset is empty.")
    handle = tink.json_proto_keyset_format.parse(keyset_json, secret_key_access.TOKEN)
    return handle.primitive(aead.Aead)


@functools.cache
def _kek() -> aead.Aead:
    return kek_from_json(settings.ENCRYPTION_KEYSET)


# Each user's data keys ------------------------------------------------------------------------

# Tink's AES256_GCM_HKDF_1MB, but cut into 64 KB segments: with 1 MB segments sealing an upload
# holds about 7 MB more in memory (a whole segment, in and out), where an upload may add 5 MB.
FILE_SEGMENT_BYTES = 64 * 1024


def file_key_template() -> tink_pb2.KeyTemplate:
    key_format = aes_gcm_hkdf_streaming_pb2.AesGcmHkdfStreamingKeyFormat(
        key_size=32,
        params=aes_gcm_hkdf_streaming_pb2.AesGcmHkdfStreamingParams(
            hkdf_hash_type=common_pb2.SHA256,
            derived_key_size=32,
            ciphertext_segment_size=FILE_SEGMENT_BYTES,
        ),
    )
    return tink_pb2.KeyTemplate(
        type_url="type.googleapis.com/google.crypto.tink.AesGcmHkdfStreamingKey",
        value=key_format.SerializeToString(),
        output_prefix_type=tink_pb2.RAW,
    )


@dataclass(frozen=True)
class DataKeys:
    text: aead.Aead
    files: streaming_aead.StreamingAead


def _wrapping_data(user_id) -> bytes:
    return f"user:{user_id}".encode()


def new_wrapped_keys(user_id, kek: aead.Aead | None = None) -> tuple[bytes, bytes]:
    """A new text keyset and file keyset for one user, each wrapped by the KEK."""
    kek = kek or _kek()
    text = tink.new_keyset_handle(aead.aead_key_templates.AES256_GCM)
    files = tink.new_keyset_handle(file_key_template())
    bound = _wrapping_data(user_id)
    return (
        tink.proto_keyset_format.serialize_encrypted(text, kek, bound),
        tink.proto_keyset_format.serialize_encrypted(files, kek, bound),
    )


def rewrap(wrapped: bytes, user_id, *, old: aead.Aead, new: aead.Aead) -> bytes:
    """The same keyset, wrapped by another KEK (the data it protects is not touched)."""
    bound = _wrapping_data(user_id)
    handle = tink.proto_keyset_format.parse_encrypted(bytes(wrapped), old, bound)
    return tink.proto_keyset_format.serialize_encrypted(handle, new, bound)


def unwrap_keys(user_id, wrapped_text: bytes, wrapped_files: bytes) -> DataKeys:
    kek, bound = _kek(), _wrapping_data(user_id)
    try:
        text = tink.proto_keyset_format.parse_encrypted(bytes(wrapped_text), kek, bound)
        files = tink.proto_keyset_format.parse_encrypted(bytes(wrapped_files), kek, bound)
    except tink.TinkError as error:
        raise Unreadable(f"The keys of user {user_id} do not open with this KEK.") from error
    return DataKeys(
        text=text.primitive(aead.Aead), files=files.primitive(streaming_aead.StreamingAead)
    )


class _KeyCache:
    """Unwrapped keys by user id for a minute, so a page of notes unwraps them once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: dict[object, tuple[float, DataKeys]] = {}

    def get(self, user_id) -> DataKeys | None:
        with self.lock:
            found = self.kept.get(user_id)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, user_id, keys: DataKeys) -> None:
        with self.lock:
            if len(self.kept) >= _KEYS_KEPT_AT_MOST:
                self.kept.clear()
            self.kept[user_id] = (time.monotonic() + KEYS_KEPT_SECONDS, keys)

    def forget(self, user_id=None) -> None:
        with self.lock:
            if user_id is None:
                self.kept.clear()
            else:
                self.kept.pop(user_id, None)


_keys = _KeyCache()
forget_keys = _keys.forget


def _settings_changed(*, setting, **kwargs) -> None:
    # Tests (and only tests) change the keyset while the process runs.
    if setting == "ENCRYPTION_KEYSET":
        _kek.cache_clear()
        forget_keys()


def _listen_for_setting_changes() -> None:
    from django.core.signals import setting_changed

    setting_changed.connect(_settings_changed, dispatch_uid="config.encryption")


_listen_for_setting_changes()


def keys_for(user_id) -> DataKeys:
    """The user's unwrapped data keys, made the first time they are needed."""
    keys = _keys.get(user_id)
    if keys is not None:
        return keys
    from django.contrib.auth import get_user_model
    from django.db import transaction

    users = get_user_model().objects.filter(pk=user_id)
    columns = ("text_keyset", "file_keyset", "is_active")
    row = users.values_list(*columns).first()
    if row is None or (row[0] is None and not row[2]):
        # No such user, or one whose keys were destroyed: never make new keys for them.
        raise KeysGone(f"User {user_id} has no keys.")
    if row[0] is None or row[1] is None:
        with transaction.atomic():
            row = users.select_for_update().values_list(*columns).first()
            if row is None or (row[0] is None and not row[2]):
                raise KeysGone(f"User {user_id} has no keys.")
            if row[0] is None or row[1] is None:
                row = new_wrapped_keys(user_id)
                users.update(text_keyset=row[0], file_keyset=row[1])
    keys = unwrap_keys(user_id, row[0], row[1])
    _keys.put(user_id, keys)
    return keys


# Text -----------------------------------------------------------------------------------------


def _bound(where: str, owner_id) -> bytes:
    return f"{where}|owner:{owner_id}".encode()


def seal_text(value: str, *, owner_id, where: str) -> str:
    """`value` sealed with the owner's text key, bound to `where` (e.g. a model, field and row)."""
    sealed = keys_for(owner_id).text.encrypt(value.encode(), _bound(where, owner_id))
    return SEALED_PREFIX + base64.b64encode(sealed).decode("ascii")


def open_text(stored: str, *, owner_id, where: str) -> str:
    """The text sealed by seal_text for the same owner and place; Unreadable otherwise."""
    try:
        sealed = base64.b64decode(stored.removeprefix(SEALED_PREFIX), validate=True)
        plain = keys_for(owner_id).text.decrypt(sealed, _bound(where, owner_id))
    except (tink.TinkError, ValueError) as error:
        raise Unreadable(where) from error
    return plain.decode()


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


# Files ----------------------------------------------------------------------------------------


class _KeptOpen:
    """Hands writes on to `target` but never closes it: Tink's encrypting stream closes the file
    object it writes to, and the caller still needs it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target

    def write(self, data) -> int:
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()

    def close(self) -> None:
        self.flush()

    @property
    def closed(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


@contextlib.contextmanager
def sealing_writer(target: IO[bytes], *, owner_id, where: str) -> Iterator[BinaryIO]:
    """A stream that seals what is written to it into `target`, 1 MB segment by segment."""
    files = keys_for(owner_id).files
    with files.new_encrypting_stream(_KeptOpen(target), _bound(where, owner_id)) as writer:
        yield writer


def opening_reader(source: IO[bytes], *, owner_id, where: str) -> BinaryIO:
    """A stream of the plain bytes of a file sealed by sealing_writer; reading a changed or
    misplaced file raises Unreadable."""
    files = keys_for(owner_id).files
    return _OpeningReader(files.new_decrypting_stream(source, _bound(where, owner_id)), where)


class _OpeningReader:
    """Tink's decrypting stream, with its failures told as Unreadable."""

    def __init__(self, stream, where: str) -> None:
        self.stream = stream
        self.where = where

    def read(self, size: int = -1) -> bytes:
        try:
            return self.stream.read(size)
        except tink.TinkError as error:
            raise Unreadable(self.where) from error

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
