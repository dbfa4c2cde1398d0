import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ChecklistTickQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class ChecklistTick(models.Model):
    """One safety step a user has marked as done, and when. Unticking deletes the row.

    The step itself is defined in code (advice.checklist); only its stable key is stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=64)
    ticked_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChecklistTickQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "item_key"], name="advice_one_tick_per_step")
        ]

    def __str__(self) -> str:
        # Never the step: which precautions someone has taken is private.
        return f"Checklist tick {self.pk}"
