"""Keeping the keys: sealing what was stored before encryption, re-wrapping every user's keys
under a new key-encryption key, and giving one user new data keys.

Each step commits row by row, so an interrupted run can simply be run again: nothing is sealed
twice in a way that cannot be opened, and nothing is left unreadable half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import tink
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from tink import aead, secret_key_access
from tink.proto import tink_pb2

from config import encryption
from config.sealed import plain_columns, reseal_row, sealed_models
from evidence import storage


@dataclass
class Progress:
    rows: int = 0
    files: int = 0


def file_models() -> list:
    return [model for model in apps.get_models() if getattr(model, "stored_file_fields", ())]


def _rows(model, owner=None) -> Iterator:
    rows = model.objects.all() if owner is None else model.objects.filter(owner=owner)
    return rows.order_by("pk").iterator(chunk_size=200)


def _move_files(row, should_move: Callable[[str], bool]) -> int:
    """Re-store this row's files that `should_move` picks, sealed under the current key."""
    moved = 0
    for name in row.stored_file_fields:
        old = getattr(row, name)
        if not old or not should_move(old):
            continue
        try:
            new = storage.restore_sealed(old, owner_id=row.owner_id)
        except FileNotFoundError:
            continue  # nothing there to seal; verify_evidence names missing originals
        with transaction.atomic():
            updated = type(row).objects.filter(pk=row.pk, **{name: old}).update(**{name: new})
        storage.delete_stored(old if updated else new)
        moved += bool(updated)
    return moved


def encrypt_existing(*, on_row: Callable[[], None] | None = None) -> Progress:
    """Seal every value and file still stored in plain, row by row; safe to run again."""
    progress = Progress()
    for model in sealed_models():
        for row in _rows(model):
            values = plain_columns(row)
            if values:
                model.objects.filter(pk=row.pk).update(**values)
                progress.rows += 1
            if on_row:
                on_row()
    for model in file_models():
        for row in _rows(model):
            progress.files += _move_files(row, lambda key: not storage.is_sealed(key))
    return progress


def rewrap_all(*, old_kek: aead.Aead | None = None) -> int:
    """Wrap every user's data keys under the current KEK's primary key; the data is untouched.

    `old_kek` is the keyset they were wrapped with, when moving to a wholly new KEK; keys the
    current KEK already opens are wrapped again by it, so a second run changes nothing.
    """
    current = encryption._kek()
    users = get_user_model().objects.exclude(text_keyset=None).order_by("pk")
    count = 0
    for user_id, text, files in users.values_list("pk", "text_keyset", "file_keyset"):
        with transaction.atomic():
            new_text = _rewrap_one(text, user_id, current, old_kek)
            new_files = _rewrap_one(files, user_id, current, old_kek)
            get_user_model().objects.filter(pk=user_id).update(
                text_keyset=new_text, file_keyset=new_files
            )
        count += 1
    encryption.forget_keys()
    return count


def _rewrap_one(wrapped, user_id, current, old_kek) -> bytes:
    try:
        return encryption.rewrap(wrapped, user_id, old=current, new=current)
    except tink.TinkError:
        if old_kek is None:
            raise
        return encryption.rewrap(wrapped, user_id, old=old_kek, new=current)


# One user's new data keys ---------------------------------------------------------------------


def _with_new_primary(handle, template) -> tink.KeysetHandle:
    """The keyset with a new key added and made primary (old ones kept, so old data opens)."""
    keyset = tink_pb2.Keyset.FromString(
        tink.proto_keyset_format.serialize(handle, secret_key_access.TOKEN)
    )
    while True:
        fresh = tink_pb2.Keyset.FromString(
            tink.proto_keyset_format.serialize(
                tink.new_keyset_handle(template), secret_key_access.TOKEN
            )
        )
        if fresh.primary_key_id not in {key.key_id for key in keyset.key}:
            break
    keyset.key.extend(fresh.key)
    keyset.primary_key_id = fresh.primary_key_id
    return tink.proto_keyset_format.parse(keyset.SerializeToString(), secret_key_access.TOKEN)


def _only_primary(handle) -> tink.KeysetHandle:
    keyset = tink_pb2.Keyset.FromString(
        tink.proto_keyset_format.serialize(handle, secret_key_access.TOKEN)
    )
    kept = [key for key in keyset.key if key.key_id == keyset.primary_key_id]
    del keyset.key[:]
    keyset.key.extend(kept)
    return tink.proto_keyset_format.parse(keyset.SerializeToString(), secret_key_access.TOKEN)


def _change_keysets(user, change) -> None:
    kek = encryption._kek()
    bound = f"user:{user.pk}".encode()
    with transaction.atomic():
        row = get_user_model().objects.select_for_update().get(pk=user.pk)
        text = tink.proto_keyset_format.parse_encrypted(bytes(row.text_keyset), kek, bound)
        files = tink.proto_keyset_format.parse_encrypted(bytes(row.file_keyset), kek, bound)
        text, files = (
            change(text, aead.aead_key_templates.AES256_GCM),
            change(files, encryption.file_key_template()),
        )
        row.text_keyset = tink.proto_keyset_format.serialize_encrypted(text, kek, bound)
        row.file_keyset = tink.proto_keyset_format.serialize_encrypted(files, kek, bound)
        row.save(update_fields=["text_keyset", "file_keyset"])
    encryption.forget_keys(user.pk)


def give_new_keys(*, user) -> Progress:
    """Seal everything of one user again under new data keys, then forget the old keys.

    The new keys are added first (the old ones still open what is not done yet), every sealed
    value and file is sealed again under them, and only then are the old keys dropped. If it
    stops half-way, running it again finishes the job.
    """
    encryption.keys_for(user.pk)  # a user who never had keys gets them now
    _change_keysets(user, _with_new_primary)
    progress = Progress()
    for model in sealed_models():
        for row in _rows(model, user):
            values = reseal_row(row)
            if values:
                model.objects.filter(pk=row.pk).update(**values)
                progress.rows += 1
    for model in file_models():
        for row in _rows(model, user):
            progress.files += _move_files(row, lambda key: True)
    _change_keysets(user, lambda handle, template: _only_primary(handle))
    return progress
