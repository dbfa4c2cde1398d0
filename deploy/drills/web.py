"""A person at a browser, for the drills and the load test: fills in our forms as they come.

Each visitor connects from its own loopback address (127.0.0.2, 127.0.0.3, ...) so that per-address
limits behave as in life behind nginx. The certificate is made for each run, so it is not checked.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InsecureRequestWarning

warnings.simplefilter("ignore", InsecureRequestWarning)


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source_address: str, **kwargs):
        self.source_address = source_address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_address, 0)
        super().init_poolmanager(*args, **kwargs)


def loopback_address(n: int) -> str:
    """The n-th simulated user's own address: 127.0.0.2 upwards (127.0.0.1 is everyone else)."""
    return f"127.0.{n // 250}.{n % 250 + 2}"


def bind(session: requests.Session, address: str) -> requests.Session:
    adapter = SourceAddressAdapter(address, pool_connections=2, pool_maxsize=2)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.verify = False
    # Not the machine's CA bundle or proxies from the environment: they would override both.
    session.trust_env = False
    return session


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "fields": [],
                    "names": set(),
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            form["names"].add(name)
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                form["fields"].append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            form["names"].add(name)
            self._textarea = name
            form["fields"].append((name, ""))
        elif tag == "select" and name:
            form["names"].add(name)
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                form["fields"].append((self._select, value))
                self._select_first = "__chosen__"

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if self._select_first not in (None, "__chosen__"):
                self.forms[-1]["fields"].append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field: str) -> dict:
    for form in forms_of(html):
        if field in form["names"] and form["method"] == "post":
            return form
    raise AssertionError(f"No form with a field named {field!r} on the page")


def form_posting_to(html: str, action_pattern: str) -> dict:
    for form in forms_of(html):
        if form["method"] == "post" and re.search(action_pattern, form["action"]):
            return form
    raise AssertionError(f"No form posting to {action_pattern!r} on the page")


def submit(session, page, form: dict, values: dict | None = None, files=None, **kwargs):
    """Send a form as a browser would: its own values, ours on top, to its action."""
    values = values or {}
    fields = [(k, v) for k, v in form["fields"] if k not in values]
    for key, value in values.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            fields.append((key, one))
    url = urljoin(page.url, form["action"] or page.url)
    # HTTPS: Django's CSRF check wants to see that the form came from our own pages.
    headers = {"Referer": page.url}
    return session.post(url, data=fields, files=files, headers=headers, **kwargs)


def sign_in(session, base_url: str, email: str, password: str, **kwargs) -> requests.Response:
    page = session.get(urljoin(base_url, "/accounts/login/"), **kwargs)
    form = form_with(page.text, "password")
    response = submit(session, page, form, {"login": email, "password": password}, **kwargs)
    if "Your notes" not in response.text and "Sign out" not in response.text:
        raise AssertionError(f"Sign-in did not reach the signed-in pages ({response.url})")
    return response
