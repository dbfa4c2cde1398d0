"""Deleting a note moves it to 'Deleted notes' for 30 days; it can be put back until then."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from diary.models import Incident
from diary.services import incident_delete
from tests.diary.pages import visible_text
from tests.factories import UserFactory, make_incident

TIMELINE = reverse("diary:timeline")
DELETED = reverse("diary:deleted")


def _delete_url(incident) -> str:
    return reverse("diary:incident_delete", kwargs={"incident_id": incident.pk})


def _restore_url(incident) -> str:
    return reverse("diary:incident_restore", kwargs={"incident_id": incident.pk})


def _actions(incident) -> list[str]:
    return list(incident.revisions.order_by("sequence").values_list("action", flat=True))


def test_the_delete_page_asks_first_and_deletes_nothing(signed_in_client, user):
    incident = make_incident(user, narrative="Flowers left on the car.")

    response = signed_in_client.get(_delete_url(incident))

    page = visible_text(response)
    assert "Delete this note?" in page
    assert "Flowers left on the car." in page
    assert "You can put it back from 'Deleted notes' for 30 days." in page
    incident.refresh_from_db()
    assert incident.deleted_at is None


def test_deleting_a_note_takes_it_out_of_the_timeline_and_into_deleted_notes(
    signed_in_client, user
):
    incident = make_incident(user, narrative="Flowers left on the car.")

    response = signed_in_client.post(_delete_url(incident), follow=True)

    assert response.redirect_chain == [(TIMELINE, 302)]
    page = visible_text(response)
    assert "The note has been moved to 'Deleted notes'." in page
    assert "Flowers left on the car." not in page
    assert _actions(incident) == ["create", "delete"]
    deleted_page = visible_text(signed_in_client.get(DELETED))
    assert "Flowers left on the car." in deleted_page
    assert "Put back" in deleted_page


def test_a_deleted_notes_own_page_is_not_found(signed_in_client, user):
    incident = make_incident(user)
    signed_in_client.post(_delete_url(incident))

    assert signed_in_client.get(reverse("diary:incident", args=[incident.pk])).status_code == 404
    assert (
        signed_in_client.get(reverse("diary:incident_edit", args=[incident.pk])).status_code == 404
    )


def test_deleting_twice_does_nothing_more(signed_in_client, user):
    incident = make_incident(user)
    signed_in_client.post(_delete_url(incident))

    assert signed_in_client.post(_delete_url(incident)).status_code == 404
    assert _actions(incident) == ["create", "delete"]


def test_putting_a_note_back_returns_it_to_the_timeline(signed_in_client, user):
    incident = make_incident(user, narrative="Flowers left on the car.")
    signed_in_client.post(_delete_url(incident))

    response = signed_in_client.post(_restore_url(incident), follow=True)

    assert response.redirect_chain == [(reverse("diary:incident", args=[incident.pk]), 302)]
    assert "The note is back in your diary." in visible_text(response)
    assert "Flowers left on the car." in visible_text(signed_in_client.get(TIMELINE))
    assert "There are no deleted notes." in visible_text(signed_in_client.get(DELETED))
    assert _actions(incident) == ["create", "delete", "restore"]


def test_putting_back_needs_the_button_not_a_link(signed_in_client, user):
    incident = make_incident(user)
    incident_delete(incident=incident)

    assert signed_in_client.get(_restore_url(incident)).status_code == 405
    incident.refresh_from_db()
    assert incident.deleted_at is not None


def test_a_note_that_is_not_deleted_cannot_be_put_back(signed_in_client, user):
    incident = make_incident(user)

    assert signed_in_client.post(_restore_url(incident)).status_code == 404
    assert _actions(incident) == ["create"]


def test_a_note_deleted_more_than_30_days_ago_cannot_be_put_back(signed_in_client, user):
    incident = make_incident(user, narrative="Long gone.")
    incident_delete(incident=incident)
    Incident.objects.filter(pk=incident.pk).update(
        deleted_at=timezone.now() - timedelta(days=30, minutes=1)
    )

    response = signed_in_client.post(_restore_url(incident))

    assert response.status_code == 404
    incident.refresh_from_db()
    assert incident.deleted_at is not None
    assert _actions(incident) == ["create", "delete"]
    assert "Long gone." not in visible_text(signed_in_client.get(DELETED))


def test_a_note_deleted_29_days_ago_can_still_be_put_back(signed_in_client, user):
    incident = make_incident(user, narrative="Nearly gone.")
    incident_delete(incident=incident)
    Incident.objects.filter(pk=incident.pk).update(deleted_at=timezone.now() - timedelta(days=29))

    assert "Nearly gone." in visible_text(signed_in_client.get(DELETED))
    assert signed_in_client.post(_restore_url(incident)).status_code == 302


def test_deleting_a_draft_removes_it_for_good(signed_in_client, user):
    draft = make_incident(user, is_draft=True, narrative="Not finished.")

    assert "This draft will be deleted straight away." in visible_text(
        signed_in_client.get(_delete_url(draft))
    )
    response = signed_in_client.post(_delete_url(draft), follow=True)

    assert "The draft has been deleted." in visible_text(response)
    assert not Incident.objects.filter(pk=draft.pk).exists()
    assert "Not finished." not in visible_text(signed_in_client.get(DELETED))


def test_deleted_notes_lists_only_my_own(signed_in_client, user):
    theirs = make_incident(UserFactory(), narrative="Someone else's deleted note.")
    incident_delete(incident=theirs)

    assert "Someone else's deleted note." not in visible_text(signed_in_client.get(DELETED))
