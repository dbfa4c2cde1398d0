import re
import secrets
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.timezone import now

from config.sealed import SealedJSONField, SealedTextField

INITIALS_PATTERN = re.compile(r"^[A-Z]{1,4}$")


def validate_initials(value: str) -> None:
    if not INITIALS_PATTERN.match(value):
        raise ValidationError("Enter your initials as 1 to 4 capital letters, for example JS.")


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """The account holder. The profile fields print on the evidence pack."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(
        "your name",
        max_length=200,
        blank=True,
        help_text="As you want it printed on the evidence pack, for example Jane Smith.",
    )
    initials = models.CharField(
        "your initials",
        max_length=4,
        blank=True,
        validators=[validate_initials],
        help_text="Used to number your files the way police do, for example JS/1, JS/2.",
    )

    timezone = models.CharField(
        "your time zone",
        max_length=64,
        default="Europe/London",
        help_text="Times in your notes are shown in this time zone.",
    )

    # This user's own data keys (text and files), wrapped by the deployment's key-encryption
    # keyset (config/encryption.py). Deleting them makes everything of theirs unreadable.
    text_keyset = models.BinaryField(null=True, editable=False)
    file_keyset = models.BinaryField(null=True, editable=False)
    # Activity newer than this is shown as news on the home page.
    activity_seen_at = models.DateTimeField(default=now)
    # Set when the user asks for the account to be deleted; signing in again clears it.
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    # Set once the worker has begun destroying the account (the keys go first).
    deletion_started_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self) -> str:
        # Never the email: this string can end up in logs and admin history.
        return f"User {self.pk}"

    @property
    def has_profile(self) -> bool:
        return bool(self.full_name and self.initials)

    @property
    def zone(self) -> ZoneInfo:
        """The time zone this person sees times in: the one helper for the viewer's zone.

        A note keeps its own `timezone` for its own times; this is for everything else.
        """
        return ZoneInfo(self.timezone or settings.TIME_ZONE)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class KeptTextQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def expired(self):
        return self.filter(created_at__lt=timezone.now() - settings.KEPT_TEXT_LIFETIME)

    def fresh(self):
        return self.filter(created_at__gte=timezone.now() - settings.KEPT_TEXT_LIFETIME)


class KeptText(models.Model):
    """What someone had typed into a form when their session ran out.

    Kept on the server (never in the browser) for the same user for at most an hour, so that
    after signing in again they get their words back.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    fields = SealedJSONField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = KeptTextQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"Kept text {self.pk}"


class KnownBrowser(models.Model):
    """A browser that has signed in to this account before, known by the hash of a random cookie.

    It exempts that browser from the account's sign-in delay. The cookie names no one; the row
    holds only its hash, so the database cannot be used to forge one.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    # Wrong passwords in a row from this browser; at a few, it loses its exemption.
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token_sha256", "user"], name="one_row_per_browser")
        ]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"Known browser {self.pk}"


class ActivityKind(models.TextChoices):
    """What happened on the account, in the words the Recent activity page uses."""

    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Someone tried to sign in with a wrong password"
    CODE_FAILED = "code_failed", "Someone gave the right password but a wrong two-step code"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset from an email"
    EMAIL_CHANGED = "email_changed", "Email address changed"
    TWO_STEP_ON = "two_step_on", "Two-step sign-in turned on"
    TWO_STEP_OFF = "two_step_off", "Two-step sign-in turned off"
    CODES_RENEWED = "codes_renewed", "New recovery codes made"
    EXPORT_REQUESTED = "export_requested", "A download of everything was asked for"
    EXPORT_DOWNLOADED = "export_downloaded", "The download of everything was downloaded"
    PACK_DOWNLOADED = "pack_downloaded", "An evidence pack was downloaded"
    NOTE_DELETED = "note_deleted", "A note was deleted"
    FILE_DELETED = "file_deleted", "A file was deleted"
    PACK_DELETED = "pack_deleted", "An evidence pack was deleted"
    DELETION_REQUESTED = "deletion_requested", "Deleting the account was asked for"
    DELETION_CANCELLED = "deletion_cancelled", "Deleting the account was stopped by signing in"
    SHARE_MADE = "share_made", "A pack was shared with an officer"
    SHARE_OPENED = "share_opened", "A shared pack was opened with its code"
    SHARE_DOWNLOADED = "share_downloaded", "A shared pack was downloaded"
    SHARE_LOCKED = "share_locked", "A shared pack's link locked after five wrong codes"
    SHARE_ENDED = "share_ended", "A share of a pack was ended"


class ActivityQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class Activity(models.Model):
    """One thing that happened on the account: the one record the sessions page, the home-page
    notice and the Recent activity page read. Kept for 90 days; never emailed to anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    at = models.DateTimeField(default=timezone.now, editable=False)
    # The browser and device in plain words ("Chrome on Android"); sealed like the diary.
    browser = SealedTextField(blank=True, max_length=200)
    # The session that did it, as a hash, so this browser's own actions are not news to it.
    session_sha256 = models.CharField(max_length=64, blank=True)
    # On a sign-in: when that session was last used, moved on at most every few minutes, so the
    # sessions page can say "last used" without a write on every request.
    used_at = models.DateTimeField(null=True, blank=True)

    # What it was about, when a page shows its own part of the record (a shared pack's log).
    about = models.UUIDField(null=True, blank=True, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["owner", "-at"], name="activity_list_idx")]

    def __str__(self) -> str:
        return f"Activity {self.pk}"


class DeletedAccount(models.Model):
    """The register of deleted accounts: the id and when, nothing else.

    `manage.py reapply_deletions` deletes again any account on it that a restored backup
    brought back. A copy of each entry is kept in storage as well (accounts/deletion.py).
    """

    user_id = models.BigIntegerField(unique=True)
    deleted_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"Deleted account {self.user_id}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class ExportQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class Export(models.Model):
    """A download of everything the user keeps here, made by the worker and kept for a day."""

    stored_file_fields = ("file_key",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Our own words only, never the user's text.
    problem = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file_key = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(default=now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Export {self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def download_name(self) -> str:
        made = (self.finished_at or self.requested_at).astimezone(self.owner.zone)
        return f"notes-all-{made:%Y-%m-%d}.zip"
