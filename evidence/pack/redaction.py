"""Words the author asked to hide: replaced in everything the pack prints or names.

The user types them on the pack's first page. They are replaced in every piece of text the user
typed (notes, people, captions, transcripts, file names, email headers and bodies, police
contacts, history) and in every name that leaves the service with the pack (the ZIP's member
names, the manifest), never in the originals' bytes.
"""

from __future__ import annotations

import re

REDACTED = "[removed by the author]"
MIN_REDACTION_LENGTH = 3


class Redactor:
    """Replaces each chosen word or phrase, in any letter case, with "[removed by the author]"."""

    def __init__(self, words) -> None:
        words = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
        )
        self.used = False

    def __call__(self, text: str) -> str:
        if not text or self.pattern is None:
            return text or ""
        redacted, count = self.pattern.subn(REDACTED, text)
        self.used = self.used or count > 0
        return redacted

    def each(self, values) -> tuple[str, ...]:
        return tuple(self(value) for value in values)
