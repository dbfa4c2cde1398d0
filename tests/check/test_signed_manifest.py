"""Every pack's bundle carries the service's signature of its manifest, which OpenSSL checks
offline, and the PDF prints the fingerprint of the key that made it."""

import hashlib
import subprocess
from pathlib import Path

import pytest

from check.models import IssuedPack, SigningKey
from config import signing
from evidence.pack.services import pack_delete
from tests.check.packs import download, make_ready_pack, openssl_verifies, unzipped
from tests.security.held_helpers import pdf_text


def _run(command: list[str], folder: Path, *, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed commands, run in the test's own folder
        command, cwd=folder, capture_output=True, text=text, check=False
    )


@pytest.fixture
def pack(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks):
    return make_ready_pack(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks)


def test_openssl_verifies_the_manifest_signature_in_the_bundle(signed_in_client, pack, tmp_path):
    folder = unzipped(download(signed_in_client, pack, "zip"), tmp_path / "bundle")

    checked = openssl_verifies(folder)
    sums = _run(["sha256sum", "-c", "SHA256SUMS"], folder)

    assert "Signature Verified Successfully" in checked.stdout, checked.stderr
    assert checked.returncode == 0
    assert sums.returncode == 0, sums.stdout
    assert "manifest.json.sig: OK" in sums.stdout
    assert "signing-key.pub.pem: OK" in sums.stdout


def test_openssl_refuses_a_manifest_with_one_character_changed(signed_in_client, pack, tmp_path):
    folder = unzipped(download(signed_in_client, pack, "zip"), tmp_path / "bundle")
    manifest = (folder / "manifest.json").read_bytes()
    position = manifest.index(pack.reference.encode()) + 2
    changed = manifest[:position] + b"X" + manifest[position + 1 :]
    (folder / "manifest.json").write_bytes(changed)

    checked = openssl_verifies(folder)

    assert "Signature Verification Failure" in checked.stdout + checked.stderr
    assert checked.returncode != 0


def test_the_cover_prints_the_fingerprint_openssl_computes_from_the_bundled_key(
    signed_in_client, pack, tmp_path
):
    folder = unzipped(download(signed_in_client, pack, "zip"), tmp_path / "bundle")
    der = _run(
        ["openssl", "pkey", "-pubin", "-in", "signing-key.pub.pem", "-outform", "DER"],
        folder,
        text=False,
    )
    fingerprint = hashlib.sha256(der.stdout).hexdigest()
    text = pdf_text(download(signed_in_client, pack, "pdf"))

    assert fingerprint == signing.current_key().fingerprint
    assert fingerprint in "".join(text.split())
    assert "openssl pkeyutl -verify -pubin -inkey signing-key.pub.pem -rawin" in text


def test_the_register_keeps_the_pack_after_the_pack_and_account_are_deleted(
    signed_in_client, user, pack, tmp_path
):
    manifest = unzipped(download(signed_in_client, pack, "zip"), tmp_path / "b") / "manifest.json"
    manifest_sha256 = hashlib.sha256(manifest.read_bytes()).hexdigest()

    pack_delete(pack=pack)
    user.delete()

    entry = IssuedPack.objects.get(manifest_sha256=manifest_sha256)
    assert entry.reference == pack.reference
    assert entry.manifest_sha256 == pack.manifest_sha256
    # Nothing in the register points at a person.
    columns = {field.name for field in IssuedPack._meta.get_fields()}
    assert columns == {
        "id",
        "reference",
        "manifest_sha256",
        "manifest_signature",
        "entry_signature",
        "signing_key",
        "issued_at",
    }
    assert SigningKey.objects.get().fingerprint == signing.current_key().fingerprint


@pytest.mark.parametrize(
    ("contacts", "witnesses", "serious"),
    [(3, 3, True), (9, 30, True), (13, 2, False), (30, 14, False)],
)
def test_page_one_still_fits_one_page_with_the_manifest_hash_and_key_fingerprint(
    tmp_path, monkeypatch, contacts, witnesses, serious
):
    """The pack pages' own worst cases for page 1, drawn again with a bundle's two hashes."""
    from dataclasses import replace

    from tests.evidence.pack import test_case_page

    plain_content, plain_draw = test_case_page.make_content, test_case_page.draw_page_one
    drawn: list[list[str]] = []

    def signed(*args, **kwargs):
        return replace(
            plain_content(*args, **kwargs),
            manifest_sha256="a" * 64,
            signing_key_fingerprint="b" * 64,
        )

    def draw(content, folder):
        drawn.append(plain_draw(content, folder))
        return drawn[-1]

    monkeypatch.setattr(test_case_page, "make_content", signed)
    monkeypatch.setattr(test_case_page, "draw_page_one", draw)

    test_case_page.test_the_case_page_fits_one_page_however_much_there_is(
        tmp_path, contacts, witnesses, serious
    )

    [[page]] = drawn
    assert "b" * 64 in "".join(page.split())
