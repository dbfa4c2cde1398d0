"""Housekeeping deletes stored files no row points at (a worker killed between the two), and
only once they are old enough that their row cannot still be on its way."""

from django.core.files.storage import default_storage
from django.core.management import call_command

from evidence import storage
from evidence.models import Exhibit
from tests.evidence.fixtures import make_jpeg
from tests.evidence.uploading import as_upload, upload


def test_a_stored_copy_with_no_row_is_deleted_and_kept_files_are_not(
    signed_in_client, user, tmp_path, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in_client, as_upload(make_jpeg(tmp_path / "letter.jpg")))
    exhibit = Exhibit.objects.get()
    orphan = storage.store_derivative(b"a preview whose worker died", owner_id=user.pk)
    kept = {exhibit.original_key, exhibit.display_key, exhibit.thumbnail_key, exhibit.print_key}

    settings.ORPHAN_FILES_AFTER_SECONDS = 3600
    call_command("housekeeping", verbosity=0)
    assert default_storage.exists(orphan)  # too new to be sure its row is not on its way

    settings.ORPHAN_FILES_AFTER_SECONDS = 0
    call_command("housekeeping", verbosity=0)
    assert not default_storage.exists(orphan)
    assert all(default_storage.exists(key) for key in kept if key)
    assert exhibit.display_key  # the preview was made, and its copies were kept
