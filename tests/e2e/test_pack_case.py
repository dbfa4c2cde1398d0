"""The evidence pack as a new user makes it on a phone: the pack issue's "done when", walked."""

import hashlib
import io
import json
import re
import zipfile
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from evidence.models import Pack, PackStatus
from tests.e2e.helpers import assert_accessible, open_menu, sign_in_to_notes
from tests.evidence.fixtures import make_eml, make_jpeg
from tests.evidence.pack.test_bundle import sha256sum_check
from tests.evidence.pack.test_pack_pages import pdf_text
from tests.evidence.uploading import keep_file
from tests.factories import PersonFactory, UserFactory, make_incident


def a_month_of_notes(user):
    mark = PersonFactory(owner=user, name="Mark")
    notes = []
    for day in range(1, 29, 3):
        notes.append(
            make_incident(
                user,
                occurred_on=date(2026, 10, day),
                kinds=("phone_call",) if day % 2 else ("letter",),
                persons=[mark],
                narrative=f"On {day} October he called again from 07700 900{day:03d}. "
                "I live at 12 Acacia Avenue and he knows it.",
                feelings=["alarm", "distress"],
            )
        )
    return notes


def test_a_pack_is_made_watched_downloaded_and_checked_on_a_phone(axe_page, tmp_path):
    page = axe_page
    user = UserFactory(initials="JS", full_name="Jane Smith")
    notes = a_month_of_notes(user)
    photo = keep_file(user, make_jpeg(tmp_path / "IMG_0042.jpg", size=(1600, 1200)))
    photo.incidents.set([notes[0]])
    email = keep_file(user, make_eml(tmp_path / "message.eml"))
    email.incidents.set([notes[1]])
    sign_in_to_notes(page, user.email)

    open_menu(page).get_by_role("link", name="Packs").click()
    expect(page.get_by_role("heading", name="Evidence packs", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make an evidence pack").click()
    expect(page).to_have_title(re.compile("^Make a pack"))
    assert_accessible(page)
    page.get_by_label("Words to hide in the PDF (optional)").fill("12 Acacia Avenue")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check what goes in", level=1)).to_be_visible()
    expect(page.locator("#pack-counts")).to_have_text(
        re.compile(r"^10 incidents, 2 files, about \d+ pages$")
    )
    expect(page.get_by_text("still hold the place where they were taken")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make the pack").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to put")
    page.get_by_label("Leave those originals out of the ZIP file").check()
    page.get_by_role("button", name="Make the pack").click()

    # Tasks run at once in tests, so the pack is ready by the time its page opens.
    expect(page.get_by_role("heading", name="Your pack is ready", level=1)).to_be_visible()
    expect(page.get_by_text("saved on this device")).to_be_visible()
    assert_accessible(page)
    pack = Pack.objects.get(owner=user)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=re.compile("^The PDF")).click()
    pdf = pdf_download.value
    assert re.fullmatch(r"notes-\d{4}-\d{2}-\d{2}\.pdf", pdf.suggested_filename)
    text = pdf_text(open(pdf.path(), "rb").read(), tmp_path)
    assert "Jane Smith" in text and "12 Acacia Avenue" not in text
    assert text.index("On 1 October") < text.index("On 28 October")
    assert "IMG_0042.jpg" in text  # the exhibit index names the original file

    with page.expect_download() as zip_download:
        page.get_by_role("link", name=re.compile("^The ZIP file")).click()
    bundle = open(zip_download.value.path(), "rb").read()
    with zipfile.ZipFile(io.BytesIO(bundle)) as opened:
        manifest = opened.read("manifest.json")
        names = opened.namelist()
        opened.extractall(tmp_path / "unzipped")
    assert not any(name.startswith("originals/JS-1") for name in names)  # left out: GPS
    assert "originals/JS-2_message.eml" in names
    assert hashlib.sha256(manifest).hexdigest() == pack.manifest_sha256
    assert json.loads(manifest)["pack_reference"] == pack.reference
    assert pack.manifest_sha256 in re.sub(r"\s", "", text)
    assert sha256sum_check(tmp_path / "unzipped").returncode == 0

    open_menu(page).get_by_role("link", name="Packs").click()
    page.get_by_role("link", name=re.compile("^Pack made")).click()
    page.get_by_role("link", name="Delete this pack now").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete the pack").click()
    expect(page.get_by_text("The pack has been deleted")).to_be_visible()


def test_the_progress_bar_follows_the_build_and_shows_the_pack_when_done(page):
    user = UserFactory()
    make_incident(user)
    pack = Pack.objects.create(
        owner=user,
        reference="P-20261125-WXYZ",
        status=PackStatus.RUNNING,
        stage="drawing",
        progress=40,
        heartbeat_at=timezone.now(),
        requested_at=timezone.now(),
    )
    sign_in_to_notes(page, user.email)
    page.goto(f"/packs/{pack.pk}/")
    expect(page.get_by_role("heading", name="Your pack is being made")).to_be_visible()
    expect(page.locator("#pack-stage")).to_have_text("Drawing the pages")
    expect(page.locator("#pack-progress")).to_have_attribute("value", "40")

    Pack.objects.filter(pk=pack.pk).update(
        stage="bundling", progress=85, heartbeat_at=timezone.now()
    )
    expect(page.locator("#pack-stage")).to_have_text("Putting the original files in a bundle")
    expect(page.locator("#pack-progress")).to_have_js_property("value", 85)

    # The worker dies: after five silent minutes the page says so and offers to try again.
    Pack.objects.filter(pk=pack.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=6))
    expect(page.get_by_role("heading", name="The pack could not be made")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()


def test_without_javascript_the_pack_page_refreshes_itself(browsing):
    page = browsing.new_page(java_script_enabled=False)
    user = UserFactory()
    pack = Pack.objects.create(
        owner=user,
        reference="P-20261125-NOJS",
        status=PackStatus.QUEUED,
        requested_at=timezone.now(),
    )
    sign_in_to_notes(page, user.email)
    page.goto(f"/packs/{pack.pk}/")
    expect(page.locator("#pack-stage")).to_have_text("Waiting to start")
    Pack.objects.filter(pk=pack.pk).update(
        status=PackStatus.RUNNING, stage="gathering", progress=5, heartbeat_at=timezone.now()
    )
    expect(page.locator("#pack-stage")).to_have_text("Gathering your notes and files")
