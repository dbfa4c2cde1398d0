"""What a drawn chunk depends on, folded into the one lookup key its drawing is kept under.

A chunk drawn for an earlier pack is used again only if everything that went into drawing it is
the same: its HTML (every word, already redacted), the bytes of every picture it fetched (pictures
are named by exhibit reference, so a remade print copy keeps its name), the fonts, WeasyPrint and
pypdf, the pack's templates and drawing code, and the words the user asked to hide. A wrong hit
would print stale words in evidence, so anything in doubt goes in.

The key is an HMAC under a random secret of the owner's (stored sealed), not a bare hash: a copy
of the database must not let anyone confirm a guess of what a note says. Pure: no database.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from collections.abc import Iterable
from pathlib import Path

PACK_CODE = Path(__file__).resolve().parent.parent
PACK_TEMPLATES = PACK_CODE.parent.parent / "templates" / "evidence" / "pack"
MISSING = "missing"


@functools.cache
def renderer_versions() -> str:
    import pydyf
    import pypdf
    import weasyprint

    versions = (("weasyprint", weasyprint), ("pydyf", pydyf), ("pypdf", pypdf))
    return "; ".join(f"{name} {module.__version__}" for name, module in versions)


@functools.cache
def fonts_fingerprint() -> str:
    from evidence.pack.pdf.renderer import PACK_FONTS

    digest = hashlib.sha256()
    for url, path in sorted(PACK_FONTS.items()):
        digest.update(url.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """The pack's templates and the code that cuts, lays out and draws them."""
    digest = hashlib.sha256()
    files = [
        *sorted(PACK_TEMPLATES.rglob("*")),
        *sorted((PACK_CODE / "pages").glob("*.py")),
        *sorted((PACK_CODE / "pdf").glob("*.py")),
    ]
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def drawing_inputs(redactions: Iterable[str]) -> bytes:
    """What every chunk of one pack depends on besides its own HTML and pictures."""
    return json.dumps(
        {
            "renderer": renderer_versions(),
            "fonts": fonts_fingerprint(),
            "code": code_fingerprint(),
            "hidden words": sorted(redactions),
        },
        sort_keys=True,
    ).encode()


def chunk_lookup(
    secret: bytes, inputs: bytes, html: str, pictures: Iterable[tuple[str, str | None]]
) -> str:
    """The chunk's lookup key: an HMAC-SHA256 under the owner's `secret` of the SHA-256 of each
    input in turn, `pictures` being (token, SHA-256 of its bytes, or None if it is missing)."""
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    mac.update(hashlib.sha256(inputs).digest())
    mac.update(hashlib.sha256(html.encode()).digest())
    for token, sha256 in sorted(pictures):
        mac.update(hashlib.sha256(f"{token}\0{sha256 or MISSING}".encode()).digest())
    return mac.hexdigest()
