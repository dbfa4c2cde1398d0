"""What the officer's exhibits need from the app: every page of a scanned letter (up to ten) as a
print copy, a video's own recording time, and the words of a recording typed by its owner."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from PIL import Image

from accounts.export import write_export
from config.encryption import SEALED_PREFIX
from evidence import services, storage
from evidence.derivatives import PRINT_LONG_SIDE, make_pdf_preview
from evidence.models import PRINTED_PAGES, TRANSCRIPT_LENGTH, Exhibit, ExhibitPage
from evidence.pack.gather import gather
from evidence.pack.pages import pack_html
from evidence.pack.selectors import Selection
from tests.diary.pages import form_values, visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import keep_file, small_jpeg
from tests.factories import UserFactory
from tests.security.held_helpers import live_markup, payload, shown_as_text

COLOURS = [(200, 30, 30), (30, 160, 30), (30, 30, 200), (230, 200, 20)]
VOICEMAIL_WORDS = "You can't hide from me. I know you moved to Larchfield Road."


def scanned_letter(path: Path, pages: int) -> Path:
    """A PDF of `pages` A4 pages, each one solid colour, as a scanner app makes them."""
    sheets = [Image.new("RGB", (595, 842), COLOURS[n % len(COLOURS)]) for n in range(pages)]
    sheets[0].save(path, "PDF", save_all=True, append_images=sheets[1:], resolution=72)
    return path


def centre_colour(jpeg: bytes) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def near(found, expected, slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(found, expected, strict=True))


def stored(exhibit, key: str) -> bytes:
    with storage.open_stored(key, owner_id=exhibit.owner_id) as file:
        return file.read()


# Every page of a scanned letter --------------------------------------------------------------


def test_a_three_page_pdf_gives_a_print_copy_of_each_page_in_order(tmp_path):
    made = make_pdf_preview(scanned_letter(tmp_path / "letter.pdf", 3), printed_pages=10)

    copies = [made.print_copy, *(page.print_copy for page in made.more_pages)]
    assert [page.number for page in made.more_pages] == [2, 3]
    assert [near(centre_colour(copy), COLOURS[n]) for n, copy in enumerate(copies)] == [True] * 3
    # Each printed at the print size, its long side the page's height.
    assert max(made.print_width, made.print_height) == PRINT_LONG_SIDE
    assert all(page.height == PRINT_LONG_SIDE > page.width for page in made.more_pages)


def test_an_uploaded_letter_of_three_pages_keeps_three_print_copies(
    user, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        exhibit = keep_file(user, scanned_letter(tmp_path / "letter.pdf", 3))

    exhibit.refresh_from_db()
    pages = list(ExhibitPage.objects.owned_by(user).filter(exhibit=exhibit))
    assert [page.number for page in pages] == [2, 3]
    assert near(centre_colour(stored(exhibit, exhibit.print_key)), COLOURS[0])
    assert near(centre_colour(stored(exhibit, pages[1].print_key)), COLOURS[2])
    # Kept with the copy, so the pack can size it without opening it: an A4 page's shape.
    assert exhibit.print_height == PRINT_LONG_SIDE
    assert exhibit.print_width == pytest.approx(PRINT_LONG_SIDE * 595 / 842, abs=2)


def test_a_long_letter_is_printed_up_to_ten_pages(
    user, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        exhibit = keep_file(user, scanned_letter(tmp_path / "letter.pdf", 12))

    numbers = list(exhibit.print_pages.values_list("number", flat=True))
    assert numbers == list(range(2, PRINTED_PAGES + 1))
    exhibit.refresh_from_db()
    assert exhibit.file_facts["page_count"] == 12


def test_trying_the_preview_again_replaces_the_pages_and_deletes_the_old_copies(
    user, tmp_path, django_capture_on_commit_callbacks
):
    from evidence.tasks import make_previews

    with django_capture_on_commit_callbacks(execute=True):
        exhibit = keep_file(user, scanned_letter(tmp_path / "letter.pdf", 2))
    first = exhibit.print_pages.get().print_key

    make_previews.call(str(exhibit.pk))

    assert exhibit.print_pages.count() == 1
    assert exhibit.print_pages.get().print_key != first
    assert not storage.default_storage.exists(first)


def test_purging_a_deleted_letter_deletes_its_page_copies(
    user, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        exhibit = keep_file(user, scanned_letter(tmp_path / "letter.pdf", 3))
    keys = list(exhibit.print_pages.values_list("print_key", flat=True))
    services.exhibit_delete(exhibit=exhibit)

    services.exhibits_purge_deleted(now=datetime.now(UTC) + timedelta(days=31))

    assert not ExhibitPage.objects.filter(exhibit=exhibit).exists()
    assert not any(storage.default_storage.exists(key) for key in keys)


# A video's own recording time ----------------------------------------------------------------


def test_a_videos_creation_time_is_read_and_shown_as_what_the_file_says(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    video = fixtures.make_mp4(tmp_path / "doorbell.mp4", created="2026-10-26T17:31:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        exhibit = keep_file(user, video)

    page = visible_text(signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk])))

    assert exhibit.file_facts["container_created_at"] == "2026-10-26T17:31:00+00:00"
    assert "The file says it was recorded on 26 October 2026 at 5:31pm (UTC+00:00)" in page
    assert "(not checked)" in page


# What is said or shown -----------------------------------------------------------------------


@pytest.fixture
def voicemail(user, tmp_path):
    return keep_file(user, fixtures.make_mp3(tmp_path / "voicemail.mp3"))


def _transcript_url(exhibit) -> str:
    return reverse("evidence:transcript", args=[exhibit.pk])


def test_a_voicemails_page_offers_a_box_for_what_is_said(signed_in_client, voicemail):
    response = signed_in_client.get(reverse("evidence:exhibit", args=[voicemail.pk]))

    assert form_values(response, containing="transcript")["transcript"] == [""]
    assert "What is said or shown (optional)" in visible_text(response)


def test_what_is_typed_is_kept_sealed_and_shown_on_the_page(signed_in_client, voicemail):
    response = signed_in_client.post(
        _transcript_url(voicemail), {"transcript": f"  {VOICEMAIL_WORDS}\n"}, follow=True
    )

    page = visible_text(response)
    assert "Saved what is said or shown." in page
    assert VOICEMAIL_WORDS in page
    voicemail.refresh_from_db()
    assert voicemail.transcript == VOICEMAIL_WORDS
    with connection.cursor() as cursor:
        cursor.execute("SELECT transcript FROM evidence_exhibit WHERE id = %s", [voicemail.pk.hex])
        (raw,) = cursor.fetchone()
    assert raw.startswith(SEALED_PREFIX)
    assert "Larchfield" not in raw


def test_too_much_text_is_refused_and_what_was_typed_is_kept(signed_in_client, voicemail):
    typed = "He said " + "again and again " * (TRANSCRIPT_LENGTH // 16)

    response = signed_in_client.post(_transcript_url(voicemail), {"transcript": typed})

    assert response.status_code == 200
    assert "There is a problem" in visible_text(response)
    assert f"Keep it to {TRANSCRIPT_LENGTH:,} characters" in visible_text(response)
    assert form_values(response, containing="transcript")["transcript"] == [typed]
    voicemail.refresh_from_db()
    assert voicemail.transcript == ""


def test_another_users_recording_is_not_found(client, voicemail):
    stranger = UserFactory()
    client.force_login(stranger)

    page = client.get(reverse("evidence:exhibit", args=[voicemail.pk]))
    posted = client.post(_transcript_url(voicemail), {"transcript": "overwritten"})

    assert page.status_code == posted.status_code == 404
    voicemail.refresh_from_db()
    assert voicemail.transcript == ""


def test_a_photo_has_no_box_and_takes_no_transcript(signed_in_client, user, tmp_path):
    photo = keep_file(user, small_jpeg(tmp_path))

    page = signed_in_client.get(reverse("evidence:exhibit", args=[photo.pk]))
    posted = signed_in_client.post(_transcript_url(photo), {"transcript": "a photo"})

    assert "What is said or shown" not in visible_text(page)
    assert posted.status_code == 404


def test_the_transcript_is_in_the_users_own_export(user, voicemail, tmp_path):
    services.exhibit_transcript_save(exhibit=voicemail, transcript=VOICEMAIL_WORDS)
    target = tmp_path / "export.zip"

    write_export(Exhibit.objects.get(pk=voicemail.pk).owner, target)

    with zipfile.ZipFile(target) as bundle:
        records = json.loads(bundle.read("records.json"))
    (recording,) = records["files"]
    assert recording["transcript"] == VOICEMAIL_WORDS


def test_markup_typed_as_a_transcript_is_shown_as_text_on_the_page_and_in_the_pack(
    signed_in_client, user, voicemail
):
    hostile = payload("transcript")
    services.exhibit_transcript_save(exhibit=voicemail, transcript=hostile)
    content = gather(
        owner=user,
        selection=Selection(),
        reference="P-20261127-TEST",
        created_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
    ).content

    page = signed_in_client.get(reverse("evidence:exhibit", args=[voicemail.pk])).content.decode()
    pack = pack_html(content)

    for html in (page, pack):
        assert shown_as_text(html, hostile)
        assert live_markup(html) == []
