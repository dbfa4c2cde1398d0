"""The pack's PDF renderer: it fetches nothing it was not handed and prints every script legibly."""

import io
import socket

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from evidence import storage
from evidence.pack.pdf.renderer import PackURLFetcher, render_pdf, render_pdf_with

HOSTILE_NARRATIVE = """
<h1>Incident on 3 October</h1>
<p>He sent me this:</p>
<img src="file:///etc/passwd">
<img src="http://127.0.0.1:9/x.png">
<img src="x.png">
<img src="data:image/png;base64,ONE_PIXEL_PNG">
<link rel="stylesheet" href="https://example.com/x.css">
<style>
  @import url("ftp://example.com/import.css");
  p { background: url(file:///etc/hostname); }
</style>
<a rel="attachment" href="file:///etc/shadow">attached</a>
<object data="https://example.com/tracker.svg"></object>
<embed src="http://127.0.0.1:9/embed.png">
<svg width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>
<p>End of the narrative.</p>
""".replace(
    "ONE_PIXEL_PNG",
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
)

HOSTILE_ADDRESSES = [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "x.png",
    "https://example.com/x.css",
    "ftp://example.com/import.css",
    "file:///etc/hostname",
    "file:///etc/shadow",
    "https://example.com/tracker.svg",
    "http://127.0.0.1:9/embed.png",
]


@pytest.fixture
def network_calls(monkeypatch):
    """Every attempt to open a connection or look up a name, which must stay empty."""
    calls = []

    def refuse(name):
        def record(*args, **kwargs):
            calls.append((name, args))
            raise OSError(f"tests forbid {name}")

        return record

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return calls


def small_photo(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for key in fonts:
            # Subset fonts are named "ABCDEF+Family-Style".
            names.add(str(fonts[key].get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def pdf_image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_hostile_narrative_renders_and_fetches_nothing(network_calls):
    fetcher = PackURLFetcher()

    pdf = render_pdf_with(HOSTILE_NARRATIVE, fetcher)

    assert pdf.startswith(b"%PDF-")
    assert "End of the narrative." in pdf_text(pdf)
    assert network_calls == []
    for address in HOSTILE_ADDRESSES:
        assert address in fetcher.refused
    assert any(address.startswith("data:") for address in fetcher.refused)
    assert pdf_image_count(pdf) == 0
    assert b"root:" not in pdf


def test_it_refuses_every_address_that_is_not_a_pack_font_or_a_registered_image():
    fetcher = PackURLFetcher({"photo-1": small_photo()})

    for address in [
        "pack:image/photo-2",
        "pack:image/../font/NotoSans-Regular.ttf",
        "pack:font/../../render.py",
        "pack:font/LICENSE-noto-emoji.txt",
        "pack:/etc/passwd",
        "file:///work/main/evidence/pack/fonts/NotoSans-Regular.ttf",
        "PACK:font/NotoSans-Regular.ttf",
    ]:
        with pytest.raises(Exception, match="does not fetch"):
            fetcher.fetch(address)

    assert len(fetcher.refused) == 7


def test_it_refuses_a_registered_image_that_is_not_a_jpeg_or_png():
    fetcher = PackURLFetcher({"page": b"<html><img src='file:///etc/passwd'></html>"})

    with pytest.raises(Exception, match="does not fetch"):
        fetcher.fetch("pack:image/page")


def test_a_registered_image_from_storage_appears_in_the_pdf(network_calls, user):
    key = storage.store_derivative(small_photo(), owner_id=user.pk)
    with storage.open_stored(key, owner_id=user.pk) as stored:
        images = {"JS-4": stored.read()}

    pdf = render_pdf(
        '<p>Exhibit JS-4</p><img src="pack:image/JS-4" alt="Exhibit JS-4">', images=images
    )

    assert pdf_image_count(pdf) == 1
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    assert [xobjects[name].get_object()["/Subtype"] for name in xobjects] == ["/Image"]
    assert network_calls == []


def test_a_missing_image_leaves_the_rest_of_the_page_in_place():
    fetcher = PackURLFetcher({"JS-4": small_photo()})

    pdf = render_pdf_with('<img src="pack:image/JS-5"><p>Exhibit JS-5 is missing.</p>', fetcher)

    assert "Exhibit JS-5 is missing." in pdf_text(pdf)
    assert fetcher.refused == ["pack:image/JS-5"]


@pytest.mark.parametrize(
    "text",
    [
        "Με ακολούθησε μέχρι το σπίτι",  # Greek
        "Он ждал у двери подъезда",  # Russian
        "Zażółć gęślą jaźń, źdźbło",  # Polish
        "Ти мене переслідуєш, ґанок",  # Ukrainian
        "انتظرني خارج المنزل",  # Arabic
    ],
)
def test_greek_cyrillic_polish_and_arabic_come_out_of_the_pdf_as_text(text):
    pdf = render_pdf(f"<p>{text}</p><p><b>{text}</b></p>")

    extracted = pdf_text(pdf)

    assert extracted.count(text) == 2


def test_the_pdf_uses_only_our_noto_fonts():
    pdf = render_pdf(
        "<h1>Ελληνικά Русский Zażółć</h1><p>انتظرني</p><p>Smiley 😀 and envelope ✉</p>"
    )

    assert pdf_font_names(pdf) == {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic", "Noto-Emoji"}


def test_a_character_none_of_our_fonts_has_does_not_fall_back_to_the_machines_fonts():
    # DejaVu has Georgian; ours do not, so it must print as a visible box in our font.
    pdf = render_pdf("<p>Georgian ქართული and Chinese 中文</p>")

    names = pdf_font_names(pdf)
    assert names <= {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic", "Noto-Emoji"}
    assert not any("DejaVu" in name or "Liberation" in name for name in names)


def test_a_very_long_word_and_address_wrap_inside_the_page():
    word = "Ab" + "c" * 400 + "Z"
    address = "https://example.com/" + "/".join(f"segment{number}" for number in range(60))
    pdf = render_pdf(f"<p>{word}</p><p>{address}</p>")

    squashed = "".join(pdf_text(pdf).split())
    assert word in squashed
    assert address in squashed

    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            text_page = page.get_textpage()
            count = text_page.count_chars()
            right_edges = [text_page.get_charbox(index)[2] for index in range(count)]
            assert right_edges, "the page has text"
            assert max(right_edges) <= page.get_width()
            text_page.close()
            page.close()
    finally:
        document.close()
