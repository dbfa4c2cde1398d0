"""Originals leave only as downloads: exact bytes, a neutral name, never shown in the browser."""

import pytest
from django.urls import reverse

from evidence.models import Exhibit
from tests.evidence import fixtures
from tests.evidence.uploading import (
    as_upload,
    downloaded,
    sha256_of,
    small_jpeg,
    text_file,
    upload,
)


def _original(client, exhibit):
    return client.get(reverse("evidence:original", args=[exhibit.pk]))


def test_the_original_downloads_with_exactly_the_bytes_that_were_sent(
    signed_in_client, user, tmp_path
):
    photo = small_jpeg(tmp_path)
    upload(signed_in_client, as_upload(photo))

    response = _original(signed_in_client, Exhibit.objects.get())

    assert response.status_code == 200
    body = downloaded(response)
    assert body == photo.read_bytes()
    assert sha256_of(body) == Exhibit.objects.get().sha256


def test_the_original_is_an_attachment_under_a_neutral_name(signed_in_client, user, tmp_path):
    photo = small_jpeg(tmp_path, "stalker outside my flat.jpg")
    upload(signed_in_client, as_upload(photo))

    response = _original(signed_in_client, Exhibit.objects.get())
    downloaded(response)

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert 'filename="file-JS-1.jpg"' in disposition
    assert "stalker" not in disposition
    assert "flat" not in disposition


def test_the_browser_is_told_not_to_guess_or_run_what_it_downloads(
    signed_in_client, user, tmp_path
):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))

    response = _original(signed_in_client, Exhibit.objects.get())
    downloaded(response)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_download_leaves_no_copy_in_the_browsers_cache(signed_in_client, user, tmp_path):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))

    response = _original(signed_in_client, Exhibit.objects.get())
    downloaded(response)

    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("make", "name", "download_name"),
    [
        (lambda path: fixtures.make_pdf(path), "letter.PDF", "file-JS-1.pdf"),
        (lambda path: fixtures.make_eml(path), "Re: you.eml", "file-JS-1.eml"),
        (lambda path: text_file(path.parent, "hi\n", path.name), "sms export", "file-JS-1.txt"),
    ],
)
def test_the_download_name_takes_its_ending_from_what_the_file_really_is(
    signed_in_client, user, tmp_path, make, name, download_name
):
    path = make(tmp_path / "sample")
    upload(signed_in_client, as_upload(path, name))

    response = _original(signed_in_client, Exhibit.objects.get())
    downloaded(response)

    assert f'filename="{download_name}"' in response["Content-Disposition"]


def test_the_file_page_says_the_download_stays_on_this_device(signed_in_client, user, tmp_path):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))
    exhibit = Exhibit.objects.get()

    response = signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk]))

    assert f'href="{reverse("evidence:original", args=[exhibit.pk])}" download' in response.text
    assert "The download is saved on this device." in response.text


def test_a_physical_item_has_no_original_to_download(signed_in_client, user):
    signed_in_client.post(reverse("evidence:item_new"), {"caption": "Birthday card"})
    item = Exhibit.objects.get()

    assert _original(signed_in_client, item).status_code == 404


def test_downloading_needs_you_to_be_signed_in(client, user, tmp_path):
    client.force_login(user)
    upload(client, as_upload(small_jpeg(tmp_path)))
    client.logout()

    response = _original(client, Exhibit.objects.get())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
