"""The deployment's Ed25519 signing key: it signs every pack's manifest.json, so an officer can
check that a bundle came from this service (with OpenSSL, offline) and not only that it is
internally consistent.

The private key comes from PACK_SIGNING_KEY (PEM) or the file PACK_SIGNING_KEY_FILE names, like
the encryption keyset; development makes one under var/. Signatures are raw 64-byte Ed25519
signatures over the exact bytes signed, which `openssl pkeyutl -verify -rawin` checks.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

# The key id is the start of the fingerprint: enough to tell keys apart in the register.
KEY_ID_LENGTH = 16


def new_private_key_pem() -> str:
    """A new signing key, as the PEM text a deployment keeps in PACK_SIGNING_KEY."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def private_key_from_pem(pem: str) -> Ed25519PrivateKey:
    """The key in `pem`; ValueError for anything that is not an unencrypted Ed25519 key."""
    try:
        key = serialization.load_pem_private_key(pem.strip().encode("ascii"), password=None)
    except (TypeError, UnicodeEncodeError) as error:
        raise ValueError("The signing key is not an unencrypted PEM private key.") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("The signing key is not an Ed25519 key.")
    return key


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    """SubjectPublicKeyInfo PEM: what `openssl pkeyutl -pubin -inkey` reads."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def fingerprint_of(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the key's DER form, in hex: what
    `openssl pkey -pubin -in signing-key.pub.pem -outform DER | openssl dgst -sha256` prints."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def grouped(fingerprint: str) -> str:
    """A fingerprint in groups of four, easier to read aloud and compare by eye."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def verifies(public_key_pem_text: str, signature: bytes, message: bytes) -> bool:
    """Whether `signature` is the key's signature of exactly `message`."""
    try:
        public_key = serialization.load_pem_public_key(public_key_pem_text.encode("ascii"))
    except ValueError:
        return False
    if not isinstance(public_key, Ed25519PublicKey):
        return False
    try:
        public_key.verify(bytes(signature), message)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    public_key_pem: str
    fingerprint: str

    @property
    def key_id(self) -> str:
        return self.fingerprint[:KEY_ID_LENGTH]

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


@functools.cache
def _signing_key(pem: str) -> SigningKey:
    private_key = private_key_from_pem(pem)
    public_key = private_key.public_key()
    return SigningKey(private_key, public_key_pem(public_key), fingerprint_of(public_key))


def current_key() -> SigningKey:
    """The key new packs are signed with (the setting is read each time, so tests can swap it)."""
    return _signing_key(settings.PACK_SIGNING_KEY)
