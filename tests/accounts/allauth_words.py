"""allauth's own words, read from the templates installed with it, so a page that still shows
the library's wording ("Sign In", "Two-Factor Authentication") is found however it got there."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import allauth

TEMPLATES = Path(allauth.__file__).parent / "templates"
# Parts of allauth we do not use: their words cannot reach our pages, and some are common English.
UNUSED = ("socialaccount", "idp", "openid")

_TRANS = re.compile(r"""{%\s*trans(?:late)?\s+(?P<q>["'])(?P<text>.*?)(?P=q)""", re.S)
_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b[^%]*%}(?P<text>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
# What splits a translatable string into the pieces a page shows verbatim.
_SPLIT = re.compile(r"{[{%].*?[}%]}|%\(\w+\)s|%d|{\w+}|<[^>]+>|&\w+;|\n\s*\n|[()]")
# allauth's English catalogue: labels and messages written in its Python code ("Current Password").
CATALOGUE = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
_ENTRY = re.compile(r'((?:^#: .*\n)+)(?:^#.*\n)*^msgid ((?:".*"\n?)+)', re.M)


def _pieces(text: str) -> list[str]:
    pieces = []
    for piece in _SPLIT.split(text):
        piece = " ".join(piece.split()).strip(" ,.:;?!\"'()-")
        words = piece.split()
        # One word ("Email") or two everyday ones ("sign in", "Last used") are plain English; three
        # words, or two in Title Case ("Sign In", "Recovery Codes"), are the library's voice.
        if len(words) >= 3 or (len(words) == 2 and all(w[0].isupper() for w in words)):
            pieces.append(piece)
    return pieces


@cache
def allauth_phrases() -> frozenset[str]:
    """Every piece of text of two words or more that allauth's templates mark for translation."""
    phrases: set[str] = set()
    for template in TEMPLATES.rglob("*"):
        if not template.is_file() or template.relative_to(TEMPLATES).parts[0] in UNUSED:
            continue
        source = template.read_text(encoding="utf-8")
        for match in (*_TRANS.finditer(source), *_BLOCK.finditer(source)):
            phrases.update(_pieces(match.group("text")))
    for entry in _ENTRY.finditer(CATALOGUE.read_text(encoding="utf-8")):
        places = entry.group(1).split()
        if any(".py:" in place and not place.startswith(UNUSED) for place in places):
            text = "".join(re.findall(r'"(.*)"', entry.group(2)))
            phrases.update(_pieces(text.replace("\\n", "\n")))
    return frozenset(phrases)


class _VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        # What a screen reader or a button shows counts as much as text.
        for name, value in attrs:
            if value and name in {"alt", "aria-label", "title", "placeholder", "value"}:
                if not (tag == "input" and dict(attrs).get("type") == "hidden"):
                    self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def allauth_words_in(text: str) -> list[str]:
    """The library's phrases found in the text, matched with their capitals."""
    text = " ".join(text.split())
    return sorted(p for p in allauth_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))
