"""Exhibit references as police write them (JS/1, JS/2 …): asked for first, frozen, never reused."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evidence.models import Exhibit
from tests.diary.pages import form_values, visible_text
from tests.evidence.uploading import UPLOAD, as_upload, kept, small_jpeg, text_file, upload
from tests.factories import UserFactory, make_incident

PROFILE = reverse("profile")
ITEM_NEW = reverse("evidence:item_new")


def _item_form(**values) -> dict:
    return {
        "caption": "Parcel with flowers",
        "item_received_on_0": "14",
        "item_received_on_1": "3",
        "item_received_on_2": "2026",
        "item_arrived_how": "Left on the doorstep",
        "item_kept_where": "In a clean freezer bag in the kitchen drawer",
        "item_handling": "Put in a clean bag without touching it",
        **values,
    }


@pytest.fixture
def newcomer_client(client, db):
    client.force_login(UserFactory(full_name="", initials=""))
    return client


@pytest.mark.parametrize("url", [UPLOAD, ITEM_NEW])
def test_someone_without_initials_is_asked_for_them_before_their_first_exhibit(
    newcomer_client, url
):
    response = newcomer_client.get(url)

    assert response.status_code == 302
    address = urlsplit(response.url)
    assert address.path == PROFILE
    assert parse_qs(address.query)["next"] == [url]
    page = visible_text(newcomer_client.get(response.url))
    assert "Add your initials first" in page
    assert "Your details" in page


def test_a_file_sent_before_initials_are_given_is_not_kept(newcomer_client, tmp_path):
    response = upload(newcomer_client, as_upload(small_jpeg(tmp_path)))

    assert response.status_code == 302
    assert urlsplit(response.url).path == PROFILE
    assert not Exhibit.objects.exists()


def test_after_giving_initials_the_person_is_taken_back_to_add_their_files(newcomer_client):
    asked = newcomer_client.get(UPLOAD)

    response = newcomer_client.post(
        asked.url, {"full_name": "Jo Bloggs", "initials": "JB", "timezone": "Europe/London"}
    )

    assert response.status_code == 302
    assert response.url == UPLOAD


def test_references_keep_the_initials_they_were_given_after_the_initials_change(
    signed_in_client, user, tmp_path
):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))
    signed_in_client.post(
        PROFILE, {"full_name": "Jane Brown", "initials": "JB", "timezone": "Europe/London"}
    )

    upload(signed_in_client, as_upload(text_file(tmp_path, "after the change\n")))

    assert [exhibit.reference for exhibit in kept(user)] == ["JS/1", "JB/2"]
    first = kept(user)[0]
    page = visible_text(signed_in_client.get(reverse("evidence:exhibit", args=[first.pk])))
    assert "JS/1" in page


def test_each_person_has_their_own_running_number(client, user, tmp_path):
    someone_else = UserFactory(initials="AB")
    client.force_login(someone_else)
    upload(client, as_upload(small_jpeg(tmp_path)))
    client.force_login(user)

    upload(client, as_upload(small_jpeg(tmp_path)))

    assert [exhibit.reference for exhibit in kept(user)] == ["JS/1"]
    assert [exhibit.reference for exhibit in kept(someone_else)] == ["AB/1"]


def test_a_deleted_files_number_is_never_given_to_another_file(signed_in_client, user, tmp_path):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))
    upload(signed_in_client, as_upload(text_file(tmp_path, "second\n")))
    second = Exhibit.objects.get(reference_number=2)
    signed_in_client.post(reverse("evidence:exhibit_delete", args=[second.pk]))

    upload(signed_in_client, as_upload(text_file(tmp_path, "third\n")))

    assert [exhibit.reference for exhibit in kept(user)] == ["JS/1", "JS/2", "JS/3"]


def test_a_purged_files_number_is_never_given_to_another_file(signed_in_client, user, tmp_path):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))
    first = Exhibit.objects.get()
    signed_in_client.post(reverse("evidence:exhibit_delete", args=[first.pk]))
    Exhibit.objects.filter(pk=first.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    call_command("housekeeping", verbosity=0)

    upload(signed_in_client, as_upload(text_file(tmp_path, "after the purge\n")))

    assert [exhibit.reference for exhibit in kept(user)] == ["JS/1", "JS/2"]
    first.refresh_from_db()
    assert first.purged_at is not None


def test_a_physical_item_takes_the_next_number_and_records_how_it_is_kept(
    signed_in_client, user, tmp_path
):
    incident = make_incident(user)
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))

    response = signed_in_client.post(ITEM_NEW, _item_form(incidents=[str(incident.pk)]))

    item = Exhibit.objects.get(kind="item")
    assert item.reference == "JS/2"
    assert response.status_code == 302
    assert response.url == reverse("evidence:exhibit", args=[item.pk])
    assert list(item.incidents.all()) == [incident]
    page = visible_text(signed_in_client.get(response.url))
    assert "Item JS/2 recorded. You can add photos of it." in page
    assert "Physical item: Parcel with flowers" in page
    assert "14 March 2026" in page
    assert "Left on the doorstep" in page
    assert "In a clean freezer bag in the kitchen drawer" in page
    assert "Put in a clean bag without touching it" in page
    assert "Download the original" not in page


def test_an_item_needs_to_say_what_it_is(signed_in_client, user):
    response = signed_in_client.post(ITEM_NEW, _item_form(caption=""))

    assert response.status_code == 200
    assert "Say what the item is" in visible_text(response)
    assert not Exhibit.objects.exists()


def test_an_item_logged_from_a_notes_page_ticks_that_note(signed_in_client, user):
    incident = make_incident(user)

    response = signed_in_client.get(f"{ITEM_NEW}?incident={incident.pk}")

    assert form_values(response, containing="caption")["incidents"] == [str(incident.pk)]


def test_photos_of_an_item_are_linked_to_it_and_take_the_next_numbers(
    signed_in_client, user, tmp_path
):
    signed_in_client.post(ITEM_NEW, _item_form())
    item = Exhibit.objects.get(kind="item")

    response = upload(
        signed_in_client,
        as_upload(small_jpeg(tmp_path, "front.jpg")),
        as_upload(small_jpeg(tmp_path, "back.jpg", size=(32, 32))),
        query=f"?item={item.pk}",
    )

    assert response.status_code == 302
    assert response.url == reverse("evidence:exhibit", args=[item.pk])
    photos = list(item.photos.order_by("reference_number"))
    assert [photo.reference for photo in photos] == ["JS/2", "JS/3"]
    item_page = visible_text(signed_in_client.get(response.url))
    assert "Photos of this item" in item_page
    assert "JS/2" in item_page and "JS/3" in item_page
    photo_page = visible_text(
        signed_in_client.get(reverse("evidence:exhibit", args=[photos[0].pk]))
    )
    assert "A photo of item JS/1" in photo_page


def test_the_add_photos_page_names_the_item(signed_in_client, user):
    signed_in_client.post(ITEM_NEW, _item_form())
    item = Exhibit.objects.get(kind="item")

    page = visible_text(signed_in_client.get(f"{UPLOAD}?item={item.pk}"))

    assert "Add photos of JS/1" in page
