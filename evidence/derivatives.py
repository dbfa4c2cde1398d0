"""Preview images of evidence files: a display copy, a print-size copy and a thumbnail.

Pure functions over paths and open files (no database, no HTTP); the background task in
`evidence.tasks` calls them and stores what they return. Every derivative is a new JPEG that
carries no metadata at all (no EXIF, GPS, XMP, ICC profile or comment), because a preview may
be shown or printed where the original's location data would put someone at risk. Any file
that cannot be turned into a preview raises `PreviewFailed`; the original is never touched.
"""

import dataclasses
import io
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

import pillow_heif
import pypdfium2
from PIL import Image, ImageCms, ImageFile, ImageOps

# Importing images also sets Pillow's own pixel limit for the whole app.
from evidence import images

pillow_heif.register_heif_opener()

DISPLAY_LONG_SIDE = 1600
PRINT_LONG_SIDE = 1200
THUMBNAIL_LONG_SIDE = 320
DISPLAY_QUALITY = 80
THUMBNAIL_QUALITY = 75
# The pack embeds print copies, so their size decides how big a pack of many photos gets.
PRINT_QUALITIES = (80, 72, 64, 56, 48)
PRINT_MAX_BYTES = 200_000
# Pillow box-reduces by whole factors while leaving at least this much for LANCZOS to finish:
# much faster than LANCZOS all the way, and at 2.0 (its thumbnail default) hard to tell apart.
REDUCING_GAP = 2.0
VIDEO_STILL_AT_SECONDS = 1
VIDEO_TIMEOUT_SECONDS = 30
SIXTEEN_BIT_MODES = ("I;16", "I;16L", "I;16B", "I;16N")
ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")


class PreviewFailed(Exception):
    """No preview could be made of this file; the original is kept as it is."""


@dataclass(frozen=True, slots=True)
class PrintPage:
    """The print copy of one more page of a PDF: a JPEG without metadata, and its size."""

    number: int
    print_copy: bytes
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ImageDerivatives:
    """Three JPEGs without metadata; width and height are those of the display copy."""

    display: bytes
    print_copy: bytes
    thumbnail: bytes
    width: int
    height: int
    # The print copy's own size, so the pack can place it without opening it.
    print_width: int = 0
    print_height: int = 0
    # A PDF's pages after the first, up to the pack's limit, each as a print copy only.
    more_pages: tuple[PrintPage, ...] = ()


def make_image_derivatives(source: BinaryIO | Path) -> ImageDerivatives:
    """Make the display copy, print copy and thumbnail of a photo or picture.

    JPEG, PNG, HEIC/HEIF, WebP and GIF (first frame) are read; the result is upright (EXIF
    orientation applied), in sRGB, flattened onto white, and free of all metadata. Raises
    `PreviewFailed` for a damaged file or one declaring more pixels than the limit; the limit
    is checked before any pixels are decoded.
    """
    try:
        with Image.open(source) as image:
            _refuse_too_many_pixels(image.size)
            icc_profile = image.info.get("icc_profile")
            box = _draft_box(image.size, DISPLAY_LONG_SIDE)
            if box is not None:
                # JPEG only (a no-op for other formats): libjpeg decodes straight at 1/2, 1/4 or
                # 1/8 scale, several times faster than decoding everything and shrinking.
                image.draft("RGB", box)
            # A truncated file must fail, not half-load: WeasyPrint switches Pillow's
            # process-wide LOAD_TRUNCATED_IMAGES on when it is imported (by the pack).
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            image.load()
            _turn_upright(image)
            return _derivatives_from(_colour_on_white(image), icc_profile)
    except PreviewFailed:
        raise
    except Exception as error:
        # Decoders of hostile or damaged files fail in many ways; every one means "no preview".
        raise PreviewFailed(f"No preview could be made: {type(error).__name__}") from error


def make_pdf_preview(source: Path, *, printed_pages: int = 1) -> ImageDerivatives:
    """Draw the first page of a PDF and make the three derivatives from it, and a print copy of
    each further page up to `printed_pages` (a scanned letter is printed whole in the pack).

    pypdfium2 never runs a PDF's JavaScript unless forms are initialised, which we never do.
    Raises `PreviewFailed` for a damaged, empty or password-protected PDF.
    """
    try:
        document = pypdfium2.PdfDocument(source)
    except Exception as error:
        raise PreviewFailed(f"No preview could be made: {type(error).__name__}") from error
    try:
        if len(document) == 0:
            raise PreviewFailed("The PDF has no pages.")
        page = document[0]
        try:
            long_side = max(page.get_size())
            if not long_side > 0:
                raise PreviewFailed("The PDF's first page has no size.")
            bitmap = page.render(scale=DISPLAY_LONG_SIDE / long_side, may_draw_forms=False)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
        first = _derivatives_from(image, icc_profile=None)
        more = tuple(
            _pdf_print_page(document, number)
            for number in range(2, min(printed_pages, len(document)) + 1)
        )
        return dataclasses.replace(first, more_pages=tuple(page for page in more if page))
    except PreviewFailed:
        raise
    except Exception as error:
        raise PreviewFailed(f"No preview could be made: {type(error).__name__}") from error
    finally:
        document.close()


def _pdf_print_page(document: pypdfium2.PdfDocument, number: int) -> PrintPage | None:
    # Drawn straight at print size: these pages are never shown on screen. A page that does not
    # draw is left out rather than costing the whole preview.
    page = document[number - 1]
    try:
        long_side = max(page.get_size())
        if not long_side > 0:
            return None
        bitmap = page.render(scale=PRINT_LONG_SIDE / long_side, may_draw_forms=False)
        image = _shrunk(bitmap.to_pil().convert("RGB"), PRINT_LONG_SIDE)
    except Exception:  # noqa: BLE001 - a broken later page must not cost the first
        return None
    finally:
        page.close()
    return PrintPage(number, _print_jpeg(image), image.width, image.height)


def make_video_still(source: Path) -> ImageDerivatives | None:
    """Take one frame (at about 1 s, or the first for shorter clips) of an MP4 or MOV video.

    Returns None if ffmpeg is not installed or cannot read the video, so the page shows a
    placeholder instead.
    """
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory(prefix="evidence-still-") as scratch:
        still = Path(scratch) / "still.png"
        for seek_seconds in (VIDEO_STILL_AT_SECONDS, None):
            if _grab_frame(ffmpeg, Path(source).resolve(), still, seek_seconds):
                return make_image_derivatives(still)
    return None


def _grab_frame(ffmpeg: str, source: Path, still: Path, seek_seconds: int | None) -> bool:
    # Only the MP4/MOV demuxer and only local files: other demuxers (HLS playlists, concat
    # lists) can be talked into reading other files or URLs and drawing them into the frame.
    command = [ffmpeg, "-nostdin", "-loglevel", "error", "-protocol_whitelist", "file"]
    command += ["-f", "mov"]
    if seek_seconds is not None:
        command += ["-ss", str(seek_seconds)]
    command += ["-i", f"file:{source}", "-map", "0:v:0", "-an", "-sn", "-dn", "-frames:v", "1"]
    # Shrink in ffmpeg (after its automatic rotation) so a 4K frame is never written as PNG.
    longest = DISPLAY_LONG_SIDE
    fit = f"scale='min({longest},iw)':'min({longest},ih)':force_original_aspect_ratio=decrease"
    command += ["-vf", fit, "-y", f"file:{still}"]
    try:
        finished = subprocess.run(  # noqa: S603 - fixed program, no shell, our own arguments
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=VIDEO_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return finished.returncode == 0 and still.is_file() and still.stat().st_size > 0


def _refuse_too_many_pixels(size: tuple[int, int]) -> None:
    # Pillow only warns between the limit and twice the limit; for us the limit is the limit.
    width, height = size
    if width * height > images.MAX_IMAGE_PIXELS:
        raise PreviewFailed(f"The picture is {width}x{height} pixels, more than we open.")


def _draft_box(size: tuple[int, int], long_side: int) -> tuple[int, int] | None:
    # Pillow's draft() only shrinks when both sides fit the box, so the box keeps the aspect.
    width, height = size
    if max(width, height) <= long_side:
        return None
    scale = long_side / max(width, height)
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _turn_upright(image: Image.Image) -> None:
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # noqa: S110 - a broken EXIF block must not cost the preview
        pass


def _colour_on_white(image: Image.Image) -> Image.Image:
    """The image as RGB, L or CMYK (left for the colour profile), transparency laid on white."""
    if image.mode in SIXTEEN_BIT_MODES or image.mode == "I":
        image = _eight_bit(image)
    if image.mode in ALPHA_MODES or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        white.alpha_composite(rgba)
        return white.convert("RGB")
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    return image.convert("RGB")


def _eight_bit(image: Image.Image) -> Image.Image:
    # Pillow's own conversion clips 16-bit values at 255, turning most of a picture white.
    wide = image.convert("I")
    if wide.getextrema()[1] > 255:
        wide = wide.point(lambda value: value * (1 / 256))
    return wide.convert("L")


def _derivatives_from(image: Image.Image, icc_profile: bytes | None) -> ImageDerivatives:
    # One decode serves all three sizes: each smaller copy is made from the display copy.
    display = _in_srgb(_shrunk(image, DISPLAY_LONG_SIDE), icc_profile)
    print_copy = _shrunk(display, PRINT_LONG_SIDE)
    thumbnail = _shrunk(display, THUMBNAIL_LONG_SIDE)
    return ImageDerivatives(
        display=_jpeg(display, DISPLAY_QUALITY),
        print_copy=_print_jpeg(print_copy),
        thumbnail=_jpeg(thumbnail, THUMBNAIL_QUALITY),
        width=display.width,
        height=display.height,
        print_width=print_copy.width,
        print_height=print_copy.height,
    )


def _shrunk(image: Image.Image, long_side: int) -> Image.Image:
    width, height = image.size
    if max(width, height) <= long_side:
        return image
    scale = long_side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


@cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    # Convert from the embedded profile, then drop it: a profile can name the device it came from.
    if icc_profile:
        try:
            embedded = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(
                image, embedded, _srgb_profile(), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken or mismatched profile: show the colours as stored
        if converted is not None:
            return converted
    return image if image.mode == "RGB" else image.convert("RGB")


def _print_jpeg(image: Image.Image) -> bytes:
    for quality in PRINT_QUALITIES:
        encoded = _jpeg(image, quality)
        if len(encoded) <= PRINT_MAX_BYTES:
            break
    return encoded


def _jpeg(image: Image.Image, quality: int) -> bytes:
    # Pillow copies a JPEG comment from image.info when saving; start from nothing instead.
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
