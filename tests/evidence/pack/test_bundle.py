"""The originals bundle: what an officer unpacks and checks with `sha256sum -c SHA256SUMS`.

Originals are kept in the real storage (local files, or the S3 server CI starts), so the same
tests cover both.
"""

import dataclasses
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import tracemalloc
import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from evidence import storage
from evidence.pack.bundle import (
    CHUNK,
    BundleError,
    BundleExhibit,
    BundleIncident,
    build_manifest,
    safe_member_name,
    write_bundle,
)
from tests.evidence.uploading import sha256_of, small_jpeg, text_file
from tests.sealing import replace_stored

PDF = b"%PDF-1.7\n% an evidence pack drawn elsewhere\n%%EOF\n"
PDF_NAME = "evidence-pack-EP-7.pdf"
RECEIVED = datetime(2026, 10, 3, 6, 50, 12, tzinfo=UTC)
CAPTURED = datetime(2026, 10, 3, 6, 42, 10, tzinfo=UTC)
CREATED = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
INCIDENT = BundleIncident(
    incident_id=uuid.UUID("5f0c3c8e-8f5e-4a43-9d0e-1d1f6f3c2a10"),
    occurred_on=date(2026, 10, 3),
    final_revision_hash="a" * 64,
)
SAFE_MEMBER = re.compile(r"originals/[A-Za-z0-9][A-Za-z0-9._-]*")


@pytest.fixture
def keep(tmp_path, user):
    """Keep bytes in storage as an upload would; returns the exhibit as the bundle sees it."""
    keys = []

    def keep(
        content: bytes,
        *,
        reference: str = "JS/1",
        original_name: str = "letter.jpg",
        mime_type: str = "image/jpeg",
        extension: str = ".jpg",
    ) -> BundleExhibit:
        path = tmp_path / f"upload-{uuid.uuid4().hex}"
        path.write_bytes(content)
        key = storage.store_original(path, owner_id=user.pk)
        keys.append(key)
        return BundleExhibit(
            reference=reference,
            original_key=key,
            original_name=original_name,
            mime_type=mime_type,
            size=len(content),
            sha256=sha256_of(content),
            received_at=RECEIVED,
            captured_at=CAPTURED,
            extension=extension,
            owner_id=user.pk,
        )

    yield keep
    storage.delete_stored(*keys)


def make_bundle(path: Path, exhibits, *, pdf=PDF, **options) -> str:
    manifest = build_manifest(
        pack_reference="EP-7",
        created_at=CREATED,
        selection={"from": date(2026, 10, 1), "to": date(2026, 10, 31), "people": "all"},
        exhibits=exhibits,
        incidents=[INCIDENT],
    )
    with path.open("wb") as target:
        return write_bundle(
            target,
            pdf_bytes_or_path=pdf,
            pdf_name=PDF_NAME,
            manifest=manifest,
            exhibits=exhibits,
            **options,
        )


def unpacked(bundle: Path, folder: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder


def sha256sum_check(folder: Path) -> subprocess.CompletedProcess:
    program = shutil.which("sha256sum")
    assert program is not None, "sha256sum (GNU coreutils) is needed to check the bundle"
    return subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )


@pytest.fixture
def photo_and_messages(tmp_path, keep):
    photo = small_jpeg(tmp_path).read_bytes()
    messages = text_file(tmp_path, "You can't hide from me.\nI saw you at the bus stop.\n")
    return [
        keep(photo, reference="JS/1", original_name="IMG_0042.JPG"),
        keep(
            messages.read_bytes(),
            reference="JS/2",
            original_name="messages.txt",
            mime_type="text/plain",
            extension=".txt",
        ),
    ]


# What an officer unpacks ---------------------------------------------------------------------


def test_the_bundle_holds_the_pdf_the_manifest_and_every_original_byte_for_byte(
    tmp_path, photo_and_messages
):
    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, photo_and_messages)

    with zipfile.ZipFile(bundle) as archive:
        assert archive.testzip() is None
        # The originals first: the build writes them while the PDF is still being drawn.
        assert archive.namelist() == [
            "originals/JS-1_IMG_0042.JPG",
            "originals/JS-2_messages.txt",
            PDF_NAME,
            "manifest.json",
            "SHA256SUMS",
        ]
        assert archive.read(PDF_NAME) == PDF
        for exhibit in photo_and_messages:
            with storage.open_stored(exhibit.original_key, owner_id=exhibit.owner_id) as stored:
                assert archive.read(exhibit.member_path) == stored.read()
        manifest = json.loads(archive.read("manifest.json"))
    assert [entry["path"] for entry in manifest["exhibits"]] == [
        "originals/JS-1_IMG_0042.JPG",
        "originals/JS-2_messages.txt",
    ]


def test_sha256sum_check_passes_on_the_unpacked_bundle(tmp_path, photo_and_messages):
    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, photo_and_messages)

    checked = sha256sum_check(unpacked(bundle, tmp_path / "unpacked"))

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines() == [
        f"{PDF_NAME}: OK",
        "manifest.json: OK",
        "originals/JS-1_IMG_0042.JPG: OK",
        "originals/JS-2_messages.txt: OK",
    ]


def test_sha256sum_check_fails_after_one_byte_of_an_unpacked_original_is_changed(
    tmp_path, photo_and_messages
):
    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, photo_and_messages)
    folder = unpacked(bundle, tmp_path / "unpacked")
    original = folder / "originals/JS-2_messages.txt"
    content = bytearray(original.read_bytes())
    content[4] ^= 0x01
    original.write_bytes(bytes(content))

    checked = sha256sum_check(folder)

    assert checked.returncode != 0
    assert "originals/JS-2_messages.txt: FAILED" in checked.stdout
    assert "originals/JS-1_IMG_0042.JPG: OK" in checked.stdout


def test_every_unpacked_file_is_readable_when_unpacked_with_unzip(tmp_path, photo_and_messages):
    program = shutil.which("unzip")
    if program is None:
        pytest.skip("unzip is not installed")
    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, photo_and_messages)
    folder = tmp_path / "unpacked"

    subprocess.run([program, "-q", bundle, "-d", folder], check=True)  # noqa: S603 - fixed program

    files = [path for path in folder.rglob("*") if path.is_file()]
    assert len(files) == 5
    for path in files:
        assert path.stat().st_mode & stat.S_IRUSR, path
    assert sha256sum_check(folder).returncode == 0


def test_the_returned_hash_is_the_sha256_of_manifest_json(tmp_path, photo_and_messages):
    bundle = tmp_path / "pack.zip"

    manifest_hash = make_bundle(bundle, photo_and_messages)

    with zipfile.ZipFile(bundle) as archive:
        assert manifest_hash == hashlib.sha256(archive.read("manifest.json")).hexdigest()
        assert f"{manifest_hash}  manifest.json\n" in archive.read("SHA256SUMS").decode()


def test_sha256sums_is_in_the_exact_sha256sum_format(tmp_path, photo_and_messages):
    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, photo_and_messages)

    with zipfile.ZipFile(bundle) as archive:
        listing = archive.read("SHA256SUMS")
        # The PDF and manifest first, then the originals (which come first in the ZIP itself).
        names = sorted(archive.namelist(), key=lambda name: name.startswith("originals/"))
        expected = [
            f"{hashlib.sha256(archive.read(name)).hexdigest()}  {name}\n"
            for name in names
            if name != "SHA256SUMS"
        ]
    assert listing.decode("ascii") == "".join(expected)


def test_a_pdf_on_disk_is_copied_into_the_bundle(tmp_path, photo_and_messages):
    pdf_path = tmp_path / "drawn.pdf"
    pdf_path.write_bytes(PDF * 1000)
    bundle = tmp_path / "pack.zip"

    make_bundle(bundle, photo_and_messages, pdf=pdf_path)

    with zipfile.ZipFile(bundle) as archive:
        assert archive.read(PDF_NAME) == PDF * 1000
    assert sha256sum_check(unpacked(bundle, tmp_path / "unpacked")).returncode == 0


def test_photos_are_stored_as_they_are_and_text_is_compressed(tmp_path, photo_and_messages):
    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, photo_and_messages)

    with zipfile.ZipFile(bundle) as archive:
        assert archive.getinfo("originals/JS-1_IMG_0042.JPG").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("originals/JS-2_messages.txt").compress_type == (
            zipfile.ZIP_DEFLATED
        )


# The manifest ---------------------------------------------------------------------------------


def test_the_manifest_describes_the_pack_its_exhibits_and_incidents(photo_and_messages):
    london = ZoneInfo("Europe/London")

    manifest = build_manifest(
        pack_reference="EP-7",
        created_at=datetime(2026, 10, 4, 10, 0, tzinfo=london),  # 09:00 UTC in summer time
        selection={"from": date(2026, 10, 1), "kinds": ["message", "following"]},
        exhibits=photo_and_messages,
        incidents=[INCIDENT],
    )

    described = json.loads(manifest)
    photo = photo_and_messages[0]
    assert described["pack_reference"] == "EP-7"
    assert described["created_at"] == "2026-10-04T09:00:00+00:00"
    assert described["selection"] == {"from": "2026-10-01", "kinds": ["message", "following"]}
    assert described["exhibits"][0] == {
        "reference": "JS/1",
        "path": "originals/JS-1_IMG_0042.JPG",
        "original_name": "IMG_0042.JPG",
        "mime_type": "image/jpeg",
        "size": photo.size,
        "sha256": photo.sha256,
        "received_at": "2026-10-03T06:50:12+00:00",
        "captured_at": "2026-10-03T06:42:10+00:00",
    }
    assert described["incidents"] == [
        {
            "id": "5f0c3c8e-8f5e-4a43-9d0e-1d1f6f3c2a10",
            "occurred_on": "2026-10-03",
            "final_revision_hash": "a" * 64,
        }
    ]


def test_the_manifest_is_canonical_json_in_utf8():
    exhibit = BundleExhibit(
        reference="JS/3",
        original_key="originals/x",
        original_name="Zdjęcie spod domu.heic",
        mime_type="image/heic",
        size=10,
        sha256="b" * 64,
        received_at=RECEIVED,
        captured_at=None,
        extension=".heic",
    )
    made = [
        build_manifest(
            pack_reference="EP-7",
            created_at=CREATED,
            selection={"people": "all"},
            exhibits=[exhibit],
            incidents=[INCIDENT],
        )
        for _ in range(2)
    ]

    assert made[0] == made[1]
    assert made[0].endswith(b"}\n")
    described = json.loads(made[0].decode("utf-8"))
    canonical = json.dumps(described, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert made[0] == canonical.encode("utf-8")
    assert "Zdjęcie spod domu.heic".encode() in made[0]
    assert described["exhibits"][0]["captured_at"] is None


def test_a_time_without_a_timezone_is_refused_in_the_manifest():
    with pytest.raises(ValueError, match="timezone"):
        build_manifest(
            pack_reference="EP-7",
            created_at=datetime(2026, 10, 4, 10, 0),  # noqa: DTZ001 - the point of the test
            selection={},
            exhibits=[],
            incidents=[],
        )


# Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "original_name", "extension", "expected"),
    [
        ("JS/4", "letter.jpg", ".jpg", "JS-4_letter.jpg"),
        ("JS/4", "IMG_0001.JPG", ".jpg", "JS-4_IMG_0001.JPG"),
        ("JS/4", "photo.jpeg", ".jpg", "JS-4_photo.jpeg"),
        ("JS/4", "screenshot.png", ".jpg", "JS-4_screenshot.png.jpg"),
        ("JS/4", "voicemail", ".m4a", "JS-4_voicemail.m4a"),
        ("JS/4", "voicemail", "m4a", "JS-4_voicemail.m4a"),
        ("JS/12", "../../etc/passwd", ".txt", "JS-12_passwd.txt"),
        ("JS/4", "..\\..\\Windows\\win.ini", ".txt", "JS-4_win.ini.txt"),
        ("JS/4", ".hidden.jpg", ".jpg", "JS-4_hidden.jpg"),
        ("JS/4", 'he said "stop" & left.txt', ".txt", "JS-4_he_said_stop_left.txt"),
        ("JS/4", "line one\nline two.txt", ".txt", "JS-4_line_one_line_two.txt"),
        ("AB/7", "Zdjęcie spod domu — żółć.jpg", ".jpg", "AB-7_Zdjecie_spod_domu_zolc.jpg"),
        ("AB/7", "رسالة التهديد.jpg", ".jpg", "AB-7.jpg"),
        ("AB/7", "😀😀.png", ".png", "AB-7.png"),
        ("AB/7", "", ".pdf", "AB-7.pdf"),
    ],
)
def test_member_names_are_the_reference_and_a_safe_form_of_the_original_name(
    reference, original_name, extension, expected
):
    assert safe_member_name(reference, original_name, extension) == expected


def test_a_very_long_original_name_is_cut_and_keeps_its_extension():
    name = safe_member_name("JS/4", "a" * 300 + ".jpg", ".jpg")

    assert name == "JS-4_" + "a" * 76 + ".jpg"


HOSTILE_NAMES = [
    "../../etc/passwd",
    "/etc/shadow",
    "..\\..\\boot.ini",
    "..",
    "...jpg",
    "quote\"d 'name'.jpg",
    "new\nline\r\n.jpg",
    "tab\there\x00nul.jpg",
    "x" * 300,
    "é" * 300 + ".jpg",
    "Ωμέγα Привет 你好.jpg",
    "\u202egnp.exe",  # right-to-left override, to make "exe.png" look like a photo
    "CON",
    "nul.jpg",
    "-rf .jpg",
]


def test_hostile_original_names_stay_inside_originals(tmp_path, keep):
    exhibits = [
        keep(f"file {number}".encode(), reference=f"JS/{number}", original_name=name)
        for number, name in enumerate(HOSTILE_NAMES, start=1)
    ]
    bundle = tmp_path / "pack.zip"

    make_bundle(bundle, exhibits)

    with zipfile.ZipFile(bundle) as archive:
        originals = [name for name in archive.namelist() if name.startswith("originals/")]
    assert len(originals) == len(HOSTILE_NAMES)
    for name in originals:
        assert SAFE_MEMBER.fullmatch(name), name
        assert ".." not in name
        assert len(name.removeprefix("originals/")) <= len("JS-15_") + 80
    folder = unpacked(bundle, tmp_path / "unpacked")
    assert sorted(os.listdir(folder)) == sorted(
        ["originals", PDF_NAME, "manifest.json", "SHA256SUMS"]
    )
    assert len(os.listdir(folder / "originals")) == len(HOSTILE_NAMES)
    assert sha256sum_check(folder).returncode == 0


def test_two_exhibits_with_one_file_name_are_refused(tmp_path, keep):
    exhibits = [keep(b"one", reference="JS/1"), keep(b"two", reference="JS/1")]

    with pytest.raises(ValueError, match="share one file name"):
        make_bundle(tmp_path / "pack.zip", exhibits)


def test_a_manifest_for_other_exhibits_is_refused(tmp_path, keep):
    described = keep(b"one", reference="JS/1")
    bundled = keep(b"two", reference="JS/2")
    manifest = build_manifest(
        pack_reference="EP-7", created_at=CREATED, selection={}, exhibits=[described], incidents=[]
    )

    with (tmp_path / "pack.zip").open("wb") as target, pytest.raises(ValueError, match="does not"):
        write_bundle(
            target,
            pdf_bytes_or_path=PDF,
            pdf_name=PDF_NAME,
            manifest=manifest,
            exhibits=[bundled],
        )


@pytest.mark.parametrize("pdf_name", ["../pack.pdf", "manifest.json", "SHA256SUMS", ".pdf", ""])
def test_a_pdf_name_that_is_not_a_plain_file_name_is_refused(tmp_path, pdf_name):
    manifest = build_manifest(
        pack_reference="EP-7", created_at=CREATED, selection={}, exhibits=[], incidents=[]
    )

    with (tmp_path / "pack.zip").open("wb") as target, pytest.raises(ValueError, match="plain"):
        write_bundle(
            target,
            pdf_bytes_or_path=PDF,
            pdf_name=pdf_name,
            manifest=manifest,
            exhibits=[],
        )


# Faults ---------------------------------------------------------------------------------------


def test_an_original_missing_from_storage_stops_the_build_and_names_the_exhibit(tmp_path, keep):
    present = keep(b"still here", reference="JS/3")
    gone = keep(b"deleted behind our back", reference="JS/4")
    storage.delete_stored(gone.original_key)

    with pytest.raises(BundleError, match="^JS/4: the original is missing from storage$") as error:
        make_bundle(tmp_path / "pack.zip", [present, gone])

    assert error.value.reference == "JS/4"


def test_an_exhibit_without_a_stored_original_stops_the_build(tmp_path, keep):
    exhibit = keep(b"kept", reference="JS/5")
    never_stored = dataclasses.replace(exhibit, original_key="")

    with pytest.raises(BundleError, match="^JS/5: the original is missing from storage$"):
        make_bundle(tmp_path / "pack.zip", [never_stored])


def test_an_original_that_changed_since_it_arrived_stops_the_build_and_names_it(tmp_path, keep):
    exhibit = keep(b"The message as it arrived.", reference="JS/6")
    replace_stored(exhibit.original_key, b"The message, edited.", owner_id=exhibit.owner_id)

    with pytest.raises(BundleError, match="^JS/6: the original has changed since it arrived$"):
        make_bundle(tmp_path / "pack.zip", [exhibit])


def test_an_original_swapped_in_storage_without_its_key_stops_the_build(tmp_path, keep):
    exhibit = keep(b"The message as it arrived.", reference="JS/7")
    default_storage.delete(exhibit.original_key)
    default_storage.save(exhibit.original_key, ContentFile(b"Plain bytes put there by hand."))

    with pytest.raises(BundleError, match="^JS/7: the original does not open with its key$"):
        make_bundle(tmp_path / "pack.zip", [exhibit])


def test_a_storage_failure_stops_the_build_and_names_the_exhibit(tmp_path, keep):
    exhibit = keep(b"kept", reference="JS/8")

    def unreachable(exhibit):
        raise ConnectionError("storage did not answer")

    with pytest.raises(BundleError, match="^JS/8: the original could not be read from storage"):
        make_bundle(tmp_path / "pack.zip", [exhibit], open_original=unreachable)


# Memory ---------------------------------------------------------------------------------------


class ReadRecorder:
    """A stored file that remembers the most it was ever asked for, or gave, in one read."""

    def __init__(self, stored):
        self.stored = stored
        self.largest = 0

    def read(self, size=-1):
        chunk = self.stored.read(size)
        asked = float("inf") if size is None or size < 0 else size
        self.largest = max(self.largest, asked, len(chunk))
        return chunk

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stored.close()


def test_a_20_mb_original_is_copied_in_chunks_not_read_whole(tmp_path, keep):
    content = os.urandom(20 * 1024 * 1024)
    video = keep(
        content,
        reference="JS/9",
        original_name="doorbell.mp4",
        mime_type="video/mp4",
        extension=".mp4",
    )
    del content
    recorders = []

    def recording_open(exhibit):
        recorders.append(
            ReadRecorder(storage.open_stored(exhibit.original_key, owner_id=exhibit.owner_id))
        )
        return recorders[-1]

    bundle = tmp_path / "pack.zip"
    make_bundle(bundle, [video], open_original=recording_open)

    assert len(recorders) == 1
    assert 0 < recorders[0].largest <= CHUNK + 64 * 1024
    with zipfile.ZipFile(bundle) as archive:
        assert archive.getinfo("originals/JS-9_doorbell.mp4").file_size == 20 * 1024 * 1024
    assert sha256sum_check(unpacked(bundle, tmp_path / "unpacked")).returncode == 0


def test_bundling_a_20_mb_original_adds_far_less_than_20_mb_of_memory(tmp_path, keep):
    # On S3 this holds because storage.open_stored streams boto3's body (django-storages' own
    # file object downloads the whole object into memory first: 25-35 MB here).
    content = os.urandom(20 * 1024 * 1024)
    video = keep(
        content,
        reference="JS/9",
        original_name="doorbell.mp4",
        mime_type="video/mp4",
        extension=".mp4",
    )
    del content

    tracemalloc.start()
    try:
        make_bundle(tmp_path / "pack.zip", [video])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 6 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"
