"""Previews of evidence files: upright, the right sizes, and carrying no metadata at all.

Every file here is made in code (Pillow, pillow-heif, ffmpeg); none is read from disk elsewhere.
"""

import shutil
import struct
import subprocess
import time
import zlib
from io import BytesIO
from pathlib import Path

import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageCms

from evidence.derivatives import (
    ImageDerivatives,
    PreviewFailed,
    make_image_derivatives,
    make_pdf_preview,
    make_video_still,
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)
HOME = "12 Acacia Avenue"


def _gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    exif[ExifTags.Base.ImageDescription] = HOME
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 25.9)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.4)
    return exif


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _swapped_primaries_profile() -> bytes:
    """A small ICC profile whose red is sRGB's blue and the reverse, so conversion shows."""

    def fixed(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + fixed(x) + fixed(y) + fixed(z)

    straight = b"curv" + bytes(4) + struct.pack(">I", 0)
    name = b"Swapped red and blue"
    description = b"desc" + bytes(4) + struct.pack(">I", len(name) + 1) + name + bytes(1 + 78)
    tags = [
        (b"desc", description),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"rTRC", straight),
        (b"gTRC", straight),
        (b"bTRC", straight),
    ]
    start = 128 + 4 + 12 * len(tags)
    table, bodies = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", start + len(bodies), len(body))
        bodies += body
    header = struct.pack(">I", start + len(bodies)) + bytes(4) + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + bytes(12) + b"acsp" + bytes(28)
    header += fixed(0.9642) + fixed(1.0) + fixed(0.8249)
    header += bytes(128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + bodies


def _halves(size: tuple[int, int], left=RED, right=BLUE) -> Image.Image:
    picture = Image.new("RGB", size, right)
    picture.paste(left, (0, 0, size[0] // 2, size[1]))
    return picture


def _colour_at(jpeg: bytes, where: tuple[float, float]) -> tuple[int, int, int]:
    picture = Image.open(BytesIO(jpeg)).convert("RGB")
    return picture.getpixel((int(where[0] * picture.width), int(where[1] * picture.height)))


def _near(colour: tuple[int, int, int], expected: tuple[int, int, int], slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, expected, strict=True))


def _all_three(made: ImageDerivatives) -> list[bytes]:
    return [made.display, made.print_copy, made.thumbnail]


def _assert_no_metadata(jpeg: bytes) -> None:
    picture = Image.open(BytesIO(jpeg))
    assert picture.format == "JPEG"
    assert not picture.getexif()
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(picture.info)
    for marker in (b"Exif\x00\x00", b"ICC_PROFILE", b"http://ns.adobe.com/xap", b"iPhone"):
        assert marker not in jpeg
    assert HOME.encode() not in jpeg


def _png_declaring(width: int, height: int) -> bytes:
    """A black-and-white PNG of the given size whose rows are all zeros: tiny on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        tagged = kind + body
        return struct.pack(">I", len(body)) + tagged + struct.pack(">I", zlib.crc32(tagged))

    row = bytes(1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    rows_at_once = 1000
    pixels = b"".join(
        compressor.compress(row * min(rows_at_once, height - start))
        for start in range(0, height, rows_at_once)
    )
    pixels += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _pdf_with_javascript() -> bytes:
    """A one-page PDF, 200x100 points of blue, that asks to run JavaScript when opened."""
    content = b"0 0 1 rg 0 0 200 100 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 5 0 R >>",
        b"<< /S /JavaScript /JS (app.alert('You have been found');) >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    document = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    document += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return document


def _ffmpeg(*arguments: str) -> None:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "the tests make videos with Debian's ffmpeg (make test installs it)"
    subprocess.run(  # noqa: S603 - fixed program and arguments
        [ffmpeg, "-nostdin", "-loglevel", "error", "-y", *arguments], check=True, timeout=60
    )


def _video(path: Path, *, seconds: float, size: str = "320x240") -> Path:
    source = f"testsrc=size={size}:rate=10:duration={seconds}"
    _ffmpeg("-f", "lavfi", "-i", source, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    return path


def test_a_rotated_phone_photo_comes_out_upright_at_display_size(tmp_path):
    # Stored sideways (left red, right blue) with orientation 6, as a phone held upright saves it.
    photo = tmp_path / "photo.jpg"
    _halves((4000, 3000)).save(photo, quality=90, exif=_gps_exif(orientation=6))

    made = make_image_derivatives(photo)

    assert (made.width, made.height) == (1200, 1600)
    assert Image.open(BytesIO(made.display)).size == (1200, 1600)
    assert _near(_colour_at(made.display, (0.5, 0.2)), RED)
    assert _near(_colour_at(made.display, (0.5, 0.8)), BLUE)


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_no_derivative_carries_exif_gps_xmp_colour_profile_or_comment(tmp_path, kind):
    picture = _halves((2000, 1500))
    path = tmp_path / f"photo.{kind.lower()}"
    metadata = {"exif": _gps_exif().tobytes(), "icc_profile": _srgb_profile()}
    if kind in ("JPEG", "WEBP", "HEIF"):
        metadata["xmp"] = f"<x:xmpmeta>{HOME}</x:xmpmeta>".encode()
    if kind == "JPEG":
        metadata["comment"] = HOME.encode()
    if kind == "HEIF":
        pillow_heif.from_pillow(picture).save(path, quality=60, **metadata)
    else:
        picture.save(path, kind, **metadata)
    assert Image.open(path).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the original has GPS"

    made = make_image_derivatives(path)

    for jpeg in _all_three(made):
        _assert_no_metadata(jpeg)


def test_a_jpeg_comment_without_a_colour_profile_is_not_copied_either(tmp_path):
    # Pillow carries a JPEG comment over on save unless told otherwise.
    photo = tmp_path / "photo.jpg"
    _halves((2000, 1500)).save(photo, comment=HOME.encode(), exif=_gps_exif())

    made = make_image_derivatives(photo)

    for jpeg in _all_three(made):
        _assert_no_metadata(jpeg)


def test_colours_are_converted_from_an_embedded_profile_before_it_is_dropped(tmp_path):
    photo = tmp_path / "profiled.jpg"
    Image.new("RGB", (400, 300), RED).save(photo, icc_profile=_swapped_primaries_profile())

    made = make_image_derivatives(photo)

    assert _near(_colour_at(made.display, (0.5, 0.5)), BLUE, slack=5)
    assert "icc_profile" not in Image.open(BytesIO(made.display)).info


def test_each_copy_fits_its_size_and_the_print_copy_fits_the_pack(tmp_path):
    photo = tmp_path / "photo.jpg"
    noise = Image.merge("RGB", [Image.effect_noise((3000, 2000), 40) for _ in range(3)])
    noise.save(photo, quality=92)

    made = make_image_derivatives(photo)

    sizes = [Image.open(BytesIO(jpeg)).size for jpeg in _all_three(made)]
    assert sizes == [(1600, 1067), (1200, 800), (320, 213)]
    assert len(made.print_copy) <= 200_000


def test_a_small_picture_is_not_enlarged(tmp_path):
    screenshot = tmp_path / "small.png"
    Image.new("RGB", (300, 200), RED).save(screenshot)

    made = make_image_derivatives(screenshot)

    assert (made.width, made.height) == (300, 200)
    assert [Image.open(BytesIO(jpeg)).size for jpeg in _all_three(made)] == [(300, 200)] * 3


def test_an_open_file_works_as_well_as_a_path(tmp_path):
    buffer = BytesIO()
    _halves((800, 600)).save(buffer, "JPEG")
    buffer.seek(0)

    made = make_image_derivatives(buffer)

    assert (made.width, made.height) == (800, 600)


def test_a_png_with_transparency_is_flattened_onto_white(tmp_path):
    screenshot = tmp_path / "clear.png"
    picture = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    picture.paste((255, 0, 0, 255), (0, 0, 200, 400))
    picture.save(screenshot)

    made = make_image_derivatives(screenshot)

    assert Image.open(BytesIO(made.display)).mode == "RGB"
    assert _near(_colour_at(made.display, (0.25, 0.5)), RED)
    assert _near(_colour_at(made.display, (0.75, 0.5)), WHITE, slack=5)


def test_a_palette_picture_with_a_see_through_colour_is_flattened_onto_white(tmp_path):
    picture = tmp_path / "palette.png"
    _halves((400, 400), left=RED, right=(0, 0, 0)).convert("P").save(picture, transparency=0)

    made = make_image_derivatives(picture)

    assert _near(_colour_at(made.display, (0.75, 0.5)), WHITE, slack=5)


def test_an_animated_gif_shows_its_first_frame(tmp_path):
    gif = tmp_path / "moving.gif"
    first, second = Image.new("RGB", (200, 200), RED), Image.new("RGB", (200, 200), BLUE)
    first.save(gif, save_all=True, append_images=[second], duration=100, loop=0)

    made = make_image_derivatives(gif)

    assert _near(_colour_at(made.display, (0.5, 0.5)), RED)


def test_an_iphone_heic_gives_all_three_copies(tmp_path):
    heic = tmp_path / "IMG_0001.HEIC"
    pillow_heif.from_pillow(_halves((1800, 2400))).save(heic, quality=60)

    made = make_image_derivatives(heic)

    assert (made.width, made.height) == (1200, 1600)
    assert _near(_colour_at(made.thumbnail, (0.2, 0.5)), RED)
    assert _near(_colour_at(made.thumbnail, (0.8, 0.5)), BLUE)


def test_a_cmyk_jpeg_comes_out_in_rgb(tmp_path):
    scan = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (300, 300), (0, 255, 255, 0)).save(scan)

    made = make_image_derivatives(scan)

    assert Image.open(BytesIO(made.display)).mode == "RGB"
    assert _near(_colour_at(made.display, (0.5, 0.5)), RED)


def test_a_16_bit_greyscale_png_keeps_its_greys(tmp_path):
    scan = tmp_path / "grey16.png"
    Image.new("I;16", (300, 300), 40_000).save(scan)

    made = make_image_derivatives(scan)

    assert _near(_colour_at(made.display, (0.5, 0.5)), (156, 156, 156), slack=4)


def test_the_first_page_of_a_pdf_becomes_a_preview(tmp_path):
    letter = tmp_path / "letter.pdf"
    first, second = Image.new("RGB", (595, 842), RED), Image.new("RGB", (595, 842), BLUE)
    first.save(letter, "PDF", save_all=True, append_images=[second], resolution=72)

    made = make_pdf_preview(letter)

    assert (made.width, made.height) == (1131, 1600)
    assert _near(_colour_at(made.display, (0.5, 0.5)), RED)
    for jpeg in _all_three(made):
        _assert_no_metadata(jpeg)


def test_a_pdf_asking_to_run_javascript_is_drawn_by_our_renderer(tmp_path):
    letter = tmp_path / "script.pdf"
    letter.write_bytes(_pdf_with_javascript())

    made = make_pdf_preview(letter)

    assert (made.width, made.height) == (1600, 800)
    assert _near(_colour_at(made.display, (0.5, 0.5)), BLUE)


def test_a_damaged_pdf_raises_preview_failed(tmp_path):
    letter = tmp_path / "damaged.pdf"
    letter.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")

    with pytest.raises(PreviewFailed):
        make_pdf_preview(letter)


def test_a_video_gives_a_still_frame(tmp_path):
    video = _video(tmp_path / "car.mp4", seconds=3)

    made = make_video_still(video)

    assert made is not None
    assert (made.width, made.height) == (320, 240)
    for jpeg in _all_three(made):
        _assert_no_metadata(jpeg)


def test_a_clip_shorter_than_a_second_gives_its_first_frame(tmp_path):
    video = _video(tmp_path / "blink.mp4", seconds=0.3)

    made = make_video_still(video)

    assert made is not None
    assert (made.width, made.height) == (320, 240)


def test_a_video_filmed_upright_on_a_phone_gives_an_upright_still(tmp_path):
    landscape = _video(tmp_path / "stored.mp4", seconds=2)
    portrait = tmp_path / "portrait.mov"
    _ffmpeg("-i", str(landscape), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(portrait))

    made = make_video_still(portrait)

    assert made is not None
    assert (made.width, made.height) == (240, 320)


def test_a_file_that_is_not_a_video_gives_no_still(tmp_path):
    video = tmp_path / "broken.mov"
    video.write_bytes(b"\x00\x00\x00\x18ftypqt  " + bytes(200))

    assert make_video_still(video) is None


def test_a_playlist_dressed_up_as_a_video_is_not_followed(tmp_path):
    # ffmpeg's playlist readers would fetch the file named inside and draw it into the still.
    secret = _video(tmp_path / "someone_elses.mp4", seconds=2)
    playlist = tmp_path / "trap.mov"
    playlist.write_text(
        f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nfile:{secret}\n#EXT-X-ENDLIST\n"
    )

    assert make_video_still(playlist) is None


def test_without_ffmpeg_a_video_gives_no_still(tmp_path, monkeypatch):
    video = tmp_path / "car.mp4"
    video.write_bytes(b"not needed")
    monkeypatch.setattr("evidence.derivatives.shutil.which", lambda name: None)

    assert make_video_still(video) is None


def test_a_truncated_jpeg_raises_preview_failed(tmp_path):
    buffer = BytesIO()
    noise = Image.merge("RGB", [Image.effect_noise((800, 600), 40) for _ in range(3)])
    noise.save(buffer, "JPEG", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])

    with pytest.raises(PreviewFailed):
        make_image_derivatives(cut)


def test_a_file_that_is_not_a_picture_raises_preview_failed(tmp_path):
    text = tmp_path / "note.jpg"
    text.write_text("<html><script>alert(1)</script></html>")

    with pytest.raises(PreviewFailed):
        make_image_derivatives(text)


def test_a_30000_pixel_square_png_bomb_is_refused_before_decoding(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_declaring(30_000, 30_000))  # 900 megapixels in about 110 KB

    started = time.perf_counter()
    with pytest.raises(PreviewFailed):
        make_image_derivatives(bomb)

    assert time.perf_counter() - started < 0.5


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_picture_just_over_the_pixel_limit_is_refused_too(tmp_path):
    # Between the limit and twice it, Pillow only warns; we refuse.
    large = tmp_path / "large.png"
    large.write_bytes(_png_declaring(9_000, 9_000))

    started = time.perf_counter()
    with pytest.raises(PreviewFailed):
        make_image_derivatives(large)

    assert time.perf_counter() - started < 0.5


def test_a_truncated_photo_still_fails_after_the_pack_renderer_is_loaded(tmp_path, monkeypatch):
    # WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on for the whole process on import.
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    buffer = BytesIO()
    noise = Image.merge("RGB", [Image.effect_noise((800, 600), 40) for _ in range(3)])
    noise.save(buffer, "JPEG", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])

    with pytest.raises(PreviewFailed):
        make_image_derivatives(cut)
