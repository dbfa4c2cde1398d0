"""Writes for shares: make one, try a code, end one, and the periodic end of expired ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from evidence.handover import codes
from evidence.handover.models import WRONG_CODES_ALLOWED, Share
from evidence.models import Pack, PackStatus


@dataclass(frozen=True)
class NewShare:
    """A share as made: the link's token and the code exist only here, shown to the user once."""

    share: Share
    token: str
    code: str


def share_create(*, owner, pack: Pack, recipient: str, days: int) -> NewShare:
    """Share a ready pack for `days` days; the token and code are returned, never stored."""
    if pack.owner_id != owner.pk or pack.status != PackStatus.READY:
        raise ValueError("Only a ready pack of one's own can be shared.")
    token, code = codes.new_token(), codes.new_code()
    now = timezone.now()
    share = Share.objects.create(
        owner=owner,
        pack=pack,
        recipient=recipient.strip(),
        token_sha256=codes.token_sha256(token),
        code_hash=codes.code_hash(code),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return NewShare(share=share, token=token, code=code)


def share_end(*, share: Share) -> bool:
    """End a share now; False if it had already ended."""
    return bool(
        Share.objects.filter(pk=share.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    )


@dataclass(frozen=True)
class CodeTried:
    right: bool
    locked_now: bool  # this wrong code was the last one allowed
    tries_left: int


def share_try_code(*, share: Share, typed: str) -> CodeTried:
    """Check a typed code; the fifth wrong one locks the link for good."""
    if codes.code_matches(typed, share.code_hash):
        return CodeTried(right=True, locked_now=False, tries_left=share.wrong_codes_left)
    with transaction.atomic():
        Share.objects.filter(pk=share.pk).update(wrong_codes=F("wrong_codes") + 1)
        share.refresh_from_db(fields=["wrong_codes", "locked_at"])
        locked_now = False
        if share.wrong_codes >= WRONG_CODES_ALLOWED and share.locked_at is None:
            locked_now = bool(
                Share.objects.filter(pk=share.pk, locked_at__isnull=True).update(
                    locked_at=timezone.now()
                )
            )
            share.refresh_from_db(fields=["locked_at"])
    return CodeTried(right=False, locked_now=locked_now, tries_left=share.wrong_codes_left)


def shares_end_expired(*, now=None) -> int:
    """End every share past its expiry date (the link already refuses; this records why)."""
    now = now or timezone.now()
    return Share.objects.filter(ended_at__isnull=True, expires_at__lte=now).update(
        ended_at=F("expires_at"), expired=True
    )
