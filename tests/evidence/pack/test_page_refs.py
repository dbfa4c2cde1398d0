"""'See page N' in the pack points at the right page of the joined PDF, even in another chunk."""

from django.template import Context, Template
from django.template.loader import render_to_string

from evidence.pack.pdf.chunks import draw_chunk
from evidence.pack.pdf.join import join_chunks
from tests.evidence.pack.test_document import pdftotext

STYLE = "<style>.page-ref { display: inline-block; width: 1.2em; }</style>"
NEW_PAGE = '<div style="break-before: page"></div>'


def page_ref(anchor: str) -> str:
    return render_to_string("evidence/pack/_page_ref.html", {"anchor": anchor}).strip()


def page_texts(path) -> list[str]:
    return pdftotext(path, layout=True)


def draw(tmp_path, name: str, body: str):
    html = f"<html><head>{STYLE}</head><body>{body}</body></html>"
    return draw_chunk(html, {}, tmp_path / f"{name}.pdf")


def test_a_reference_to_a_later_chunk_names_that_page_of_the_whole_pack(tmp_path):
    first = draw(
        tmp_path,
        "first",
        f"<p>The letter is described on {page_ref('exhibit-JS-3')}.</p>"
        f"{NEW_PAGE}<p id='log'>The log.</p>",
    )
    second = draw(
        tmp_path,
        "second",
        f"<p>An incident. The log is on {page_ref('log')}.</p>"
        f"{NEW_PAGE}<p>Filler.</p>{NEW_PAGE}<h2 id='exhibit-JS-3'>JS/3</h2>",
    )
    target = tmp_path / "pack.pdf"

    join_chunks([first, second], target, title="Notes", reference="P-1")

    pages = page_texts(target)
    # The letter is on the second chunk's third page: the pack's page 5.
    assert "described on page 5" in " ".join(pages[0].split())
    assert "The log is on page 2" in " ".join(pages[2].split())


def test_a_reference_to_something_not_in_the_pack_says_so_with_a_dash(tmp_path):
    only = draw(tmp_path, "only", f"<p>See {page_ref('witnesses')} for the rest.</p>")
    target = tmp_path / "pack.pdf"

    join_chunks([only], target, title="Notes", reference="P-1")

    assert "See page - for the rest" in " ".join(page_texts(target)[0].split())


def test_a_three_digit_page_number_still_fits_its_box(tmp_path):
    pages = "".join(f"{NEW_PAGE}<p>Page filler.</p>" for _ in range(120))
    only = draw(
        tmp_path, "only", f"<p>See {page_ref('end')}, then read on.</p>{pages}<p id='end'>End</p>"
    )
    target = tmp_path / "pack.pdf"

    join_chunks([only], target, title="Notes", reference="P-1")

    assert "See page 121, then read on" in " ".join(page_texts(target)[0].split())


def test_a_reference_in_brackets_closes_right_after_its_number(tmp_path):
    # As the templates include it, with nothing stripped: "(page 2)", never "(page 2 )".
    included = Template(
        '<p>Incident 4 ({% include "evidence/pack/_page_ref.html" with anchor="log" %}).</p>'
    ).render(Context())
    only = draw(tmp_path, "only", f"{included}{NEW_PAGE}<p id='log'>The log.</p>")
    target = tmp_path / "pack.pdf"

    join_chunks([only], target, title="Notes", reference="P-1")

    assert "Incident 4 (page 2)." in " ".join(page_texts(target)[0].split())
