"""Deleting a file: out of sight at once, recoverable for 30 days, then its bytes are purged."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evidence.models import Exhibit, PreviewStatus
from tests.diary.pages import visible_text
from tests.evidence.uploading import FILES, as_upload, sha256_of, small_jpeg, upload
from tests.factories import make_incident

DELETED = reverse("evidence:deleted")


@pytest.fixture
def photo(tmp_path):
    return small_jpeg(tmp_path, "doorstep.jpg")


@pytest.fixture
def exhibit(signed_in_client, user, photo, django_capture_on_commit_callbacks):
    """A photo linked to a note, with its previews made."""
    incident = make_incident(user)
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in_client, as_upload(photo), caption="Flowers left", incidents=[incident])
    exhibit = Exhibit.objects.get()
    assert exhibit.preview_status == PreviewStatus.READY
    return exhibit


def _delete(client, exhibit):
    return client.post(reverse("evidence:exhibit_delete", args=[exhibit.pk]))


def _age_deletion(exhibit, days):
    Exhibit.objects.filter(pk=exhibit.pk).update(deleted_at=timezone.now() - timedelta(days=days))


def test_the_delete_page_asks_first_and_explains_what_happens(signed_in_client, exhibit):
    response = signed_in_client.get(reverse("evidence:exhibit_delete", args=[exhibit.pk]))

    page = visible_text(response)
    assert "Delete JS/1?" in page
    assert "You can put it back from 'Deleted files' for 30 days" in page
    assert "is never given to another file" in page
    exhibit.refresh_from_db()
    assert exhibit.deleted_at is None


def test_a_deleted_file_leaves_the_files_page_and_the_notes_page(signed_in_client, user, exhibit):
    incident = exhibit.incidents.get()

    response = _delete(signed_in_client, exhibit)

    assert response.status_code == 302
    assert response.url == FILES
    files_page = visible_text(signed_in_client.get(FILES))
    assert "JS/1 has been moved to 'Deleted files'. You can put it back for 30 days." in files_page
    assert "Flowers left" not in files_page
    note_page = signed_in_client.get(reverse("diary:incident", args=[incident.pk]))
    assert "JS/1" not in visible_text(note_page)
    assert "No files are linked to this note yet." in visible_text(note_page)


def test_a_deleted_files_own_page_is_not_found(signed_in_client, exhibit):
    _delete(signed_in_client, exhibit)

    response = signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk]))

    assert response.status_code == 404


def test_a_deleted_file_is_listed_under_deleted_files_with_when(signed_in_client, exhibit):
    _delete(signed_in_client, exhibit)

    page = visible_text(signed_in_client.get(DELETED))

    assert "JS/1: Flowers left" in page
    assert "Deleted on" in page
    assert "Put back JS/1" in page


def test_putting_a_file_back_returns_it_everywhere_with_its_number(signed_in_client, user, exhibit):
    incident = exhibit.incidents.get()
    _delete(signed_in_client, exhibit)

    response = signed_in_client.post(reverse("evidence:exhibit_restore", args=[exhibit.pk]))

    assert response.status_code == 302
    assert response.url == reverse("evidence:exhibit", args=[exhibit.pk])
    page = visible_text(signed_in_client.get(response.url))
    assert "JS/1 is back in your files." in page
    assert list(signed_in_client.get(FILES).context["exhibits"]) == [exhibit]
    assert "JS/1" in visible_text(
        signed_in_client.get(reverse("diary:incident", args=[incident.pk]))
    )
    assert "There are no deleted files." in visible_text(signed_in_client.get(DELETED))


def test_a_file_deleted_over_30_days_ago_can_no_longer_be_put_back(signed_in_client, exhibit):
    _delete(signed_in_client, exhibit)
    _age_deletion(exhibit, 31)

    response = signed_in_client.post(reverse("evidence:exhibit_restore", args=[exhibit.pk]))

    assert response.status_code == 404
    assert "JS/1" not in visible_text(signed_in_client.get(DELETED))


def test_a_file_deleted_29_days_ago_can_still_be_put_back(signed_in_client, exhibit):
    _delete(signed_in_client, exhibit)
    _age_deletion(exhibit, 29)
    call_command("housekeeping", verbosity=0)

    response = signed_in_client.post(reverse("evidence:exhibit_restore", args=[exhibit.pk]))

    assert response.status_code == 302
    exhibit.refresh_from_db()
    assert exhibit.deleted_at is None
    assert default_storage.exists(exhibit.original_key)


def test_putting_back_only_answers_a_button_press(signed_in_client, exhibit):
    _delete(signed_in_client, exhibit)

    response = signed_in_client.get(reverse("evidence:exhibit_restore", args=[exhibit.pk]))

    assert response.status_code == 405


def test_housekeeping_purges_the_stored_files_after_30_days_but_keeps_the_record(
    signed_in_client, exhibit, photo
):
    keys = [exhibit.original_key, exhibit.display_key, exhibit.thumbnail_key, exhibit.print_key]
    assert all(keys) and all(default_storage.exists(key) for key in keys)
    _delete(signed_in_client, exhibit)
    _age_deletion(exhibit, 31)
    exhibit.refresh_from_db()
    deleted_at = exhibit.deleted_at

    call_command("housekeeping", verbosity=0)

    assert not any(default_storage.exists(key) for key in keys)
    exhibit.refresh_from_db()
    assert exhibit.reference == "JS/1"
    assert exhibit.sha256 == sha256_of(photo.read_bytes())
    assert exhibit.deleted_at == deleted_at
    assert exhibit.purged_at is not None
    assert exhibit.original_name == exhibit.caption == ""
    assert not exhibit.incidents.exists()
    assert exhibit.file_facts == {}  # the place the photo was taken goes with the bytes


def test_a_purged_files_addresses_are_all_not_found(signed_in_client, exhibit):
    _delete(signed_in_client, exhibit)
    _age_deletion(exhibit, 31)
    call_command("housekeeping", verbosity=0)

    for name, extra in (
        ("evidence:exhibit", ()),
        ("evidence:original", ()),
        ("evidence:preview", ("display",)),
        ("evidence:preview", ("thumbnail",)),
    ):
        response = signed_in_client.get(reverse(name, args=[exhibit.pk, *extra]))
        assert response.status_code == 404, name
    assert (
        signed_in_client.post(reverse("evidence:exhibit_restore", args=[exhibit.pk])).status_code
        == 404
    )


def test_housekeeping_leaves_recently_deleted_and_current_files_alone(
    signed_in_client, user, exhibit, tmp_path
):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path, "second.jpg")))
    current = Exhibit.objects.get(reference_number=2)
    _delete(signed_in_client, exhibit)
    _age_deletion(exhibit, 10)

    call_command("housekeeping", verbosity=0)

    for survivor in (exhibit, current):
        survivor.refresh_from_db()
        assert survivor.purged_at is None
        assert default_storage.exists(survivor.original_key)


def test_purged_files_no_longer_count_against_the_room_used(
    signed_in_client, user, exhibit, settings
):
    settings.EVIDENCE_QUOTA_BYTES = 10 * 1024 * 1024
    assert "0 bytes of" not in visible_text(signed_in_client.get(FILES))
    _delete(signed_in_client, exhibit)
    _age_deletion(exhibit, 31)

    call_command("housekeeping", verbosity=0)

    assert "0 bytes of 10.0 MB used." in visible_text(signed_in_client.get(FILES))
