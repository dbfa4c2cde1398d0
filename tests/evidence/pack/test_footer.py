"""The footer's font is shipped ready cut, so a new worker process does not cut it again."""

from evidence.pack.pdf import footer


def test_the_shipped_footer_font_is_the_bundled_noto_sans_cut_down_as_the_code_says():
    # Fails when the cut or the font changes without `python -m evidence.pack.pdf.footer`.
    assert footer.FOOTER_FONT.read_bytes() == footer.cut_footer_font()


def test_the_footer_font_measures_the_characters_it_prints():
    font = footer.footer_font()

    assert font.width("Page 10 of 12", 8) > font.width("Page 1 of 2", 8) > 0
    assert font.width(footer.EM_DASH, 8) > font.width("-", 8)
