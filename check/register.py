"""Writes to and reads from the register of issued packs.

A pack's manifest is signed by the pack task (sign_manifest); once the pack is stored, the task
records it here (record_issued). /check/ then answers from the register alone: given a manifest
or only its SHA-256, whether this service issued it, when, and whether the stored signature
verifies under the key it names.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from check.models import IssuedPack, SigningKey
from config import signing

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SignedManifest:
    signature: bytes  # raw, 64 bytes: the ZIP's manifest.json.sig
    public_key_pem: str  # the ZIP's signing-key.pub.pem
    fingerprint: str  # printed on the PDF's cover
    key: signing.SigningKey


def sign_manifest(manifest: bytes) -> SignedManifest:
    """Sign a manifest's exact bytes with the deployment's current key."""
    key = signing.current_key()
    return SignedManifest(key.sign(manifest), key.public_key_pem, key.fingerprint, key)


def entry_statement(*, reference: str, manifest_sha256: str, issued_at: datetime, key_id: str):
    """The words signed for each register entry: a bare hash can be checked against them."""
    return (
        "Evidence pack issued\n"
        f"reference: {reference}\n"
        f"manifest-sha256: {manifest_sha256}\n"
        f"issued-at: {issued_at.astimezone(UTC).isoformat()}\n"
        f"key: {key_id}\n"
    ).encode()


def _key_row(key: signing.SigningKey, at: datetime) -> SigningKey:
    row, made = SigningKey.objects.get_or_create(
        fingerprint=key.fingerprint,
        defaults={
            "key_id": key.key_id,
            "public_key_pem": key.public_key_pem,
            "first_used_at": at,
            "last_used_at": at,
        },
    )
    if not made and row.last_used_at < at:
        SigningKey.objects.filter(pk=row.pk).update(last_used_at=at)
    return row


def current_key_row() -> SigningKey:
    """The register's row for the key in use now (made the first time it is needed)."""
    key = signing.current_key()
    row = SigningKey.objects.filter(fingerprint=key.fingerprint).first()
    if row is not None:
        return row
    return _key_row(key, timezone.now())


def record_issued(*, reference: str, manifest: bytes, signed: SignedManifest) -> IssuedPack:
    """Keep a pack's manifest hash and signatures in the register (once per manifest)."""
    manifest_sha256 = hashlib.sha256(manifest).hexdigest()
    issued_at = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        existing = IssuedPack.objects.filter(manifest_sha256=manifest_sha256).first()
        if existing is not None:
            return existing
        key_row = _key_row(signed.key, issued_at)
        statement = entry_statement(
            reference=reference,
            manifest_sha256=manifest_sha256,
            issued_at=issued_at,
            key_id=key_row.key_id,
        )
        return IssuedPack.objects.create(
            reference=reference,
            manifest_sha256=manifest_sha256,
            manifest_signature=signed.signature,
            entry_signature=signed.key.sign(statement),
            signing_key=key_row,
            issued_at=issued_at,
        )


@dataclass(frozen=True)
class Finding:
    """What /check/ may say about a manifest: never more than this."""

    reference: str
    manifest_sha256: str
    issued_at: datetime
    key_id: str
    key_fingerprint: str
    # The register's signed record of this manifest verifies under the key it names.
    entry_verifies: bool
    # The manifest's own signature verifies over the bytes given; None when only a hash was.
    manifest_verifies: bool | None


def look_up(*, manifest_sha256: str, manifest: bytes | None = None) -> Finding | None:
    """What the register holds for this hash; None if this service never issued it."""
    entry = (
        IssuedPack.objects.select_related("signing_key")
        .filter(manifest_sha256=manifest_sha256.lower())
        .first()
    )
    if entry is None:
        return None
    key = entry.signing_key
    statement = entry_statement(
        reference=entry.reference,
        manifest_sha256=entry.manifest_sha256,
        issued_at=entry.issued_at,
        key_id=key.key_id,
    )
    manifest_verifies = None
    if manifest is not None:
        manifest_verifies = signing.verifies(
            key.public_key_pem, bytes(entry.manifest_signature), manifest
        )
    return Finding(
        reference=entry.reference,
        manifest_sha256=entry.manifest_sha256,
        issued_at=entry.issued_at,
        key_id=key.key_id,
        key_fingerprint=key.fingerprint,
        entry_verifies=signing.verifies(
            key.public_key_pem, bytes(entry.entry_signature), statement
        ),
        manifest_verifies=manifest_verifies,
    )


def published_keys() -> list[SigningKey]:
    """Every key the service has signed with, the one in use now first."""
    current = current_key_row()
    others = SigningKey.objects.exclude(pk=current.pk).order_by("-last_used_at")
    return [current, *others]
