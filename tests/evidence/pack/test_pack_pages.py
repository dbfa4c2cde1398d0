"""Making a pack through its pages: choose, check, watch it build, download, delete."""

import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evidence import storage
from evidence.models import Pack, PackStatus
from evidence.pack import build, services
from evidence.pack.selectors import Selection
from tests.evidence.pack.test_bundle import sha256sum_check
from tests.evidence.uploading import downloaded, keep_file, small_jpeg, text_file
from tests.factories import PersonFactory, UserFactory, make_incident

pytestmark = pytest.mark.django_db
NEW = reverse("packs:new")
PACKS = reverse("packs:packs")


def choose(client, **fields):
    data = {"include_history": "on", "include_bundle": "on", "include_impact": "on", **fields}
    return client.post(NEW, data)


def pack_of(user) -> Pack:
    return Pack.objects.owned_by(user).get()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    program = shutil.which("pdftotext")
    assert program is not None, "pdftotext (poppler-utils) is needed to read the PDF"
    return subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def start(client, pack, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("packs:check", args=[pack.pk]), fields)


# Choosing ----------------------------------------------------------------------------------


def test_choices_are_kept_on_a_draft_pack_not_in_the_address(signed_in_client, user):
    person = PersonFactory(owner=user, name="Mark")
    response = choose(
        signed_in_client,
        **{"date_from_0": "1", "date_from_1": "3", "date_from_2": "2026"},
        people=[str(person.pk)],
        kinds=["letter"],
        redactions="12 Acacia Avenue\n\n07700 900123\n",
    )
    pack = pack_of(user)
    assert response.status_code == 302
    assert response.url == reverse("packs:check", args=[pack.pk])
    assert "Acacia" not in response.url and pack.status == PackStatus.DRAFT
    selection = Selection.from_json(pack.selection)
    assert selection.period_start == date(2026, 3, 1)
    assert selection.person_ids == (str(person.pk),)
    assert selection.redactions == ("12 Acacia Avenue", "07700 900123")


def test_bad_choices_get_clear_messages_and_keep_what_was_typed(signed_in_client, user):
    response = choose(
        signed_in_client,
        **{"date_from_0": "9", "date_from_1": "3", "date_from_2": "2026"},
        **{"date_to_0": "1", "date_to_1": "3", "date_to_2": "2026"},
        redactions="ab\nMy street",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be the same as or after" in page
    assert "is too short to hide" in page
    assert "My street" in page
    assert not Pack.objects.exists()


def test_check_page_shows_counts_and_an_empty_selection_cannot_be_made(
    signed_in_client, user, tmp_path
):
    note = make_incident(user, narrative="x" * 4_000)
    keep_file(user, text_file(tmp_path, "hello"), incidents=[note])
    choose(signed_in_client)
    pack = pack_of(user)
    page = signed_in_client.get(reverse("packs:check", args=[pack.pk])).content.decode()
    assert re.search(r"1 incident, 1 file, about \d+ pages", page)

    choose(signed_in_client, **{"date_from_0": "1", "date_from_1": "1", "date_from_2": "2030"})
    empty = Pack.objects.owned_by(user).order_by("-created_at").first()
    page = signed_in_client.get(reverse("packs:check", args=[empty.pk])).content.decode()
    assert "nothing to put in a pack" in page
    assert "Make the pack" not in page
    signed_in_client.post(reverse("packs:check", args=[empty.pk]))
    empty.refresh_from_db()
    assert empty.status == PackStatus.DRAFT  # never queued, so no empty PDF


def test_located_originals_need_a_decision_before_building(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    note = make_incident(user)
    photo = keep_file(user, small_jpeg(tmp_path), incidents=[note])
    choose(signed_in_client)
    pack = pack_of(user)
    page = signed_in_client.get(reverse("packs:check", args=[pack.pk])).content.decode()
    assert "still hold the place where they were taken" in page and photo.reference in page
    response = start(signed_in_client, pack, django_capture_on_commit_callbacks)
    assert "Choose whether to put those originals in the ZIP file" in response.content.decode()
    pack.refresh_from_db()
    assert pack.status == PackStatus.DRAFT


def test_picking_notes_one_by_one(
    signed_in_client, user, django_capture_on_commit_callbacks, tmp_path
):
    first = make_incident(user, narrative="The first one")
    make_incident(user, narrative="The second one", occurred_on=date(2026, 3, 20))
    choose(signed_in_client, pick="on")
    pack = pack_of(user)
    page = signed_in_client.get(reverse("packs:check", args=[pack.pk])).content.decode()
    assert "The first one" in page and "The second one" in page
    response = start(signed_in_client, pack, django_capture_on_commit_callbacks)
    assert "Tick at least one note" in response.content.decode()
    start(signed_in_client, pack, django_capture_on_commit_callbacks, incidents=[str(first.pk)])
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY
    assert pack.incident_count == 1


# Building and downloading ------------------------------------------------------------------


def test_a_pack_is_built_in_the_background_and_both_files_download(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    user.full_name = "Jane Smith"
    user.save()
    note = make_incident(user, narrative="He left a letter at 12 Acacia Avenue.")
    make_incident(user, narrative="A call from a withheld number.", occurred_on=date(2026, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        exhibit = keep_file(user, small_jpeg(tmp_path, gps=None), incidents=[note])
    choose(signed_in_client, redactions="12 Acacia Avenue")
    pack = pack_of(user)
    response = start(signed_in_client, pack, django_capture_on_commit_callbacks)
    assert response.url == reverse("packs:pack", args=[pack.pk])
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.problem
    assert (pack.incident_count, pack.exhibit_count) == (2, 1)
    assert pack.expires_at - pack.finished_at == timedelta(days=30)

    page = signed_in_client.get(reverse("packs:pack", args=[pack.pk])).content.decode()
    assert "Your pack is ready" in page and "saved on this device" in page

    pdf_response = signed_in_client.get(reverse("packs:pdf", args=[pack.pk]))
    local_day = timezone.localdate(pack.created_at, timezone=user_zone(user))
    assert f'filename="notes-{local_day:%Y-%m-%d}.pdf"' in pdf_response["Content-Disposition"]
    pdf = downloaded(pdf_response)
    text = pdf_text(pdf, tmp_path)
    assert "Jane Smith" in text and pack.reference in text
    assert text.index("A call from a withheld number") < text.index("He left a letter")
    assert "12 Acacia Avenue" not in text and "[removed by the author]" in text
    assert exhibit.sha256 in text.replace("\n", "").replace(" ", "")

    bundle = downloaded(signed_in_client.get(reverse("packs:zip", args=[pack.pk])))
    with zipfile.ZipFile(io.BytesIO(bundle)) as opened:
        names = opened.namelist()
        manifest = opened.read("manifest.json")
        opened.extractall(tmp_path / "unzipped")
    assert f"notes-{local_day:%Y-%m-%d}.pdf" in names
    assert hashlib.sha256(manifest).hexdigest() == pack.manifest_sha256
    assert pack.manifest_sha256 in text.replace("\n", "").replace(" ", "")
    assert json.loads(manifest)["exhibits"][0]["sha256"] == exhibit.sha256
    checked = sha256sum_check(tmp_path / "unzipped")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def user_zone(user):
    from zoneinfo import ZoneInfo

    return ZoneInfo(user.timezone)


def test_a_missing_original_fails_the_build_naming_the_exhibit_and_can_be_tried_again(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    note = make_incident(user)
    exhibit = keep_file(user, text_file(tmp_path, "hello"), incidents=[note])
    storage.delete_stored(exhibit.original_key)
    choose(signed_in_client)
    pack = pack_of(user)
    start(signed_in_client, pack, django_capture_on_commit_callbacks)
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED
    assert exhibit.reference in pack.problem and "missing" in pack.problem
    assert pack.pdf_key == "" and pack.zip_key == ""
    page = signed_in_client.get(reverse("packs:pack", args=[pack.pk])).content.decode()
    assert "could not be made" in page and "Try again" in page
    assert signed_in_client.get(reverse("packs:pdf", args=[pack.pk])).status_code == 404

    # Without the bundle the same notes make a pack.
    pack.selection = {**pack.selection, "include_bundle": False}
    pack.save()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client.post(reverse("packs:retry", args=[pack.pk]))
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.zip_key == "" and pack.attempts == 2


def test_a_build_whose_worker_died_is_marked_failed_not_left_in_progress(signed_in_client, user):
    make_incident(user)
    pack = Pack.objects.create(
        owner=user,
        reference="P-20261125-AAAA",
        status=PackStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=6),
    )
    waiting = Pack.objects.create(
        owner=user,
        reference="P-20261125-BBBB",
        status=PackStatus.QUEUED,
        requested_at=timezone.now() - timedelta(minutes=1),
    )
    page = signed_in_client.get(reverse("packs:pack", args=[pack.pk])).content.decode()
    assert "could not be made" in page and "Try again" in page
    status = signed_in_client.get(reverse("packs:status", args=[waiting.pk])).json()
    assert status == {
        "status": "queued",
        "progress": 0,
        "stage": "Waiting to start",
        "finished": False,
    }
    page = signed_in_client.get(reverse("packs:pack", args=[waiting.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page
    # Nobody took it up for half an hour: housekeeping gives up on it too.
    Pack.objects.filter(pk=waiting.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    call_command("housekeeping", verbosity=0)
    waiting.refresh_from_db()
    assert waiting.status == PackStatus.FAILED


def test_two_workers_never_build_the_same_pack(user):
    pack = Pack.objects.create(owner=user, reference="P-20261125-CCCC", status=PackStatus.QUEUED)
    assert build._claim(pack.pk) is not None
    assert build._claim(pack.pk) is None


def test_packs_are_listed_and_expire_with_their_files(
    signed_in_client, user, django_capture_on_commit_callbacks
):
    make_incident(user)
    choose(signed_in_client)
    pack = pack_of(user)
    start(signed_in_client, pack, django_capture_on_commit_callbacks)
    pack.refresh_from_db()
    listing = signed_in_client.get(PACKS).content.decode()
    assert "Ready" in listing and reverse("packs:pack", args=[pack.pk]) in listing
    Pack.objects.filter(pk=pack.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("housekeeping", verbosity=0)
    assert not Pack.objects.filter(pk=pack.pk).exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(pack.pdf_key)


def test_a_pack_can_be_deleted(signed_in_client, user, django_capture_on_commit_callbacks):
    make_incident(user)
    choose(signed_in_client)
    pack = pack_of(user)
    start(signed_in_client, pack, django_capture_on_commit_callbacks)
    pack.refresh_from_db()
    confirm = signed_in_client.get(reverse("packs:delete", args=[pack.pk]))
    assert "Delete this pack?" in confirm.content.decode()
    response = signed_in_client.post(reverse("packs:delete", args=[pack.pk]), follow=True)
    assert "has been deleted" in response.content.decode()
    assert not Pack.objects.exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(pack.pdf_key)


# Privacy -----------------------------------------------------------------------------------

PACK_URLS = ["pack", "change", "check", "status", "retry", "delete", "pdf", "zip"]


@pytest.mark.parametrize("name", PACK_URLS)
def test_another_persons_pack_is_a_404_on_every_address(client, name):
    owner = UserFactory()
    pack = Pack.objects.create(
        owner=owner, reference="P-20261125-DDDD", status=PackStatus.READY, pdf_key="x", zip_key="y"
    )
    client.force_login(UserFactory())
    url = reverse(f"packs:{name}", args=[pack.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404
    assert Pack.objects.filter(pk=pack.pk).exists()


@pytest.mark.parametrize("url", [PACKS, NEW])
def test_pack_pages_need_signing_in_and_have_neutral_titles(client, user, url):
    assert client.get(url).status_code == 302
    client.force_login(user)
    page = client.get(url).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "evidence" not in title.lower() and "stalk" not in title.lower()


def test_two_packs_asked_for_at_once_are_both_made_separately(
    signed_in_client, user, django_capture_on_commit_callbacks
):
    make_incident(user, narrative="In March", occurred_on=date(2026, 3, 2))
    make_incident(user, narrative="In April", occurred_on=date(2026, 4, 2))
    choose(signed_in_client, **{"date_to_0": "31", "date_to_1": "3", "date_to_2": "2026"})
    choose(signed_in_client, **{"date_from_0": "1", "date_from_1": "4", "date_from_2": "2026"})
    march, april = Pack.objects.owned_by(user).order_by("created_at")
    with django_capture_on_commit_callbacks(execute=True):
        # Both are queued before either is built, as when two tabs press the button together.
        assert services.pack_request(pack=march) and services.pack_request(pack=april)
        assert not services.pack_request(pack=march)  # a second press queues nothing more
    march.refresh_from_db()
    april.refresh_from_db()
    assert (march.status, april.status) == (PackStatus.READY, PackStatus.READY)
    assert (march.incident_count, april.incident_count) == (1, 1)
    assert march.reference != april.reference and march.pdf_key != april.pdf_key


def test_a_pack_deleted_while_being_made_leaves_no_files_behind(
    signed_in_client, user, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    make_incident(user)
    choose(signed_in_client, include_bundle="")
    pack = pack_of(user)
    store = storage.store_pack_file
    stored = []

    def store_then_user_deletes(path, *, owner_id):
        stored.append(store(path, owner_id=owner_id))
        # The user presses "Delete the pack" while the worker is saving it.
        signed_in_client.post(reverse("packs:delete", args=[pack.pk]))
        return stored[-1]

    monkeypatch.setattr(storage, "store_pack_file", store_then_user_deletes)
    start(signed_in_client, pack, django_capture_on_commit_callbacks)
    assert not Pack.objects.exists()
    # On S3 the bucket is shared by the whole test run, so check this pack's own file.
    assert len(stored) == 1 and not default_storage.exists(stored[0])


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "The date to start from must be a real date"),
        ("1", "", "2026", "The date to start from must be a real date"),
        ("1", "1", "26", "Enter the year in full"),
    ],
)
def test_a_date_that_cannot_be_read_is_never_quietly_dropped(
    signed_in_client, user, day, month, year, message
):
    response = choose(
        signed_in_client, **{"date_from_0": day, "date_from_1": month, "date_from_2": year}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Pack.objects.exists()
