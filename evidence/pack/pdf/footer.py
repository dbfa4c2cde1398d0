"""The footer stamped on every page after the join, when the number of pages is known: one line
in a small subset of the pack's own Noto Sans, embedded once."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

FOOTER_FONT_SIZE = 8
FOOTER_BASELINE = 12 * 72 / 25.4  # 12 mm above the bottom edge, in PDF points
FOOTER_SIDE = 16 * 72 / 25.4  # the page's left and right margins
FOOTER_FONT_NAME = "/PackFooter"
# The running header, where pack.css's top margin box used to put it: 14 mm from the top edge is
# the bottom of that box, the baseline a little above it.
HEADER_BASELINE_FROM_TOP = 13 * 72 / 25.4
# Printable ASCII, and the em dash at its WinAnsi code (the header says "Evidence pack — ...").
EM_DASH, EM_DASH_CODE = "\u2014", 0x97
LAST_CODE = EM_DASH_CODE


class FooterStamp:
    """Writes one line of footer text on each page in the pack's own Noto Sans.

    The font is a small subset of the bundled Noto Sans (printable ASCII and the em dash),
    embedded once and shared by every page; the page's own drawing is wrapped in q/Q so the
    footer always starts from the page's plain coordinates.
    """

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.font = footer_font()
        self.font_ref = self.font.pdf_object(pdf)
        self.save_ref = pdf.make_indirect(pikepdf.Stream(pdf, b"q\n"))
        self.name = Name(FOOTER_FONT_NAME)

    def apply(
        self, page: pikepdf.Page, *, left: str, right: str, header: str = "", extra=()
    ) -> None:
        """Write the footer, the running `header`, and any `extra` text (page references,
        `Stamp`s) where it belongs."""
        box = [float(value) for value in page.mediabox]
        width, height = box[2] - box[0], box[3] - box[1]
        size = FOOTER_FONT_SIZE
        right_x = width - FOOTER_SIDE - self.font.width(right, size)
        lines = [
            self._show(left, FOOTER_SIDE, FOOTER_BASELINE, size),
            self._show(right, right_x, FOOTER_BASELINE, size),
        ]
        if header:
            top = height - HEADER_BASELINE_FROM_TOP
            lines.insert(0, self._show(header, FOOTER_SIDE, top, size))
        for stamp in extra:
            natural = self.font.width(stamp.text, stamp.size)
            fitted = stamp.size * min(1.0, stamp.width / natural) if natural else stamp.size
            # Against the box's right edge, so the number sits next to what follows it.
            x = stamp.x + stamp.width - self.font.width(stamp.text, fitted)
            lines.append(self._show(stamp.text, x, stamp.y, fitted))
        text = ("Q\nq\nBT\n0 g\n" + "".join(lines) + "ET\nQ\n").encode("ascii")
        footer = self.pdf.make_indirect(pikepdf.Stream(self.pdf, text))
        page_object = page.obj
        contents = page_object.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents]
        page_object.Contents = Array([self.save_ref, *streams, footer])
        # A chunk's pages share one resource dictionary, which names every picture in the chunk.
        # The footer font is added to it where it is (pikepdf edits a shared object in place);
        # copied into each page instead, the list of pictures was written out again on every page
        # (about 2 KB a page in a chunk of photos).
        resources = page_object.get("/Resources")
        if resources is None:
            page_object.Resources = Dictionary()
            resources = page_object.Resources
        if resources.get("/Font") is None:
            resources.Font = Dictionary()
        resources.Font[self.name] = self.font_ref

    @staticmethod
    def _show(text: str, x: float, y: float, size: float) -> str:
        position = f"1 0 0 1 {x:.2f} {y:.2f} Tm"
        return f"{FOOTER_FONT_NAME} {size:.2f} Tf\n{position}\n({_pdf_text(text)}) Tj\n"


def _pdf_text(text: str) -> str:
    """`text` for a PDF string in the footer font: printable ASCII and the em dash, with ( ) \\
    escaped."""
    safe = "".join(chr(code) if code < 127 else EM_DASH for code in map(_code, text))
    escaped = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.replace(EM_DASH, f"\\{EM_DASH_CODE:o}")


def _code(character: str) -> int:
    """The character's code in the footer font; "?" for any it lacks, as _pdf_text writes it."""
    if " " <= character <= "~":
        return ord(character)
    return EM_DASH_CODE if character == EM_DASH else ord("?")


@dataclass(frozen=True)
class FooterFont:
    data: bytes
    widths: tuple[int, ...]  # for character codes 32..LAST_CODE, in thousandths of the font size
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[_code(c) - 32] for c in text) * size / 1000

    def pdf_object(self, pdf: pikepdf.Pdf) -> pikepdf.Object:
        """The font as an indirect object of `pdf`, embedded (qpdf compresses it on saving)."""
        font_file = pikepdf.Stream(pdf, self.data)
        font_file.Length1 = len(self.data)
        descriptor = Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name("/PACKFT+NotoSans-Regular"),
            Flags=32,
            FontBBox=Array(list(self.bbox)),
            ItalicAngle=0,
            Ascent=self.ascent,
            Descent=self.descent,
            CapHeight=self.cap_height,
            StemV=80,
            FontFile2=pdf.make_indirect(font_file),
        )
        return pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.TrueType,
                BaseFont=Name("/PACKFT+NotoSans-Regular"),
                FirstChar=32,
                LastChar=LAST_CODE,
                Widths=Array(list(self.widths)),
                Encoding=Name.WinAnsiEncoding,
                FontDescriptor=pdf.make_indirect(descriptor),
            )
        )


# The footer's font, shipped ready cut: cutting it took every new worker process 0.2 s.
# test_footer_font checks it is what cut_footer_font makes of the bundled Noto Sans;
# `python -m evidence.pack.pdf.footer` writes it again.
FOOTER_FONT = Path(__file__).with_name("footer-font.ttf")


@functools.cache
def footer_font() -> FooterFont:
    """Noto Sans cut down to printable ASCII and the em dash, for the footer and header (read
    once per process)."""
    from fontTools.ttLib import TTFont

    data = FOOTER_FONT.read_bytes()
    font = TTFont(io.BytesIO(data))
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    advances = font["hmtx"].metrics
    unicode_of = {code: code for code in range(32, 127)} | {EM_DASH_CODE: ord(EM_DASH)}
    widths = tuple(
        round(advances[cmap[unicode_of[code]]][0] * scale) if unicode_of.get(code) in cmap else 0
        for code in range(32, LAST_CODE + 1)
    )
    head = font["head"]
    return FooterFont(
        data=data,
        widths=widths,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        cap_height=round(getattr(font["OS/2"], "sCapHeight", 714 / scale) * scale),
    )


def cut_footer_font() -> bytes:
    """The bundled Noto Sans cut down to what the footer prints, the same bytes every time."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from evidence.pack.pdf.renderer import FONTS_DIR

    # Its own timestamp kept, so the cut does not change with the day it is made.
    font = TTFont(FONTS_DIR / "NotoSans-Regular.ttf", recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chr(code) for code in range(32, 127)) + EM_DASH)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    FOOTER_FONT.write_bytes(cut_footer_font())
