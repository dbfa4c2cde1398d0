"""restore refuses what would lose or mix data: the wrong keys, or a database already in use.
(The whole backup and restore, into a fresh PostgreSQL and bucket, is the CI backup drill.)"""

import json

import pytest
from django.core.management import CommandError, call_command

from config.encryption import new_kek_json


def _backup_folder(tmp_path, keyset: str):
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "encryption_keyset.json").write_text(keyset)
    (tmp_path / "manifest.json").write_text(json.dumps({"database": "sqlite", "files": {}}))
    return tmp_path


def test_restore_with_keys_other_than_the_backups_says_which_file_to_point_at(tmp_path, db):
    folder = _backup_folder(tmp_path, new_kek_json())

    with pytest.raises(CommandError, match="Point ENCRYPTION_KEYSET_FILE at .*keys"):
        call_command("restore", "--from", str(folder))


def test_restore_into_a_database_in_use_is_refused(tmp_path, db, settings):
    folder = _backup_folder(tmp_path, settings.ENCRYPTION_KEYSET)

    with pytest.raises(CommandError, match="not empty: restore only into a fresh database"):
        call_command("restore", "--from", str(folder))


def test_backup_refuses_a_folder_already_in_use(tmp_path, db):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", "--to", str(tmp_path / "used"))
