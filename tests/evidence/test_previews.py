"""Previews: made in the background, with no hidden details, and never at the original's cost."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from evidence.models import Exhibit, PreviewStatus
from tests.diary.pages import visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import (
    as_upload,
    downloaded,
    small_jpeg,
    stored_bytes,
    upload,
)

GPS_IFD = 0x8825


def _upload_and_make_previews(client, captured, *files):
    """Upload, then let the background work queued by the upload run, as the worker would."""
    with captured(execute=True):
        response = upload(client, *files)
    return response


def _preview(client, exhibit, size):
    return client.get(reverse("evidence:preview", args=[exhibit.pk, size]))


def _detail(client, exhibit):
    return client.get(reverse("evidence:exhibit", args=[exhibit.pk]))


def test_a_photo_with_gps_gets_previews_that_hold_no_exif_and_no_location(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    photo = small_jpeg(tmp_path, size=(2000, 1500))
    with Image.open(photo) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the original does say where

    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(photo)
    )

    exhibit = Exhibit.objects.get()
    assert exhibit.preview_status == PreviewStatus.READY
    for size, longest_side in (("display", 1600), ("thumbnail", 320)):
        response = _preview(signed_in_client, exhibit, size)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]  # no copy left on a shared device
        content = downloaded(response)
        picture = Image.open(BytesIO(content))
        assert picture.format == "JPEG"
        assert max(picture.size) <= longest_side
        assert not picture.getexif()
        assert not picture.getexif().get_ifd(GPS_IFD)
        assert "exif" not in picture.info
        assert b"iPhone" not in content
        assert b"Apple" not in content


def test_the_original_keeps_its_location_and_the_page_warns_about_it(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    photo = small_jpeg(tmp_path)

    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(photo)
    )

    exhibit = Exhibit.objects.get()
    assert stored_bytes(exhibit) == photo.read_bytes()
    page = visible_text(_detail(signed_in_client, exhibit))
    assert "The original holds the place it was taken (51.5072, -0.1275)" in page
    assert "it may show where you live" in page
    assert "Previews and the pack's pictures do not" in page


def test_the_file_page_shows_the_preview_and_the_capture_time_from_the_photo(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(small_jpeg(tmp_path))
    )
    exhibit = Exhibit.objects.get()

    response = _detail(signed_in_client, exhibit)

    assert reverse("evidence:preview", args=[exhibit.pk, "display"]) in response.text
    page = visible_text(response)
    assert "The file says it was taken on" in page
    assert "3 October 2026" in page
    assert "Apple iPhone 13" in page
    assert "Preparing preview" not in page
    assert 'http-equiv="refresh"' not in response.text


def test_the_files_list_shows_a_thumbnail_once_it_is_ready(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(small_jpeg(tmp_path))
    )
    exhibit = Exhibit.objects.get()

    response = signed_in_client.get(reverse("evidence:files"))

    assert reverse("evidence:preview", args=[exhibit.pk, "thumbnail"]) in response.text


def test_until_the_preview_is_ready_the_page_says_so_and_refreshes_itself(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    # The background work is queued but has not run yet.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        upload(signed_in_client, as_upload(small_jpeg(tmp_path)))
    exhibit = Exhibit.objects.get()

    response = _detail(signed_in_client, exhibit)

    assert len(queued) == 1
    assert exhibit.preview_status == PreviewStatus.PENDING
    assert "Preparing preview… This page will refresh by itself." in visible_text(response)
    assert '<meta http-equiv="refresh"' in response.text
    assert _preview(signed_in_client, exhibit, "display").status_code == 404


def test_a_truncated_photo_is_kept_with_a_message_that_no_preview_could_be_made(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    broken = fixtures.make_truncated_jpeg(tmp_path / "cut off.jpg")

    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(broken)
    )

    exhibit = Exhibit.objects.get()
    assert exhibit.reference == "JS/1"
    assert exhibit.preview_status == PreviewStatus.FAILED
    assert stored_bytes(exhibit) == broken.read_bytes()
    response = _detail(signed_in_client, exhibit)
    page = visible_text(response)
    assert "We could not make a preview of this file. The original is safe and unchanged." in page
    assert "Try again" in page
    assert 'http-equiv="refresh"' not in response.text
    assert _preview(signed_in_client, exhibit, "display").status_code == 404
    assert (
        downloaded(signed_in_client.get(reverse("evidence:original", args=[exhibit.pk])))
        == broken.read_bytes()
    )


def test_try_again_queues_the_preview_once_more(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    _upload_and_make_previews(
        signed_in_client,
        django_capture_on_commit_callbacks,
        as_upload(fixtures.make_truncated_jpeg(tmp_path / "cut off.jpg")),
    )
    exhibit = Exhibit.objects.get()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = signed_in_client.post(reverse("evidence:retry_preview", args=[exhibit.pk]))

    assert response.status_code == 302
    assert response.url == reverse("evidence:exhibit", args=[exhibit.pk])
    assert len(queued) == 1
    exhibit.refresh_from_db()
    assert exhibit.preview_status == PreviewStatus.PENDING
    assert "Preparing preview" in visible_text(_detail(signed_in_client, exhibit))


def test_try_again_after_a_worker_died_makes_the_preview(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        upload(signed_in_client, as_upload(small_jpeg(tmp_path)))
    # What the housekeeping sweep leaves when a worker died half-way.
    Exhibit.objects.update(preview_status=PreviewStatus.FAILED)
    exhibit = Exhibit.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client.post(reverse("evidence:retry_preview", args=[exhibit.pk]))

    exhibit.refresh_from_db()
    assert exhibit.preview_status == PreviewStatus.READY
    preview = _preview(signed_in_client, exhibit, "display")
    assert preview.status_code == 200
    assert downloaded(preview).startswith(b"\xff\xd8\xff")


def test_try_again_does_nothing_to_a_preview_that_is_ready(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(small_jpeg(tmp_path))
    )
    exhibit = Exhibit.objects.get()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        signed_in_client.post(reverse("evidence:retry_preview", args=[exhibit.pk]))

    assert queued == []
    exhibit.refresh_from_db()
    assert exhibit.preview_status == PreviewStatus.READY


def test_try_again_only_answers_a_button_press(signed_in_client, user, tmp_path):
    upload(signed_in_client, as_upload(fixtures.make_truncated_jpeg(tmp_path / "x.jpg")))
    exhibit = Exhibit.objects.get()

    response = signed_in_client.get(reverse("evidence:retry_preview", args=[exhibit.pk]))

    assert response.status_code == 405


def test_a_pdf_gets_a_picture_of_its_first_page(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    _upload_and_make_previews(
        signed_in_client,
        django_capture_on_commit_callbacks,
        as_upload(fixtures.make_pdf(tmp_path / "letter.pdf", pages=3)),
    )
    exhibit = Exhibit.objects.get()

    response = _preview(signed_in_client, exhibit, "display")

    assert exhibit.preview_status == PreviewStatus.READY
    assert Image.open(BytesIO(downloaded(response))).format == "JPEG"
    assert "Pages 3" in visible_text(_detail(signed_in_client, exhibit))


@pytest.mark.parametrize(
    ("make", "name"),
    [(fixtures.make_mp3, "voicemail.mp3"), (fixtures.make_eml, "email.eml")],
)
def test_files_with_nothing_to_picture_are_not_left_preparing_forever(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks, make, name
):
    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(make(tmp_path / name))
    )
    exhibit = Exhibit.objects.get()

    response = _detail(signed_in_client, exhibit)

    assert exhibit.preview_status == PreviewStatus.NONE
    assert "Preparing preview" not in visible_text(response)
    assert 'http-equiv="refresh"' not in response.text


def test_a_video_gets_a_still_frame_without_metadata(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    # ffmpeg is installed wherever the tests run (ARCHITECTURE.md), so the still is cheap.
    video = fixtures.make_mp4(tmp_path / "doorstep.mp4", seconds=1.5, location="+51.5072-000.1275/")

    _upload_and_make_previews(
        signed_in_client, django_capture_on_commit_callbacks, as_upload(video)
    )

    exhibit = Exhibit.objects.get()
    assert exhibit.preview_status == PreviewStatus.READY
    assert stored_bytes(exhibit) == video.read_bytes()
    content = downloaded(_preview(signed_in_client, exhibit, "display"))
    picture = Image.open(BytesIO(content))
    assert picture.format == "JPEG"
    assert not picture.getexif()
    assert b"51.5072" not in content
