"""The author's declaration, in the spirit of a witness statement and clearly not one, and the
exhibits the author could produce if asked, the pack itself among them."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.pack.content import PackContent, PackExhibit
from evidence.pack.pages.pieces import Piece, whole
from evidence.pack.words import long_date

# A row of the exhibit list costs about this much of an incident in full to draw.
ROW_WEIGHT = 0.1


@dataclass(frozen=True)
class Produced:
    reference: str
    words: str  # "a photo or screenshot, IMG_4102.jpg": its caption is in the exhibit index


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    made_on = content.created_at.astimezone(content.zone).date()
    produced = [_produced(exhibit) for exhibit in content.exhibits]
    context = {
        "content": content,
        "made_on": long_date(made_on),
        "produced": produced,
        "pack_reference": content.suggested_reference,
    }
    return whole("declaration.html", context, 1 + ROW_WEIGHT * len(produced))


def _produced(exhibit: PackExhibit) -> Produced:
    kind = _in_a_sentence(exhibit.type_label)
    what = f"the {kind}" if exhibit.is_item else f"{_article(kind)} {kind}, {exhibit.original_name}"
    return Produced(exhibit.reference, what)


def _in_a_sentence(label: str) -> str:
    """ "Photo or screenshot" reads "photo or screenshot" mid-sentence; "PDF document" stays."""
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _article(kind: str) -> str:
    # Said aloud: "an email", "an audio recording", "a PDF document", "a video".
    return "an" if kind[:1] in "aeio" else "a"
