"""Download everything: a ZIP of every record, original and history, that reads back exactly."""

import hashlib
import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.export import SCHEMA, SCHEMA_VERSION
from accounts.models import ActivityKind, Export, ExportStatus
from diary.models import INCIDENT_FIELD_NAMES, Incident
from diary.revisions import Link, verify_chain
from diary.services import incident_update, police_contact_save
from evidence import storage
from evidence.models import Exhibit
from evidence.services import item_save
from tests.evidence.pack.test_bundle import sha256sum_check
from tests.evidence.uploading import downloaded, keep_file, small_jpeg, text_file
from tests.factories import PersonFactory, make_incident
from tests.security.operators import confirm_it_is_you

pytestmark = pytest.mark.django_db
PAGE = reverse("download_everything")


@pytest.fixture
def confirmed_client(client, user):
    client.force_login(user)
    return confirm_it_is_you(client)


def _a_diary(user, tmp_path):
    person = PersonFactory(owner=user, name="Mark Doe", addresses="14 Elm Road")
    note = make_incident(user, persons=[person], narrative="He was at the gate again.")
    incident_update(
        incident=note,
        values={
            "narrative": "He was at the gate again, at 9pm.",
            "location": "Home",
            "seriousness": "very_serious",
            "cost": Decimal("14.50"),
            "cost_for": "Taxi home",
        },
        kinds=["in_person"],
        persons=[person],
    )
    make_incident(user, narrative="A draft not finished.", is_draft=True)
    photo = keep_file(user, small_jpeg(tmp_path), incidents=[note], caption="The gate")
    messages = keep_file(user, text_file(tmp_path, "where are you\n"), incidents=[note])
    item_save(owner=user, values={"caption": "Birthday card"}, incidents=[note])
    police_contact_save(
        owner=user,
        values={"contacted_on": date(2026, 3, 20), "organisation": "Police", "method": "phone"},
        incidents=[note],
    )
    return photo, messages


def _make(client, capture):
    with capture(execute=True):
        client.post(PAGE)
    return Export.objects.get()


def test_the_page_asks_for_the_password_again_first(signed_in_client):
    response = signed_in_client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_everything_downloads_and_reads_back_exactly(
    confirmed_client, user, tmp_path, django_capture_on_commit_callbacks
):
    photo, messages = _a_diary(user, tmp_path)

    export = _make(confirmed_client, django_capture_on_commit_callbacks)
    page = confirmed_client.get(PAGE).text
    response = confirmed_client.get(reverse("download_everything_file", args=[export.pk]))
    body = downloaded(response)

    assert export.status == ExportStatus.READY and export.file_key.startswith("s/exports/")
    assert "Download everything" in page and "deleted from this service" in page
    assert response["Content-Disposition"].startswith('attachment; filename="notes-all-')
    with zipfile.ZipFile(io.BytesIO(body)) as opened:
        records = json.loads(opened.read("records.json"))
        opened.extractall(tmp_path / "unzipped")
        names = opened.namelist()
    assert (records["schema"], records["version"]) == (SCHEMA, SCHEMA_VERSION)
    assert "README.txt" in names
    checked = sha256sum_check(tmp_path / "unzipped")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # Every note reads back as the live data says.
    live = {str(i.pk): i for i in Incident.objects.owned_by(user)}
    assert {note["id"] for note in records["notes"]} == set(live)
    for note in records["notes"]:
        incident = live[note["id"]]
        for name in INCIDENT_FIELD_NAMES:
            value = getattr(incident, name)
            expected = value.isoformat() if hasattr(value, "isoformat") else value
            if isinstance(value, Decimal):
                expected = f"{value:.2f}"
            assert note[name] == expected, name
        history = json.loads((tmp_path / "unzipped" / note["history"]).read_text())
        report = verify_chain(
            [
                Link(
                    r["sequence"],
                    r["snapshot"],
                    r["snapshot_sha256"],
                    r["previous_hash"],
                    r["chain_hash"],
                )
                for r in history
            ]
        )
        assert report.intact, report.problems
        assert not incident.revisions.exists() or history[-1]["chain_hash"] == (
            incident.revisions.order_by("sequence").last().chain_hash
        )
    # Every file's hash matches the live one, and the bytes in the ZIP hash to it.
    for entry in records["files"]:
        exhibit = Exhibit.objects.owned_by(user).get(reference_number=entry["reference"][3:])
        if entry["kind"] == "item":
            assert entry["caption"] == "Birthday card"
            continue
        assert entry["sha256"] == exhibit.sha256
        on_disk = (tmp_path / "unzipped" / entry["path"]).read_bytes()
        assert hashlib.sha256(on_disk).hexdigest() == exhibit.sha256
    assert {p["name"] for p in records["people"]} == {"Mark Doe"}
    noted = Incident.objects.owned_by(user).get(cost__isnull=False)
    assert [c["notes"] for c in records["police_contacts"]] == [[str(noted.pk)]]
    assert next(n for n in records["notes"] if n["id"] == str(noted.pk))["cost"] == "14.50"
    kinds = set(user_activity(user))
    assert {ActivityKind.EXPORT_REQUESTED, ActivityKind.EXPORT_DOWNLOADED} <= kinds


def user_activity(user):
    from accounts.models import Activity

    return Activity.objects.owned_by(user).values_list("kind", flat=True)


def test_a_second_press_while_it_is_made_asks_for_nothing_more(confirmed_client, user):
    confirmed_client.post(PAGE)
    confirmed_client.post(PAGE)

    assert Export.objects.owned_by(user).count() == 1


def test_a_download_is_deleted_a_day_after_it_is_ready(
    confirmed_client, user, django_capture_on_commit_callbacks
):
    export = _make(confirmed_client, django_capture_on_commit_callbacks)
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    call_command("housekeeping", verbosity=0)

    assert not Export.objects.exists()
    assert not storage.default_storage.exists(export.file_key)


def test_a_download_whose_worker_died_is_started_again_by_housekeeping(
    user, django_capture_on_commit_callbacks
):
    export = Export.objects.create(owner=user, status=ExportStatus.RUNNING, attempts=1)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("housekeeping", verbosity=0)

    export.refresh_from_db()
    assert export.status == ExportStatus.READY and export.attempts == 2


def test_a_download_whose_worker_died_twice_can_be_tried_again(confirmed_client, user):
    export = Export.objects.create(owner=user, status=ExportStatus.RUNNING, attempts=2)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    page = confirmed_client.get(PAGE).text

    assert "stopped before it was finished" in page and "Try again" in page
