"""A real pack made through the pages (one note, one photo), and its bundle unzipped."""

from __future__ import annotations

import io
import shutil
import subprocess
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


# The command the pack's README gives an officer, run in the unzipped bundle's folder.
OPENSSL_VERIFY = (
    "pkeyutl",
    "-verify",
    "-pubin",
    "-inkey",
    "signing-key.pub.pem",
    "-rawin",
    "-in",
    "manifest.json",
    "-sigfile",
    "manifest.json.sig",
)


def openssl_verifies(folder: Path) -> subprocess.CompletedProcess:
    """OpenSSL's own check of the bundle's manifest signature; "Signature Verified Successfully"."""
    program = shutil.which("openssl")
    assert program is not None, "OpenSSL 3 is needed to check the signature"
    return subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, *OPENSSL_VERIFY], cwd=folder, capture_output=True, text=True, check=False
    )
