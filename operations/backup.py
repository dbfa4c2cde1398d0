"""Backups that restore: the database (pg_dump, or SQLite's own backup), a byte-for-byte copy of
every stored object (still sealed), and the two keys, each in a folder of its own so they can be
kept apart. Without the keys the copy of the files and the database cannot be read."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

KEYSET_NAME = "encryption_keyset.json"
SIGNING_KEY_NAME = "pack_signing_key.pem"


class BackupError(Exception):
    pass


def stored_names(prefix: str = "") -> list[str]:
    """Every object in the file store, found folder by folder."""
    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    names = [f"{prefix}{name}" for name in files]
    for folder in folders:
        names.extend(stored_names(f"{prefix}{folder}/"))
    return sorted(names)


def _database() -> dict:
    return settings.DATABASES["default"]


def _pg_env() -> dict:
    db = _database()
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    db = _database()
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Made:
    folder: Path
    files: int
    seconds: float


def backup(*, to: Path, keys_to: Path) -> Made:
    started = timezone.now()
    database_dir, files_dir = to / "database", to / "files"
    for folder in (database_dir, files_dir, keys_to):
        folder.mkdir(parents=True, exist_ok=True)
    # The keys, on their own: whoever holds only the other two folders can read nothing.
    (keys_to / KEYSET_NAME).write_text(settings.ENCRYPTION_KEYSET)
    (keys_to / SIGNING_KEY_NAME).write_text(settings.PACK_SIGNING_KEY)
    for name in (KEYSET_NAME, SIGNING_KEY_NAME):
        (keys_to / name).chmod(0o600)

    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603 - PostgreSQL's own tool, our settings as its arguments
            [  # noqa: S607
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(database_dir / "database.dump"),
                *_pg_args(),
            ],
            check=True,
            env=_pg_env(),
        )
    elif connection.vendor == "sqlite":
        with (
            sqlite3.connect(_database()["NAME"]) as source,
            sqlite3.connect(database_dir / "database.sqlite3") as target,
        ):
            source.backup(target)
    else:
        raise BackupError(f"No backup for a {connection.vendor} database.")

    names = stored_names()
    hashes = {}
    for name in names:
        target = files_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        hashes[name] = _sha256(target)
    (to / "manifest.json").write_text(
        json.dumps(
            {
                "made_at": started.isoformat(),
                "database": connection.vendor,
                "files": hashes,
            },
            indent=1,
        )
    )
    return Made(to, len(names), (timezone.now() - started).total_seconds())


def restore(*, source: Path, keys_from: Path) -> Made:
    """Into an empty database and an empty file store, with the keys the backup was made with."""
    started = timezone.now()
    manifest = json.loads((source / "manifest.json").read_text())
    if (keys_from / KEYSET_NAME).read_text() != settings.ENCRYPTION_KEYSET:
        raise BackupError(
            "This backup's key-encryption keyset is not the one configured. Point "
            f"ENCRYPTION_KEYSET_FILE at {keys_from / KEYSET_NAME} (and PACK_SIGNING_KEY_FILE at "
            f"{keys_from / SIGNING_KEY_NAME}), then restore again."
        )
    if "accounts_user" in connection.introspection.table_names():
        raise BackupError("The database is not empty: restore only into a fresh database.")
    if stored_names():
        raise BackupError("The file store is not empty: restore only into a fresh bucket.")

    if manifest["database"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database.")
    if connection.vendor == "postgresql":
        connection.close()
        subprocess.run(  # noqa: S603 - PostgreSQL's own tool, our settings as its arguments
            [  # noqa: S607
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *_pg_args(),
                str(source / "database" / "database.dump"),
            ],
            check=True,
            env=_pg_env(),
        )
    else:
        connection.close()
        with (
            sqlite3.connect(source / "database" / "database.sqlite3") as backup_db,
            sqlite3.connect(_database()["NAME"]) as target,
        ):
            backup_db.backup(target)

    for name, sha256 in manifest["files"].items():
        path = source / "files" / name
        if _sha256(path) != sha256:
            raise BackupError(f"A stored object in the backup has changed since: {name}")
        with open(path, "rb") as f:
            saved = default_storage.save(name, File(f))
        if saved != name:
            raise BackupError(f"The file store renamed {name}; it is not empty.")

    # A restored backup never brings a deleted account back.
    from accounts.deletion import deletions_reapply

    deletions_reapply()
    return Made(source, len(manifest["files"]), (timezone.now() - started).total_seconds())
