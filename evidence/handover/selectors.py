"""Reads for shares."""

from __future__ import annotations

from evidence.handover import codes
from evidence.handover.models import Share
from evidence.models import Pack, PackStatus


def share_by_token(token: str) -> Share | None:
    """The share a link names, whatever its state; None for a link that never existed (or
    whose pack was deleted)."""
    if not token or len(token) > 100:
        return None
    return (
        Share.objects.select_related("pack", "pack__owner")
        .filter(token_sha256=codes.token_sha256(token), pack__status=PackStatus.READY)
        .first()
    )


def shares_of(pack: Pack) -> list[Share]:
    return list(Share.objects.owned_by(pack.owner).filter(pack=pack).order_by("-created_at"))
