"""Keeping the keys: sealing what was stored in plain, new key-encryption keys, new data keys."""

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from config import encryption
from diary.models import Incident, Person
from evidence.models import Exhibit
from tests.evidence.uploading import keep_file, small_jpeg, stored_bytes
from tests.factories import PersonFactory, UserFactory, make_incident

pytestmark = pytest.mark.django_db


def _raw(model, pk, column: str):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        key = model._meta.pk.get_db_prep_value(pk, connection)
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [key])  # noqa: S608
        return cursor.fetchone()[0]


def _a_diary(user, tmp_path):
    person = PersonFactory(owner=user, name="Mark Doe")
    note = make_incident(user, persons=[person], narrative="He waited by the gate.")
    photo = keep_file(user, small_jpeg(tmp_path, gps=None), incidents=[note])
    return person, note, photo


def test_what_was_stored_in_plain_is_sealed_row_by_row_and_a_second_run_does_nothing(
    settings, tmp_path, capsys
):
    settings.ENCRYPTION_ENABLED = False
    user = UserFactory()
    person, note, photo = _a_diary(user, tmp_path)
    photo_bytes = stored_bytes(photo)
    assert "He waited by the gate." in _raw(Incident, note.pk, "narrative")
    assert not photo.original_key.startswith("s/")

    settings.ENCRYPTION_ENABLED = True
    call_command("encrypt_existing")
    first = capsys.readouterr().out
    call_command("encrypt_existing")
    second = capsys.readouterr().out

    assert _raw(Incident, note.pk, "narrative").startswith("tink1:")
    assert _raw(Person, person.pk, "name").startswith("tink1:")
    photo.refresh_from_db()
    assert photo.original_key.startswith("s/")
    assert stored_bytes(photo) == photo_bytes
    assert Incident.objects.get(pk=note.pk).narrative == "He waited by the gate."
    assert "Sealed 0 row(s) and 0 file(s)" not in first
    assert "Sealed 0 row(s) and 0 file(s)" in second
    call_command("verify_diary")
    call_command("verify_evidence")


def test_every_users_keys_move_to_a_new_key_encryption_keyset_without_touching_data(
    settings, tmp_path
):
    user = UserFactory()
    _person, note, photo = _a_diary(user, tmp_path)
    sealed_before = _raw(Incident, note.pk, "narrative")
    old_keyset = settings.ENCRYPTION_KEYSET
    old_file = tmp_path / "old-keyset.json"
    old_file.write_text(old_keyset)

    settings.ENCRYPTION_KEYSET = encryption.new_kek_json()
    with pytest.raises(encryption.Unreadable):
        encryption.keys_for(user.pk)
    call_command("rotate_keys", "--old-keyset", str(old_file))
    call_command("rotate_keys", "--old-keyset", str(old_file))  # again: nothing changes

    assert _raw(Incident, note.pk, "narrative") == sealed_before
    assert Incident.objects.get(pk=note.pk).narrative == "He waited by the gate."
    assert stored_bytes(Exhibit.objects.get(pk=photo.pk))
    settings.ENCRYPTION_KEYSET = old_keyset
    with pytest.raises(encryption.Unreadable):
        encryption.keys_for(user.pk)


def test_a_new_primary_key_in_the_keyset_wraps_every_users_keys_once_they_are_rotated(
    settings, tmp_path
):
    user = UserFactory()
    make_incident(user, narrative="Still here.")
    keyset_file = tmp_path / "keyset.json"
    keyset_file.write_text(settings.ENCRYPTION_KEYSET)
    wrapped_before = bytes(User.objects.get(pk=user.pk).text_keyset)

    call_command("make_keyset", "--add-key", str(keyset_file))
    settings.ENCRYPTION_KEYSET = keyset_file.read_text()
    call_command("rotate_keys")

    assert bytes(User.objects.get(pk=user.pk).text_keyset) != wrapped_before
    assert Incident.objects.owned_by(user).get().narrative == "Still here."


def test_one_user_gets_new_data_keys_and_everything_of_theirs_still_opens(tmp_path):
    user, other = UserFactory(), UserFactory()
    person, note, photo = _a_diary(user, tmp_path)
    _, others_note, _ = _a_diary(other, tmp_path)
    photo_bytes = stored_bytes(photo)
    old_wrapped = bytes(User.objects.get(pk=user.pk).text_keyset)
    old_sealed = _raw(Incident, note.pk, "narrative")
    others_sealed = _raw(Incident, others_note.pk, "narrative")
    old_original_key = photo.original_key

    call_command("rotate_keys", "--user", str(user.pk))

    photo.refresh_from_db()
    assert photo.original_key != old_original_key
    assert stored_bytes(photo) == photo_bytes
    assert _raw(Incident, note.pk, "narrative") != old_sealed
    assert Incident.objects.get(pk=note.pk).narrative == "He waited by the gate."
    assert Person.objects.get(pk=person.pk).name == "Mark Doe"
    assert _raw(Incident, others_note.pk, "narrative") == others_sealed
    # The old keys are gone: what they sealed no longer opens with what this user now holds.
    encryption.forget_keys()
    keys = encryption.keys_for(user.pk)
    with pytest.raises(Exception):  # noqa: B017 - Tink's own error
        keys.text.decrypt(
            __import__("base64").b64decode(old_sealed.removeprefix("tink1:")),
            f"diary.incident.narrative:{note.pk}|owner:{user.pk}".encode(),
        )
    assert bytes(User.objects.get(pk=user.pk).text_keyset) != old_wrapped
    call_command("verify_diary")
    call_command("verify_evidence")
