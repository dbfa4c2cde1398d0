"""The operators' admin shows that records exist, never what they say, and cannot delete them."""

from django.urls import reverse

from tests.factories import UserFactory, make_incident


def test_the_admin_lists_notes_without_their_words(operator_client):
    incident = make_incident(UserFactory(), narrative="Private words about him")

    listing = operator_client.get(reverse("admin:diary_incident_changelist"))
    detail = operator_client.get(reverse("admin:diary_incident_change", args=[incident.pk]))

    assert listing.status_code == detail.status_code == 200
    assert "Private words" not in listing.text
    assert "Private words" not in detail.text


def test_the_admin_cannot_delete_a_note(operator_client):
    incident = make_incident(UserFactory())

    response = operator_client.post(
        reverse("admin:diary_incident_delete", args=[incident.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    incident.refresh_from_db()
