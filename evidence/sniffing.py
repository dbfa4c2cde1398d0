"""Decide what an uploaded file is from its bytes alone, and refuse anything we do not keep.

The name and the browser's stated type are never consulted: a stalker's HTML page renamed
``photo.jpg`` must not be stored as a photo. libmagic makes the first guess; each accepted type
is then confirmed by a small check of its own signature, so a libmagic misfire cannot let
something else through.
"""

from __future__ import annotations

import codecs
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import BinaryIO, Literal

import magic

MediaKind = Literal["image", "pdf", "text", "email", "audio", "video"]

ACCEPTED_DESCRIPTION = (
    "a photo (JPEG, PNG, HEIC, WebP or GIF), a PDF, a text file, an email (.eml), "
    "audio (MP3, M4A, WAV or OGG) or video (MP4 or MOV)"
)

# Enough for every signature, an email's headers and the first page of an Ogg stream.
HEAD_BYTES = 64 * 1024
# A moov box bigger than this is read only in part when looking for track types.
MOOV_READ_LIMIT = 8 * 1024 * 1024
TEXT_CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Sniffed:
    """What the bytes say a file is, in forms the app can store and show."""

    mime_type: str
    media_kind: MediaKind
    label: str
    extension: str


JPEG = Sniffed("image/jpeg", "image", "Photo (JPEG)", ".jpg")
PNG = Sniffed("image/png", "image", "Picture or screenshot (PNG)", ".png")
HEIC = Sniffed("image/heic", "image", "Photo (HEIC)", ".heic")
HEIF = Sniffed("image/heif", "image", "Photo (HEIF)", ".heif")
WEBP = Sniffed("image/webp", "image", "Picture (WebP)", ".webp")
GIF = Sniffed("image/gif", "image", "Picture (GIF)", ".gif")
PDF = Sniffed("application/pdf", "pdf", "Document (PDF)", ".pdf")
TEXT = Sniffed("text/plain", "text", "Text file", ".txt")
CSV = Sniffed("text/csv", "text", "Text file (CSV)", ".csv")
EMAIL = Sniffed("message/rfc822", "email", "Email", ".eml")
MP3 = Sniffed("audio/mpeg", "audio", "Voicemail or recording (MP3)", ".mp3")
M4A = Sniffed("audio/mp4", "audio", "Voicemail or recording (M4A)", ".m4a")
AAC = Sniffed("audio/aac", "audio", "Voicemail or recording (AAC)", ".aac")
WAV = Sniffed("audio/wav", "audio", "Voicemail or recording (WAV)", ".wav")
OGG = Sniffed("audio/ogg", "audio", "Voicemail or recording (OGG)", ".ogg")
OPUS = Sniffed("audio/ogg", "audio", "Voicemail or recording (Opus)", ".opus")
MP4 = Sniffed("video/mp4", "video", "Video (MP4)", ".mp4")
MOV = Sniffed("video/quicktime", "video", "Video (MOV)", ".mov")


def sniff(path: Path) -> Sniffed | None:
    """Return what the file's bytes show it to be, or None if it is not a type we accept."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
            if not head:
                return None
            # From the head we already read: given the path, libmagic reads up to 7 MB of the
            # file into memory, which showed as +8 MB per upload in benchmarks/upload.py.
            reported = magic.from_buffer(head, mime=True)
            if reported in _EMAIL_CANDIDATES and _is_email(head, file):
                return EMAIL
            confirm = _CONFIRMERS.get(reported)
            return confirm(head, file) if confirm else None
    except (OSError, magic.MagicException):
        return None


def _jpeg(head: bytes, file: BinaryIO) -> Sniffed | None:
    return JPEG if head.startswith(b"\xff\xd8\xff") else None


def _png(head: bytes, file: BinaryIO) -> Sniffed | None:
    return PNG if head.startswith(b"\x89PNG\r\n\x1a\n") else None


def _gif(head: bytes, file: BinaryIO) -> Sniffed | None:
    return GIF if head[:6] in (b"GIF87a", b"GIF89a") else None


def _webp(head: bytes, file: BinaryIO) -> Sniffed | None:
    return WEBP if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else None


def _wav(head: bytes, file: BinaryIO) -> Sniffed | None:
    return WAV if head[:4] == b"RIFF" and head[8:12] == b"WAVE" else None


def _pdf(head: bytes, file: BinaryIO) -> Sniffed | None:
    # The PDF standard lets readers accept a header anywhere in the first 1024 bytes.
    return PDF if b"%PDF-" in head[:1024] else None


def _mp3(head: bytes, file: BinaryIO) -> Sniffed | None:
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    return None


def _aac(head: bytes, file: BinaryIO) -> Sniffed | None:
    # ADTS frames start with a 12-bit sync word and a layer of 0.
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return AAC
    return None


def _ogg(head: bytes, file: BinaryIO) -> Sniffed | None:
    """Ogg is a container; keep it only when its first stream is audio we can play."""
    if not head.startswith(b"OggS"):
        return None
    first_page = head[:512]
    if b"OpusHead" in first_page:
        return OPUS
    if b"\x01vorbis" in first_page or b"Speex   " in first_page or b"\x7fFLAC" in first_page:
        return OGG
    return None


_HEIF_PHOTO_BRANDS = {b"heic", b"heix", b"heim", b"heis"}
_HEIF_ANY_BRANDS = _HEIF_PHOTO_BRANDS | {b"mif1"}


def _heif(head: bytes, file: BinaryIO) -> Sniffed | None:
    brands = _ftyp_brands(head)
    if not brands or brands[0] == b"avif" or not _HEIF_ANY_BRANDS.intersection(brands):
        return None
    return HEIC if _HEIF_PHOTO_BRANDS.intersection(brands) else HEIF


# Boxes an old QuickTime file may open with instead of ftyp.
_QUICKTIME_FIRST_BOXES = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_AUDIO_ONLY_BRANDS = {b"M4A ", b"M4B ", b"M4P "}


def _iso_media(head: bytes, file: BinaryIO) -> Sniffed | None:
    """MP4, M4A and MOV share one box format; its track types tell audio from video."""
    brands = _ftyp_brands(head)
    if not brands:
        if head[4:8] not in _QUICKTIME_FIRST_BOXES:
            return None
        brands = [b"qt  "]
    if _HEIF_ANY_BRANDS.intersection(brands) or brands[0] in (b"avif", b"avis"):
        return None
    tracks = _iso_track_types(file)
    if b"vide" in tracks:
        is_audio = False
    elif b"soun" in tracks:
        is_audio = True
    else:
        is_audio = brands[0] in _AUDIO_ONLY_BRANDS
    if is_audio:
        return M4A
    return MOV if brands[0] == b"qt  " else MP4


def _ftyp_brands(head: bytes) -> list[bytes]:
    """Major brand first, then compatible brands; empty when the file has no ftyp box."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return []
    size = min(struct.unpack(">I", head[:4])[0], len(head))
    if size < 16:
        return []
    compatible = [head[i : i + 4] for i in range(16, size - 3, 4)]
    return [head[8:12], *compatible]


def _iso_boxes(file: BinaryIO, *, limit: int = 64) -> Iterator[tuple[bytes, int, int, int]]:
    """Top-level boxes as (type, start, size, header length), found by seeking, not reading."""
    file.seek(0, 2)
    file_size = file.tell()
    offset = 0
    for _ in range(limit):
        file.seek(offset)
        header = file.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        header_length = 8
        if size == 1:
            large = file.read(8)
            if len(large) < 8:
                return
            size = struct.unpack(">Q", large)[0]
            header_length = 16
        elif size == 0:
            size = file_size - offset
        if size < header_length:
            return
        yield kind, offset, size, header_length
        offset += size


_HANDLER = re.compile(rb"hdlr.{8}(vide|soun)", re.DOTALL)


def _iso_track_types(file: BinaryIO) -> set[bytes]:
    for kind, start, size, header_length in _iso_boxes(file):
        if kind == b"moov":
            file.seek(start + header_length)
            movie = file.read(min(size - header_length, MOOV_READ_LIMIT))
            return set(_HANDLER.findall(movie))
    return set()


# libmagic calls an .eml text/plain when it opens with some headers (see STACK.md).
_EMAIL_CANDIDATES = {"message/rfc822", "text/plain", "application/mbox", "message/news"}
_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+:)")


def _is_email(head: bytes, file: BinaryIO) -> bool:
    """An email's header block starts on its first line and names a sender and one more field."""
    if not _HEADER_LINE.match(head) or not _has_only_text_bytes(file):
        return False
    headers = BytesParser(policy=policy.default).parsebytes(head, headersonly=True)
    return "From" in headers and any(name in headers for name in ("Date", "Subject", "To"))


# Openings that make a browser treat text as HTML (WHATWG MIME sniffing), plus XML and SVG.
_MARKUP_OPENING = re.compile(
    rb"<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|svg|\?xml)[\s>/]|<!--",
    re.IGNORECASE,
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def _text(head: bytes, file: BinaryIO) -> Sniffed | None:
    return TEXT if _is_plain_text(head, file) else None


def _csv(head: bytes, file: BinaryIO) -> Sniffed | None:
    return CSV if _is_plain_text(head, file) else None


def _is_plain_text(head: bytes, file: BinaryIO) -> bool:
    """UTF-8 or Latin-1 text all the way through, and not markup a browser might run."""
    opening = head.removeprefix(codecs.BOM_UTF8).lstrip()
    return not _MARKUP_OPENING.match(opening) and _has_only_text_bytes(file)


def _has_only_text_bytes(file: BinaryIO) -> bool:
    """libmagic looks only at the start; binary hidden further in is refused too."""
    file.seek(0)
    while chunk := file.read(TEXT_CHUNK_BYTES):
        if _BINARY_BYTES.search(chunk):
            return False
    return True


_CONFIRMERS: dict[str, Callable[[bytes, BinaryIO], Sniffed | None]] = {
    "image/jpeg": _jpeg,
    "image/png": _png,
    "image/gif": _gif,
    "image/webp": _webp,
    "image/heic": _heif,
    "image/heif": _heif,
    "application/pdf": _pdf,
    "text/plain": _text,
    "message/rfc822": _text,
    "text/csv": _csv,
    # file(1) is known to call ordinary prose "Algol 68 source".
    "text/x-algol68": _text,
    "audio/mpeg": _mp3,
    "audio/x-hx-aac-adts": _aac,
    "audio/aac": _aac,
    "audio/x-m4a": _iso_media,
    "audio/mp4": _iso_media,
    "video/mp4": _iso_media,
    "video/x-m4v": _iso_media,
    "video/quicktime": _iso_media,
    "audio/x-wav": _wav,
    "audio/wav": _wav,
    "audio/vnd.wave": _wav,
    "audio/ogg": _ogg,
    "application/ogg": _ogg,
}
