"""Keyset pagination shared by the timeline and the Files page: no OFFSET, same cost at any depth.

A page is the rows before a (moment, id) position, newest first; the position travels in the
address as an opaque token that holds only a timestamp and a UUID.
"""

import base64
import binascii
import uuid
from datetime import datetime

from django.db.models import Q, QuerySet


def encode_cursor(at: datetime, pk) -> str:
    raw = f"{at.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    """The position of the last row shown; None if the cursor is damaged."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return datetime.fromisoformat(at), uuid.UUID(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def keyset_page(
    rows: QuerySet, *, field: str, cursor: str | None, size: int
) -> tuple[list, str | None]:
    """One page of ``rows`` (ordered by -field, -id) after ``cursor``, and the next cursor."""
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        at, pk = position
        # The plain "<=" bound lets the database walk the index from the cursor; the OR then
        # settles rows that share the cursor's moment.
        rows = rows.filter(**{f"{field}__lte": at}).filter(
            Q(**{f"{field}__lt": at}) | Q(**{field: at, "id__lt": pk})
        )
    found = list(rows[: size + 1])
    if len(found) <= size:
        return found, None
    last = found[size - 1]
    return found[:size], encode_cursor(getattr(last, field), last.pk)
