"""Preview speed: display copy, print copy and thumbnail of a 12-megapixel JPEG and HEIC.

Run with `make bench` (or `.venv/bin/python benchmarks/derivatives.py`). Makes photo-like test
files in a throw-away folder (a drawn scene under film-grain noise, so they compress like real
photos), then prints the median time of `make_image_derivatives` and the size of each output.
Targets from the evidence issue: JPEG <= 200 ms, HEIC <= 2 s.
"""

import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pillow_heif  # noqa: E402
from PIL import ExifTags, Image, ImageChops, ImageDraw  # noqa: E402

from evidence.derivatives import make_image_derivatives  # noqa: E402

SIZE = (4032, 3024)  # a 12 MP phone camera
RUNS = 7
TARGETS = {"JPEG": 0.200, "HEIC": 2.0}


def photo_like(size: tuple[int, int] = SIZE, seed: int = 5) -> Image.Image:
    """Sky, ground and coloured shapes under grain at three scales, like a noisy phone photo."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test picture, not security
    width, height = size
    small = (width // 8, height // 8)
    scene = Image.new("RGB", small)
    draw = ImageDraw.Draw(scene)
    for y in range(small[1]):
        t = y / small[1]
        if t < 0.55:
            colour = (int(120 + 90 * t), int(160 + 40 * t), int(220 - 60 * t))
        else:
            colour = (int(90 + 40 * t), int(80 + 30 * t), int(60 + 20 * t))
        draw.line([(0, y), (small[0], y)], fill=colour)
    for _ in range(40):
        left, top = rng.randrange(small[0]), rng.randrange(small[1] // 3, small[1])
        box = [left, top, left + rng.randrange(10, 120), top + rng.randrange(10, 90)]
        fill = tuple(rng.randrange(30, 230) for _ in range(3))
        (draw.rectangle if rng.random() < 0.6 else draw.ellipse)(box, fill=fill)
    scene = scene.resize(size, Image.Resampling.BICUBIC)
    grain = Image.blend(
        Image.effect_noise((width // 6, height // 6), 50).resize(size, Image.Resampling.BICUBIC),
        Image.effect_noise((width // 2, height // 2), 50).resize(size, Image.Resampling.BICUBIC),
        0.5,
    )
    grain = Image.blend(grain, Image.effect_noise(size, 30), 0.3)
    return ImageChops.soft_light(scene, Image.merge("RGB", (grain,) * 3))


def phone_exif() -> Image.Exif:
    """Portrait orientation and a GPS position, as a phone writes them."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 25.9)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.4)
    return exif


def measure(path: Path) -> tuple[float, list[float], object]:
    times = []
    made = None
    for _ in range(RUNS):
        started = time.perf_counter()
        made = make_image_derivatives(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, made


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="bench-derivatives-"))
    try:
        picture = photo_like()
        jpeg = scratch / "photo.jpg"
        picture.save(jpeg, "JPEG", quality=90, exif=phone_exif())
        heic = scratch / "photo.heic"
        # Quality 50 gives about 2.3 MB, close to what an iPhone writes for 12 MP.
        pillow_heif.from_pillow(picture).save(heic, quality=50, exif=phone_exif().tobytes())
        print(f"Derivatives of a {SIZE[0]}x{SIZE[1]} photo, median of {RUNS} runs")
        missed = []
        for name, path in (("JPEG", jpeg), ("HEIC", heic)):
            median, times, made = measure(path)
            target = TARGETS[name]
            verdict = "ok" if median <= target else "OVER TARGET"
            print(
                f"  {name} {path.stat().st_size / 1e6:.1f} MB in: {median * 1000:.0f} ms "
                f"(fastest {min(times) * 1000:.0f}, slowest {max(times) * 1000:.0f}; "
                f"target {target * 1000:.0f} ms) {verdict}"
            )
            print(
                f"    out: display {made.width}x{made.height} {len(made.display) / 1000:.0f} KB, "
                f"print {len(made.print_copy) / 1000:.0f} KB, "
                f"thumbnail {len(made.thumbnail) / 1000:.0f} KB"
            )
            if median > target:
                missed.append(name)
        return 1 if missed else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
