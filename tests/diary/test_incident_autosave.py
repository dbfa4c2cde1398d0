import uuid

from django.urls import reverse

from diary.models import Incident
from tests.factories import UserFactory, make_incident

AUTOSAVE = reverse("diary:incident_autosave")


def _typed(token, narrative="He was outside again"):
    return {
        "form_token": str(token),
        "occurred_on_0": "14",
        "occurred_on_1": "3",
        "occurred_on_2": "2026",
        "occurred_time": "9:30pm",
        "narrative": narrative,
    }


def test_autosave_keeps_a_new_note_as_a_draft_without_history(signed_in_client, user):
    token = uuid.uuid4()

    result = signed_in_client.post(AUTOSAVE, _typed(token)).json()

    assert result["saved"] is True
    assert result["message"].startswith("Draft saved at ")
    draft = Incident.objects.get(pk=token)
    assert draft.is_draft
    assert draft.owner == user
    assert not draft.revisions.exists()


def test_autosaving_again_updates_the_same_draft(signed_in_client):
    token = uuid.uuid4()
    signed_in_client.post(AUTOSAVE, _typed(token, "First words"))

    signed_in_client.post(AUTOSAVE, _typed(token, "First words, and more"))

    assert Incident.objects.get().narrative == "First words, and more"


def test_pressing_save_after_autosave_gives_one_saved_note(signed_in_client):
    token = uuid.uuid4()
    signed_in_client.post(AUTOSAVE, _typed(token, "Draft words"))

    signed_in_client.post(reverse("diary:incident_new"), {**_typed(token, "Final"), "save": ""})

    incident = Incident.objects.get()
    assert incident.narrative == "Final"
    assert not incident.is_draft
    assert incident.revisions.count() == 1


def test_autosave_never_changes_a_saved_note(signed_in_client, user):
    saved = make_incident(user, narrative="Saved words")

    result = signed_in_client.post(AUTOSAVE, _typed(saved.pk, "Overwritten")).json()

    assert result["saved"] is False
    saved.refresh_from_db()
    assert saved.narrative == "Saved words"


def test_autosave_with_another_users_id_makes_a_new_draft_and_leaves_theirs(signed_in_client):
    theirs = make_incident(UserFactory(), narrative="Their words")

    signed_in_client.post(AUTOSAVE, _typed(theirs.pk, "Mine"))

    theirs.refresh_from_db()
    assert theirs.narrative == "Their words"


def test_an_unfinished_form_is_simply_not_saved_yet(signed_in_client):
    result = signed_in_client.post(AUTOSAVE, {"form_token": str(uuid.uuid4())}).json()

    assert result == {"saved": False}
    assert not Incident.objects.exists()
