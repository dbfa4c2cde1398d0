"""A real pack made through the pages (one note, one photo), and its bundle unzipped."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.urls import reverse

from tests.evidence.uploading import as_upload, small_jpeg, upload
from tests.factories import make_incident
from tests.security.held_helpers import body_of, build_pack, choose_pack


def make_ready_pack(client, user, tmp_path: Path, capture_on_commit):
    """A ready pack with a bundle: one note and one photo."""
    make_incident(user, narrative="He waited outside the gate again.")
    photo = small_jpeg(tmp_path, gps=None)
    assert upload(client, as_upload(photo, "photo.jpg")).status_code == 302
    return build_pack(client, choose_pack(client), capture_on_commit)


def unzipped(bundle: bytes, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    zipfile.ZipFile(io.BytesIO(bundle)).extractall(folder)
    return folder


def download(client, pack, which: str) -> bytes:
    return body_of(client.get(reverse(f"packs:{which}", args=[pack.pk])))
