"""A file tied afterwards to the item it is a photo of and to the people it shows, and the
pack saying so; and the pack page saying exactly what its ZIP holds."""

import pytest
from django.urls import reverse

from evidence import services
from evidence.models import Exhibit, PackStatus
from tests.evidence.uploading import keep_file, small_jpeg
from tests.factories import PersonFactory, make_incident
from tests.security.held_helpers import build_pack, choose_pack

pytestmark = pytest.mark.django_db


def test_a_photo_is_tied_afterwards_to_the_letter_kept_as_an_item_and_to_who_sent_it(
    signed_in_client, user, tmp_path
):
    note = make_incident(user)
    letter = services.item_save(owner=user, values={"caption": "The letter"}, incidents=[note])
    photo = keep_file(user, small_jpeg(tmp_path, gps=None), incidents=[note])
    mark = PersonFactory(owner=user, name="Mark")

    signed_in_client.post(
        reverse("evidence:exhibit_edit", args=[photo.pk]),
        {
            "caption": "Photo of the letter",
            "incidents": [str(note.pk)],
            "photo_of": str(letter.pk),
            "people": [str(mark.pk)],
        },
    )

    photo.refresh_from_db()
    assert photo.photo_of == letter and list(photo.people.all()) == [mark]
    page = signed_in_client.get(reverse("evidence:exhibit", args=[photo.pk])).text
    assert "A photo of item" in page and "Shows or is from:" in page
    item_page = signed_in_client.get(reverse("evidence:exhibit", args=[letter.pk])).text
    assert photo.reference in item_page
    person_page = signed_in_client.get(reverse("diary:person", args=[mark.pk])).text
    assert photo.reference in person_page


def test_someone_elses_item_cannot_be_named_as_what_a_photo_shows(signed_in_client, user, tmp_path):
    from tests.factories import UserFactory

    theirs = services.item_save(owner=UserFactory(), values={"caption": "Theirs"}, incidents=[])
    services.item_save(owner=user, values={"caption": "Mine"}, incidents=[])
    photo = keep_file(user, small_jpeg(tmp_path, gps=None))

    response = signed_in_client.post(
        reverse("evidence:exhibit_edit", args=[photo.pk]),
        {"caption": "", "photo_of": str(theirs.pk)},
    )

    assert "Choose one of your own items" in response.text
    assert Exhibit.objects.get(pk=photo.pk).photo_of is None


def test_the_pack_says_a_photo_shows_an_item_and_who(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    from evidence.pack.gather import gather
    from evidence.pack.pages import pack_html
    from evidence.pack.selectors import Selection

    note = make_incident(user)
    letter = services.item_save(owner=user, values={"caption": "The letter"}, incidents=[note])
    photo = keep_file(user, small_jpeg(tmp_path, gps=None), incidents=[note])
    services.exhibit_update(
        exhibit=photo,
        caption="",
        incidents=[note],
        photo_of=letter,
        people=[PersonFactory(owner=user, name="Mark")],
    )
    from django.utils import timezone

    content = gather(
        owner=user, selection=Selection(), reference="P-TEST", created_at=timezone.now()
    ).content

    html = pack_html(content)
    assert f"A photo of item {letter.reference}." in html
    assert "It shows or came from: Mark." in html


def test_the_pack_page_says_what_its_zip_holds_and_what_was_left_out(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    note = make_incident(user)
    keep_file(user, small_jpeg(tmp_path, "with-gps.jpg"), incidents=[note])
    located = Exhibit.objects.get()
    keep_file(user, small_jpeg(tmp_path, "plain.jpg", gps=None), incidents=[note])

    pack = build_pack(
        signed_in_client,
        choose_pack(signed_in_client),
        django_capture_on_commit_callbacks,
        located="leave_out",
    )

    assert pack.status == PackStatus.READY
    page = signed_in_client.get(reverse("packs:pack", args=[pack.pk])).text
    assert "1 original file exactly as you uploaded it" in page
    assert f"Left out because it holds a location: {located.reference}" in page
