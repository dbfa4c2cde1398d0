"""Changing a caption or notes, or an item's details: the reference and the bytes stay put."""

from django.urls import reverse

from evidence import services
from evidence.models import Exhibit
from tests.diary.pages import form_values, visible_text
from tests.evidence.uploading import keep_file, sha256_of, small_jpeg, stored_bytes
from tests.factories import make_incident


def _edit_url(exhibit):
    return reverse("evidence:exhibit_edit", args=[exhibit.pk])


def test_the_form_starts_with_the_current_caption_and_notes(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    exhibit = keep_file(user, small_jpeg(tmp_path), caption="Car outside", incidents=[incident])

    values = form_values(signed_in_client.get(_edit_url(exhibit)), containing="caption")

    assert values["caption"] == ["Car outside"]
    assert values["incidents"] == [str(incident.pk)]


def test_changing_caption_and_notes_keeps_the_reference_and_the_original(
    signed_in_client, user, tmp_path
):
    first, second = make_incident(user), make_incident(user)
    photo = small_jpeg(tmp_path)
    exhibit = keep_file(user, photo, caption="Car outside", incidents=[first])

    response = signed_in_client.post(
        _edit_url(exhibit),
        {"caption": "  Silver car outside, 11pm  ", "incidents": [str(second.pk)]},
        follow=True,
    )

    page = visible_text(response)
    assert "Saved." in page
    assert "Silver car outside, 11pm" in page
    exhibit.refresh_from_db()
    assert exhibit.reference == "JS/1"
    assert exhibit.caption == "Silver car outside, 11pm"
    assert list(exhibit.incidents.all()) == [second]
    assert exhibit.sha256 == sha256_of(photo.read_bytes())
    assert stored_bytes(exhibit) == photo.read_bytes()


def test_unticking_every_note_unlinks_the_file(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    exhibit = keep_file(user, small_jpeg(tmp_path), incidents=[incident])

    signed_in_client.post(_edit_url(exhibit), {"caption": ""})

    assert not exhibit.incidents.exists()
    page = visible_text(signed_in_client.get(reverse("diary:incident", args=[incident.pk])))
    assert "No files are linked to this note yet." in page


def test_an_items_details_can_be_changed_and_it_keeps_its_number(signed_in_client, user):
    item = services.item_save(
        owner=user, values={"caption": "Parcel", "item_kept_where": "Hall"}, incidents=[]
    )

    signed_in_client.post(
        _edit_url(item),
        {
            "caption": "Parcel with flowers",
            "item_kept_where": "In a sealed bag in the loft",
            "item_handling": "Opened, then bagged",
        },
    )

    item.refresh_from_db()
    assert item.reference == "JS/1"
    assert item.item_kept_where == "In a sealed bag in the loft"
    assert item.item_handling == "Opened, then bagged"


def test_an_item_cannot_be_said_to_have_arrived_in_the_future(signed_in_client, user):
    item = services.item_save(owner=user, values={"caption": "Card"}, incidents=[])

    response = signed_in_client.post(
        _edit_url(item),
        {
            "caption": "Card",
            "item_received_on_0": "1",
            "item_received_on_1": "1",
            "item_received_on_2": "2999",
        },
    )

    assert response.status_code == 200
    assert "That date is in the future" in visible_text(response)
    item.refresh_from_db()
    assert item.item_received_on is None


def test_an_arrival_date_that_is_not_a_real_date_is_refused_with_a_clear_message(
    signed_in_client, user
):
    item = services.item_save(owner=user, values={"caption": "Card"}, incidents=[])

    response = signed_in_client.post(
        _edit_url(item),
        {
            "caption": "Card",
            "item_received_on_0": "31",
            "item_received_on_1": "2",
            "item_received_on_2": "2026",
        },
    )

    assert response.status_code == 200
    assert "The date it arrived must be a real date" in visible_text(response)
    assert "out of range" not in visible_text(response)


def test_a_deleted_file_cannot_be_changed(signed_in_client, user, tmp_path):
    exhibit = keep_file(user, small_jpeg(tmp_path), caption="Before")
    services.exhibit_delete(exhibit=exhibit)

    response = signed_in_client.post(_edit_url(exhibit), {"caption": "After"})

    assert response.status_code == 404
    assert Exhibit.objects.get().caption == "Before"
