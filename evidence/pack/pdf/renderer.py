"""Turn the pack's HTML into a PDF with WeasyPrint, fetching nothing but what we hand it.

The pack prints text the user typed, and a narrative may hold markup such as
`<img src="file:///etc/passwd">` or a link to a tracking server. The templates escape it; this
fetcher is the second wall: it serves our own fonts and the images registered for this one render,
and refuses every other address (web, local files, `data:`), so a PDF can never carry a file from
the server or tell anyone outside that it was made.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Mapping
from pathlib import Path

import weasyprint
from django.template.loader import render_to_string
from weasyprint.text.ffi import ffi, fontconfig, gobject, pangoft2
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "pack:/"
FONT_PREFIX = "pack:font/"
IMAGE_PREFIX = "pack:image/"
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONTS_STYLESHEET = "evidence/pack/fonts.css"

# Fixed when the module loads: the fonts shipped in this package, by name, never by path.
FONT_SUFFIXES = {".ttf"}
PACK_FONTS: dict[str, Path] = {
    FONT_PREFIX + path.name: path
    for path in sorted(FONTS_DIR.iterdir())
    if path.suffix in FONT_SUFFIXES
}

# Only formats our derivatives and charts use; the bytes decide, not the name.
IMAGE_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


class RefusedURL(Exception):
    """An address the pack may not fetch; WeasyPrint logs it and leaves the resource out."""


class PackURLFetcher(URLFetcher):
    """Serves the pack's fonts and this render's images; refuses everything else.

    Every refused address is kept in `refused`, in order, so tests and logs can show what a
    document tried to reach.
    """

    def __init__(self, images: Mapping[str, bytes] | None = None) -> None:
        # No redirects and no protocols: the parent's own opener must never be used.
        super().__init__(allowed_protocols=(), allow_redirects=False)
        # Kept as given, not copied: the pack's mapping reads each picture from storage only
        # when WeasyPrint asks for it, so a pack with many photos never holds them all at once.
        self.images: Mapping[str, bytes] = images if images is not None else {}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url in PACK_FONTS:
            return URLFetcherResponse(
                url, body=_font_bytes(PACK_FONTS[url]), headers={"Content-Type": "font/ttf"}
            )
        if url.startswith(IMAGE_PREFIX):
            try:
                body = self.images.get(url.removeprefix(IMAGE_PREFIX))
            except KeyError:
                body = None
            content_type = _image_type(body) if body is not None else None
            if content_type is not None:
                return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        self.refused.append(url)
        # Cut long `data:` addresses so the log stays readable.
        raise RefusedURL(f"The evidence pack does not fetch {url[:200]!r}")


def load_fonts() -> None:
    """Unpack every pack font now, e.g. before forking processes that will each draw a part."""
    for path in PACK_FONTS.values():
        _font_bytes(path)
    fonts_css()


@functools.cache
def _font_bytes(path: Path) -> bytes:
    # Read once per process. Every font is a TTF: the emoji font was a WOFF2, and unpacking it
    # cost each new worker process 0.7 s (fonts/README.md).
    return path.read_bytes()


def _image_type(body: bytes) -> str | None:
    for signature, content_type in IMAGE_SIGNATURES.items():
        if body.startswith(signature):
            return content_type
    return None


class PackFontConfiguration(FontConfiguration):
    """A font configuration that starts empty: only the pack's @font-face fonts exist.

    WeasyPrint's own starts from the machine's fonts, so a character our fonts lack would quietly
    print in DejaVu on one machine and something else on another. Without them it prints as a
    visible empty box, the same everywhere.
    """

    def __init__(self) -> None:
        # Mirrors FontConfiguration.__init__ (WeasyPrint 70) with an empty Fontconfig set.
        self._config = ffi.cast("FcConfig *", _empty_fontconfig())
        self.font_map = ffi.gc(pangoft2.pango_ft2_font_map_new(), gobject.g_object_unref)
        pangoft2.pango_fc_font_map_set_config(
            ffi.cast("PangoFcFontMap *", self.font_map), self._config
        )
        # The font map now holds its own reference to the config.
        fontconfig.FcConfigDestroy(self._config)
        self._folder = None
        self.strut_layouts = {}
        self.font_features = {}


@functools.cache
def _fontconfig_create():
    # WeasyPrint's cffi bindings lack FcConfigCreate; the library is the one WeasyPrint loaded.
    library = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    create = library.FcConfigCreate
    create.restype = ctypes.c_void_p
    create.argtypes = []
    return create


def _empty_fontconfig() -> int:
    config = _fontconfig_create()()
    if not config:
        raise MemoryError("Fontconfig could not make an empty font configuration")
    return config


@functools.cache
def fonts_css() -> str:
    """The @font-face rules and base text rules every pack page needs."""
    return render_to_string(FONTS_STYLESHEET)


def render_pdf(html: str, *, images: Mapping[str, bytes] | None = None) -> bytes:
    """Draw `html` as a PDF with only the pack's fonts and the given images.

    `images` maps a token to image bytes (JPEG or PNG, e.g. an exhibit's print derivative); the
    HTML refers to each as `pack:image/<token>`. Any other address in the HTML or its CSS is
    refused and left out of the PDF.
    """
    fetcher = PackURLFetcher(images)
    return render_pdf_with(html, fetcher)


def render_pdf_with(html: str, fetcher: PackURLFetcher) -> bytes:
    """As `render_pdf`, with a fetcher the caller keeps (to read `fetcher.refused` afterwards)."""
    return layout_pdf(html, fetcher).write_pdf()


def layout_pdf(html: str, fetcher: PackURLFetcher) -> weasyprint.Document:
    """Lay `html` out in pages, ready to be written as a PDF or counted."""
    font_config = PackFontConfiguration()
    stylesheet = weasyprint.CSS(
        string=fonts_css(), base_url=BASE_URL, url_fetcher=fetcher, font_config=font_config
    )
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.render(stylesheets=[stylesheet], font_config=font_config)
