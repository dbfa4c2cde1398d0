"""What we keep is decided by a file's bytes, never by its name."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from evidence import sniffing
from evidence.sniffing import ACCEPTED_DESCRIPTION, Sniffed, sniff
from tests.evidence import fixtures

SMALL = (64, 48)


def _small_jpeg(path: Path) -> Path:
    return fixtures.make_jpeg(path, size=SMALL)


# Each file is given a name that lies about what it is.
ACCEPTED: list[tuple[Callable[[Path], Path], str, Sniffed]] = [
    (_small_jpeg, "letter.pdf", sniffing.JPEG),
    (fixtures.make_png, "photo.jpg", sniffing.PNG),
    (fixtures.make_heic, "photo.jpg", sniffing.HEIC),
    (fixtures.make_webp, "picture.png", sniffing.WEBP),
    (fixtures.make_gif, "video.mp4", sniffing.GIF),
    (fixtures.make_pdf, "scan.jpg", sniffing.PDF),
    (fixtures.make_text, "messages.eml", sniffing.TEXT),
    (fixtures.make_eml, "notes.txt", sniffing.EMAIL),
    (fixtures.make_mp3, "voicemail.m4a", sniffing.MP3),
    (fixtures.make_m4a, "voicemail.mp3", sniffing.M4A),
    (fixtures.make_aac, "voicemail.wav", sniffing.AAC),
    (fixtures.make_wav, "recording.mp3", sniffing.WAV),
    (fixtures.make_ogg, "voice-note.m4a", sniffing.OPUS),
    (fixtures.make_mp4, "clip.mov", sniffing.MP4),
    (fixtures.make_mov, "clip.mp4", sniffing.MOV),
]


@pytest.mark.parametrize(
    ("make", "misleading_name", "expected"),
    ACCEPTED,
    ids=[f"{expected.extension[1:]}-called-{name}" for _, name, expected in ACCEPTED],
)
def test_each_accepted_type_is_recognised_by_its_bytes_whatever_its_name(
    tmp_path, make, misleading_name, expected
):
    path = make(tmp_path / misleading_name)

    assert sniff(path) == expected


def test_a_jpeg_called_letter_pdf_is_a_photo_with_a_jpeg_extension(tmp_path):
    path = fixtures.make_jpeg(tmp_path / "letter.pdf", size=SMALL)

    sniffed = sniff(path)

    assert sniffed == Sniffed("image/jpeg", "image", "Photo (JPEG)", ".jpg")


def test_an_email_called_notes_txt_is_an_email(tmp_path):
    path = fixtures.make_eml(tmp_path / "notes.txt")

    assert sniff(path) == sniffing.EMAIL


def test_an_email_that_starts_with_its_subject_is_still_an_email(tmp_path):
    # libmagic calls this text/plain; the headers say otherwise.
    path = fixtures.make_eml(tmp_path / "mail", header_order=("Subject", "From", "To", "Date"))

    assert sniff(path) == sniffing.EMAIL


def test_an_email_with_an_html_alternative_is_still_an_email(tmp_path):
    path = fixtures.make_eml(tmp_path / "mail", html="<html><body><p>See you</p></body></html>")

    assert sniff(path) == sniffing.EMAIL


def test_text_that_only_mentions_a_sender_is_kept_as_text_not_as_an_email(tmp_path):
    path = fixtures.make_text(tmp_path / "notes.eml", "He said: From: me, to you.\nSubject: us\n")

    assert sniff(path) == sniffing.TEXT


def test_headers_without_a_sender_are_kept_as_text(tmp_path):
    path = fixtures.make_text(tmp_path / "mail.eml", "To: me@example.invalid\nSubject: hi\n\nhi\n")

    assert sniff(path) == sniffing.TEXT


def test_text_written_on_windows_in_latin_1_is_accepted(tmp_path):
    path = fixtures.make_text(
        tmp_path / "notes", "Caf\xe9 at 9pm, \u201cI know\u201d", encoding="cp1252"
    )

    assert sniff(path) == sniffing.TEXT


def test_a_comma_separated_message_export_is_kept_as_text(tmp_path):
    rows = "".join(f"2026-10-12 23:{n:02d},+447700900123,where are you\n" for n in range(10))
    path = fixtures.make_text(tmp_path / "messages.txt", "time,from,text\n" + rows)

    assert sniff(path) == sniffing.CSV


def test_an_ogg_vorbis_recording_is_audio(tmp_path):
    path = fixtures.make_ogg(tmp_path / "note", codec="libvorbis")

    assert sniff(path) == sniffing.OGG


def test_an_mp4_holding_only_sound_is_a_recording_not_a_video(tmp_path):
    # Some Android recorders save voice notes as plain MP4 without the M4A brand.
    path = fixtures.make_audio_only_mp4(tmp_path / "recording.mp4")

    assert sniff(path) == sniffing.M4A


def test_a_pdf_with_javascript_is_kept_as_a_pdf(tmp_path):
    # It is evidence; it is never shown in the browser, only drawn by our own renderer.
    path = fixtures.make_pdf_with_javascript(tmp_path / "letter.pdf")

    assert sniff(path) == sniffing.PDF


def test_a_truncated_jpeg_is_kept_as_a_jpeg(tmp_path):
    path = fixtures.make_truncated_jpeg(tmp_path / "photo.jpg")

    assert sniff(path) == sniffing.JPEG


def test_a_png_bomb_is_still_recognised_as_a_png_so_intake_can_name_the_problem(tmp_path):
    path = fixtures.make_png_bomb(tmp_path / "huge.png")

    assert sniff(path) == sniffing.PNG


def _tiff(path: Path) -> Path:
    Image.new("RGB", SMALL).save(path, format="TIFF")
    return path


def _text_with_binary_after_two_megabytes(path: Path) -> Path:
    path.write_bytes(b"an ordinary line of text\n" * 90_000 + b"MZ\x90\x00\x03\x00\x00\x00")
    return path


def _utf16_text(path: Path) -> Path:
    return fixtures.make_text(path, "hello there", encoding="utf-16")


def _markup_as_text(path: Path) -> Path:
    return fixtures.make_text(path, "   <title>hi</title><img src=x onerror=alert(1)>")


REFUSED: list[tuple[Callable[[Path], Path], str]] = [
    (fixtures.make_html_renamed_jpg, "photo.jpg"),
    (fixtures.make_svg, "picture.svg"),
    (fixtures.make_svg, "picture.png"),
    (fixtures.make_shell_script, "photo.jpg"),
    (fixtures.make_zip_bomb_docx, "statement.docx"),
    (fixtures.make_windows_exe, "letter.pdf"),
    (fixtures.make_empty, "photo.jpg"),
    (_tiff, "scan.jpg"),
    (_text_with_binary_after_two_megabytes, "notes.txt"),
    (_utf16_text, "notes.txt"),
    (_markup_as_text, "notes.txt"),
]


@pytest.mark.parametrize(
    ("make", "name"),
    REFUSED,
    ids=[f"{make.__name__.removeprefix('make_').strip('_')}-as-{name}" for make, name in REFUSED],
)
def test_a_hostile_or_unexpected_file_is_refused(tmp_path, make, name):
    path = make(tmp_path / name)

    assert sniff(path) is None


def test_a_missing_file_is_refused_rather_than_raising(tmp_path):
    assert sniff(tmp_path / "gone.jpg") is None


def test_the_refusal_names_every_kind_of_file_we_accept():
    for word in ("JPEG", "PNG", "HEIC", "WebP", "GIF", "PDF", "text", ".eml", "MP3", "M4A"):
        assert word in ACCEPTED_DESCRIPTION
    for word in ("WAV", "OGG", "MP4", "MOV"):
        assert word in ACCEPTED_DESCRIPTION
