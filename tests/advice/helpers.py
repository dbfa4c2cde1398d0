import re
from html.parser import HTMLParser

from django.urls import reverse

from advice.pages import PAGES

FORBIDDEN_WORDS = ("stalk", "harass", "abuse", "evidence", "police")


def advice_urls() -> list[str]:
    """Every page in the advice section: the list, each page and the safety steps."""
    return (
        [reverse("advice:landing")]
        + [page.get_absolute_url() for page in PAGES]
        + [reverse("advice:checklist")]
    )


def page_title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


class _MainContent(HTMLParser):
    """Collects what sits inside <main>: links, ids, tags and attributes."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.all_links: list[str] = []
        self.all_ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self.all_links.append(attributes["href"])
        if "id" in attributes:
            self.all_ids.add(attributes["id"])
        if tag == "main":
            self.depth += 1
        if self.depth:
            self.tags.append((tag, attributes))
            if tag == "a" and "href" in attributes:
                self.links.append(attributes["href"])
            if "id" in attributes:
                self.ids.add(attributes["id"])

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1


def parse_page(html: str) -> _MainContent:
    parser = _MainContent()
    parser.feed(html)
    return parser
