"""Finding 7: the PDF's own properties named the service's purpose.

The file downloads as notes-<date>.pdf and every page title is neutral, yet any PDF viewer's
"Properties" showed Title "Evidence pack …" and Producer "Evidence Diary".
"""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evidence.models import PackStatus
from tests.evidence.pack.test_pack_pages import choose, pack_of, start
from tests.evidence.uploading import downloaded
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
TELLING_WORDS = ("evidence", "diary", "pack", "police", "stalk", "harass", "abuse", "weasyprint")


def test_the_pdfs_title_subject_author_creator_and_producer_are_neutral(
    signed_in_client, user, django_capture_on_commit_callbacks
):
    user.full_name = "Jane Smith"
    user.save()
    make_incident(user, narrative="A letter at the door.")
    choose(signed_in_client)
    pack = pack_of(user)
    start(signed_in_client, pack, django_capture_on_commit_callbacks)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.problem

    pdf = PdfReader(
        io.BytesIO(downloaded(signed_in_client.get(reverse("packs:pdf", args=[pack.pk]))))
    )
    properties = {
        key: str(pdf.metadata.get(key, ""))
        for key in ("/Title", "/Subject", "/Author", "/Creator", "/Producer")
    }

    assert properties["/Title"].startswith("Notes")
    for key, value in properties.items():
        assert value, f"{key} is empty, so a viewer may fill it with its own words"
        for word in (*TELLING_WORDS, "jane", "smith"):
            assert word not in value.lower(), f"{key} says {value!r}"
    assert pdf.xmp_metadata is None
