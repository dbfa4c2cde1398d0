"""A pack shared with an officer: a link and a separate access code, both shown once.

Only hashes of the two are kept, so a copy of the database opens nothing. Who the share is for
is the user's own free text, sealed like the diary. Openings and downloads go into the
account's one activity record (accounts), each naming this share's id.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from config.sealed import SealedTextField
from diary.models import OwnedQuerySet
from evidence.models import Pack

WRONG_CODES_ALLOWED = 5
DAYS_DEFAULT = 14
DAYS_MOST = 30


class ShareState(models.TextChoices):
    OPEN = "open", "Open"
    LOCKED = "locked", "Locked after five wrong codes"
    ENDED = "ended", "Ended by you"
    EXPIRED = "expired", "Ended at its expiry date"


class Share(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Deleting the pack deletes its shares, so its links stop at once.
    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="+")
    recipient = SealedTextField(max_length=200)
    token_sha256 = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set when the share ended at its expiry date rather than by the user.
    expired = models.BooleanField(default=False)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["pack", "-created_at"], name="share_pack_idx")]

    def __str__(self) -> str:
        return f"Share {self.pk}"

    @property
    def state(self) -> str:
        if self.locked_at is not None:
            return ShareState.LOCKED
        if self.ended_at is not None:
            return ShareState.EXPIRED if self.expired else ShareState.ENDED
        if self.expires_at <= timezone.now():
            return ShareState.EXPIRED
        return ShareState.OPEN

    @property
    def state_label(self) -> str:
        return ShareState(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == ShareState.OPEN

    @property
    def days(self) -> int:
        return max(1, round((self.expires_at - self.created_at) / timedelta(days=1)))

    @property
    def wrong_codes_left(self) -> int:
        return max(0, WRONG_CODES_ALLOWED - self.wrong_codes)
