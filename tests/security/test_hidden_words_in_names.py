"""Finding 5: "Words to hide" missed file names.

Hiding "whatsapp" changed the name in the PDF's text, yet the PDF still printed
originals/AV-11_whatsapp_image.jpg, and the ZIP's member names and manifest.json kept the whole
original name. Every name that leaves the service with the pack must be hidden too, and the
manifest (built after hiding) must still match the hash printed on the cover.
"""

import hashlib
import io
import re
import zipfile

import pytest
from django.urls import reverse

from evidence.models import PackStatus
from tests.evidence.pack.test_bundle import sha256sum_check
from tests.evidence.pack.test_pack_pages import choose, pack_of, pdf_text, start
from tests.evidence.uploading import downloaded, keep_file, small_jpeg, text_file
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
HIDDEN = "whatsapp"


def _squashed(text: str) -> str:
    # pdftotext may break a long name over lines; look for the word with the breaks taken out.
    return re.sub(r"\s+", "", text).lower()


def test_a_hidden_word_leaves_no_trace_in_any_name_in_the_pdf_or_the_zip(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    note = make_incident(user, narrative="He sent it on WhatsApp again.")
    with django_capture_on_commit_callbacks(execute=True):
        keep_file(
            user,
            small_jpeg(tmp_path, gps=None),
            incidents=[note],
            original_name="WhatsApp_image.jpg",
        )
        keep_file(
            user,
            text_file(tmp_path, "an export"),
            incidents=[note],
            original_name="chat with whatsapp contact.txt",
        )
    choose(signed_in_client, redactions="WhatsApp")
    pack = pack_of(user)
    start(signed_in_client, pack, django_capture_on_commit_callbacks)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.problem

    text = pdf_text(
        downloaded(signed_in_client.get(reverse("packs:pdf", args=[pack.pk]))), tmp_path
    )
    bundle = downloaded(signed_in_client.get(reverse("packs:zip", args=[pack.pk])))
    with zipfile.ZipFile(io.BytesIO(bundle)) as opened:
        names = opened.namelist()
        manifest = opened.read("manifest.json")
        sums = opened.read("SHA256SUMS").decode()
        opened.extractall(tmp_path / "unzipped")

    assert "[removed by the author]" in text
    assert HIDDEN not in _squashed(text)
    assert [name for name in names if HIDDEN in name.lower()] == []
    assert HIDDEN not in manifest.decode().lower()
    assert HIDDEN not in sums.lower()
    assert hashlib.sha256(manifest).hexdigest() == pack.manifest_sha256
    assert pack.manifest_sha256 in _squashed(text)
    checked = sha256sum_check(tmp_path / "unzipped")
    assert checked.returncode == 0, checked.stdout + checked.stderr
