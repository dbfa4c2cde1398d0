"""`manage.py verify_evidence` re-reads every original; names any whose bytes changed or vanished.

Stored objects are changed through Django's default storage, so these tests mean the same on
local files and on S3 (CI runs them against a real S3 server).
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import execute_from_command_line

from evidence import services
from evidence.models import Exhibit
from tests.evidence import fixtures
from tests.evidence.uploading import keep_file, small_jpeg, stored_bytes, text_file
from tests.sealing import replace_stored


def _verify(capsys) -> tuple[int, str, str]:
    """Run the command as cron or a person at a terminal would; return exit code and output."""
    try:
        execute_from_command_line(["manage.py", "verify_evidence"])
        code = 0
    except SystemExit as stopped:
        code = stopped.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def three_files(user, tmp_path):
    return [
        keep_file(user, small_jpeg(tmp_path)),
        keep_file(user, fixtures.make_pdf(tmp_path / "letter.pdf")),
        keep_file(user, text_file(tmp_path, "where are you\n")),
    ]


def test_untouched_originals_pass(three_files, capsys):
    code, out, err = _verify(capsys)

    assert code == 0
    assert "All 3 original(s) match the SHA-256 taken on arrival." in out
    assert err == ""


def test_with_no_files_there_is_nothing_to_fail(db, capsys):
    code, out, _ = _verify(capsys)

    assert code == 0
    assert "All 0 original(s)" in out


def test_one_changed_byte_fails_the_check_and_names_the_exhibit(three_files, capsys):
    changed = three_files[1]
    original = bytearray(stored_bytes(changed))
    original[len(original) // 2] ^= 0x01
    replace_stored(changed.original_key, bytes(original), owner_id=changed.owner_id)

    code, _, err = _verify(capsys)

    assert code != 0
    assert f"Exhibit JS/2 ({changed.pk}): the original's bytes have changed since it arrived" in err
    assert "JS/1" not in err and "JS/3" not in err
    assert "1 of 3 original(s) failed." in err


def test_a_missing_original_fails_the_check_and_names_the_exhibit(three_files, capsys):
    missing = three_files[0]
    default_storage.delete(missing.original_key)

    code, _, err = _verify(capsys)

    assert code != 0
    assert f"Exhibit JS/1 ({missing.pk}): the original is missing from storage" in err


def test_every_problem_is_named_not_just_the_first(three_files, capsys):
    default_storage.delete(three_files[0].original_key)
    replace_stored(
        three_files[2].original_key, b"where are you?\n", owner_id=three_files[2].owner_id
    )

    code, _, err = _verify(capsys)

    assert code != 0
    assert "JS/1" in err and "JS/3" in err
    assert "2 of 3 original(s) failed." in err


def test_files_of_every_owner_are_checked(user, tmp_path, capsys):
    from tests.factories import UserFactory

    someone_else = UserFactory(initials="AB")
    keep_file(user, text_file(tmp_path, "mine\n"))
    theirs = keep_file(someone_else, text_file(tmp_path, "theirs\n", "theirs.txt"))
    default_storage.delete(theirs.original_key)

    code, _, err = _verify(capsys)

    assert code != 0
    assert "Exhibit AB/1" in err


def test_a_deleted_file_is_still_checked_until_it_is_purged(three_files, capsys):
    services.exhibit_delete(exhibit=three_files[0])
    default_storage.delete(three_files[0].original_key)

    code, _, err = _verify(capsys)

    assert code != 0
    assert "Exhibit JS/1" in err


def test_purged_files_and_physical_items_are_not_counted_as_missing(user, three_files, capsys):
    services.item_save(owner=user, values={"caption": "Parcel"}, incidents=[])
    purged = three_files[0]
    services.exhibit_delete(exhibit=purged)
    Exhibit.objects.filter(pk=purged.pk).update(
        deleted_at=purged.deleted_at.replace(year=purged.deleted_at.year - 1)
    )
    services.exhibits_purge_deleted()

    code, out, _ = _verify(capsys)

    assert code == 0
    assert "All 2 original(s)" in out


def test_the_service_behind_the_command_reports_each_problem(three_files):
    default_storage.delete(three_files[1].original_key)

    check = services.evidence_verify()

    assert check.checked == 3
    assert check.problems == [
        (f"JS/2 ({three_files[1].pk})", "the original is missing from storage")
    ]


def test_an_original_put_in_storage_without_its_key_is_named_as_unreadable(three_files, capsys):
    swapped = three_files[0]
    default_storage.delete(swapped.original_key)
    default_storage.save(swapped.original_key, ContentFile(b"not what was sealed here"))

    code, _, err = _verify(capsys)

    assert code != 0
    assert f"Exhibit JS/1 ({swapped.pk}): the original does not open with its key" in err
