"""Exhibits an officer can read in the printed pack: pictures at a size to read, every page of a
scanned letter up to ten, what a recording says, a video's own recording time, the full hash
only in the index, and which originals in the ZIP still hold a location.

One small case is made through the services and packed through the pages, as a person would.
"""

import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from evidence import services, storage
from evidence.models import Exhibit
from evidence.pack.gather import gather
from evidence.pack.pages import pack_html
from evidence.pack.pages.exhibits import (
    PHOTO_HEIGHT_MM,
    PICTURE_FULL_WIDTH_MM,
    PICTURE_MAX_HEIGHT_MM,
    PICTURE_MIN_WIDTH_MM,
    picture_size_mm,
)
from evidence.pack.redaction import REDACTED
from evidence.pack.selectors import Selection
from tests.evidence import fixtures
from tests.evidence.pack.test_document import pdftotext
from tests.evidence.test_officer_exhibits import scanned_letter
from tests.evidence.uploading import keep_file
from tests.factories import UserFactory, make_incident
from tests.security.held_helpers import body_of, build_pack, choose_pack

pytestmark = pytest.mark.django_db
A4_WIDTH_MM = 210
MM_PER_INCH = 25.4
HIDDEN = "Larchfield"
VOICEMAIL_WORDS = f"You can't hide from me. I know you moved to {HIDDEN} Road. Pick up."
HOME_GPS = (53.4808, -2.2426)


@dataclass
class Packed:
    exhibits: dict
    pdf: Path
    pages: list[str]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())


def _make_case(user, folder: Path) -> dict:
    note = make_incident(user, occurred_on=date(2026, 10, 4), narrative="He called all night.")
    made = {
        "car": fixtures.make_jpeg(folder / "IMG_4102.jpg", size=(2016, 1512), gps=HOME_GPS),
        "calls": fixtures.make_png(folder / "Screenshot_calls.png", size=(1170, 2532)),
        "letter": scanned_letter(folder / "scan_letter.pdf", 12),
        "voicemail": fixtures.make_mp3(folder / "voicemail.mp3", seconds=2.0),
        "doorbell": fixtures.make_mov(
            folder / "doorbell.mov", size=(640, 360), created="2026-10-26T17:31:00Z"
        ),
    }
    exhibits = {name: keep_file(user, path, incidents=[note]) for name, path in made.items()}
    services.exhibit_transcript_save(exhibit=exhibits["voicemail"], transcript=VOICEMAIL_WORDS)
    return exhibits


def _pack(client, folder: Path, capture, *, located: str = "include", hidden: str = "") -> Packed:
    user = UserFactory(full_name="Sarah Price", initials="SP")
    with capture(execute=True):
        exhibits = _make_case(user, folder)
    client.force_login(user)
    pack = build_pack(client, choose_pack(client, redactions=hidden), capture, located=located)
    path = folder / "pack.pdf"
    path.write_bytes(body_of(client.get(reverse("packs:pdf", args=[pack.pk]))))
    fresh = {name: Exhibit.objects.get(pk=exhibit.pk) for name, exhibit in exhibits.items()}
    return Packed(fresh, path, pdftotext(path))


@pytest.fixture
def packed(client, tmp_path, django_capture_on_commit_callbacks) -> Packed:
    return _pack(client, tmp_path, django_capture_on_commit_callbacks, hidden=HIDDEN)


def printed_pictures(pdf: Path) -> list[tuple[int, int, float]]:
    """Each picture drawn in the PDF: its pixel width and height, and its printed width in mm."""
    listing = subprocess.run(  # noqa: S603
        ["pdfimages", "-list", str(pdf)],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout.splitlines()[2:]
    pictures = []
    for row in listing:
        columns = row.split()
        width, height, x_ppi = int(columns[3]), int(columns[4]), int(columns[12])
        pictures.append((width, height, width / x_ppi * MM_PER_INCH))
    return pictures


# Sizes ---------------------------------------------------------------------------------------


def test_landscape_is_full_width_portrait_two_thirds_and_screenshots_the_page_height():
    landscape = picture_size_mm(1200, 900)
    photo = picture_size_mm(900, 1200)
    screenshot = picture_size_mm(554, 1200)

    assert landscape == (PICTURE_FULL_WIDTH_MM, pytest.approx(PICTURE_FULL_WIDTH_MM * 0.75))
    assert photo == (pytest.approx(PHOTO_HEIGHT_MM * 0.75), pytest.approx(PHOTO_HEIGHT_MM))
    assert photo[0] >= A4_WIDTH_MM / 2  # a portrait photo is over half the page wide
    assert screenshot[1] == pytest.approx(PICTURE_MAX_HEIGHT_MM)
    assert screenshot[0] >= A4_WIDTH_MM / 2 - 16  # half the page, less its margin
    # A scrolling capture too tall for half the width keeps to the page's height instead.
    scroll = picture_size_mm(300, 1200)
    assert scroll[1] == pytest.approx(PICTURE_MAX_HEIGHT_MM)
    assert scroll[0] < PICTURE_MIN_WIDTH_MM


def test_pictures_print_at_a_size_to_read(packed):
    pictures = printed_pictures(packed.pdf)

    by_shape = {}
    for width, height, printed in pictures:
        by_shape.setdefault((width, height), []).append(printed)
    car, calls, still = by_shape[(1200, 900)], by_shape[(554, 1200)], by_shape[(640, 360)]
    # Landscape: the exhibit box's full width (A4 less the margins and the box's padding).
    assert car == [pytest.approx(PICTURE_FULL_WIDTH_MM, abs=1.5)]
    assert still == [pytest.approx(PICTURE_FULL_WIDTH_MM, abs=1.5)]
    # A tall phone screenshot: at least half the page's width, where it was a quarter before.
    assert calls[0] >= A4_WIDTH_MM / 2 - 2
    # The car, the screenshot, ten pages of the letter and the video's still.
    assert len(pictures) == 1 + 1 + 10 + 1


def test_the_pack_html_gives_every_picture_both_sides(
    user, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _make_case(user, tmp_path)
    content = gather(
        owner=user,
        selection=Selection(),
        reference="P-20261127-TEST",
        created_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
    ).content

    pictures = re.findall(r"<img [^>]*>", pack_html(content))

    assert len(pictures) == 13
    sized = [re.search(r'style="width: ([\d.]+)mm; height: ([\d.]+)mm"', tag) for tag in pictures]
    assert all(sized), pictures
    assert all(float(match[1]) <= PICTURE_FULL_WIDTH_MM for match in sized)
    assert all(float(match[2]) <= PICTURE_MAX_HEIGHT_MM for match in sized)


# A scanned letter ----------------------------------------------------------------------------


def test_a_long_letter_prints_its_first_ten_pages_and_says_so(packed):
    pictures = printed_pictures(packed.pdf)

    pages = [p for p in pictures if p[1] == 1200 and p[0] in range(845, 852)]
    assert len(pages) == 10
    assert "Pages: 12 pages; pages 1–10 of 12 printed here" in packed.text
    assert "Page 1 of 12" in packed.text
    assert "Page 10 of 12" in packed.text
    assert "Page 11 of 12" not in packed.text


# Recordings and videos -----------------------------------------------------------------------


def test_what_a_voicemail_says_is_printed_with_the_hidden_words_removed(packed):
    assert "What is said or shown You can't hide from me. I know you moved to" in packed.text
    assert f"{REDACTED} Road. Pick up." in packed.text
    assert HIDDEN not in packed.text


def test_a_videos_recording_time_is_printed_as_what_the_file_says(packed):
    assert (
        "Recorded: Monday 26 October 2026, 5:31pm, as the file itself says "
        "(its own clock, not checked)"
    ) in packed.text
    assert "Recorded 26 Oct 2026, 5:31pm GMT, according to the file itself." in packed.text


# Hashes and locations ------------------------------------------------------------------------


def test_the_full_hash_is_printed_only_in_the_index(packed):
    # The index runs on after the last incident: split at its opening words, not at a page.
    before, index = packed.text.split("Every exhibit in this pack.", 1)

    for exhibit in packed.exhibits.values():
        assert f"SHA-256 begins {exhibit.sha256[:12]}" in " ".join(before.split())
        assert exhibit.sha256 not in re.sub(r"\s", "", before)
        assert exhibit.sha256 in re.sub(r"\s", "", index)


def test_the_index_says_which_original_in_the_zip_holds_a_location(packed):
    car = packed.exhibits["car"]

    entry = packed.text.split(f"Exhibit {car.reference} — Photo or screenshot")[-1][:600]
    assert "The original in the ZIP holds a location." in entry
    assert packed.text.count("The original in the ZIP holds a location.") == 1


def test_an_original_left_out_of_the_zip_is_not_said_to_hold_a_location_there(
    client, tmp_path, django_capture_on_commit_callbacks
):
    packed = _pack(client, tmp_path, django_capture_on_commit_callbacks, located="leave_out")

    assert "The original in the ZIP holds a location." not in packed.text
    assert "left out of the bundle because it carries location data" in packed.text


def test_the_print_copies_of_a_letter_carry_no_metadata(packed):
    letter = packed.exhibits["letter"]

    pages = list(letter.print_pages.all())
    assert len(pages) == 9
    for page in pages:
        with storage.open_stored(page.print_key, owner_id=letter.owner_id) as file:
            image = Image.open(file)
            image.load()
            assert not image.getexif()
            assert "icc_profile" not in image.info
