"""Every page in the site map fits the narrowest phone screen we support (320px), with and without
JavaScript: nothing makes the page scroll sideways, whatever the records hold."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in_to_notes
from tests.e2e.site_map import SIGNED_IN_PAGES, SIGNED_OUT_PAGES

NARROW_VIEWPORT = {"width": 320, "height": 568}

# What sticks out past the right edge: elements with nothing sticking out inside them, and runs
# of text too long to wrap, each named by its element, to say what to fix.
STICKING_OUT = """(width) => {
  const name = (e) => e.tagName.toLowerCase() + [...e.classList].map((c) => "." + c).join("");
  const out = new Set();
  for (const e of document.body.querySelectorAll("*")) {
    const box = e.getBoundingClientRect();
    const inner = [...e.children].some((c) => c.getBoundingClientRect().right > width + 0.5);
    if (box.width > 0 && box.right > width + 0.5 && !inner) {
      out.add(`${name(e)} to ${Math.round(box.right)}px`);
    }
  }
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (texts.nextNode()) {
    range.selectNodeContents(texts.currentNode);
    const right = Math.max(0, ...[...range.getClientRects()].map((r) => r.right));
    if (right > width + 0.5) {
      const words = texts.currentNode.textContent.trim().slice(0, 40);
      const where = name(texts.currentNode.parentElement);
      out.add(`text in ${where} to ${Math.round(right)}px: ${words}`);
    }
  }
  return [...out].slice(0, 6);
}"""


def sideways_overflow(page) -> list[str]:
    """What makes the page wider than the screen; empty if it fits."""
    width = page.evaluate("window.innerWidth")
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate(STICKING_OUT, width) or ["the page, but no single element"]


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_no_page_in_the_site_map_scrolls_sideways_at_320px(browsing, user, tour, javascript):
    page = browsing.new_page(viewport=NARROW_VIEWPORT, java_script_enabled=javascript)
    too_wide = {}

    def visit(site_page, label):
        page.goto(site_page.url(tour))
        if site_page.then is not None:
            site_page.then(page)
        expect(page.locator("h1")).to_have_text(site_page.heading)
        # A form sent by `then` shows its errors before its style sheets may have arrived.
        page.wait_for_load_state("load")
        overflow = sideways_overflow(page)
        if overflow:
            too_wide[label] = overflow

    for site_page in SIGNED_OUT_PAGES:
        visit(site_page, f"{site_page.name} (signed out)")
    sign_in_to_notes(page, user.email)
    for site_page in SIGNED_IN_PAGES:
        visit(site_page, site_page.name)

    assert too_wide == {}, "Wider than a 320px screen:\n" + "\n".join(
        f"- {name}: " + "; ".join(overflow) for name, overflow in too_wide.items()
    )


def test_the_check_finds_a_page_that_is_too_wide(browsing, user):
    """The sweep above must be able to fail: a word wider than the screen is caught."""
    page = browsing.new_page(viewport=NARROW_VIEWPORT)
    page.goto("/advice/")
    page.evaluate(
        """() => { const p = document.createElement("p"); p.style.whiteSpace = "nowrap";
        p.textContent = "x".repeat(200); document.querySelector("main").append(p); }"""
    )

    assert sideways_overflow(page) != []
