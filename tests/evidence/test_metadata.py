"""What a file says about itself is read, reported as plain text, and never crashes intake."""

import resource
import time
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import ImageFile

from evidence import metadata, sniffing
from evidence.metadata import FileFacts, has_location, read_metadata
from evidence.sniffing import sniff
from tests.evidence import fixtures

SMALL = (64, 48)
PLUS_ONE_HOUR = timezone(timedelta(hours=1))


def _facts(path: Path) -> FileFacts:
    sniffed = sniff(path)
    assert sniffed is not None, f"{path.name} was not recognised"
    return read_metadata(path, sniffed)


# Photos ------------------------------------------------------------------------------------


def test_a_phone_jpeg_gives_its_capture_time_with_offset_camera_and_place(tmp_path):
    path = fixtures.make_jpeg(
        tmp_path / "photo.jpg",
        size=SMALL,
        exif_datetime="2026:10:03 07:42:10",
        offset="+01:00",
        gps=(51.507222, -0.1275),
        make="Apple",
        model="iPhone 13",
    )

    facts = _facts(path)

    assert facts.captured_at == datetime(2026, 10, 3, 7, 42, 10, tzinfo=PLUS_ONE_HOUR)
    assert facts.captured_at.utcoffset() == timedelta(hours=1)
    assert facts.captured_at_has_offset is True
    assert facts.camera == "Apple iPhone 13"
    assert facts.latitude == pytest.approx(51.507222, abs=1e-6)
    assert facts.longitude == pytest.approx(-0.1275, abs=1e-6)
    assert (facts.width, facts.height) == SMALL
    assert has_location(facts)


@pytest.mark.parametrize(
    ("gps", "hemispheres"),
    [
        ((51.507222, -0.1275), "north and west"),
        ((-33.856784, 151.215297), "south and east"),
        ((40.689247, 74.044502), "north and east"),
        ((-22.951916, -43.210487), "south and west"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_gps_is_signed_by_its_hemisphere(tmp_path, gps, hemispheres):
    path = fixtures.make_jpeg(tmp_path / "photo.jpg", size=SMALL, gps=gps)

    facts = _facts(path)

    assert (facts.latitude, facts.longitude) == (
        pytest.approx(gps[0], abs=1e-6),
        pytest.approx(gps[1], abs=1e-6),
    )


def test_a_capture_time_without_an_offset_is_kept_as_local_clock_time(tmp_path):
    path = fixtures.make_jpeg(tmp_path / "photo.jpg", size=SMALL, offset=None)

    facts = _facts(path)

    assert facts.captured_at == datetime(2026, 10, 3, 7, 42, 10)  # noqa: DTZ001 -- naive on purpose
    assert facts.captured_at.tzinfo is None
    assert facts.captured_at_has_offset is False


def test_a_photo_without_gps_has_no_location(tmp_path):
    path = fixtures.make_jpeg(tmp_path / "photo.jpg", size=SMALL, gps=None)

    facts = _facts(path)

    assert facts.latitude is None
    assert facts.longitude is None
    assert not has_location(facts)


def test_a_photo_turned_by_its_orientation_reports_its_upright_size(tmp_path):
    path = fixtures.make_jpeg(tmp_path / "photo.jpg", size=SMALL, orientation=6)

    facts = _facts(path)

    assert (facts.width, facts.height) == (48, 64)


def test_a_twelve_megapixel_photo_is_read_without_decoding_its_pixels(tmp_path, monkeypatch):
    path = fixtures.make_jpeg(tmp_path / "photo.jpg")
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))

    facts = _facts(path)

    assert decoded == []
    assert (facts.width, facts.height) == (4000, 3000)
    assert facts.camera == "Apple iPhone 13"


def test_a_camera_that_repeats_its_maker_in_the_model_is_named_once(tmp_path):
    path = fixtures.make_jpeg(
        tmp_path / "photo.jpg", size=SMALL, make="Canon", model="Canon EOS R5"
    )

    assert _facts(path).camera == "Canon EOS R5"


def test_an_iphone_heic_gives_its_capture_time_camera_and_place(tmp_path):
    path = fixtures.make_heic(
        tmp_path / "photo.heic", gps=(-33.856784, 151.215297), model="iPhone 15 Pro"
    )

    facts = _facts(path)

    assert facts.captured_at == datetime(2026, 10, 3, 7, 42, 10, tzinfo=PLUS_ONE_HOUR)
    assert facts.captured_at_has_offset is True
    assert facts.camera == "Apple iPhone 15 Pro"
    assert facts.latitude == pytest.approx(-33.856784, abs=1e-6)
    assert facts.longitude == pytest.approx(151.215297, abs=1e-6)
    assert (facts.width, facts.height) == SMALL


def test_a_png_with_exif_after_its_pixels_is_read_without_decoding_them(tmp_path, monkeypatch):
    exif = fixtures.make_exif(gps=(53.4808, -2.2426), orientation=None)
    path = fixtures.make_png(tmp_path / "shot.png", exif=exif, exif_after_pixels=True)
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))

    facts = _facts(path)

    assert decoded == []

    assert facts.camera == "Apple iPhone 13"
    assert facts.latitude == pytest.approx(53.4808, abs=1e-6)
    assert facts.longitude == pytest.approx(-2.2426, abs=1e-6)


def test_a_screenshot_without_exif_gives_only_its_size(tmp_path):
    path = fixtures.make_png(tmp_path / "shot.png", size=(39, 84))

    assert _facts(path) == FileFacts(width=39, height=84)


def test_script_in_exif_comes_back_as_the_plain_text_it_is(tmp_path):
    path = fixtures.make_jpeg(
        tmp_path / "photo.jpg",
        size=SMALL,
        make="<script>alert('make')</script>",
        model='<img src=x onerror="alert(1)">',
    )

    facts = _facts(path)

    assert facts.camera == "<script>alert('make')</script> <img src=x onerror=\"alert(1)\">"


def test_control_characters_are_removed_and_long_fields_are_cut_to_500_characters(tmp_path):
    path = fixtures.make_jpeg(
        tmp_path / "photo.jpg", size=SMALL, make=None, model="iPhone\x00\x1b[2J 13 " + "x" * 900
    )

    camera = _facts(path).camera

    assert camera.startswith("iPhone[2J 13 xxx")
    assert len(camera) == 500
    assert not any(unicodedata.category(character) == "Cc" for character in camera)


def test_impossible_exif_values_are_left_out_and_the_rest_is_kept(tmp_path):
    path = fixtures.make_jpeg(
        tmp_path / "photo.jpg", size=SMALL, exif_datetime="0000:00:00 00:00:00", gps=(91.5, 0.1)
    )

    facts = _facts(path)

    assert facts.captured_at is None
    assert facts.latitude is None
    assert facts.camera == "Apple iPhone 13"


# Damaged and hostile pictures --------------------------------------------------------------


def test_a_truncated_jpeg_still_gives_what_its_headers_say(tmp_path):
    path = fixtures.make_truncated_jpeg(tmp_path / "photo.jpg")

    facts = _facts(path)

    assert facts.camera == "Apple iPhone 13"
    assert facts.captured_at == datetime(2026, 10, 3, 7, 42, 10, tzinfo=PLUS_ONE_HOUR)
    assert (facts.width, facts.height) == SMALL


def test_a_png_bomb_is_flagged_without_allocating_its_pixels(tmp_path):
    path = fixtures.make_png_bomb(tmp_path / "huge.png")
    peak_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    facts = read_metadata(path, sniffing.PNG)
    elapsed = time.perf_counter() - started

    assert facts.exceeds_pixel_limit is True
    assert facts.width is None
    assert facts.height is None
    assert elapsed < 1
    # Decoding it would take about 900 MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before_kb < 50_000


def test_a_picture_a_little_over_the_pixel_limit_keeps_its_size_and_is_flagged(tmp_path):
    path = fixtures.make_png_bomb(tmp_path / "large.png", side=9_000)  # 81 megapixels

    with pytest.warns(Warning, match="decompression bomb"):
        facts = read_metadata(path, sniffing.PNG)

    assert facts.exceeds_pixel_limit is True
    assert (facts.width, facts.height) == (9_000, 9_000)


GARBAGE = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    "sniffed",
    [
        sniffing.JPEG,
        sniffing.PNG,
        sniffing.HEIC,
        sniffing.WEBP,
        sniffing.GIF,
        sniffing.PDF,
        sniffing.TEXT,
        sniffing.EMAIL,
        sniffing.MP3,
        sniffing.M4A,
        sniffing.AAC,
        sniffing.WAV,
        sniffing.OPUS,
        sniffing.MP4,
        sniffing.MOV,
    ],
    ids=lambda sniffed: sniffed.extension[1:],
)
@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_garbage_under_any_type_returns_facts_instead_of_raising(tmp_path, sniffed):
    path = tmp_path / f"damaged{sniffed.extension}"
    path.write_bytes(GARBAGE)

    facts = read_metadata(path, sniffed)

    assert isinstance(facts, FileFacts)
    assert not has_location(facts)


def test_a_missing_file_returns_empty_facts(tmp_path):
    assert read_metadata(tmp_path / "gone.jpg", sniffing.JPEG) == FileFacts()


# PDF ---------------------------------------------------------------------------------------


def test_a_pdf_gives_its_page_count_and_stated_creation_date(tmp_path):
    path = fixtures.make_pdf(tmp_path / "letter.pdf", pages=3, created="D:20261012231100+01'00'")

    facts = _facts(path)

    assert facts.page_count == 3
    assert facts.stated_created_at == datetime(2026, 10, 12, 23, 11, tzinfo=PLUS_ONE_HOUR)


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("D:20240101120000Z", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
        ("D:20240101120000Z00'00'", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
        (
            "D:20240101120000-05'30'",
            datetime(2024, 1, 1, 12, 0, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("D:20240101120000+0100", datetime(2024, 1, 1, 12, 0, tzinfo=PLUS_ONE_HOUR)),
        ("D:20240101120000", datetime(2024, 1, 1, 12, 0)),  # noqa: DTZ001 -- no offset given
        ("D:20240315", datetime(2024, 3, 15)),  # noqa: DTZ001 -- a date alone
        ("yesterday", None),
        ("D:20241399120000Z", None),
    ],
)
def test_pdf_creation_dates_are_read_in_the_forms_writers_use(tmp_path, stated, expected):
    path = fixtures.make_pdf(tmp_path / "letter.pdf", created=stated)

    assert _facts(path).stated_created_at == expected


def test_a_pdf_without_a_creation_date_still_gives_its_pages(tmp_path):
    path = fixtures.make_pdf(tmp_path / "letter.pdf", pages=2, created=None)

    facts = _facts(path)

    assert facts.page_count == 2
    assert facts.stated_created_at is None


def test_a_pdf_with_javascript_is_read_like_any_other(tmp_path):
    path = fixtures.make_pdf_with_javascript(tmp_path / "letter.pdf")

    assert _facts(path).page_count == 1


# Audio and video ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        fixtures.make_mp3,
        fixtures.make_m4a,
        fixtures.make_aac,
        fixtures.make_wav,
        fixtures.make_ogg,
        fixtures.make_audio_only_mp4,
    ],
    ids=lambda make: make.__name__.removeprefix("make_"),
)
def test_a_recording_gives_its_duration(tmp_path, make):
    path = make(tmp_path / "voicemail", seconds=1.5)

    assert _facts(path).duration_seconds == pytest.approx(1.5, abs=0.2)


def test_a_voicemail_gives_the_time_its_container_was_made(tmp_path):
    path = fixtures.make_m4a(tmp_path / "voicemail.m4a", created="2026-10-12T22:11:00Z")

    assert _facts(path).container_created_at == datetime(2026, 10, 12, 22, 11, tzinfo=UTC)


@pytest.mark.parametrize("make", [fixtures.make_mp4, fixtures.make_mov], ids=["mp4", "mov"])
def test_a_video_gives_duration_size_creation_time_and_place(tmp_path, make):
    path = make(
        tmp_path / "clip",
        seconds=1.0,
        size=(96, 64),
        created="2026-10-20T21:14:00Z",
        location="+51.5072-000.1275/",
    )

    facts = _facts(path)

    assert facts.duration_seconds == pytest.approx(1.0, abs=0.2)
    assert (facts.width, facts.height) == (96, 64)
    assert facts.container_created_at == datetime(2026, 10, 20, 21, 14, tzinfo=UTC)
    assert (facts.latitude, facts.longitude) == (51.5072, -0.1275)
    assert has_location(facts)


def test_without_ffprobe_video_facts_are_skipped_and_audio_still_has_a_duration(
    tmp_path, monkeypatch
):
    video = fixtures.make_mp4(tmp_path / "clip.mp4")
    audio = fixtures.make_mp3(tmp_path / "voicemail.mp3", seconds=1.5)
    monkeypatch.setattr(metadata.shutil, "which", lambda name: None)

    assert _facts(video) == FileFacts()
    assert _facts(audio).duration_seconds == pytest.approx(1.5, abs=0.2)


# Email and text ----------------------------------------------------------------------------


def test_an_email_gives_its_headers_and_plain_text_body(tmp_path):
    path = fixtures.make_eml(
        tmp_path / "mail.eml",
        sender="Someone <someone@example.invalid>",
        to="me@example.invalid",
        subject="You owe me",
        date="Mon, 12 Oct 2026 23:11:00 +0100",
        body="I'll be waiting outside your work tomorrow.\n",
    )

    facts = _facts(path)

    assert facts.email_from == "Someone <someone@example.invalid>"
    assert facts.email_to == "me@example.invalid"
    assert facts.email_subject == "You owe me"
    assert facts.email_date == datetime(2026, 10, 12, 23, 11, tzinfo=PLUS_ONE_HOUR)
    assert facts.email_body == "I'll be waiting outside your work tomorrow.\n"


def test_an_email_with_html_gives_only_its_plain_text_part(tmp_path):
    path = fixtures.make_eml(
        tmp_path / "mail.eml",
        body="See you soon.\n",
        html="<html><body><script>alert(1)</script><p>See you soon.</p></body></html>",
    )

    assert _facts(path).email_body == "See you soon.\n"


def test_an_email_with_only_html_has_no_body_but_keeps_its_headers(tmp_path):
    path = tmp_path / "mail.eml"
    path.write_bytes(
        b"From: a@example.invalid\nTo: b@example.invalid\nSubject: hi\n"
        b"Content-Type: text/html\n\n<p>hello</p>\n"
    )

    facts = _facts(path)

    assert facts.email_body is None
    assert facts.email_subject == "hi"


def test_an_email_subject_loses_characters_that_would_reverse_or_hide_text(tmp_path):
    path = fixtures.make_eml(tmp_path / "mail.eml", subject="Invoice \u202egnp.exe\x07")

    assert _facts(path).email_subject == "Invoice gnp.exe"


def test_a_long_email_body_is_cut_to_20000_characters(tmp_path):
    path = fixtures.make_eml(tmp_path / "mail.eml", body="I am watching you. " * 2_000)

    assert len(_facts(path).email_body) == 20_000


def test_an_email_with_a_nonsense_date_keeps_its_other_headers(tmp_path):
    path = fixtures.make_eml(tmp_path / "mail.eml", date="the day after you left")

    facts = _facts(path)

    assert facts.email_date is None
    assert facts.email_from == "Someone <someone@example.invalid>"


def test_a_text_file_gives_an_excerpt_of_its_first_2000_characters(tmp_path):
    lines = "".join(
        f"2026-10-12 23:{n % 60:02d} +447700900123: where are you\n" for n in range(200)
    )
    path = fixtures.make_text(tmp_path / "messages.txt", lines)

    excerpt = _facts(path).text_excerpt

    assert len(excerpt) == 2_000
    assert lines.startswith(excerpt)


def test_a_latin_1_text_file_reads_as_the_words_written(tmp_path):
    path = fixtures.make_text(
        tmp_path / "notes.txt", "Caf\xe9 at 9pm, \u201cI know\u201d", encoding="cp1252"
    )

    assert _facts(path).text_excerpt == "Caf\xe9 at 9pm, \u201cI know\u201d"
