"""The register of issued packs: what /check/ answers from.

It outlives the pack and the account on purpose, and holds nothing that links an entry to a
person: a pack reference, the SHA-256 of its manifest, the signatures and the key, and when.
"""

from django.db import models
from django.utils.timezone import now


class SigningKey(models.Model):
    """A public key the service has signed manifests with; kept for ever, so that packs signed
    before a new key was brought in still check."""

    key_id = models.CharField(max_length=16, unique=True)
    fingerprint = models.CharField(max_length=64, unique=True)
    public_key_pem = models.TextField()
    first_used_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-first_used_at"]

    def __str__(self) -> str:
        return f"Signing key {self.key_id}"


class IssuedPack(models.Model):
    """One manifest this service signed and handed out with a pack."""

    reference = models.CharField(max_length=30, db_index=True)
    manifest_sha256 = models.CharField(max_length=64, unique=True)
    # Raw Ed25519 signatures, 64 bytes each: of manifest.json's bytes (the one in the ZIP), and
    # of the register entry itself (see check.register.entry_statement), which is what lets a
    # bare SHA-256 be checked without the manifest.
    manifest_signature = models.BinaryField(max_length=64)
    entry_signature = models.BinaryField(max_length=64)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"Issued pack {self.reference}"
