"""Uploading evidence as a browser does, and reading back what the app kept.

Shared by the evidence view tests; the sample files themselves come from tests/evidence/fixtures.
"""

import hashlib
import uuid
from pathlib import Path
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import services, storage
from evidence.metadata import read_metadata
from evidence.models import Exhibit
from evidence.sniffing import sniff
from tests.evidence import fixtures

UPLOAD = reverse("evidence:upload")
FILES = reverse("evidence:files")


def as_upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    """A file as the browser sends it: its bytes under the name it had on the phone."""
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def upload(client, *files, caption: str = "", incidents=(), query: str = "", follow=False):
    """Press Upload on the "Add files" page with these files chosen."""
    data = {"files": list(files), "caption": caption, "incidents": [str(i.pk) for i in incidents]}
    return client.post(UPLOAD + query, data, follow=follow)


def small_jpeg(tmp_path: Path, name: str = "photo.jpg", **options) -> Path:
    """A phone photo small enough to keep the tests fast, with EXIF and GPS unless told not."""
    return fixtures.make_jpeg(tmp_path / name, size=options.pop("size", (64, 48)), **options)


def text_file(tmp_path: Path, text: str, name: str = "messages.txt") -> Path:
    return fixtures.make_text(tmp_path / name, text)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def stored_bytes(exhibit, key: str | None = None) -> bytes:
    """The plain bytes kept for an exhibit: its original unless another of its keys is named."""
    with storage.open_stored(key or exhibit.original_key, owner_id=exhibit.owner_id) as stored:
        return stored.read()


def downloaded(response) -> bytes:
    """The body of a streamed download.

    Reading it to the end makes the test client close the response (and the stored file) as a
    WSGI server would; closing it again here would end the test's database connection.
    """
    return b"".join(response.streaming_content)


def kept(owner) -> list[Exhibit]:
    return list(Exhibit.objects.owned_by(owner).order_by("reference_number"))


def keep_file(owner, path: Path, **values) -> Exhibit:
    """Keep a file through the intake service, as the upload view does after its checks."""
    content = path.read_bytes()
    sniffed = sniff(path)
    assert sniffed is not None, f"{path.name} is not a kind of file the app keeps"
    return services.exhibit_create_from_file(
        owner=owner,
        path=path,
        sniffed=sniffed,
        facts=read_metadata(path, sniffed),
        sha256=sha256_of(content),
        size=len(content),
        original_name=values.pop("original_name", path.name),
        **values,
    )


def raw_upload(client, filename_parameter: str, content: bytes, *, query: str = ""):
    """Upload one file with a Content-Disposition written by hand, as a hostile client could.

    Django's test client takes the base name and never escapes, so names holding folders,
    quotes or newlines have to be written out here. ``filename_parameter`` is everything after
    ``filename`` (for example ``="../x.jpg"`` or ``*=UTF-8''a%0Ab.jpg``).
    """
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="caption"\r\n\r\n\r\n',
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="files"; filename',
            f"{filename_parameter}\r\n".encode(),
            b"Content-Type: application/octet-stream\r\n\r\n",
            content,
            b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
    )
    return client.post(
        UPLOAD + query, body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def encoded_filename(name: str) -> str:
    """An RFC 2231 file name parameter, which carries any character, newlines included."""
    return "*=UTF-8''" + quote(name, safe="")
