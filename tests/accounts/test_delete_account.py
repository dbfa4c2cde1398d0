"""Deleting an account: asked for, 7 days to change one's mind, then keys, files and rows go."""

import base64
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import deletion
from accounts.models import DeletedAccount, User
from config import encryption
from diary.models import Incident, Person
from evidence.models import Exhibit
from tests.evidence.uploading import keep_file, small_jpeg
from tests.factories import PASSWORD, PersonFactory, UserFactory, make_incident
from tests.security.operators import confirm_it_is_you, sign_in_through_the_pages

pytestmark = pytest.mark.django_db
PAGE = reverse("delete_account")


@pytest.fixture
def confirmed_client(client, user):
    return confirm_it_is_you(sign_in_through_the_pages(client, user))


def _ask_to_delete(client):
    return client.post(PAGE, {"confirm": "Delete my account"})


@pytest.fixture
def housekeeping(django_capture_on_commit_callbacks):
    """Run housekeeping; the deletions it queues run at once, as a worker would run them."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("housekeeping", verbosity=0)

    return run


def _seven_days_pass(user):
    User.objects.filter(pk=user.pk).update(
        deletion_requested_at=timezone.now() - deletion.GRACE - timedelta(minutes=1)
    )


def test_the_page_asks_for_the_password_again_first(signed_in_client):
    response = signed_in_client.get(PAGE)

    assert response.url.startswith(reverse("account_reauthenticate"))


def test_the_wrong_words_delete_nothing_and_say_what_to_type(confirmed_client, user):
    response = confirmed_client.post(PAGE, {"confirm": "delete"})

    assert response.status_code == 200
    assert "Type the words delete my account exactly" in response.text
    user.refresh_from_db()
    assert user.deletion_requested_at is None


def test_asking_signs_out_everywhere_and_says_when_it_will_happen(confirmed_client, user):
    elsewhere = sign_in_through_the_pages(Client(), user)

    response = _ask_to_delete(confirmed_client)

    user.refresh_from_db()
    day = (user.deletion_requested_at + timedelta(days=7)).astimezone(user.zone)
    assert f"deleted on {day.day} {day:%B %Y}" in response.text
    assert confirmed_client.get(reverse("home")).context["user"].is_anonymous
    assert elsewhere.get(reverse("home")).context["user"].is_anonymous


def test_signing_in_within_the_7_days_stops_it(confirmed_client, user, housekeeping):
    _ask_to_delete(confirmed_client)

    response = Client().post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )

    user.refresh_from_db()
    assert user.deletion_requested_at is None
    assert "Your account will not be deleted" in response.text
    housekeeping()
    assert User.objects.filter(pk=user.pk).exists()


def test_after_7_days_the_keys_go_first_then_files_and_rows(
    confirmed_client, user, tmp_path, monkeypatch, housekeeping
):
    other = UserFactory()
    note = make_incident(user, narrative="Private words.")
    PersonFactory(owner=user, name="Mark Doe")
    photo = keep_file(user, small_jpeg(tmp_path), incidents=[note])
    sealed = Incident.objects.filter(pk=note.pk).values_list("narrative", flat=True).get()
    _ask_to_delete(confirmed_client)
    _seven_days_pass(user)
    keys_when_files_went = []
    real_delete = deletion.storage.delete_stored

    def delete_stored(*keys):
        keys_when_files_went.append(User.objects.get(pk=user.pk).text_keyset)
        real_delete(*keys)

    monkeypatch.setattr(deletion.storage, "delete_stored", delete_stored)

    housekeeping()

    assert keys_when_files_went and all(keys is None for keys in keys_when_files_went)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Incident.objects.filter(owner_id=user.pk).exists()
    assert not Person.objects.filter(owner_id=user.pk).exists()
    assert not Exhibit.objects.filter(owner_id=user.pk).exists()
    assert not default_storage.exists(photo.original_key)
    assert DeletedAccount.objects.filter(user_id=user.pk).exists()
    assert default_storage.exists(f"{deletion.REGISTER_FOLDER}/{user.pk}")
    # What a backup still holds of them opens with none of the keys that remain.
    ciphertext = base64.b64decode(sealed.removeprefix(encryption.SEALED_PREFIX))
    place = f"diary.incident.narrative:{note.pk}|owner:{user.pk}".encode()
    for remaining in User.objects.all():
        with pytest.raises(Exception):  # noqa: B017 - Tink's own error
            encryption.keys_for(remaining.pk).text.decrypt(ciphertext, place)
    assert other in User.objects.all()


def test_the_same_email_address_can_sign_up_again_afterwards(confirmed_client, user, housekeeping):
    _ask_to_delete(confirmed_client)
    _seven_days_pass(user)
    housekeeping()

    response = Client().post(
        reverse("account_signup"),
        {
            "email": user.email,
            "password1": "quiet river lantern",
            "password2": "quiet river lantern",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email=user.email).exists()


def test_a_deletion_whose_worker_died_after_the_keys_went_is_finished_later(
    confirmed_client, user, tmp_path, housekeeping
):
    note = make_incident(user)
    keep_file(user, small_jpeg(tmp_path), incidents=[note])
    _ask_to_delete(confirmed_client)
    _seven_days_pass(user)
    deletion._destroy_keys(user.pk)  # the worker died right after this
    User.objects.filter(pk=user.pk).update(
        deletion_started_at=timezone.now() - deletion.RETRY_AFTER - timedelta(minutes=1)
    )

    housekeeping()

    assert not User.objects.filter(pk=user.pk).exists()
    assert not Incident.objects.filter(owner_id=user.pk).exists()


def test_a_restored_backup_never_brings_a_deleted_account_back(
    confirmed_client, user, housekeeping
):
    user_id, email = user.pk, user.email
    _ask_to_delete(confirmed_client)
    _seven_days_pass(user)
    housekeeping()
    DeletedAccount.objects.all().delete()  # the restored database predates the deletion
    restored = UserFactory(pk=user_id, email=email)
    make_incident(restored, narrative="From the backup.")

    call_command("reapply_deletions")

    assert not User.objects.filter(pk=user_id).exists()
    assert not Incident.objects.filter(owner_id=user_id).exists()
    assert DeletedAccount.objects.filter(user_id=user_id).exists()
