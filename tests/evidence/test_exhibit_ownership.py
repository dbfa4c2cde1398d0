"""Nobody can see, fetch, change, delete or restore another person's files, whatever the id."""

import pytest
from django.urls import reverse

from evidence import services
from evidence.models import Exhibit, PreviewStatus
from tests.diary.pages import visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import (
    UPLOAD,
    as_upload,
    downloaded,
    keep_file,
    small_jpeg,
    upload,
)
from tests.factories import UserFactory, make_incident

# (URL name, method, whose exhibit the id points at, extra URL arguments)
EVERY_EXHIBIT_URL = [
    ("evidence:exhibit", "get", "file", ()),
    ("evidence:exhibit", "get", "item", ()),
    ("evidence:exhibit_edit", "get", "file", ()),
    ("evidence:exhibit_edit", "post", "file", ()),
    ("evidence:exhibit_edit", "post", "item", ()),
    ("evidence:original", "get", "file", ()),
    ("evidence:preview", "get", "file", ("display",)),
    ("evidence:preview", "get", "file", ("thumbnail",)),
    ("evidence:preview", "get", "deleted", ("display",)),
    ("evidence:exhibit_delete", "get", "file", ()),
    ("evidence:exhibit_delete", "post", "file", ()),
    ("evidence:exhibit_restore", "post", "deleted", ()),
    ("evidence:retry_preview", "post", "failed", ()),
]
POSTED = {"caption": "Changed by someone else", "incidents": []}


@pytest.fixture
def stranger(db):
    return UserFactory(initials="XY")


@pytest.fixture
def their_exhibits(stranger, tmp_path, django_capture_on_commit_callbacks):
    """Another person's files, each with its previews made so that only ownership can refuse."""
    with django_capture_on_commit_callbacks(execute=True):
        file = keep_file(stranger, small_jpeg(tmp_path, "theirs.jpg"), caption="Their photo")
        deleted = keep_file(stranger, small_jpeg(tmp_path, "gone.jpg"), caption="Their deleted")
        failed = keep_file(
            stranger,
            fixtures.make_truncated_jpeg(tmp_path / "broken.jpg"),
            caption="Their broken photo",
        )
    services.exhibit_delete(exhibit=deleted)
    item = services.item_save(owner=stranger, values={"caption": "Their parcel"}, incidents=[])
    exhibits = {"file": file, "deleted": deleted, "failed": failed, "item": item}
    for exhibit in exhibits.values():
        exhibit.refresh_from_db()
    assert file.preview_status == deleted.preview_status == PreviewStatus.READY
    assert failed.preview_status == PreviewStatus.FAILED
    return exhibits


def _request(client, method, name, exhibit, extra):
    url = reverse(name, args=[exhibit.pk, *extra])
    response = client.post(url, POSTED) if method == "post" else client.get(url)
    if response.streaming:
        downloaded(response)
    return response


@pytest.mark.parametrize(("name", "method", "whose", "extra"), EVERY_EXHIBIT_URL)
def test_another_persons_exhibit_is_not_found_at_any_address(
    signed_in_client, their_exhibits, name, method, whose, extra
):
    exhibit = their_exhibits[whose]
    before = Exhibit.objects.values().get(pk=exhibit.pk)

    response = _request(signed_in_client, method, name, exhibit, extra)

    assert response.status_code == 404
    assert "Their" not in response.content.decode(errors="replace")
    assert Exhibit.objects.values().get(pk=exhibit.pk) == before


@pytest.mark.parametrize(("name", "method", "whose", "extra"), EVERY_EXHIBIT_URL)
def test_the_owner_reaches_every_one_of_those_addresses(
    client, stranger, their_exhibits, name, method, whose, extra
):
    client.force_login(stranger)

    response = _request(client, method, name, their_exhibits[whose], extra)

    assert response.status_code in (200, 302)


def test_another_persons_note_in_the_address_of_add_files_is_not_found(
    signed_in_client, stranger, tmp_path
):
    their_note = make_incident(stranger)
    query = f"?incident={their_note.pk}"

    assert signed_in_client.get(UPLOAD + query).status_code == 404
    assert upload(signed_in_client, as_upload(small_jpeg(tmp_path)), query=query).status_code == 404
    assert not Exhibit.objects.exists()


def test_another_persons_item_in_the_address_of_add_files_is_not_found(
    signed_in_client, user, their_exhibits, tmp_path
):
    query = f"?item={their_exhibits['item'].pk}"

    assert signed_in_client.get(UPLOAD + query).status_code == 404
    assert upload(signed_in_client, as_upload(small_jpeg(tmp_path)), query=query).status_code == 404
    assert not Exhibit.objects.owned_by(user).exists()
    assert not their_exhibits["item"].photos.exists()


def test_a_file_that_is_not_an_item_cannot_be_given_photos(signed_in_client, user, tmp_path):
    own_file = keep_file(user, small_jpeg(tmp_path))

    response = signed_in_client.get(f"{UPLOAD}?item={own_file.pk}")

    assert response.status_code == 404


def test_another_persons_note_in_the_address_of_log_an_item_is_not_found(
    signed_in_client, stranger
):
    their_note = make_incident(stranger)

    response = signed_in_client.get(f"{reverse('evidence:item_new')}?incident={their_note.pk}")

    assert response.status_code == 404


def test_linking_a_file_to_another_persons_note_is_refused_and_nothing_is_kept(
    signed_in_client, user, stranger, tmp_path
):
    their_note = make_incident(stranger)

    response = upload(signed_in_client, as_upload(small_jpeg(tmp_path)), incidents=[their_note])

    assert response.status_code == 200
    page = visible_text(response)
    assert "There is a problem" in page
    assert "Choose notes from your own diary" in page
    assert not Exhibit.objects.exists()


def test_changing_a_files_notes_to_another_persons_note_is_refused(
    signed_in_client, user, stranger, tmp_path
):
    own = keep_file(user, small_jpeg(tmp_path), caption="Mine")
    their_note = make_incident(stranger)

    response = signed_in_client.post(
        reverse("evidence:exhibit_edit", args=[own.pk]),
        {"caption": "Changed", "incidents": [str(their_note.pk)]},
    )

    assert response.status_code == 200
    assert "Choose notes from your own diary" in visible_text(response)
    own.refresh_from_db()
    assert own.caption == "Mine"
    assert not own.incidents.exists()


def test_another_persons_files_never_appear_in_your_lists(signed_in_client, user, their_exhibits):
    for url in (reverse("evidence:files"), reverse("evidence:deleted"), reverse("home")):
        page = visible_text(signed_in_client.get(url))
        assert "XY/" not in page
        assert "Their" not in page


def test_another_persons_note_on_your_notes_page_is_not_possible(
    signed_in_client, user, stranger, their_exhibits
):
    # Their file linked to their own note: the note (and its files) are theirs alone.
    their_note = make_incident(stranger)
    their_exhibits["file"].incidents.add(their_note)

    response = signed_in_client.get(reverse("diary:incident", args=[their_note.pk]))

    assert response.status_code == 404
