"""Issue 5's bad input: each gets a plain message, and what must not be kept leaves no trace."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Exhibit
from tests.diary.pages import visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import (
    FILES,
    as_upload,
    downloaded,
    encoded_filename,
    kept,
    raw_upload,
    small_jpeg,
    stored_bytes,
    text_file,
    upload,
)

NOT_A_KIND_WE_KEEP = "this is not a kind of file we can keep. You can upload a photo (JPEG,"
OPAQUE_KEY = re.compile(r"^s/originals/[0-9a-f]{32}$")


def _stored_originals() -> set[str]:
    try:
        return set(default_storage.listdir("originals")[1])
    except FileNotFoundError:  # the local folder appears with the first file kept
        return set()


@pytest.fixture
def nothing_new_is_stored(db):
    """Checks, after the test, that no exhibit and no stored original was added."""
    before = _stored_originals()
    yield
    assert not Exhibit.objects.exists()
    assert _stored_originals() == before


def _refused(response, message: str) -> str:
    assert response.status_code == 200
    page = visible_text(response)
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in response.text
    return page


@pytest.fixture(scope="module")
def png_bomb(tmp_path_factory):
    return fixtures.make_png_bomb(tmp_path_factory.mktemp("bomb") / "holiday.png")


# Files we never keep ------------------------------------------------------------------------


def test_a_30000_by_30000_pixel_png_is_refused_before_it_is_decoded(
    signed_in_client, user, png_bomb, nothing_new_is_stored
):
    response = upload(signed_in_client, as_upload(png_bomb))

    _refused(
        response,
        "holiday.png: the picture is too large to open safely (more than 64 million pixels).",
    )


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_picture_just_over_the_pixel_limit_is_refused_too(
    signed_in_client, user, tmp_path, nothing_new_is_stored
):
    # 81 million pixels: Pillow on its own would only warn below twice its limit.
    bomb = fixtures.make_png_bomb(tmp_path / "scan.png", side=9_000)

    response = upload(signed_in_client, as_upload(bomb))

    _refused(response, "scan.png: the picture is too large to open safely")


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (fixtures.make_html_renamed_jpg, "photo.jpg"),
        (fixtures.make_svg, "drawing.svg"),
        (fixtures.make_svg, "drawing.png"),
        (fixtures.make_shell_script, "photo.jpg"),
        (fixtures.make_zip_bomb_docx, "statement.docx"),
        (fixtures.make_windows_exe, "letter.pdf"),
    ],
)
def test_a_file_that_is_not_a_kind_we_keep_is_refused_whatever_its_name(
    signed_in_client, user, tmp_path, nothing_new_is_stored, make, name
):
    path = make(tmp_path / name)

    response = upload(signed_in_client, SimpleUploadedFile(name, path.read_bytes(), "image/jpeg"))

    page = _refused(response, f"{name}: {NOT_A_KIND_WE_KEEP}")
    assert "MP4 or MOV" in page


def test_the_refusal_names_every_kind_of_file_we_accept(signed_in_client, user, tmp_path):
    response = upload(signed_in_client, as_upload(fixtures.make_svg(tmp_path / "x.svg")))

    page = visible_text(response)
    for kind in ("JPEG", "PNG", "HEIC", "WebP", "GIF", "PDF", "text", ".eml", "MP3", "M4A"):
        assert kind in page
    for kind in ("WAV", "OGG", "MP4", "MOV"):
        assert kind in page


def test_an_empty_file_is_refused(signed_in_client, user, nothing_new_is_stored):
    response = upload(signed_in_client, SimpleUploadedFile("blank.jpg", b""))

    _refused(response, "blank.jpg: the file is empty.")


def test_more_than_twenty_files_at_once_are_refused(
    signed_in_client, user, tmp_path, nothing_new_is_stored
):
    chosen = [SimpleUploadedFile(f"note{n}.txt", f"text {n}\n".encode()) for n in range(21)]

    response = upload(signed_in_client, *chosen)

    _refused(response, "You chose 21 files. Upload up to 20 at a time.")


def test_twenty_files_at_once_are_all_kept(signed_in_client, user):
    chosen = [SimpleUploadedFile(f"note{n}.txt", f"text {n}\n".encode()) for n in range(20)]

    upload(signed_in_client, *chosen)

    assert len(kept(user)) == 20


def test_a_file_over_the_size_limit_is_refused_and_not_kept(
    signed_in_client, user, settings, nothing_new_is_stored
):
    settings.EVIDENCE_MAX_FILE_BYTES = 1024 * 1024
    too_big = SimpleUploadedFile("video.mp4", b"\x00" * (1024 * 1024 + 1))

    response = upload(signed_in_client, too_big)

    _refused(response, "video.mp4: it is bigger than 1 MB, so it was not kept.")


def test_a_file_over_the_size_limit_does_not_stop_the_others_being_kept(
    signed_in_client, user, settings, tmp_path
):
    settings.EVIDENCE_MAX_FILE_BYTES = 64 * 1024
    photo = small_jpeg(tmp_path)
    too_big = SimpleUploadedFile("huge.txt", b"a" * (64 * 1024 + 1))

    response = upload(signed_in_client, too_big, as_upload(photo), follow=True)

    assert [exhibit.original_name for exhibit in kept(user)] == ["photo.jpg"]
    page = visible_text(response)
    assert "Kept 1 file: JS/1." in page
    assert "huge.txt: it is bigger than" in page


def test_a_file_exactly_at_the_size_limit_is_kept(signed_in_client, user, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 64 * 1024
    content = b"a" * (64 * 1024 - 1) + b"\n"

    upload(signed_in_client, SimpleUploadedFile("long.txt", content))

    assert stored_bytes(Exhibit.objects.get()) == content


def test_a_file_that_would_go_over_the_quota_is_refused(
    signed_in_client, user, settings, tmp_path, nothing_new_is_stored
):
    settings.EVIDENCE_QUOTA_BYTES = 1000

    response = upload(signed_in_client, SimpleUploadedFile("long.txt", b"a" * 2000))

    _refused(response, "long.txt: there is not enough room left in your account.")


def test_the_quota_counts_the_files_already_kept_and_those_earlier_in_the_same_upload(
    signed_in_client, user, settings
):
    settings.EVIDENCE_QUOTA_BYTES = 1500
    upload(signed_in_client, SimpleUploadedFile("first.txt", b"1" * 600))

    response = upload(
        signed_in_client,
        SimpleUploadedFile("second.txt", b"2" * 600),
        SimpleUploadedFile("third.txt", b"3" * 600),
        follow=True,
    )

    assert [exhibit.original_name for exhibit in kept(user)] == ["first.txt", "second.txt"]
    assert "third.txt: there is not enough room left in your account." in visible_text(response)


def test_one_bad_file_among_good_ones_is_named_and_the_good_ones_are_kept(
    signed_in_client, user, tmp_path
):
    good = small_jpeg(tmp_path)
    bad = fixtures.make_windows_exe(tmp_path / "invoice.pdf")

    response = upload(signed_in_client, as_upload(good), as_upload(bad), follow=True)

    assert [exhibit.original_name for exhibit in kept(user)] == ["photo.jpg"]
    page = visible_text(response)
    assert "Kept 1 file: JS/1." in page
    assert f"invoice.pdf: {NOT_A_KIND_WE_KEEP}" in page


def test_a_refused_files_name_is_shown_as_text(signed_in_client, user, tmp_path):
    path = fixtures.make_svg(tmp_path / "x.svg")

    response = upload(
        signed_in_client, SimpleUploadedFile("<img src=x onerror=alert(1)>.svg", path.read_bytes())
    )

    assert "<img src=x onerror=alert(1)>" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;.svg" in response.text


# Files we keep, carefully -------------------------------------------------------------------


def test_the_same_file_twice_is_kept_twice_and_each_page_says_they_are_identical(
    signed_in_client, user, tmp_path
):
    photo = small_jpeg(tmp_path)

    upload(signed_in_client, as_upload(photo), as_upload(photo, "copy of photo.jpg"))

    first, second = kept(user)
    assert first.sha256 == second.sha256
    assert first.original_key != second.original_key
    assert stored_bytes(first) == stored_bytes(second)
    second_page = visible_text(signed_in_client.get(reverse("evidence:exhibit", args=[second.pk])))
    assert "This file is identical to JS/1 . Both are kept." in second_page
    first_page = visible_text(signed_in_client.get(reverse("evidence:exhibit", args=[first.pk])))
    assert "This file is identical to JS/2 . Both are kept." in first_page


def test_the_same_file_sent_again_later_is_noted_as_identical(signed_in_client, user, tmp_path):
    photo = small_jpeg(tmp_path)
    upload(signed_in_client, as_upload(photo), follow=True)
    upload(signed_in_client, as_upload(text_file(tmp_path, "different\n")), follow=True)

    response = upload(signed_in_client, as_upload(photo), follow=True)

    assert response.context["exhibit"] == kept(user)[2]
    page = visible_text(response)
    assert "This file is identical to JS/1 . Both are kept." in page
    assert "JS/2" not in page


@pytest.mark.parametrize(
    ("filename_parameter", "expected_name"),
    [
        ('="../../etc/passwd.jpg"', "passwd.jpg"),
        ('="..\\\\..\\\\windows\\\\photo.jpg"', "photo.jpg"),
        (encoded_filename("../../secret/photo.jpg"), "photo.jpg"),
        (encoded_filename("line one\nline two\r.jpg"), None),
        (encoded_filename("tab\there\x00nul.jpg"), None),
    ],
)
def test_a_file_name_with_folders_or_control_characters_is_kept_cleaned(
    signed_in_client, user, tmp_path, filename_parameter, expected_name
):
    photo = small_jpeg(tmp_path)

    response = raw_upload(signed_in_client, filename_parameter, photo.read_bytes())

    assert response.status_code == 302
    exhibit = Exhibit.objects.get()
    name = exhibit.original_name
    if expected_name:
        assert name == expected_name
    assert not set(name) & {"/", "\\", "\n", "\r", "\t", "\x00"}
    assert name.endswith(".jpg")
    assert OPAQUE_KEY.match(exhibit.original_key)
    assert stored_bytes(exhibit) == photo.read_bytes()


def test_a_file_name_with_quotes_and_markup_is_kept_as_text_and_shown_escaped(
    signed_in_client, user, tmp_path
):
    name = 'Mum\'s "birthday" <img src=x onerror=alert(1)>.jpg'
    raw_upload(signed_in_client, encoded_filename(name), small_jpeg(tmp_path).read_bytes())
    exhibit = Exhibit.objects.get()

    response = signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk]))

    assert exhibit.original_name == name
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert name in visible_text(response)
    listing = signed_in_client.get(FILES)
    assert name in visible_text(listing)
    assert "<img src=x" not in listing.text


def test_a_300_character_file_name_is_kept_shortened_with_its_ending(
    signed_in_client, user, tmp_path
):
    name = "a" * 296 + ".jpg"

    response = raw_upload(signed_in_client, f'="{name}"', small_jpeg(tmp_path).read_bytes())

    assert response.status_code == 302
    exhibit = Exhibit.objects.get()
    assert len(exhibit.original_name) <= 255
    assert exhibit.original_name.startswith("aaaa")
    assert exhibit.original_name.endswith(".jpg")
    page = signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk]))
    assert exhibit.original_name in page.text
    downloaded_response = signed_in_client.get(reverse("evidence:original", args=[exhibit.pk]))
    downloaded(downloaded_response)
    assert 'filename="file-JS-1.jpg"' in downloaded_response["Content-Disposition"]


def test_a_pdf_with_javascript_is_kept_but_only_ever_leaves_as_a_download(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    pdf = fixtures.make_pdf_with_javascript(tmp_path / "read me.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in_client, as_upload(pdf))

    exhibit = Exhibit.objects.get()
    assert stored_bytes(exhibit) == pdf.read_bytes()
    page = signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk])).text
    for tag in ("<iframe", "<embed", "<object"):
        assert tag not in page
    original = signed_in_client.get(reverse("evidence:original", args=[exhibit.pk]))
    assert downloaded(original) == pdf.read_bytes()
    assert original["Content-Disposition"].startswith("attachment")
    assert original["Content-Type"] == "application/octet-stream"
    assert original["X-Content-Type-Options"] == "nosniff"
    # What the page shows is our own picture of the first page, not the PDF.
    preview = signed_in_client.get(reverse("evidence:preview", args=[exhibit.pk, "display"]))
    assert preview["Content-Type"] == "image/jpeg"
    assert downloaded(preview).startswith(b"\xff\xd8\xff")


def test_markup_hidden_in_a_photos_exif_is_shown_as_text(signed_in_client, user, tmp_path):
    photo = small_jpeg(
        tmp_path, make="<script>alert('make')</script>", model="<b onmouseover=x>13</b>"
    )

    upload(signed_in_client, as_upload(photo))

    response = signed_in_client.get(reverse("evidence:exhibit", args=[Exhibit.objects.get().pk]))
    assert "<script>alert(" not in response.text
    assert "<b onmouseover" not in response.text
    assert "&lt;script&gt;alert(&#x27;make&#x27;)&lt;/script&gt;" in response.text
    assert "<script>alert('make')</script> <b onmouseover=x>13</b>" in visible_text(response)


def test_markup_in_an_email_is_shown_as_text(signed_in_client, user, tmp_path):
    email = fixtures.make_eml(
        tmp_path / "mail.eml",
        sender="<script>alert(1)</script> <x@example.invalid>",
        subject="<img src=x onerror=alert(2)>",
        body="<script>alert(3)</script>\n",
    )

    upload(signed_in_client, as_upload(email))

    response = signed_in_client.get(reverse("evidence:exhibit", args=[Exhibit.objects.get().pk]))
    assert "<script>alert(" not in response.text
    assert "<img src=x" not in response.text
    page = visible_text(response)
    assert "<img src=x onerror=alert(2)>" in page
    assert "<script>alert(3)</script>" in page
