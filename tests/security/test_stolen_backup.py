"""A stolen backup: the database dumped in plain SQL and every object in the bucket, read by
someone without the key-encryption keyset.

A case is seeded through the pages as the person would build it: notes (one changed, one a
draft, one kept when the session ran out), the person responsible, a police contact, a phone
photo with GPS and an email uploaded under telling names, the photo's previews, a voicemail with
its words typed out, and a pack with its PDF and ZIP. Then the whole database is dumped (pg_dump
on PostgreSQL, iterdump on SQLite) and every object the case stored is read (from the S3 bucket,
or the local folder).

With encryption on, none of the case's words, the photo's GPS coordinates or any 64-byte run of
the photo may be found, as UTF-8, hex or base64. With encryption off the very same search finds
every one of them, which proves that it looks where the case is kept.

Also: a sealed value moved to another row, or to another person's row, does not open there.
"""

from __future__ import annotations

import base64
import io
import os
import random
import re
import shutil
import subprocess
import time
import uuid
import zlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from PIL import Image

from accounts.middleware import SEEN_AT, STARTED_AT
from accounts.models import KeptText
from config.encryption import SEALED_PREFIX
from config.sealed import unreadable_fields
from diary.models import Incident, Person, PoliceContact, Revision
from evidence import storage
from evidence.models import Exhibit, Pack, PreviewStatus
from tests.diary.pages import form_values, note_form, visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import as_upload, keep_file, text_file, upload
from tests.factories import PersonFactory, UserFactory, make_incident
from tests.security.backup_search import (
    RUN,
    Haystack,
    decoded_layers,
    find_runs,
    find_words,
    forms_of,
)
from tests.security.held_helpers import build_pack, choose_pack

# The case's words: each one typed once, in one place, so finding it says where it leaked from.
SAVED_NARRATIVE = "Quillfeather waited under the Pendlebury viaduct until twenty to midnight"
FIRST_VERSION = "first written as the blue Vauxhall circling Marrowgate roundabout"
SECOND_VERSION = "He circled the Marrowgate roundabout three times in a grey Vauxhall"
DRAFT_NARRATIVE = "still typing about the Ormskirk bus shelter and the torn envelope"
KEPT_NARRATIVE = "signed out while describing the Thistlewood allotment gate"
PERSON_NAME = "Quentin Quillfeather-Ashdown"
OFFICER_NAME = "PC Zoë Brackenridge"  # not only ASCII: UTF-8 is what is searched
CAPTION = "Through the kitchen blind, the Skoda parked across Wexcombe Drive"
PHOTO_NAME = "IMG_7731 Quillfeather at the back gate.jpg"
EMAIL_NAME = "warning from Quentin Quillfeather 12 Oct.eml"
EMAIL_SUBJECT = "You will regret Tuesday at Harrowgill Lane"
VOICEMAIL_WORDS = "I saw you leave the Fenwickstone library with your sister at six"
WORDS_TO_HIDE = "42 Pemberton Mews, Lowmoor"
SUMMARY_LINE = "Waited at the Gallowsgreen underpass"
COST_FOR = "a locksmith from Brindlecombe Security"
EFFECT_ON_OTHERS = "Tamsin will not walk to Hollinsfield primary alone"
GPS = (53.4721377, -2.2937612)
SHARED_WITH = "DC 3390 Featherstonehaugh, Cumbria Constabulary"

# What the seeded case is sure to have stored: two originals, the photo's display, print and
# thumbnail copies, and the pack's PDF and ZIP.
STORED_AT_LEAST = 7


# Seeding the case ----------------------------------------------------------------------------


def _random_bytes(seed: int, count: int) -> bytes:
    """The same bytes on every run: test data, not secrets."""
    return random.Random(seed).randbytes(count)  # noqa: S311


def _noisy_photo(path: Path) -> Path:
    """A phone photo of about 15 KB whose bytes do not repeat (so every 64-byte run of it is
    its own), with EXIF and GPS as a phone writes them."""
    width, height = 160, 120
    pixels = _random_bytes(7731, width * height * 3)
    picture = Image.frombytes("RGB", (width, height), pixels)
    picture.save(path, format="JPEG", quality=85, exif=fixtures.make_exif(gps=GPS))
    return path


def _post(client, url: str, data: dict, *, follow: bool = True):
    """Press a button as a browser would, and read the page it leads to (as a person does, so
    the "Saved." message is shown and leaves the session)."""
    response = client.post(url, data, follow=follow)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def _age_session(client, *, idle_minutes: int) -> None:
    client.get(reverse("home"))
    session = client.session
    session[SEEN_AT] = session[STARTED_AT] = time.time() - idle_minutes * 60
    session.save()


def _seed_case(client, user, tmp_path: Path, capture_on_commit) -> dict:
    """Build the case through the pages; return what it made."""
    _post(
        client,
        reverse("diary:person_new"),
        {
            "name": PERSON_NAME,
            "relationship": "ex_partner",
            "description": "Tall, shaved head",
            "vehicles": "Grey Skoda Octavia",
        },
    )
    person = Person.objects.get(owner=user)
    _post(
        client,
        reverse("diary:contact_new"),
        {
            "contacted_on_0": "13",
            "contacted_on_1": "10",
            "contacted_on_2": "2026",
            "organisation": "Greater Manchester Police",
            "method": "phone",
            "officer_name": OFFICER_NAME,
            "officer_number": "4471",
            "summary": "She will speak to him and call back on Friday.",
            "reference": "GMP/13/123456/26",
        },
    )

    _post(
        client,
        reverse("diary:incident_new"),
        note_form(
            narrative=SAVED_NARRATIVE,
            kinds=["loitering", "following"],
            persons=[str(person.pk)],
            location="Under the viaduct",
            summary_line=SUMMARY_LINE,
            had_cost="on",
            cost="89",
            cost_for=COST_FOR,
            effect_on_others=EFFECT_ON_OTHERS,
        ),
    )
    saved = Incident.objects.get(owner=user, is_draft=False)

    # A note changed once: its first words stay only in its history.
    _post(client, reverse("diary:incident_new"), note_form(narrative=FIRST_VERSION))
    changed = Incident.objects.exclude(pk=saved.pk).get(owner=user)
    edit = reverse("diary:incident_edit", args=[changed.pk])
    values = form_values(client.get(edit), containing="narrative")
    values["narrative"] = [SECOND_VERSION]
    values["save"] = [""]
    _post(client, edit, values)
    assert changed.revisions.count() == 2

    # A draft the page saved while the person was still typing.
    draft_token = uuid.uuid4()
    autosaved = client.post(
        reverse("diary:incident_autosave"),
        {k: v for k, v in note_form(narrative=DRAFT_NARRATIVE).items() if k != "save"}
        | {"form_token": str(draft_token)},
    )
    assert autosaved.json()["saved"] is True

    # The photo and the email, uploaded under the names they had on the phone.
    photo = _noisy_photo(tmp_path / "photo.jpg")
    email = fixtures.make_eml(
        tmp_path / "message.eml",
        sender="Quentin <q.q.ashdown@example.invalid>",
        subject=EMAIL_SUBJECT,
    )
    with capture_on_commit(execute=True):
        uploaded = upload(
            client,
            as_upload(photo, PHOTO_NAME),
            as_upload(email, EMAIL_NAME),
            caption=CAPTION,
            incidents=[saved],
            follow=True,
        )
    assert uploaded.status_code == 200
    exhibits = {e.original_name: e for e in Exhibit.objects.filter(owner=user)}
    assert set(exhibits) == {PHOTO_NAME, EMAIL_NAME}
    kept_photo = exhibits[PHOTO_NAME]
    assert kept_photo.preview_status == PreviewStatus.READY
    assert kept_photo.file_facts["latitude"] == pytest.approx(GPS[0], abs=1e-6)
    assert kept_photo.file_facts["longitude"] == pytest.approx(GPS[1], abs=1e-6)
    assert exhibits[EMAIL_NAME].file_facts["email_subject"] == EMAIL_SUBJECT

    # A voicemail, and what it says typed out on its page.
    with capture_on_commit(execute=True):
        upload(client, as_upload(fixtures.make_mp3(tmp_path / "voicemail.mp3"), "voicemail.mp3"))
    voicemail = Exhibit.objects.get(owner=user, media_kind="audio")
    _post(
        client, reverse("evidence:transcript", args=[voicemail.pk]), {"transcript": VOICEMAIL_WORDS}
    )
    voicemail.refresh_from_db()
    assert voicemail.transcript == VOICEMAIL_WORDS
    exhibits["voicemail.mp3"] = voicemail

    # The pack, with its ZIP of originals, hiding the person's own address.
    pack = build_pack(
        client,
        choose_pack(client, redactions=WORDS_TO_HIDE),
        capture_on_commit,
    )
    assert pack.pdf_key and pack.zip_key
    assert pack.exhibit_count == 3

    # The pack shared with an officer, named in the user's own words.
    shared = client.post(
        reverse("handover:share", args=[pack.pk]), {"recipient": SHARED_WITH, "days": "14"}
    )
    assert shared.status_code == 200 and SHARED_WITH in shared.content.decode()

    # Last, the session runs out while a new note is being written: its words are kept.
    _age_session(client, idle_minutes=20)
    timed_out = client.post(reverse("diary:incident_new"), note_form(narrative=KEPT_NARRATIVE))
    assert timed_out.status_code == 302
    assert KeptText.objects.filter(owner=user).count() == 1

    return {
        "photo": photo.read_bytes(),
        "pack": pack,
        "photo exhibit": kept_photo,
        "exhibits": list(exhibits.values()),
        # The coordinates exactly as the file's facts keep them.
        "latitude": repr(kept_photo.file_facts["latitude"]),
        "longitude": repr(kept_photo.file_facts["longitude"]),
    }


def _words(case: dict) -> dict[str, str]:
    return {
        "a phrase from a note": SAVED_NARRATIVE,
        "a phrase from the first version of a changed note": FIRST_VERSION,
        "a phrase from the changed note as it is now": SECOND_VERSION,
        "a phrase from a draft saved while typing": DRAFT_NARRATIVE,
        "a phrase kept when the session ran out": KEPT_NARRATIVE,
        "the name of the person responsible": PERSON_NAME,
        "a police officer's name": OFFICER_NAME,
        "the caption of the files": CAPTION,
        "the photo's original file name": PHOTO_NAME,
        "the email's original file name": EMAIL_NAME,
        "the email's subject": EMAIL_SUBJECT,
        "what the voicemail says, typed out": VOICEMAIL_WORDS,
        "the words hidden in the pack": WORDS_TO_HIDE,
        "a note's own one-line summary": SUMMARY_LINE,
        "what a cost paid for": COST_FOR,
        "the effect on the author's family": EFFECT_ON_OTHERS,
        "who a pack was shared with": SHARED_WITH,
        "the photo's GPS latitude": case["latitude"],
        "the photo's GPS longitude": case["longitude"],
        # Cut to four places (about 11 metres), as a page or a copy might round it.
        "the photo's GPS latitude to 4 places": _four_places(case["latitude"]),
        "the photo's GPS longitude to 4 places": _four_places(case["longitude"]),
    }


def _four_places(coordinate: str) -> str:
    whole, _, fraction = coordinate.partition(".")
    return f"{whole}.{fraction[:4]}"


# Stealing the backup -------------------------------------------------------------------------


def _database_dump() -> bytes:
    """The whole database as plain SQL: pg_dump on PostgreSQL, iterdump on SQLite."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump()).encode()
    assert connection.vendor == "postgresql", f"no dump for {connection.vendor}"
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to dump the database (Debian: postgresql-client)"
    client = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [pg_dump, "--version"], capture_output=True, text=True, check=True
    ).stdout
    client_major = int(re.search(r"(\d+)(?:\.\d+)+", client).group(1))
    server_major = connection.pg_version // 10_000
    assert client_major >= server_major, (
        f"pg_dump {client_major} cannot dump a PostgreSQL {server_major} server"
    )
    database = connection.settings_dict
    arguments = [pg_dump, "--format=plain", "--no-password", f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    dumped = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        arguments, capture_output=True, check=True, timeout=120, env=environment
    )
    return dumped.stdout


def _object_names() -> set[str]:
    """Every object in the store now, by the name the app gives it."""
    bucket = getattr(default_storage, "bucket", None)
    if bucket is not None:
        return {item.key for item in bucket.objects.all()}
    root = Path(default_storage.location)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def _read_objects(names: set[str]) -> list[Haystack]:
    """Each object's bytes as they are kept, and what the store says about it, as haystacks."""
    bucket = getattr(default_storage, "bucket", None)
    haystacks = []
    for name in sorted(names):
        if bucket is not None:
            got = bucket.Object(name).get()
            body = got["Body"].read()
            about = {
                key: got.get(key)
                for key in ("ContentType", "ContentDisposition", "ContentEncoding", "Metadata")
            }
        else:
            body = (Path(default_storage.location) / name).read_bytes()
            about = {}
        haystacks.append(Haystack(f"object {name}", body))
        told = f"{name} {about}".encode()
        haystacks.append(Haystack(f"the name and headers of object {name}", told))
    return haystacks


def _stored_keys(case: dict) -> set[str]:
    """The keys the case's rows point at."""
    keys = {getattr(case["pack"], name) for name in Pack.stored_file_fields}
    for exhibit in case["exhibits"]:
        exhibit.refresh_from_db()
        keys |= {getattr(exhibit, name) for name in Exhibit.stored_file_fields}
    return {key for key in keys if key}


@pytest.fixture
def objects_made_here():
    """The names of the objects stored since the test began (the bucket on S3 is shared by the
    whole run); they are deleted when it ends."""
    before = _object_names()
    yield lambda: _object_names() - before
    storage.delete_stored(*(_object_names() - before))


def _steal_backup(client, user, tmp_path, capture_on_commit, objects_made_here):
    """Seed the case, then take everything a backup of it holds, as haystacks."""
    case = _seed_case(client, user, tmp_path, capture_on_commit)
    new = objects_made_here()
    case["objects"] = new
    case["keys"] = _stored_keys(case)
    assert case["keys"] <= new, "the rows point at objects that were not read"
    assert len(new) >= STORED_AT_LEAST, sorted(new)

    dump = _database_dump()
    # The dump is of this case: its plain columns are there.
    assert case["pack"].reference.encode() in dump
    assert case["photo exhibit"].sha256.encode() in dump
    for key in case["keys"]:
        assert key.encode() in dump

    plain = [Haystack("the database dump", dump), *_read_objects(new)]
    layers = [layer for haystack in plain for layer in decoded_layers(haystack)]
    return case, plain + layers


# The search, proven on a haystack made to hold each form --------------------------------------


def test_the_search_finds_a_word_written_as_utf8_hex_or_base64_in_any_alignment():
    word = "Quillfeather"
    for form, written in forms_of(word).items():
        for before in (b"", b"x", b"xy", b"\x00\xff\x10"):
            haystack = Haystack(form, b"noise " + before + written + b" noise")
            assert find_words({"word": word}, [haystack]), f"{form} after {before!r}"
    raw = word.encode()
    for before in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            written = encode(bytes(range(7, 7 + before)) + raw + b"tail")
            assert find_words({"word": word}, [Haystack("b64", written)]), (encode, before)
    assert not find_words({"word": word}, [Haystack("other", b"Quillfeathe r")])


def test_the_search_finds_any_64_byte_run_of_a_file_in_any_form_and_nothing_shorter():
    content = _random_bytes(1, 1000)
    noise = _random_bytes(2, 300)
    for start in (0, 1, 2, 3, 500, len(content) - RUN):
        run = content[start : start + RUN]
        for written in (
            run,
            run.hex().encode(),
            run.hex().upper().encode(),
            *(base64.b64encode(noise[:before] + run + noise[:5]) for before in range(3)),
            *(base64.urlsafe_b64encode(noise[:before] + run) for before in range(3)),
        ):
            found = find_runs(content, [Haystack("made", noise + written + noise)])
            assert found.any(), (start, written[:20])
    shorter = content[100 : 100 + RUN - 1]
    found = find_runs(content, [Haystack("made", noise + shorter + noise)])
    assert not found.any()
    everything = find_runs(content, [Haystack("made", content)])
    assert set(everything.by_form["bytes"]) == set(range(len(content) - RUN + 1))


def test_the_search_reads_compressed_base64_as_a_thief_would():
    hidden = base64.urlsafe_b64encode(zlib.compress(b'{"m":"' + PERSON_NAME.encode() + b'"}'))
    haystack = Haystack("session", b"x\t." + hidden + b":1tZ:sig\n")
    assert find_words({"name": PERSON_NAME}, decoded_layers(haystack))


# The backup ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_stolen_backup_of_the_database_and_the_bucket_holds_none_of_the_case(
    settings, client, tmp_path, django_capture_on_commit_callbacks, objects_made_here
):
    settings.ENCRYPTION_ENABLED = True
    user = UserFactory()
    client.force_login(user)
    case, haystacks = _steal_backup(
        client, user, tmp_path, django_capture_on_commit_callbacks, objects_made_here
    )
    # Every object is sealed, and none is a photo, PDF or ZIP a thief could simply open.
    for name in case["objects"]:
        assert storage.is_sealed(name), name
    for haystack in haystacks:
        if haystack.name.startswith("object "):
            assert not haystack.data.startswith((b"\xff\xd8", b"%PDF", b"PK\x03\x04"))

    leaks = find_words(_words(case), haystacks)
    runs = find_runs(case["photo"], haystacks)

    assert [str(leak) for leak in leaks] == []
    assert runs.first() == []


@pytest.mark.django_db(transaction=True)
def test_with_encryption_off_the_same_search_finds_every_one_of_them(
    settings, client, tmp_path, django_capture_on_commit_callbacks, objects_made_here
):
    settings.ENCRYPTION_ENABLED = False
    user = UserFactory()
    client.force_login(user)
    case, haystacks = _steal_backup(
        client, user, tmp_path, django_capture_on_commit_callbacks, objects_made_here
    )
    for name in case["objects"]:
        assert not storage.is_sealed(name), name

    words = _words(case)
    found = {leak.needle for leak in find_words(words, haystacks)}
    runs = find_runs(case["photo"], haystacks)

    assert sorted(set(words) - found) == []
    every_run = set(range(len(case["photo"]) - RUN + 1))
    assert set(runs.by_form["bytes"]) == every_run


# Ciphertexts moved between rows --------------------------------------------------------------


def _stored(model, field: str, pk) -> str:
    """The column's value exactly as the database holds it."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    key = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {key} = %s",  # noqa: S608 - names from the model
            [model._meta.pk.get_db_prep_value(pk, connection)],
        )
        return cursor.fetchone()[0]


def _write_stored(model, field: str, pk, value: str) -> None:
    """Write a column straight into the database, as someone with access to it could."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    key = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE {key} = %s",  # noqa: S608 - names from the model
            [value, model._meta.pk.get_db_prep_value(pk, connection)],
        )


def _swap(model, field: str, first, second, *, sealed: bool = True) -> None:
    """Swap two rows' values in the database (sealed values, unless told otherwise)."""
    one, other = _stored(model, field, first.pk), _stored(model, field, second.pk)
    if sealed:
        assert one.startswith(SEALED_PREFIX) and other.startswith(SEALED_PREFIX)
    assert one != other
    _write_stored(model, field, first.pk, other)
    _write_stored(model, field, second.pk, one)


def _verify(command: str = "verify_diary") -> str:
    """What the check says on stderr; it must fail."""
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command(command, stdout=io.StringIO(), stderr=errors)
    return errors.getvalue()


@pytest.mark.parametrize("whose", ["the same person", "two people"])
def test_two_notes_with_their_sealed_narratives_swapped_open_as_neither_and_are_named(
    db, client, whose
):
    owner = UserFactory()
    other_owner = owner if whose == "the same person" else UserFactory()
    first = make_incident(owner, narrative="Words that belong to the first note.")
    second = make_incident(other_owner, narrative="Words that belong to the second note.")

    _swap(Incident, "narrative", first, second)

    for note in (first, second):
        read = Incident.objects.get(pk=note.pk)
        assert read.narrative == ""
        assert unreadable_fields(read) == {"narrative"}
    said = _verify()
    for note in (first, second):
        assert f"Incident {note.pk}: the entry could not be read (narrative)" in said
    assert "belong to" not in said
    client.force_login(owner)
    page = visible_text(client.get(reverse("diary:incident", args=[first.pk])))
    assert "This note could not be read" in page
    assert "belong to" not in page

    _swap(Incident, "narrative", first, second)  # put back, each opens again where it was made
    assert Incident.objects.get(pk=first.pk).narrative == "Words that belong to the first note."
    call_command("verify_diary", stdout=io.StringIO(), stderr=io.StringIO())


def test_two_notes_with_their_sealed_history_swapped_are_named_by_verify_diary(db):
    owner = UserFactory()
    first = make_incident(owner, narrative="The first note's history.")
    second = make_incident(owner, narrative="The second note's history.")

    _swap(Revision, "snapshot", first.revisions.get(), second.revisions.get())

    said = _verify()
    for note in (first, second):
        assert f"Incident {note.pk}: revision 1 could not be read" in said


def test_a_persons_sealed_name_swapped_with_another_users_opens_as_neither(db, client):
    mine = PersonFactory(name="Quentin Quillfeather-Ashdown")
    theirs = PersonFactory(name="Someone Else Entirely")

    _swap(Person, "name", mine, theirs)

    for person in (mine, theirs):
        read = Person.objects.get(pk=person.pk)
        assert read.name == ""
        assert unreadable_fields(read) == {"name"}
    client.force_login(mine.owner)
    page = visible_text(client.get(reverse("diary:person", args=[mine.pk])))
    assert "Some of this person's details could not be read" in page
    assert "Someone Else" not in page


def test_verify_diary_names_a_person_whose_sealed_name_came_from_another_user(db):
    """Fails today: verify_diary reads only notes and their history, so a person (or a police
    contact) whose sealed details do not open goes unreported by every check."""
    mine = PersonFactory(name="Quentin Quillfeather-Ashdown")
    theirs = PersonFactory(name="Someone Else Entirely")
    make_incident(mine.owner, persons=[mine])
    make_incident(theirs.owner, persons=[theirs])

    _swap(Person, "name", mine, theirs)

    said = _verify()
    assert str(mine.pk) in said
    assert str(theirs.pk) in said


def test_a_police_contact_with_another_users_sealed_officer_name_opens_as_nothing(db):
    first = PoliceContact.objects.create(
        owner=UserFactory(), contacted_on="2026-10-13", organisation="GMP", officer_name="PC One"
    )
    second = PoliceContact.objects.create(
        owner=UserFactory(), contacted_on="2026-10-14", organisation="GMP", officer_name="PC Two"
    )

    _swap(PoliceContact, "officer_name", first, second)

    for contact in (first, second):
        read = PoliceContact.objects.get(pk=contact.pk)
        assert read.officer_name == ""
        assert unreadable_fields(read) == {"officer_name"}


@pytest.mark.parametrize(
    ("whose", "problem"),
    [
        ("the same person", "the original's bytes have changed since it arrived"),
        ("two people", "the original does not open with its key"),
    ],
)
def test_two_files_with_their_sealed_objects_swapped_are_named_by_verify_evidence(
    db, tmp_path, objects_made_here, whose, problem
):
    owner = UserFactory()
    other_owner = owner if whose == "the same person" else UserFactory()
    first = keep_file(owner, text_file(tmp_path, "The first file.", name="first.txt"))
    second = keep_file(other_owner, text_file(tmp_path, "The second file.", name="second.txt"))

    _swap(Exhibit, "original_key", first, second, sealed=False)

    said = _verify("verify_evidence")
    for exhibit in (first, second):
        assert f"Exhibit {exhibit.reference} ({exhibit.pk}): {problem}" in said
