"""Reading a stolen backup as a thief would: every byte of a database dump and of every stored
object, searched for words and for runs of a file's bytes, plain and in the encodings that
databases, JSON and storage put around them.

A word is searched as UTF-8, as hex (lower and upper case) and as base64 (standard and URL-safe)
in each of the three alignments base64 can give it: after 0, 1 or 2 other bytes, leaving out the
characters at either edge that also depend on the bytes around it.

A file is searched as runs: every run of RUN bytes of it, starting at every offset, must not
appear in any haystack; and the same runs written as hex (2 × RUN characters) or inside base64
(the 20 whole base64 groups, 80 characters, that any RUN-byte run fills whatever its alignment).

Runs are found without comparing every window with every window: each haystack is cut into
blocks of half a run's length, and any run that appears in a haystack covers one of those
blocks whole, so only the offsets in the file that start with one of the haystack's blocks are
compared in full.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

RUN = 64
_URLSAFE = bytes.maketrans(b"+/", b"-_")


@dataclass(frozen=True)
class Haystack:
    name: str  # where these bytes were found: "database dump", "object s/originals/…"
    data: bytes


@dataclass(frozen=True)
class Found:
    needle: str
    form: str
    haystack: str
    offset: int

    def __str__(self) -> str:
        return f"{self.needle} ({self.form}) in {self.haystack} at byte {self.offset}"


# Words -----------------------------------------------------------------------------------------


def base64_inside(data: bytes, after: int) -> bytes:
    """The base64 characters that `data` alone decides when `after` other bytes come first
    in the encoded stream (0, 1 or 2): partial characters at either edge left out."""
    encoded = base64.b64encode(bytes(after) + data)
    first = -(-8 * after // 6)  # the first character made only of bits of `data`
    end = 8 * (after + len(data)) // 6  # past the last character made only of bits of `data`
    return encoded[first:end]


def forms_of(word: str) -> dict[str, bytes]:
    """Every form a word is searched in: {name of the form: bytes to look for}."""
    raw = word.encode()
    forms = {"UTF-8": raw, "hex": raw.hex().encode(), "HEX": raw.hex().upper().encode()}
    for after in range(3):
        inside = base64_inside(raw, after)
        forms[f"base64 after {after} bytes"] = inside
        forms[f"URL-safe base64 after {after} bytes"] = inside.translate(_URLSAFE)
    return forms


def find_words(words: dict[str, str], haystacks: Iterable[Haystack]) -> list[Found]:
    """Every place any form of any word appears: {label: word} in, one Found per form per
    haystack out (its first place there)."""
    haystacks = list(haystacks)
    found = []
    for label, word in words.items():
        for form, needle in forms_of(word).items():
            for haystack in haystacks:
                offset = haystack.data.find(needle)
                if offset >= 0:
                    found.append(Found(label, form, haystack.name, offset))
    return found


# Runs of a file's bytes --------------------------------------------------------------------


@dataclass(frozen=True)
class RunForm:
    """A file written one way (plain, hex, base64…), and how long a run of RUN bytes is in it
    and where such runs start."""

    name: str
    text: bytes
    length: int  # a run, in this form's characters
    step: int  # runs start at multiples of this (a whole byte, or a whole base64 group)

    @property
    def starts(self) -> range:
        return range(0, len(self.text) - self.length + 1, self.step)


def run_forms(content: bytes) -> list[RunForm]:
    """The file as plain bytes, as hex in both cases, and as base64 in each alignment."""
    forms = [
        RunForm("bytes", content, RUN, 1),
        RunForm("hex", content.hex().encode(), 2 * RUN, 2),
        RunForm("HEX", content.hex().upper().encode(), 2 * RUN, 2),
    ]
    # Any run of RUN bytes holds (RUN - 2) // 3 whole base64 groups, whatever its alignment.
    groups = (RUN - 2) // 3
    for after in range(3):
        encoded = base64.b64encode(bytes(after) + content)
        # Whole groups only: the first mixes in the bytes before, the last may be padded.
        whole = encoded[4 if after else 0 : 4 * ((after + len(content)) // 3)]
        urlsafe = whole.translate(_URLSAFE)
        forms.append(RunForm(f"base64 after {after} bytes", whole, 4 * groups, 4))
        forms.append(RunForm(f"URL-safe base64 after {after} bytes", urlsafe, 4 * groups, 4))
    return forms


@dataclass
class RunsFound:
    """Which runs of a file turned up, form by form: {form: {run start: haystack name}}."""

    by_form: dict[str, dict[int, str]] = field(default_factory=dict)

    def any(self) -> bool:
        return any(self.by_form.values())

    def first(self, count: int = 5) -> list[str]:
        return [
            f"a run of the {form} form starting at {start} in {where}"
            for form, runs in self.by_form.items()
            for start, where in sorted(runs.items())[:count]
        ]


def find_runs(content: bytes, haystacks: Iterable[Haystack]) -> RunsFound:
    """Every run of RUN bytes of `content`, in every form of run_forms, found in a haystack."""
    haystacks = list(haystacks)
    result = RunsFound()
    for form in run_forms(content):
        result.by_form[form.name] = _runs_in(form, haystacks)
    return result


def _runs_in(form: RunForm, haystacks: list[Haystack]) -> dict[int, str]:
    """Where a run of `form` starting at any of its starts appears whole in a haystack.

    A run of L characters at offset p of a haystack covers the haystack's block (L // 2 long,
    blocks starting at multiples of L // 2) that starts first at or after p, so the run starts
    L // 2 or fewer characters before a place in `form.text` where that block is.
    """
    block = form.length // 2
    text = form.text
    at: dict[bytes, list[int]] = {}
    for k in range(len(text) - block + 1):
        at.setdefault(text[k : k + block], []).append(k)
    last_start = len(text) - form.length
    found: dict[int, str] = {}
    for haystack in haystacks:
        data = haystack.data
        for q in range(0, len(data) - block + 1, block):
            for k in at.get(data[q : q + block], ()):
                for shift in range(block):
                    start, p = k - shift, q - shift
                    if start < 0 or p < 0:
                        break
                    if start > last_start or start % form.step or start in found:
                        continue
                    if data[p : p + form.length] == text[start : start + form.length]:
                        found[start] = haystack.name
    return found


# What a thief would decode first -------------------------------------------------------------

_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/_-]{16,}")


def decoded_layers(haystack: Haystack) -> list[Haystack]:
    """What the haystack's base64 text decodes to, and what of that inflates with zlib (as
    Django's compressed session data and signed values do), each as a haystack of its own."""
    layers = []
    for match in _BASE64_TEXT.finditer(haystack.data):
        text = match.group(0)
        decoded = _b64decode(text)
        if decoded is None:
            continue
        where = f"{haystack.name}, base64 at byte {match.start()}"
        layers.append(Haystack(where, decoded))
        try:
            layers.append(Haystack(f"{where}, inflated", zlib.decompress(decoded)))
        except zlib.error:
            pass
    return layers


def _b64decode(text: bytes) -> bytes | None:
    if len(text) % 4 == 1:
        text = text[:-1]  # one character more than whole bytes: not part of the value
    padded = text + b"=" * (-len(text) % 4)
    for altchars in (b"-_", b"+/"):
        try:
            return base64.b64decode(padded, altchars=altchars, validate=True)
        except (binascii.Error, ValueError):
            continue
    return None
