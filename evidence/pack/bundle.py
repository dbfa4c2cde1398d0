"""The originals bundle: a ZIP with the pack's PDF, every original, manifest.json and SHA256SUMS.

A pure core over plain inputs (BundleExhibit, BundleIncident); the pack task gathers those from
the database. Originals are copied from storage in chunks and re-hashed on the way, so a file
that went missing or changed since it arrived stops the build instead of being handed to police.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

from config import encryption
from evidence import storage

CHUNK = 1024 * 1024
MANIFEST_NAME = "manifest.json"
SUMS_NAME = "SHA256SUMS"
# The service's Ed25519 signature of manifest.json, and the public key that checks it.
SIGNATURE_NAME = "manifest.json.sig"
PUBLIC_KEY_NAME = "signing-key.pub.pem"
ORIGINALS_FOLDER = "originals"
# Room for a readable file name; the reference in front keeps names unique.
MAX_NAME_LENGTH = 80
MANIFEST_VERSION = 1

_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_DOT_RUN = re.compile(r"\.{2,}")
_UNDERSCORE_RUN = re.compile(r"_{2,}")
# Latin letters that have no accent to take off (NFKD leaves them whole): ł → l, ß → ss.
_LATIN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
_PLAIN_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# The same kind of file under another customary extension: keep the user's own spelling.
_SAME_EXTENSION = {".jpg": (".jpeg", ".jpe"), ".mov": (".qt",)}
# Compressing these again costs time and saves nothing.
_ALREADY_COMPRESSED = ("image/", "video/", "audio/")
_COMPRESSIBLE_AUDIO = ("audio/wav", "audio/x-wav", "audio/vnd.wave")
# Unpacked files readable as ordinary files (zipfile would otherwise make them owner-only, 0600).
_FILE_MODE = 0o644 << 16


class BundleError(Exception):
    """An original cannot go into the bundle as it arrived; names the exhibit."""

    def __init__(self, reference: str, problem: str):
        super().__init__(f"{reference}: {problem}")
        self.reference = reference
        self.problem = problem


@dataclass(frozen=True)
class BundleExhibit:
    """One kept file as the bundle needs it."""

    reference: str
    original_key: str
    original_name: str
    mime_type: str
    size: int | None
    sha256: str
    received_at: datetime
    captured_at: datetime | None
    # The extension the bytes showed on arrival (file_facts["extension"]), e.g. ".jpg".
    extension: str = ""
    # Whose key the stored original is sealed with.
    owner_id: Any = None

    @classmethod
    def from_exhibit(cls, exhibit: Any) -> BundleExhibit:
        """From an evidence.models.Exhibit (or anything with the same attributes)."""
        return cls(
            reference=exhibit.reference,
            original_key=exhibit.original_key,
            original_name=exhibit.original_name,
            mime_type=exhibit.mime_type,
            size=exhibit.size,
            sha256=exhibit.sha256,
            received_at=exhibit.received_at,
            captured_at=exhibit.captured_at,
            extension=(exhibit.file_facts or {}).get("extension", ""),
            owner_id=exhibit.owner_id,
        )

    @property
    def member_path(self) -> str:
        """Where the original sits in the ZIP, e.g. ``originals/JS-4_letter.jpg``."""
        name = safe_member_name(self.reference, self.original_name, self.extension)
        return f"{ORIGINALS_FOLDER}/{name}"


@dataclass(frozen=True)
class BundleIncident:
    """One incident in the pack: enough to check its diary hash chain against the PDF."""

    incident_id: uuid.UUID | str
    occurred_on: date
    final_revision_hash: str


# Names -------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    # Accented Latin letters keep their base letter (ę → e); anything else becomes "_".
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_LETTERS))
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _UNSAFE_RUN.sub("_", without_marks)
    slug = _DOT_RUN.sub(".", slug)
    return _UNDERSCORE_RUN.sub("_", slug)


def _split_extension(name: str, extension: str) -> tuple[str, str]:
    """The stem and the extension to use: the name's own if it means the sniffed type."""
    if not extension:
        return name, ""
    lowered = name.lower()
    for candidate in (extension, *_SAME_EXTENSION.get(extension, ())):
        if lowered.endswith(candidate) and len(name) > len(candidate):
            return name[: -len(candidate)], name[-len(candidate) :]
    return name, extension


def safe_member_name(reference: str, original_name: str, extension: str) -> str:
    """A file name safe on any computer: ``JS/4`` + ``letter.jpg`` → ``JS-4_letter.jpg``.

    Only ASCII letters, digits, ".", "-" and "_"; no folders, no leading dots; the original
    name cut to MAX_NAME_LENGTH; ends with the extension the bytes showed. Unique within a
    bundle because exhibit references are.
    """
    prefix = _slug(reference.replace("/", "-")).strip("._-")
    if not prefix:
        raise ValueError(f"An exhibit reference is needed to name its file, not {reference!r}.")
    extension = _slug(extension).strip("._-").lower()
    extension = f".{extension}" if extension else ""
    # Only the last path part: the name as it was on the phone, never a folder.
    base = re.split(r"[/\\]", original_name)[-1]
    # Split before trimming, so that in "رسالة.jpg" → "_.jpg" the dot is not taken for the stem.
    stem, extension = _split_extension(_slug(base).rstrip("._-"), extension)
    stem = stem.lstrip("._-")[: max(MAX_NAME_LENGTH - len(extension), 0)].rstrip("._-")
    return f"{prefix}_{stem}{extension}" if stem else f"{prefix}{extension}"


# Manifest ----------------------------------------------------------------------------------


def _utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"A time without a timezone cannot go in the manifest: {moment!r}.")
    return moment.astimezone(UTC).isoformat()


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} cannot go in the manifest: {value!r}")


def build_manifest(
    *,
    pack_reference: str,
    created_at: datetime,
    selection: dict,
    exhibits: Iterable[BundleExhibit],
    incidents: Iterable[BundleIncident],
) -> bytes:
    """The bundle's manifest.json: canonical JSON (sorted keys, UTF-8, ends with a newline).

    Times are ISO 8601 in UTC. Exhibits and incidents keep the order they are given in.
    """
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "pack_reference": pack_reference,
        "created_at": _utc_iso(created_at),
        "selection": selection,
        "exhibits": [
            {
                "reference": exhibit.reference,
                "path": exhibit.member_path,
                "original_name": exhibit.original_name,
                "mime_type": exhibit.mime_type,
                "size": exhibit.size,
                "sha256": exhibit.sha256,
                "received_at": _utc_iso(exhibit.received_at),
                "captured_at": _utc_iso(exhibit.captured_at) if exhibit.captured_at else None,
            }
            for exhibit in exhibits
        ],
        "incidents": [
            {
                "id": str(incident.incident_id),
                "occurred_on": incident.occurred_on.isoformat(),
                "final_revision_hash": incident.final_revision_hash,
            }
            for incident in incidents
        ],
    }
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False, default=_json_value)
    return (text + "\n").encode("utf-8")


# The ZIP -----------------------------------------------------------------------------------


def _member(name: str, when: tuple, *, compress: bool, size: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = _FILE_MODE
    # zipfile decides on ZIP64 from the expected size before any byte is written.
    info.file_size = size or 0
    return info


def _zip_time(created_at: str | None) -> tuple:
    # ZIP times have no timezone; ours are UTC, like every time in the manifest.
    try:
        moment = datetime.fromisoformat(created_at or "").astimezone(UTC)
    except ValueError:
        moment = datetime.now(UTC)
    return max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def _check_names(pdf_name: str, manifest: bytes, exhibits: list[BundleExhibit]) -> dict:
    if not _PLAIN_FILE_NAME.fullmatch(pdf_name) or pdf_name in (MANIFEST_NAME, SUMS_NAME):
        raise ValueError(f"{pdf_name!r} is not a plain file name for the pack's PDF.")
    paths = [exhibit.member_path for exhibit in exhibits]
    if len(set(paths)) != len(paths):
        raise ValueError("Two exhibits would share one file name in the bundle.")
    described = json.loads(manifest)
    if [entry["path"] for entry in described.get("exhibits", [])] != paths:
        raise ValueError("The manifest does not describe the exhibits being bundled.")
    return described


def _copy_in(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, source: IO[bytes]) -> str:
    digest = hashlib.sha256()
    with bundle.open(info, "w") as member:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
    return digest.hexdigest()


def _copy_original(
    bundle: zipfile.ZipFile,
    exhibit: BundleExhibit,
    when: tuple,
    open_original: Callable[[BundleExhibit], IO[bytes]],
) -> str:
    def unreadable(error: Exception) -> BundleError:
        if isinstance(error, FileNotFoundError):
            return BundleError(exhibit.reference, "the original is missing from storage")
        if isinstance(error, encryption.Unreadable):
            return BundleError(exhibit.reference, "the original does not open with its key")
        return BundleError(
            exhibit.reference, f"the original could not be read from storage ({error})"
        )

    if not exhibit.original_key:
        raise unreadable(FileNotFoundError())
    mime_type = exhibit.mime_type.lower()
    compress = mime_type in _COMPRESSIBLE_AUDIO or not mime_type.startswith(_ALREADY_COMPRESSED)
    info = _member(exhibit.member_path, when, compress=compress, size=exhibit.size)
    # Storage backends raise their own kinds of error; only failures to read are caught here,
    # so a full disk while writing the ZIP is never blamed on the original.
    try:
        opened = open_original(exhibit)
    except Exception as error:
        raise unreadable(error) from error
    digest = hashlib.sha256()
    with opened as source, bundle.open(info, "w") as member:
        while True:
            try:
                chunk = source.read(CHUNK)
            except Exception as error:
                raise unreadable(error) from error
            if not chunk:
                break
            digest.update(chunk)
            member.write(chunk)
    if digest.hexdigest() != exhibit.sha256.lower():
        raise BundleError(exhibit.reference, "the original has changed since it arrived")
    return digest.hexdigest()


def _open_stored_original(exhibit: BundleExhibit) -> IO[bytes]:
    return storage.open_stored(exhibit.original_key, owner_id=exhibit.owner_id)


def write_bundle(
    target: BinaryIO,
    *,
    pdf_bytes_or_path: bytes | str | os.PathLike,
    pdf_name: str,
    manifest: bytes,
    exhibits: Iterable[BundleExhibit],
    open_original: Callable[[BundleExhibit], IO[bytes]] | None = None,
    on_progress: Callable[[int], None] | None = None,
    signature: bytes | None = None,
    public_key_pem: str | None = None,
) -> str:
    """Write the bundle ZIP to ``target`` and return the manifest's SHA-256 (for the PDF cover).

    Holds each original as ``originals/<safe name>``, ``pdf_name``, ``manifest.json`` and a
    SHA256SUMS file that ``sha256sum -c`` checks. Originals are streamed 1 MiB at a time and
    re-hashed: a missing or changed one raises BundleError naming its exhibit, after which
    ``target`` holds an unfinished bundle that must be thrown away. ``on_progress(n)`` is
    called after each original with the number copied so far. With ``signature`` and
    ``public_key_pem`` the bundle also holds manifest.json.sig and signing-key.pub.pem.
    """
    writer = BundleWriter(
        target,
        pdf_name=pdf_name,
        manifest=manifest,
        exhibits=exhibits,
        open_original=open_original,
        signature=signature,
        public_key_pem=public_key_pem,
    )
    try:
        writer.add_originals(on_progress=on_progress)
        return writer.finish(pdf_bytes_or_path)
    except BaseException:
        writer.abandon()
        raise


class BundleWriter:
    """The bundle ZIP written in two steps: the originals first (the build writes them while the
    PDF is being drawn, since they do not depend on it), then the PDF, the manifest, the
    signature and SHA256SUMS. `target` may be a stream that cannot seek (e.g. one sealing the
    ZIP on its way to storage)."""

    def __init__(
        self,
        target: BinaryIO,
        *,
        pdf_name: str,
        manifest: bytes,
        exhibits: Iterable[BundleExhibit],
        open_original: Callable[[BundleExhibit], IO[bytes]] | None = None,
        signature: bytes | None = None,
        public_key_pem: str | None = None,
    ) -> None:
        self.exhibits = list(exhibits)
        self.open_original = open_original or _open_stored_original
        self.pdf_name = pdf_name
        self.manifest = manifest
        self.signature = signature
        self.public_key_pem = public_key_pem
        described = _check_names(pdf_name, manifest, self.exhibits)
        self.when = _zip_time(described.get("created_at"))
        self.original_sums: list[tuple[str, str]] = []
        # Set from another thread to stop between two originals (the pack was deleted).
        self.stopping = False
        self.bundle = zipfile.ZipFile(target, "w", allowZip64=True)

    def add_originals(self, *, on_progress: Callable[[int], None] | None = None) -> None:
        for done, exhibit in enumerate(self.exhibits, start=1):
            if self.stopping:
                return
            digest = _copy_original(self.bundle, exhibit, self.when, self.open_original)
            self.original_sums.append((digest, exhibit.member_path))
            if on_progress is not None:
                on_progress(done)

    def finish(self, pdf_bytes_or_path: bytes | str | os.PathLike) -> str:
        """Add the PDF and everything that describes the bundle, and close it; the manifest's
        SHA-256."""
        bundle, when, pdf_name = self.bundle, self.when, self.pdf_name
        sums: list[tuple[str, str]] = []
        # A PDF's streams are compressed already: deflating it again saves little and costs
        # about a second for a big pack.
        if isinstance(pdf_bytes_or_path, bytes):
            pdf_info = _member(pdf_name, when, compress=False, size=len(pdf_bytes_or_path))
            with bundle.open(pdf_info, "w") as member:
                member.write(pdf_bytes_or_path)
            sums.append((hashlib.sha256(pdf_bytes_or_path).hexdigest(), pdf_name))
        else:
            pdf_path = Path(pdf_bytes_or_path)
            pdf_info = _member(pdf_name, when, compress=False, size=pdf_path.stat().st_size)
            with pdf_path.open("rb") as pdf:
                sums.append((_copy_in(bundle, pdf_info, pdf), pdf_name))

        bundle.writestr(_member(MANIFEST_NAME, when, compress=True), self.manifest)
        manifest_sha256 = hashlib.sha256(self.manifest).hexdigest()
        sums.append((manifest_sha256, MANIFEST_NAME))
        if self.signature is not None and self.public_key_pem is not None:
            for name, content in (
                (SIGNATURE_NAME, self.signature),
                (PUBLIC_KEY_NAME, self.public_key_pem.encode("ascii")),
            ):
                bundle.writestr(_member(name, when, compress=False), content)
                sums.append((hashlib.sha256(content).hexdigest(), name))
        # The PDF and manifest listed first, as an officer checking them reads them first.
        sums.extend(self.original_sums)
        # Exactly what `sha256sum` prints: hash, two spaces (text mode), path, newline.
        listing = "".join(f"{digest}  {path}\n" for digest, path in sums)
        bundle.writestr(_member(SUMS_NAME, when, compress=True), listing.encode("ascii"))
        bundle.close()
        return manifest_sha256

    def abandon(self) -> None:
        """Close what was written without finishing it (the bundle is thrown away)."""
        try:
            self.bundle.close()
        except Exception:  # noqa: S110 - an unfinished ZIP is discarded whatever state it is in
            pass
