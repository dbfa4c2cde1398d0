"""Shared by the tests of attacks that held: hostile text, a reader that spots live markup in a
page, a real socket that records every connection, packs built the way the pages build them,
and the site's own list of addresses.
"""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from pypdf import PdfReader

from evidence.models import Pack, PackStatus

# Hostile text ------------------------------------------------------------------------------


def payload(label: str, max_length: int | None = None) -> str:
    """Markup that runs script if a page prints it unescaped; the label names the field.

    Fields too short for the whole of it get the longest form that fits, so the database
    (PostgreSQL checks lengths) keeps exactly what was typed.
    """
    forms = [
        f"\"><script>alert('{label}')</script><img src=x onerror=alert('{label}')>",
        f"<script>alert('{label}')</script>",
        "<svg onload=alert()>",
    ]
    for form in forms:
        if max_length is None or len(form) <= max_length:
            return form
    raise ValueError(f"No hostile text fits in {max_length} characters.")


def field_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


# The hostile tags above exactly as typed: in a page they can only appear if left unescaped.
_RAW_PAYLOAD = re.compile(
    r"<script>alert\(|<img src=x onerror=alert\(|<svg onload=alert\(", re.IGNORECASE
)


class _PageReader(HTMLParser):
    """Reads a page as a browser would build it: live markup apart from text and values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value:
                self.live.append(f"<{tag} {name}={value!r}>")
            self.text.append(value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            if "alert" in data:
                self.live.append(f"<script>{data.strip()[:80]}</script>")
        else:
            self.text.append(data)


def read_page(html: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return reader


def live_markup(html: str) -> list[str]:
    """Every piece of hostile markup the page would run: empty when all of it was escaped."""
    found = read_page(html).live
    found += [f"unescaped: {match.group(0)}" for match in _RAW_PAYLOAD.finditer(html)]
    return found


def shown_as_text(html: str, words: str) -> bool:
    """True when `words` reach the reader as text (or a form value), entities read back."""
    return any(words in piece for piece in read_page(html).text)


# A socket that notices any connection ------------------------------------------------------


class ConnectionTrap:
    """A real TCP socket listening on 127.0.0.1 (a free port) that records every connection.

    Used as a context manager. It answers nothing, so a client that reaches it gets no data.
    """

    def __init__(self):
        self.connections: list[tuple[tuple[str, int], bytes]] = []
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(32)
        self._server.settimeout(0.05)
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, name="connection-trap", daemon=True)

    def __enter__(self) -> ConnectionTrap:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, peer = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(0.5)
                try:
                    first = connection.recv(2048)
                except OSError:
                    first = b""
            self.connections.append((peer, first))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def wait_for(self, count: int, seconds: float = 5.0) -> None:
        """Give the listening thread time to record connections already made."""
        deadline = time.monotonic() + seconds
        while len(self.connections) < count and time.monotonic() < deadline:
            time.sleep(0.02)


# Packs, built the way the pages build them -------------------------------------------------


def choose_pack(client, **fields) -> Pack:
    """Fill in "Make an evidence pack" and press Continue; the draft pack it leads to."""
    data = {"include_history": "on", "include_bundle": "on", "include_impact": "on", **fields}
    response = client.post(reverse("packs:new"), data)
    assert response.status_code == 302, "the pack's choices were refused"
    return Pack.objects.get(pk=resolve(response.url).kwargs["pack_id"])


def build_pack(client, pack: Pack, capture_on_commit, **fields) -> Pack:
    """Press "Make the pack" on the check page; the background task runs at once in tests.

    Originals that still hold a location go in the ZIP unless the test says otherwise.
    """
    with capture_on_commit(execute=True):
        response = client.post(
            reverse("packs:check", args=[pack.pk]), {"located": "include", **fields}
        )
    assert response.status_code == 302, "the pack's check page refused to start it"
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.problem
    return pack


def body_of(response) -> bytes:
    """The whole body, streamed or not; reading a stream to the end closes the stored file."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_attachments(pdf: bytes) -> dict[str, list[bytes]]:
    """Files embedded in the PDF (WeasyPrint embeds what <link rel=attachment> points at)."""
    return dict(PdfReader(io.BytesIO(pdf)).attachments)


# The site's addresses ----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", as reverse() takes it
    route: str  # the pattern from the site's root, e.g. "files/<uuid:exhibit_id>/"
    arguments: tuple[str, ...]  # every argument the address carries, in order


def _arguments(pattern) -> tuple[str, ...]:
    regex = pattern.regex
    named = tuple(regex.groupindex)
    unnamed = tuple(f"<unnamed {n}>" for n in range(regex.groups - len(named)))
    return named + unnamed


def _walk(patterns, prefix: str, namespaces: tuple[str, ...], inherited: tuple[str, ...]):
    for entry in patterns:
        here = prefix + str(entry.pattern)
        arguments = inherited + _arguments(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, here, inner, arguments)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else f"<unnamed {here}>"
            yield Route(name=name, route=here, arguments=arguments)


def site_routes() -> list[Route]:
    """Every address the site answers, read from the URL configuration as it is now."""
    return list(_walk(get_resolver().url_patterns, "", (), ()))
