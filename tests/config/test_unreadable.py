"""What someone sees when something of theirs does not open: a plain page, never an error."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from diary.models import Incident
from tests.evidence.uploading import keep_file, text_file
from tests.factories import make_incident


def _moved_words(user):
    """One note's sealed words copied onto another note, as a tampered backup might hold."""
    kept = make_incident(user, narrative="The words that belong here.")
    other = make_incident(user, narrative="Words of another note.")
    stolen = Incident.objects.filter(pk=other.pk).values_list("narrative", flat=True).get()
    Incident.objects.filter(pk=kept.pk).update(narrative=stolen)
    return kept


def test_a_note_that_does_not_open_says_so_on_its_page(signed_in_client, user, caplog):
    note = _moved_words(user)

    page = signed_in_client.get(reverse("diary:incident", args=[note.pk]))

    assert page.status_code == 200
    assert "This note could not be read" in page.text
    assert "Words of another note" not in page.text
    assert "Words of another note" not in caplog.text
    assert f"diary.incident.narrative:{note.pk}" in caplog.text


def test_a_note_that_does_not_open_cannot_be_changed_or_overwritten(signed_in_client, user):
    note = _moved_words(user)
    stored = Incident.objects.filter(pk=note.pk).values_list("narrative", flat=True).get()

    response = signed_in_client.get(reverse("diary:incident_edit", args=[note.pk]), follow=True)

    assert "cannot be changed" in response.text
    assert Incident.objects.filter(pk=note.pk).values_list("narrative", flat=True).get() == stored


def test_the_timeline_still_shows_with_a_note_that_does_not_open(signed_in_client, user):
    _moved_words(user)

    assert signed_in_client.get(reverse("diary:timeline")).status_code == 200


def test_a_file_that_does_not_open_gets_a_plain_page_not_a_half_download(
    signed_in_client, user, tmp_path
):
    exhibit = keep_file(user, text_file(tmp_path, "the message"))
    default_storage.delete(exhibit.original_key)
    default_storage.save(exhibit.original_key, ContentFile(b"swapped in without the key"))

    response = signed_in_client.get(reverse("evidence:original", args=[exhibit.pk]))

    assert response.status_code == 500
    assert "This could not be read" in response.text
    assert "swapped in" not in response.text
