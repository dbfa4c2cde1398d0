"""Exhibits: files kept byte-for-byte, and physical items the victim keeps, numbered police-style.

File bytes are only ever read and written through evidence/storage.py.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from config.sealed import SealedJSONField, SealedTextField
from diary.models import Incident, OwnedQuerySet, Person


class ExhibitKind(models.TextChoices):
    FILE = "file", "File"
    ITEM = "item", "Physical item"


class PreviewStatus(models.TextChoices):
    PENDING = "pending", "Preparing preview"
    READY = "ready", "Ready"
    FAILED = "failed", "No preview"
    NONE = "none", "No preview for this kind of file"


class ExhibitQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def current(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False, purged_at__isnull=True)


# About twenty minutes of speech, typed out.
TRANSCRIPT_LENGTH = 20_000
# A PDF's pages printed in the pack: the first here and the rest as ExhibitPage rows.
PRINTED_PAGES = 10
# Kinds of file whose words the person may type out: what is said or shown.
TRANSCRIBED = ("audio", "video")

MEDIA_LABELS = {
    "image": "Photo or screenshot",
    "pdf": "PDF document",
    "audio": "Recording",
    "video": "Video",
    "email": "Email",
    "text": "Text",
}


class Exhibit(models.Model):
    """One exhibit: a file (photo, screenshot, recording, email…) or a physical item."""

    # The columns that hold storage keys of this owner's sealed files.
    stored_file_fields = ("original_key", "display_key", "print_key", "thumbnail_key")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=ExhibitKind.choices, default=ExhibitKind.FILE)
    # The police-style reference, e.g. JS/4: initials frozen at upload, never reused.
    reference_initials = models.CharField(max_length=4)
    reference_number = models.PositiveIntegerField()
    caption = SealedTextField(max_length=2_000, blank=True)
    # A recording's or a video's words, or what it shows, as the person typed them.
    transcript = SealedTextField(max_length=TRANSCRIPT_LENGTH, blank=True)
    incidents = models.ManyToManyField(Incident, related_name="exhibits", blank=True)
    # The people it shows or came from (a photo of his car, a letter he sent).
    people = models.ManyToManyField(Person, related_name="exhibits", blank=True)
    photo_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )

    # A file: the original, stored under an opaque key, and what we learnt on arrival.
    original_key = models.CharField(max_length=100, blank=True)
    original_name = SealedTextField(max_length=255, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    media_kind = models.CharField(max_length=10, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(default=now, editable=False)
    file_facts = SealedJSONField(default=dict, blank=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    has_location = models.BooleanField(default=False)

    # Safe copies for the screen and the pack: rotated, resized, no metadata at all.
    preview_status = models.CharField(
        max_length=10, choices=PreviewStatus.choices, default=PreviewStatus.PENDING
    )
    preview_heartbeat_at = models.DateTimeField(null=True, blank=True)
    display_key = models.CharField(max_length=100, blank=True)
    thumbnail_key = models.CharField(max_length=100, blank=True)
    print_key = models.CharField(max_length=100, blank=True)
    # The print copy's size in pixels, so the pack can give it its place without opening it.
    print_width = models.PositiveIntegerField(null=True, blank=True)
    print_height = models.PositiveIntegerField(null=True, blank=True)

    # A physical item the victim keeps (a letter, a parcel, a gift).
    item_received_on = models.DateField(null=True, blank=True)
    item_arrived_how = SealedTextField(max_length=300, blank=True)
    item_kept_where = SealedTextField(max_length=300, blank=True)
    item_handling = SealedTextField(max_length=2_000, blank=True)

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ExhibitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "reference_number"], name="exhibit_reference_once"
            )
        ]
        indexes = [models.Index(fields=["owner", "-received_at", "-id"], name="exhibit_list_idx")]

    def __str__(self) -> str:
        return f"Exhibit {self.pk}"

    @property
    def reference(self) -> str:
        return f"{self.reference_initials}/{self.reference_number}"

    @property
    def is_item(self) -> bool:
        return self.kind == ExhibitKind.ITEM

    @property
    def media_label(self) -> str:
        """What it is in a word or two, as lists and the pack name it."""
        if self.is_item:
            return "Physical item"
        return MEDIA_LABELS.get(self.media_kind, "File")

    @property
    def takes_transcript(self) -> bool:
        return not self.is_item and self.media_kind in TRANSCRIBED

    @property
    def download_name(self) -> str:
        """A neutral file name for downloads: the reference, never the original name."""
        extension = self.file_facts.get("extension", "")
        return f"file-{self.reference_initials}-{self.reference_number}{extension}"


class ExhibitPageQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class ExhibitPage(models.Model):
    """The print copy of one more page of a PDF (page 2 up to PRINTED_PAGES); page 1's is the
    exhibit's own print copy. No metadata, like every derivative."""

    stored_file_fields = ("print_key",)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exhibit = models.ForeignKey(Exhibit, on_delete=models.CASCADE, related_name="print_pages")
    number = models.PositiveSmallIntegerField()
    print_key = models.CharField(max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    objects = ExhibitPageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exhibit", "number"], name="exhibit_page_once")
        ]
        ordering = ["exhibit", "number"]

    def __str__(self) -> str:
        return f"Page {self.number} of exhibit {self.exhibit_id}"


class PackStatus(models.TextChoices):
    DRAFT = "draft", "Not made yet"
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class PackStage(models.TextChoices):
    GATHERING = "gathering", "Gathering your notes and files"
    DRAWING = "drawing", "Drawing the pages"
    BUNDLING = "bundling", "Putting the original files in a bundle"
    SAVING = "saving", "Saving the pack"


# How long a made pack (and a failed one) is kept before housekeeping deletes it.
PACK_KEPT_FOR = timedelta(days=30)


class Pack(models.Model):
    """A requested evidence pack: what goes in, how far the build has got, and the files made.

    The selection lives here, never in a URL. The PDF and ZIP are stored like originals, under
    opaque keys, and are deleted when the pack expires.
    """

    stored_file_fields = ("pdf_key", "zip_key")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Printed on every page of the PDF, e.g. "P-20261125-7F3K".
    reference = models.CharField(max_length=30, unique=True)
    selection = SealedJSONField(default=dict)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.DRAFT)
    stage = models.CharField(max_length=10, choices=PackStage.choices, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Our own words only (e.g. "JS/4: the original is missing from storage"), never user text.
    problem = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    incident_count = models.PositiveIntegerField(default=0)
    exhibit_count = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    # How the PDF was drawn: in how many chunks, and how many came from the owner's earlier packs.
    chunk_count = models.PositiveIntegerField(default=0)
    chunks_reused = models.PositiveIntegerField(default=0)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    pdf_key = models.CharField(max_length=100, blank=True)
    pdf_size = models.PositiveBigIntegerField(null=True, blank=True)
    zip_key = models.CharField(max_length=100, blank=True)
    zip_size = models.PositiveBigIntegerField(null=True, blank=True)
    # What the ZIP holds: how many originals, and the references of those left out because
    # they carry a location (references only, e.g. ["JS/4"]).
    originals_in_zip = models.PositiveIntegerField(default=0)
    originals_left_out = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=now, editable=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    # When a worker took it up: from here to finished_at is the build itself, without the wait.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["owner", "-created_at"], name="pack_list_idx")]

    def __str__(self) -> str:
        return f"Pack {self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in (PackStatus.QUEUED, PackStatus.RUNNING)

    @property
    def download_stem(self) -> str:
        """A plain name for the pack's files, dated in the owner's zone: ``notes-2026-11-24``."""
        return f"notes-{self.created_at.astimezone(self.owner.zone):%Y-%m-%d}"


# A drawn chunk not used by any pack for this long is deleted by housekeeping.
PACK_CHUNKS_KEPT_UNUSED_FOR = timedelta(days=30)


class PackCacheSecret(models.Model):
    """The random key an owner's drawn chunks are looked up by (an HMAC of what was drawn).

    Sealed with the owner's text key, so a copy of the database cannot tell from a lookup whether
    a guessed note is in someone's pack; gone with the account's keys.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    secret = SealedTextField()

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Pack cache secret of {self.owner_id}"


class PackChunk(models.Model):
    """A chunk of a pack as WeasyPrint drew it, kept so the owner's next pack need not draw it
    again (evidence/pack/cache.py). The PDF is stored sealed like a pack; where its pages,
    outline entries and page references are is sealed in `layout`."""

    stored_file_fields = ("pdf_key",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # HMAC-SHA256, under the owner's PackCacheSecret, of everything the drawing depended on.
    lookup = models.CharField(max_length=64)
    pdf_key = models.CharField(max_length=100)
    pdf_size = models.PositiveBigIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    layout = SealedJSONField(default=dict)
    created_at = models.DateTimeField(default=now, editable=False)
    used_at = models.DateTimeField(default=now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "lookup"], name="pack_chunk_lookup_unique")
        ]
        indexes = [models.Index(fields=["used_at"], name="pack_chunk_used_idx")]

    def __str__(self) -> str:
        return f"Pack chunk {self.pk}"
