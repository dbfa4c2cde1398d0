"""The footer stamped on every page after the join, when the number of pages is known: one line
in a small subset of the pack's own Noto Sans, embedded once."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from evidence.pack.pdf.page_refs import Stamp

FOOTER_FONT_SIZE = 8
FOOTER_BASELINE = 12 * 72 / 25.4  # 12 mm above the bottom edge, in PDF points
FOOTER_SIDE = 16 * 72 / 25.4  # the page's left and right margins
FOOTER_FONT_NAME = "/PackFooter"


class FooterStamp:
    """Writes one line of footer text on each page in the pack's own Noto Sans.

    The font is a small subset of the bundled Noto Sans (printable ASCII), embedded once and
    shared by every page; the page's own drawing is wrapped in q/Q so the footer always starts
    from the page's plain coordinates.
    """

    def __init__(self, writer) -> None:
        self.writer = writer
        self.font = footer_font()
        self.font_ref = writer._add_object(self.font.pdf_object(writer))
        save = DecodedStreamObject()
        save.set_data(b"q\n")
        self.save_ref = writer._add_object(save)
        self.name = NameObject(FOOTER_FONT_NAME)

    def apply(self, page, *, left: str, right: str, extra: Iterable[Stamp] = ()) -> None:
        """Write the footer, and any `extra` text (page references) where it belongs."""
        width = float(page.mediabox.width)
        size = FOOTER_FONT_SIZE
        right_x = width - FOOTER_SIDE - self.font.width(right, size)
        lines = [
            self._show(left, FOOTER_SIDE, FOOTER_BASELINE, size),
            self._show(right, right_x, FOOTER_BASELINE, size),
        ]
        for stamp in extra:
            natural = self.font.width(stamp.text, stamp.size)
            fitted = stamp.size * min(1.0, stamp.width / natural) if natural else stamp.size
            # Against the box's right edge, so the number sits next to what follows it.
            x = stamp.x + stamp.width - self.font.width(stamp.text, fitted)
            lines.append(self._show(stamp.text, x, stamp.y, fitted))
        text = ("Q\nq\nBT\n0 g\n" + "".join(lines) + "ET\nQ\n").encode("ascii")
        footer = DecodedStreamObject()
        footer.set_data(text)
        contents = page.get("/Contents")
        streams = (
            list(contents.get_object())
            if isinstance(contents.get_object(), ArrayObject)
            else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject(
            [self.save_ref, *streams, self.writer._add_object(footer)]
        )
        # A chunk's pages share one resource dictionary, which names every picture in the chunk.
        # The footer font is added to it where it is; copied into each page instead, the list of
        # pictures was written out again on every page (about 2 KB a page in a chunk of photos).
        resources = page.raw_get("/Resources") if "/Resources" in page else None
        if isinstance(resources, IndirectObject):
            resources = resources.get_object()
        else:
            resources = resources if resources is not None else DictionaryObject()
            page[NameObject("/Resources")] = resources
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = resources[NameObject("/Font")] = DictionaryObject()
        fonts.get_object()[self.name] = self.font_ref

    @staticmethod
    def _show(text: str, x: float, y: float, size: float) -> str:
        position = f"1 0 0 1 {x:.2f} {y:.2f} Tm"
        return f"{FOOTER_FONT_NAME} {size:.2f} Tf\n{position}\n({_pdf_text(text)}) Tj\n"


def _pdf_text(text: str) -> str:
    """`text` for a PDF string in the footer font: printable ASCII, with ( ) \\ escaped."""
    safe = "".join(character if " " <= character <= "~" else "?" for character in text)
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


@dataclass(frozen=True)
class FooterFont:
    data: bytes
    widths: tuple[int, ...]  # for character codes 32..126, in thousandths of the font size
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[ord(c) - 32] if " " <= c <= "~" else 0 for c in text) * size / 1000

    def pdf_object(self, writer):
        font_file = StreamObject()
        font_file.set_data(self.data)
        font_file[NameObject("/Length1")] = NumberObject(len(self.data))
        font_file = font_file.flate_encode()
        descriptor = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/FontDescriptor"),
                NameObject("/FontName"): NameObject("/PACKFT+NotoSans-Regular"),
                NameObject("/Flags"): NumberObject(32),
                NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in self.bbox),
                NameObject("/ItalicAngle"): NumberObject(0),
                NameObject("/Ascent"): NumberObject(self.ascent),
                NameObject("/Descent"): NumberObject(self.descent),
                NameObject("/CapHeight"): NumberObject(self.cap_height),
                NameObject("/StemV"): NumberObject(80),
                NameObject("/FontFile2"): writer._add_object(font_file),
            }
        )
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): NameObject("/PACKFT+NotoSans-Regular"),
                NameObject("/FirstChar"): NumberObject(32),
                NameObject("/LastChar"): NumberObject(126),
                NameObject("/Widths"): ArrayObject(NumberObject(w) for w in self.widths),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )


@functools.cache
def footer_font() -> FooterFont:
    """Noto Sans cut down to printable ASCII, for the footer (made once per process)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from evidence.pack.pdf.renderer import FONTS_DIR

    font = TTFont(FONTS_DIR / "NotoSans-Regular.ttf")
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chr(code) for code in range(32, 127)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    advances = font["hmtx"].metrics
    widths = tuple(
        round(advances[cmap[code]][0] * scale) if code in cmap else 0 for code in range(32, 127)
    )
    head = font["head"]
    return FooterFont(
        data=buffer.getvalue(),
        widths=widths,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        cap_height=round(getattr(font["OS/2"], "sCapHeight", 714 / scale) * scale),
    )
