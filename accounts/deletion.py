"""Deleting an account: asked for, 7 days in which signing in stops it, then destroyed.

The worker destroys the user's wrapped keys first, so from that moment nothing of theirs in the
database or the bucket can be read; then it deletes their files and their rows. An interrupted
deletion is taken up again by housekeeping. The account's id goes on a register (no other data)
that `manage.py reapply_deletions` applies again after a backup is restored.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from allauth.usersessions.models import UserSession
from django.contrib.auth import logout
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.activity import activity_record
from accounts.keys import file_models
from accounts.models import ActivityKind, DeletedAccount, User
from config import encryption
from evidence import storage

logger = logging.getLogger(__name__)

GRACE = timedelta(days=7)
# A deletion whose worker went silent for this long is taken up again.
RETRY_AFTER = timedelta(minutes=10)
REGISTER_FOLDER = "register/deleted-accounts"


def deletion_date(user: User) -> date | None:
    """The day the account will be deleted, in the user's own zone; None if not asked for."""
    if user.deletion_requested_at is None:
        return None
    return (user.deletion_requested_at + GRACE).astimezone(user.zone).date()


def account_deletion_request(*, user: User, request) -> date:
    """Ask for the account to be deleted in 7 days, and sign out everywhere."""
    user.deletion_requested_at = timezone.now()
    user.save(update_fields=["deletion_requested_at"])
    activity_record(owner=user, kind=ActivityKind.DELETION_REQUESTED, request=request)
    for session in UserSession.objects.filter(user=user):
        session.end()
    logout(request)
    return deletion_date(user)


def account_deletion_cancel(*, user: User, request=None) -> None:
    User.objects.filter(pk=user.pk, deletion_started_at=None).update(deletion_requested_at=None)
    user.deletion_requested_at = None
    activity_record(owner=user, kind=ActivityKind.DELETION_CANCELLED, request=request)


def accounts_delete_due(*, now=None) -> int:
    """Queue the deletion of every account whose 7 days are over (or whose deletion stopped)."""
    now = now or timezone.now()
    due = User.objects.filter(deletion_requested_at__lt=now - GRACE).exclude(
        deletion_started_at__gt=now - RETRY_AFTER
    )
    count = 0
    for user_id in due.values_list("pk", flat=True):
        transaction.on_commit(lambda user_id=user_id: delete_account.enqueue(user_id))
        count += 1
    return count


@task()
def delete_account(user_id: int) -> str:
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        now = timezone.now()
        if user is None:
            return "gone"
        if user.deletion_requested_at is None or user.deletion_requested_at > now - GRACE:
            return "not due"
        if user.deletion_started_at and user.deletion_started_at > now - RETRY_AFTER:
            return "another worker has it"
    account_destroy(user_id)
    return "deleted"


def account_destroy(user_id: int) -> None:
    """Keys first, then files, then rows. Each step can be run again."""
    _destroy_keys(user_id)
    for model in file_models():
        for row in model.objects.filter(owner_id=user_id).iterator():
            storage.delete_stored(*(getattr(row, name) for name in row.stored_file_fields))
    User.objects.filter(pk=user_id).delete()
    logger.info("Account %s deleted", user_id)


def _destroy_keys(user_id: int) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user_id).update(
            text_keyset=None, file_keyset=None, is_active=False, deletion_started_at=timezone.now()
        )
        DeletedAccount.objects.get_or_create(user_id=user_id)
    encryption.forget_keys(user_id)
    name = f"{REGISTER_FOLDER}/{user_id}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b""))


def registered_deletions() -> set[int]:
    """Every account id on the register: the database's list and the copy kept in storage."""
    ids = set(DeletedAccount.objects.values_list("user_id", flat=True))
    try:
        _folders, files = default_storage.listdir(REGISTER_FOLDER)
    except FileNotFoundError:
        files = []
    ids.update(int(name) for name in files if name.isdigit())
    return ids


def deletions_reapply() -> int:
    """Delete again every account on the register that a restored backup brought back."""
    count = 0
    for user_id in sorted(registered_deletions()):
        DeletedAccount.objects.get_or_create(user_id=user_id)
        if User.objects.filter(pk=user_id).exists():
            account_destroy(user_id)
            count += 1
    return count
