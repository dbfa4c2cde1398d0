"""Held: hostile file names never shape the pack's ZIP (no zip slip, on any computer).

Files arrive under names built to escape a folder when unpacked (../, \\, absolute paths, drive
letters), to break a checksum list (newlines), to mislead (a right-to-left override) or to be
refused by a file system (500 characters). Some come in through the upload page as a browser
would send them; others are written straight into the database, as an older row or an import
might hold them, so the bundle's own naming is tested, not only the intake's cleaning.
"""

import io
import json
import re
import stat
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from django.urls import reverse

from evidence.models import Exhibit
from tests.evidence.uploading import encoded_filename, raw_upload, small_jpeg
from tests.sealing import as_stored
from tests.security.held_helpers import body_of, build_pack, choose_pack

HOSTILE_NAMES = [
    "../../etc/passwd.jpg",
    "..\\..\\windows\\win.ini.jpg",
    "/abs/path.jpg",
    "C:\\x.jpg",
    "C:x.jpg",
    "nul\x00byte.jpg",
    "new\nline\r.jpg",
    "tab\tand\x7fdelete.jpg",
    "invoice\u202egpj.exe.jpg",
    "a" * 496 + ".jpg",
    ".hidden.jpg",
    "...jpg",
    "originals/../../escape.jpg",
    "~/.ssh/authorized_keys.jpg",
    "%2e%2e%2fencoded.jpg",
    "photo.jpg",
    "photo.jpg",
    "PHOTO.JPG",
    "\u200bzero-width.jpg",
    "CON.jpg",
]
# Written straight into the database: PostgreSQL holds no NUL and at most 255 characters here.
STORED_AS_IS = [name[:255] for name in HOSTILE_NAMES if "\x00" not in name] + [
    "..",
    ".",
    "",
    "../../../../../../tmp/evil.jpg",
    "..\\..\\..\\Users\\Public\\evil.jpg",
    "\\\\server\\share\\evil.jpg",
    "/etc/cron.d/evil",
    "D:/evil.jpg",
    "a/b/../../../c.jpg",
    "line\nSHA256SUMS\n0000  ../../evil.jpg",
]
TOP_LEVEL = {"manifest.json", "SHA256SUMS", "manifest.json.sig", "signing-key.pub.pem"}
PACK_PDF = re.compile(r"notes-\d{4}-\d{2}-\d{2}\.pdf")
CHECKSUM_LINE = re.compile(r"([0-9a-f]{64})  (.+)")


def problems_with(name: str) -> list[str]:
    """What is wrong with one member name, for a ZIP unpacked on Linux, macOS or Windows."""
    problems = []
    parts = name.split("/")
    if name.startswith("/") or name.startswith("\\"):
        problems.append("absolute")
    if re.match(r"[A-Za-z]:", name):
        problems.append("drive letter")
    if "\\" in name:
        problems.append("backslash")
    if any(part in ("", ".", "..") for part in parts):
        problems.append("empty, . or .. part")
    if any(unicodedata.category(character).startswith("C") for character in name):
        problems.append("control or format character")
    if any(len(part.encode()) > 255 for part in parts):
        problems.append("part too long for a file system")
    if name not in TOP_LEVEL and not PACK_PDF.fullmatch(name):
        if len(parts) != 2 or parts[0] != "originals":
            problems.append("not a file directly in originals/")
        elif parts[1].startswith("."):
            problems.append("hidden file")
    return problems


@pytest.fixture
def bundle_with_hostile_names(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks):
    """A real pack's ZIP, holding one original for every hostile name."""
    # Previews are not made (their task waits for a commit that never comes): names only.
    photo = small_jpeg(tmp_path, gps=None).read_bytes()
    for name in HOSTILE_NAMES:
        response = raw_upload(signed_in_client, encoded_filename(name), photo)
        assert response.status_code == 302, f"{name!r} was not kept"
    uploaded = Exhibit.objects.filter(owner=user).count()
    for name in STORED_AS_IS:
        raw_upload(signed_in_client, encoded_filename("plain.jpg"), photo)
        newest = Exhibit.objects.filter(owner=user).order_by("-reference_number").first()
        Exhibit.objects.filter(pk=newest.pk).update(
            original_name=as_stored(newest, "original_name", name)
        )
    assert Exhibit.objects.filter(owner=user).count() == uploaded + len(STORED_AS_IS)

    pack = build_pack(
        signed_in_client, choose_pack(signed_in_client), django_capture_on_commit_callbacks
    )
    bundle = body_of(signed_in_client.get(reverse("packs:zip", args=[pack.pk])))
    return zipfile.ZipFile(io.BytesIO(bundle)), Exhibit.objects.filter(owner=user).count()


def test_every_member_name_is_a_plain_relative_file_under_originals(bundle_with_hostile_names):
    bundle, exhibit_count = bundle_with_hostile_names
    names = bundle.namelist()

    assert {name: problems_with(name) for name in names if problems_with(name)} == {}
    assert len(names) == len(set(names)), "two members share a name"
    assert len({name.casefold() for name in names}) == len(names), "names differ only in case"
    # Every hostile name did reach the bundle: one original each, plus the PDF and the lists.
    assert len([name for name in names if name.startswith("originals/")]) == exhibit_count
    assert len([name for name in names if PACK_PDF.fullmatch(name)]) == 1
    for info in bundle.infolist():
        assert not info.is_dir()
        assert not stat.S_ISLNK(info.external_attr >> 16), f"{info.filename} is a link"


def test_the_checksum_list_and_manifest_name_only_the_bundles_own_members(
    bundle_with_hostile_names,
):
    bundle, exhibit_count = bundle_with_hostile_names
    names = set(bundle.namelist())

    lines = bundle.read("SHA256SUMS").decode().splitlines()
    checked = []
    for line in lines:
        match = CHECKSUM_LINE.fullmatch(line)
        assert match, f"a line sha256sum cannot read: {line!r}"
        checked.append(match.group(2))
    assert sorted(checked) == sorted(names - {"SHA256SUMS"})
    manifest = json.loads(bundle.read("manifest.json"))
    paths = [entry["path"] for entry in manifest["exhibits"]]
    assert len(paths) == exhibit_count
    assert set(paths) <= names


def test_unpacking_the_bundle_puts_every_file_inside_the_chosen_folder(
    bundle_with_hostile_names, tmp_path
):
    bundle, _exhibit_count = bundle_with_hostile_names
    folder = (tmp_path / "unpacked").resolve()

    # A careless unpacker joins each name to the folder as it stands.
    for name in bundle.namelist():
        assert (folder / name).resolve().is_relative_to(folder), name
        assert PurePosixPath(name).parts[0] != ".."
    bundle.extractall(folder)

    unpacked = [path for path in folder.rglob("*") if path.is_file()]
    assert len(unpacked) == len(bundle.namelist())
    assert all(path.resolve().is_relative_to(folder) for path in unpacked)
    assert not any(Path(tmp_path, part).exists() for part in ("etc", "abs", "windows", "tmp"))
