"""What every page module hands back: pieces of the pack, each drawn by one template.

A long section (the log, the incidents, the exhibit index, the history) is cut into several
pieces no heavier than a chunk, so pdf/ can draw a big pack a chunk at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from evidence.pack.content import PackContent

TEMPLATES = "evidence/pack/"
# The sections that run on after the one before instead of starting a page of their own.
RUNS_ON = frozenset(
    {
        "exhibit_index.html",
        "unlinked.html",
        "people.html",
        "police.html",
        "impact.html",
        "declaration.html",
        "history.html",
        "method.html",
    }
)

# The sections after the incidents that, in a pack drawn in chunks, start a chunk of their own
# instead of running on (see Piece.alone). Only some of them change with a new note (the people's
# and witnesses' counts, the impact tallies, the appendix's first line), so the others are used
# again, and the newest month's incidents are no longer drawn together with all of them: that
# chunk of some 40 pages held the most memory of any, with 100 photos.
OWN_CHUNK = frozenset(
    {
        "unlinked.html",
        "exhibit_index.html",
        "people.html",
        "police.html",
        "impact.html",
        "declaration.html",
    }
)

# How much of the pack one WeasyPrint render draws, in units of about one incident in full
# (see Piece.weight): some 25 incidents with pictures, or 750 rows of the log. A pack lighter
# than this is drawn in one go; a heavier one in chunks, so no render holds the whole pack.
DEFAULT_CHUNK_SIZE = 60

# The most pictures one piece, and one chunk, draws (chunks.group_pieces). A drawing process
# holds every picture of its chunk until the chunk is written, with WeasyPrint's copies of each:
# a chunk of 31 photos took some 23 MB where one without took 8, and two chunks are drawn side by
# side. At 16, 200 notes with 100 photos peak 8 MB above the same notes without (24 MB with no
# limit, 20 at 20, 1 at 8 but with 6 more chunks to draw).
PICTURES_AT_ONCE = 16

_BLANK_LINES = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Piece:
    """One part of the pack drawn by one template; a long section is split into several."""

    template: str
    context: dict[str, Any]
    # Drawing work, roughly in incidents in full; chunks are filled up to a chunk size of it.
    weight: float
    # Continues a section begun in an earlier piece, so it carries no section heading.
    continued: bool = False
    # The print copies this piece draws, so a chunk can fetch just its own pictures.
    image_tokens: tuple[str, ...] = ()
    # In a pack drawn in chunks, drawn as a chunk of its own (with only sections that run on after
    # it): a month's piece (see split), or a part no new note changes, so a new note disturbs
    # only its own month's chunk and the rest can be used again (pdf/chunk_key.py, cache.py).
    own_chunk: bool = False

    @property
    def alone(self) -> bool:
        """In a pack drawn in chunks, starts a chunk of its own, even if it would run on, and
        only sections that run on after it join it."""
        return self.own_chunk or self.template.removeprefix(TEMPLATES) in OWN_CHUNK

    @property
    def runs_on(self) -> bool:
        """Starts where the piece before ended, not on a new page (pack.css `.flows`)."""
        return not self.continued and self.template.removeprefix(TEMPLATES) in RUNS_ON


@dataclass(frozen=True)
class Line:
    """One labelled line: 'Where: outside the bus station'."""

    label: str
    value: str
    # Keep line breaks the user typed (narratives, emails); hashes print in their own style.
    multiline: bool = False
    is_hash: bool = False

    @property
    def paragraphs(self) -> list[str]:
        """The value cut at blank lines; single line breaks stay inside a paragraph."""
        text = self.value.replace("\r\n", "\n").strip()
        return [part.strip("\n") for part in _BLANK_LINES.split(text) if part.strip()]


def filled(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Only the lines that have something to say."""
    return tuple(line for line in lines if line.value.strip())


def split(
    content: PackContent,
    template: str,
    name: str,
    items: Sequence[Any],
    chunk_size: float,
    *,
    weigh: Callable[[Any], float],
    tokens: Callable[[Any], tuple[str, ...]] = lambda _item: (),
    month: Callable[[Any], Any] | None = None,
    least: float | None = None,
) -> list[Piece]:
    """The section as pieces no heavier than a chunk, each with at most PICTURES_AT_ONCE
    pictures; at least one, which may say "none".

    Given `month` (an item's month, items in date order), a piece is cut where a new month
    starts once it weighs `least` (half a chunk unless given): the cuts then depend only on the
    items before them, so a note added at the end changes the last piece alone. A month
    heavier than a chunk, or with more than PICTURES_AT_ONCE pictures, is still cut by weight or
    by pictures.
    """
    pieces: list[Piece] = []
    batch: list[Any] = []
    weight = 0.0
    pictures = 0
    least = chunk_size / 2 if least is None else least

    def cut() -> Piece:
        context = {"content": content, name: batch, "continued": bool(pieces)}
        drawn = tuple(token for item in batch for token in tokens(item))
        return Piece(
            TEMPLATES + template,
            context,
            max(weight, 0.2),
            bool(pieces),
            drawn,
            own_chunk=month is not None,
        )

    for item in items:
        item_weight, item_pictures = weigh(item), len(tokens(item))
        new_month = month is not None and bool(batch) and month(item) != month(batch[-1])
        full = weight + item_weight > chunk_size or pictures + item_pictures > PICTURES_AT_ONCE
        if batch and (full or (new_month and weight >= least)):
            pieces.append(cut())
            batch, weight, pictures = [], 0.0, 0
        batch.append(item)
        weight += item_weight
        pictures += item_pictures
    pieces.append(cut())
    return pieces


def month_of(day) -> tuple[int, int] | None:
    """The (year, month) of a date, for split's cuts; None for no date."""
    return (day.year, day.month) if day is not None else None


def whole(template: str, context: dict[str, Any], weight: float, **kwargs) -> list[Piece]:
    """A section drawn by one piece."""
    return [Piece(TEMPLATES + template, context, weight, **kwargs)]


def exhibit_anchor(reference: str) -> str:
    """The id an exhibit's full entry carries, for page references to it: "exhibit-JS-3"."""
    return "exhibit-" + "".join(c if c.isalnum() else "-" for c in reference)


def incident_anchor(number: int) -> str:
    """The id an incident's full entry carries: "incident-12"."""
    return f"incident-{number}"
