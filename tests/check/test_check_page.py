"""The public /check/ page: whether this service issued a pack with a given manifest, and when,
and nothing else; every bad input gets a plain answer, never a server error."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from check.models import IssuedPack
from check.register import record_issued, sign_manifest
from config.signing import new_private_key_pem

MANIFEST = (json.dumps({"pack_reference": "P-20261127-ABCD", "exhibits": []}) + "\n").encode()
CHECK = "/check/"


@pytest.fixture
def issued(db):
    return record_issued(
        reference="P-20261127-ABCD", manifest=MANIFEST, signed=sign_manifest(MANIFEST)
    )


def _upload(content: bytes, name: str = "manifest.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_the_page_is_public_plain_and_never_stored(client, db):
    response = client.get(CHECK)

    assert response.status_code == 200
    assert reverse("check:check") == CHECK
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert b'enctype="multipart/form-data"' in response.content


def test_an_issued_manifest_is_confirmed_with_its_date_and_key(client, issued):
    response = client.post(CHECK, {"manifest": _upload(MANIFEST)})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Issued here" in page
    assert "P-20261127-ABCD" in page
    assert "The signature the service made of this manifest verifies under key" in page
    assert issued.signing_key.key_id in page
    assert issued.issued_at.strftime("%-d %B %Y") in page


def test_its_sha256_alone_is_confirmed_and_the_signed_record_verifies(client, issued):
    sha256 = hashlib.sha256(MANIFEST).hexdigest().upper()

    page = client.post(CHECK, {"sha256": f"  {sha256}\n"}).content.decode()

    assert "Issued here" in page
    assert "signed record of it verifies under key" in page
    assert "does not verify" not in page


def test_a_manifest_with_one_character_changed_is_not_issued_here(client, issued):
    changed = MANIFEST.replace(b"ABCD", b"ABCE")

    page = client.post(CHECK, {"manifest": _upload(changed)}).content.decode()

    assert "Not issued here" in page
    assert "P-20261127-AB" not in page


def test_a_changed_register_entry_no_longer_verifies(client, issued):
    IssuedPack.objects.filter(pk=issued.pk).update(reference="P-20261127-ZZZZ")

    page = client.post(CHECK, {"sha256": issued.manifest_sha256}).content.decode()

    assert "signed record of it does not verify" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"manifest": _upload(b"this is not json {")}, "it is not JSON"),
        ({"manifest": _upload(b"\xff\xfe\x00garbage")}, "it is not JSON"),
        ({"manifest": _upload(b" " * (1024 * 1024) + b"{}")}, "bigger than 1 MB"),
        ({"sha256": "abc123"}, "A SHA-256 is 64 characters"),
        ({"sha256": "g" * 64}, "A SHA-256 is 64 characters"),
        ({"sha256": "a" * 65}, "A SHA-256 is 64 characters"),
        ({}, "Choose a manifest.json file, or paste its SHA-256."),
    ],
)
def test_bad_input_gets_a_plain_page_saying_what_to_do(client, issued, data, message):
    response = client.post(CHECK, data)
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert "Issued here" not in page


def test_packs_signed_with_an_old_key_still_check_after_a_new_key_comes_in(
    client, settings, issued
):
    settings.PACK_SIGNING_KEY = new_private_key_pem()
    newer = MANIFEST.replace(b"ABCD", b"WXYZ")
    record_issued(reference="P-20261127-WXYZ", manifest=newer, signed=sign_manifest(newer))

    old_page = client.post(CHECK, {"manifest": _upload(MANIFEST)}).content.decode()
    new_page = client.post(CHECK, {"manifest": _upload(newer)}).content.decode()
    keys_page = client.get(reverse("check:keys")).content.decode()

    assert "The signature the service made of this manifest verifies" in old_page
    assert issued.signing_key.key_id in old_page
    assert "The signature the service made of this manifest verifies" in new_page
    assert issued.signing_key.key_id not in new_page
    # Both keys are published, the one in use now first.
    assert keys_page.count("Key ") >= 2
    first, second = keys_page.index("(in use now)"), keys_page.index(issued.signing_key.key_id)
    assert first < second
    assert "BEGIN PUBLIC KEY" in keys_page


def test_the_check_page_is_rate_limited_per_address(client, settings, issued):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "check": "3/10m/ip"}
    answers = [client.post(CHECK, {"sha256": issued.manifest_sha256}).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
