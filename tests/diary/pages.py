"""Reading diary pages as a person sees them, and filling in their forms as a browser would."""

import re
import uuid
from datetime import date
from html.parser import HTMLParser

_WHITESPACE = re.compile(r"\s+")


class _VisibleText(HTMLParser):
    """Collects the words on a page, leaving out scripts, styles and the tags themselves."""

    _HIDDEN = {"script", "style", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if tag in self._HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth:
            self.words.append(data)


def visible_text(response) -> str:
    """The page's words, with HTML entities read back and runs of spaces made single."""
    reader = _VisibleText()
    reader.feed(response.content.decode())
    return _WHITESPACE.sub(" ", " ".join(reader.words)).strip()


class _Forms(HTMLParser):
    """Every form on a page, as the name/value pairs a browser would send (buttons left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._current: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._textarea_text: list[str] = []
        self._select: str | None = None

    def _add(self, name, value):
        if self._current is not None and name:
            self._current.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._current = {}
            self.forms.append(self._current)
        elif tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(attributes.get("name"), attributes.get("value") or "on")
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self._add(attributes.get("name"), attributes.get("value") or "")
        elif tag == "textarea":
            self._textarea = attributes.get("name")
            self._textarea_text = []
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and self._select and "selected" in attributes:
            self._add(self._select, attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            # Browsers drop the one newline that follows <textarea>.
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text.append(data)


def form_values(response, *, containing: str) -> dict[str, list[str]]:
    """What the browser would post from the form on the page that has a field named `containing`."""
    reader = _Forms()
    reader.feed(response.content.decode())
    for values in reader.forms:
        if containing in values:
            return values
    raise AssertionError(f"No form on the page has a field called {containing!r}")


def note_form(
    *,
    day: date = date(2026, 3, 14),
    time: str = "9:30pm",
    narrative: str = "A letter was pushed through the door.",
    **fields,
) -> dict:
    """A filled-in 'Add a note' form, as posted when the person presses Save."""
    return {
        "occurred_on_0": str(day.day),
        "occurred_on_1": str(day.month),
        "occurred_on_2": str(day.year),
        "occurred_time": time,
        "narrative": narrative,
        "form_token": str(uuid.uuid4()),
        "save": "",
        **fields,
    }
