"""Read what a file says about itself: when and where it was made, by what, how long, from whom.

Nothing here is trusted, only reported ("the file says …"). Nothing here raises either: a damaged
file is still evidence, so each reader keeps whatever it managed to read before something failed.
Strings come back as plain text, not escaped (escaping is the template's job), but without control
characters that could hide or reorder what is shown.
"""

from __future__ import annotations

import codecs
import json
import logging
import math
import re
import shutil
import struct
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, cast

import mutagen
import pillow_heif
import pypdfium2
from mutagen.aac import AAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from PIL import Image

from evidence.images import MAX_IMAGE_PIXELS
from evidence.sniffing import Sniffed

logger = logging.getLogger(__name__)

pillow_heif.register_heif_opener()

MAX_FIELD_CHARS = 500
MAX_EMAIL_BODY_CHARS = 20_000
MAX_TEXT_EXCERPT_CHARS = 2_000
# The plain-text part comes first in nearly every email; attachments beyond this are not needed.
EMAIL_READ_LIMIT_BYTES = 10 * 1024 * 1024
FFPROBE_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class FileFacts:
    """What a file states about itself; None wherever it says nothing or could not be read."""

    captured_at: datetime | None = None
    captured_at_has_offset: bool = False
    camera: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    width: int | None = None
    height: int | None = None
    # Larger than Pillow will decode (see evidence/images.py): intake should refuse it.
    exceeds_pixel_limit: bool = False
    page_count: int | None = None
    stated_created_at: datetime | None = None
    duration_seconds: float | None = None
    container_created_at: datetime | None = None
    email_from: str | None = None
    email_to: str | None = None
    email_date: datetime | None = None
    email_subject: str | None = None
    email_body: str | None = None
    text_excerpt: str | None = None


def read_metadata(path: Path, sniffed: Sniffed) -> FileFacts:
    """Read what the file says about itself; never raises, as a broken file is still evidence."""
    found: dict[str, Any] = {}
    reader = _READERS.get(sniffed.media_kind)
    if reader is not None:
        _attempt(sniffed.media_kind, lambda: reader(path, sniffed, found))
    return FileFacts(**found)


def has_location(facts: FileFacts) -> bool:
    """True when the file carries a place, which may show where the user lives."""
    return facts.latitude is not None and facts.longitude is not None


def _attempt(step: str, action: Callable[[], object]) -> None:
    """Run one reading step, keeping going if the file is damaged or hostile."""
    try:
        action()
    except Exception as error:
        # Only the error's type: its message may quote the file, and logs must not hold evidence.
        logger.info("Could not read %s metadata (%s)", step, type(error).__name__)


# Images ------------------------------------------------------------------------------------

# Opening only the plugin the bytes were sniffed as keeps Pillow's other parsers out of reach.
_PILLOW_FORMATS = {
    "image/jpeg": ["JPEG", "MPO"],
    "image/png": ["PNG"],
    "image/heic": ["HEIF"],
    "image/heif": ["HEIF"],
    "image/webp": ["WEBP"],
    "image/gif": ["GIF"],
}
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_MAKE, _MODEL, _ORIENTATION = 0x010F, 0x0110, 0x0112
# EXIF orientations that turn the picture a quarter: its width is the stored height.
_TURNED = {5, 6, 7, 8}
# (time, offset, fraction of a second): when taken, then when digitised.
_EXIF_TIMES = ((0x9003, 0x9011, 0x9291), (0x9004, 0x9012, 0x9292))


def _read_image(path: Path, sniffed: Sniffed, found: dict[str, Any]) -> None:
    formats = _PILLOW_FORMATS.get(sniffed.mime_type)
    if formats is None:
        return
    # Image.open reads the header only; pixels are never decoded here.
    try:
        image = Image.open(path, formats=formats)
    except Image.DecompressionBombError:
        found["exceeds_pixel_limit"] = True
        return
    with image:
        width, height = image.size
        found["exceeds_pixel_limit"] = width * height > MAX_IMAGE_PIXELS
        found["width"], found["height"] = width, height
        exif = _exif_or_empty(image, path)
    orientation = exif.get(_ORIENTATION)
    # pillow-heif has already applied HEIF's own rotation and reset the EXIF tag.
    if image.format != "HEIF" and isinstance(orientation, int) and orientation in _TURNED:
        found["width"], found["height"] = height, width
    _attempt("capture time", lambda: found.update(_capture_time(exif)))
    _attempt("camera", lambda: found.update(_camera(exif)))
    _attempt("location", lambda: found.update(_exif_location(exif)))


def _exif_or_empty(image: Image.Image, path: Path) -> Image.Exif:
    try:
        return _exif_without_decoding(image, path)
    except Exception as error:
        logger.info("Could not read EXIF metadata (%s)", type(error).__name__)
        return Image.Exif()


def _exif_without_decoding(image: Image.Image, path: Path) -> Image.Exif:
    """Pillow decodes a PNG to find an eXIf chunk after its pixels; walk the chunks instead."""
    if image.format != "PNG" or "exif" in image.info:
        return image.getexif()
    exif = Image.Exif()
    chunk = _png_exif_chunk(path)
    if chunk:
        exif.load(chunk)
    return exif


def _png_exif_chunk(path: Path, *, max_chunks: int = 100_000) -> bytes | None:
    with path.open("rb") as file:
        file.seek(8)
        for _ in range(max_chunks):
            header = file.read(8)
            if len(header) < 8:
                return None
            length, kind = struct.unpack(">I4s", header)
            if kind == b"eXIf":
                return file.read(min(length, 1024 * 1024))
            if kind == b"IEND":
                return None
            file.seek(length + 4, 1)
    return None


def _capture_time(exif: Image.Exif) -> dict[str, Any]:
    details = exif.get_ifd(_EXIF_IFD)
    for time_tag, offset_tag, fraction_tag in _EXIF_TIMES:
        captured = _exif_datetime(
            details.get(time_tag), details.get(offset_tag), details.get(fraction_tag)
        )
        if captured is not None:
            return {"captured_at": captured, "captured_at_has_offset": captured.tzinfo is not None}
    return {}


_EXIF_STAMP = re.compile(r"\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_UTC_OFFSET = re.compile(r"\s*([+-])(\d{2}):?(\d{2})")


def _exif_datetime(stamp: object, offset: object, fraction: object) -> datetime | None:
    match = _EXIF_STAMP.match(_raw_text(stamp) or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    digits = "".join(ch for ch in (_raw_text(fraction) or "") if ch.isdigit())[:6]
    microsecond = int(digits.ljust(6, "0")) if digits else 0
    try:
        # Deliberately naive without an offset: the camera's local clock, zone unknown.
        return datetime(
            year, month, day, hour, minute, second, microsecond, tzinfo=_utc_offset(offset)
        )
    except ValueError:
        return None  # Cameras write "0000:00:00 00:00:00" when the clock was never set.


def _utc_offset(value: object) -> timezone | None:
    match = _UTC_OFFSET.match(_raw_text(value) or "")
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    try:
        return timezone(-delta if sign == "-" else delta)
    except ValueError:
        return None


def _camera(exif: Image.Exif) -> dict[str, Any]:
    make = _one_line(_raw_text(exif.get(_MAKE)))
    model = _one_line(_raw_text(exif.get(_MODEL)))
    # "Canon" + "Canon EOS R5" and "NIKON CORPORATION" + "NIKON D750" name the maker twice.
    if make and model and model.lower().startswith(make.split()[0].lower()):
        make = None
    camera = _one_line(" ".join(part for part in (make, model) if part))
    return {"camera": camera} if camera else {}


def _exif_location(exif: Image.Exif) -> dict[str, Any]:
    gps = exif.get_ifd(_GPS_IFD)
    latitude = _gps_coordinate(gps.get(2), gps.get(1), negative="S", limit=90)
    longitude = _gps_coordinate(gps.get(4), gps.get(3), negative="W", limit=180)
    if latitude is None or longitude is None:
        return {}
    return {"latitude": latitude, "longitude": longitude}


def _gps_coordinate(value: object, reference: object, *, negative: str, limit: int) -> float | None:
    """Degrees, minutes and seconds to signed decimal degrees; None if absent or impossible."""
    if value is None:
        return None
    parts = list(value) if isinstance(value, tuple | list) else [value]
    degrees, minutes, seconds = (parts + [0, 0, 0])[:3]
    decimal = float(degrees) + float(minutes) / 60 + float(seconds) / 3600
    if not math.isfinite(decimal) or abs(decimal) > limit:
        return None
    if (_raw_text(reference) or "").strip("\x00 ").upper().startswith(negative):
        decimal = -abs(decimal)
    return round(decimal, 7)


# PDF ---------------------------------------------------------------------------------------

# PDFium is not thread-safe; a threaded server may read two uploads at once.
_PDFIUM_LOCK = threading.Lock()

# D:YYYYMMDDHHmmSS then Z or +HH'mm'; everything after the year is optional.
_PDF_DATE = re.compile(
    r"\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?)?"
)


def _read_pdf(path: Path, sniffed: Sniffed, found: dict[str, Any]) -> None:
    # PDFium reads structure only here; no page is rendered and no script is run.
    with _PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(path)
        try:
            found["page_count"] = len(document)
            stated = document.get_metadata_value("CreationDate")
        finally:
            document.close()
    found["stated_created_at"] = _pdf_date(stated)


def _pdf_date(value: str | None) -> datetime | None:
    """A PDF date such as "D:20240101120000+01'00'"; naive when it gives no offset."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, utc, sign, offset_hours, offset_minutes = match.groups()
    zone = None
    if utc:
        zone = UTC
    elif sign:
        delta = timedelta(hours=int(offset_hours), minutes=int(offset_minutes or 0))
        if delta >= timedelta(hours=24):
            return None
        zone = timezone(-delta if sign == "-" else delta)
    try:
        return datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None


# Audio and video ---------------------------------------------------------------------------

# mutagen's own guess looks at the file name too; the sniffed type decides instead.
_MUTAGEN_TYPES: dict[str, list[type[mutagen.FileType]]] = {
    "audio/mpeg": [MP3],
    "audio/mp4": [MP4],
    "audio/aac": [AAC],
    "audio/wav": [WAVE],
    "audio/ogg": [OggOpus, OggVorbis, OggFLAC, OggSpeex],
}
# ffprobe is told the container too, so it never probes for HLS playlists or other formats.
_FFPROBE_DEMUXERS = {
    "audio/mpeg": "mp3",
    "audio/mp4": "mov",
    "audio/aac": "aac",
    "audio/wav": "wav",
    "audio/ogg": "ogg",
    "video/mp4": "mov",
    "video/quicktime": "mov",
}
_FFPROBE_ENTRIES = (
    "format=duration:format_tags:stream=codec_type,width,height:stream_tags"
    ":stream_side_data=rotation"
)
_CREATION_TAGS = ("com.apple.quicktime.creationdate", "creation_time")
_LOCATION_TAGS = ("com.apple.quicktime.location.ISO6709", "location", "location-eng")
# ISO 6709 as phones write it: "+51.5074-000.1278+012.000/".
_ISO_6709 = re.compile(r"\s*([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)")


def _read_audio(path: Path, sniffed: Sniffed, found: dict[str, Any]) -> None:
    _attempt("audio duration", lambda: found.update(_mutagen_duration(path, sniffed)))
    _attempt("audio container", lambda: _keep_first(found, _ffprobe(path, sniffed)))


def _read_video(path: Path, sniffed: Sniffed, found: dict[str, Any]) -> None:
    _attempt("video container", lambda: found.update(_ffprobe(path, sniffed)))


def _keep_first(found: dict[str, Any], more: dict[str, Any]) -> None:
    for name, value in more.items():
        found.setdefault(name, value)


def _mutagen_duration(path: Path, sniffed: Sniffed) -> dict[str, Any]:
    kinds = _MUTAGEN_TYPES.get(sniffed.mime_type)
    audio = mutagen.File(path, options=kinds) if kinds else None
    length = getattr(getattr(audio, "info", None), "length", None)
    if isinstance(length, int | float) and math.isfinite(length) and length > 0:
        return {"duration_seconds": float(length)}
    return {}


def _ffprobe(path: Path, sniffed: Sniffed) -> dict[str, Any]:
    """Duration, creation time, place and picture size from ffprobe, if it is installed."""
    ffprobe = shutil.which("ffprobe")
    demuxer = _FFPROBE_DEMUXERS.get(sniffed.mime_type)
    if ffprobe is None or demuxer is None:
        return {}
    command = [
        ffprobe,
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-f",
        demuxer,
        "-print_format",
        "json",
        "-show_entries",
        _FFPROBE_ENTRIES,
        f"file:{path}",
    ]
    # A fixed argument list, no shell; the only input is the path of our own stored copy.
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, timeout=FFPROBE_TIMEOUT_SECONDS, check=False
    )
    report = json.loads(completed.stdout or b"{}")
    container = report.get("format") or {}
    streams = report.get("streams") or []
    tags = {**_stream_tags(streams), **(container.get("tags") or {})}
    facts: dict[str, Any] = {}
    duration = _finite_float(container.get("duration"))
    if duration is not None and duration > 0:
        facts["duration_seconds"] = duration
    created = next(filter(None, (_iso_datetime(tags.get(name)) for name in _CREATION_TAGS)), None)
    if created is not None:
        facts["container_created_at"] = created
    location = next(filter(None, (_iso_6709(tags.get(name)) for name in _LOCATION_TAGS)), None)
    if location is not None:
        facts["latitude"], facts["longitude"] = location
    facts.update(_picture_size(streams))
    return facts


def _stream_tags(streams: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for stream in reversed(streams):
        merged.update(stream.get("tags") or {})
    return merged


def _picture_size(streams: list[dict[str, Any]]) -> dict[str, Any]:
    for stream in streams:
        if stream.get("codec_type") != "video":
            continue
        width, height = stream.get("width"), stream.get("height")
        if not isinstance(width, int) or not isinstance(height, int):
            return {}
        rotations = [side.get("rotation") for side in stream.get("side_data_list") or []]
        rotation = next((r for r in rotations if isinstance(r, int | float)), 0)
        # Phones film upright video as landscape pixels plus a quarter-turn instruction.
        if round(abs(rotation)) % 180 == 90:
            width, height = height, width
        return {"width": width, "height": height}
    return {}


def _iso_datetime(value: object) -> datetime | None:
    text = _raw_text(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    # MP4 counts from 1904; a zero there means "not set", not a real date.
    return moment if moment.year > 1970 else None


def _iso_6709(value: object) -> tuple[float, float] | None:
    match = _ISO_6709.match(_raw_text(value) or "")
    if not match:
        return None
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return latitude, longitude


def _finite_float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# Email and text ----------------------------------------------------------------------------


def _read_email(path: Path, sniffed: Sniffed, found: dict[str, Any]) -> None:
    with path.open("rb") as file:
        raw = file.read(EMAIL_READ_LIMIT_BYTES)
    # policy.default makes EmailMessage objects, with decoded headers and get_body().
    message = cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(raw))
    for field, header in (("email_from", "From"), ("email_to", "To"), ("email_subject", "Subject")):
        _attempt(
            header, lambda field=field, header=header: _email_header(message, header, found, field)
        )
    _attempt("Date", lambda: found.update(email_date=getattr(message["Date"], "datetime", None)))
    _attempt("email body", lambda: found.update(email_body=_plain_body(message)))


def _email_header(message: EmailMessage, header: str, found: dict[str, Any], field: str) -> None:
    value = message[header]
    if value is not None:
        found[field] = _one_line(str(value))


def _plain_body(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return None
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, ValueError):
        # An unknown or lying charset: show the bytes as UTF-8 rather than nothing.
        text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    return _several_lines(str(text), MAX_EMAIL_BODY_CHARS)


def _read_text(path: Path, sniffed: Sniffed, found: dict[str, Any]) -> None:
    with path.open("rb") as file:
        raw = file.read(MAX_TEXT_EXCERPT_CHARS * 4).removeprefix(codecs.BOM_UTF8)
    found["text_excerpt"] = _several_lines(_decode_text(raw), MAX_TEXT_EXCERPT_CHARS)


def _decode_text(raw: bytes) -> str:
    """UTF-8 if it is, else Windows-1252 (Latin-1 as Windows writes it), else Latin-1."""
    try:
        # Not final: the excerpt may end half-way through a character.
        return codecs.getincrementaldecoder("utf-8")().decode(raw)
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# Strings -----------------------------------------------------------------------------------

# Control characters, plus the bidi overrides and isolates that can make text read backwards.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_SPACE = re.compile(r"[\t\n\r]")


def _raw_text(value: object) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def _one_line(value: str | None) -> str | None:
    """A short field: one line, no control characters, at most 500 characters."""
    if value is None:
        return None
    text = " ".join(_CONTROL.sub("", _LINE_SPACE.sub(" ", value)).split())
    return text[:MAX_FIELD_CHARS] or None


def _several_lines(value: str, limit: int) -> str | None:
    """A body or excerpt: lines and tabs kept, other control characters removed."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_BUT_LINES.sub("", text)
    return text[:limit] or None


_READERS: dict[str, Callable[[Path, Sniffed, dict[str, Any]], None]] = {
    "image": _read_image,
    "pdf": _read_pdf,
    "audio": _read_audio,
    "video": _read_video,
    "email": _read_email,
    "text": _read_text,
}
