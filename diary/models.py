"""The diary: incidents, the people responsible, contacts with police, and the revision chain.

Free text is only ever read and written through these models and diary/services.py, so that a
later change can encrypt it at rest in one place.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from config.sealed import SealedJSONField, SealedTextField

NARRATIVE_MAX_LENGTH = 30_000
SHORT_TEXT = 200
LONG_TEXT = 5_000


class Kind(models.TextChoices):
    """What kind of behaviour an incident was. Stable codes; the labels are for people."""

    PHONE_CALL = "phone_call", "Phone call"
    WITHHELD_CALL = "withheld_call", "Call from a withheld number"
    TEXT_MESSAGE = "text_message", "Text message"
    VOICEMAIL = "voicemail", "Voicemail"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    SOCIAL_MEDIA = "social_media", "Social media message or post"
    IN_PERSON = "in_person", "Comment or threat in person"
    FOLLOWING = "following", "Following you"
    LOITERING = "loitering", "Waiting or hanging around near your home or work"
    DRIVING_PAST = "driving_past", "Driving past"
    GIFT_OR_PARCEL = "gift_or_parcel", "Unwanted gift or parcel"
    THROUGH_OTHERS = "through_others", "Contact through other people"
    DAMAGE = "damage", "Damage to property"
    VIOLENCE = "violence", "Physical violence"
    SEXUAL_ASSAULT = "sexual_assault", "Sexual assault"
    FALSE_REPORT = "false_report", "False report or complaint about you"
    TRACKING = "tracking", "Tracking or monitoring (phone, account, GPS)"
    OTHER = "other", "Something else"


class Feeling(models.TextChoices):
    """How it made the victim feel: the first three are the legal elements police look for."""

    ALARM = "alarm", "Alarmed"
    DISTRESS = "distress", "Distressed"
    FEAR_OF_VIOLENCE = "fear_of_violence", "Afraid that violence would be used against you"
    OTHER = "other", "Something else"


class Change(models.TextChoices):
    """What the victim changed because of it (feeds a Victim Personal Statement)."""

    ROUTINE = "routine", "Your daily routine"
    ROUTE = "route", "The way you travel"
    SECURITY = "security", "Security at home (locks, cameras, alarms)"
    WORK = "work", "Your work or studies"
    SPENDING = "spending", "Spending money to stay safe"
    OTHER = "other", "Something else"


class PoliceTold(models.TextChoices):
    NO = "no", "No"
    YES = "yes", "Yes"


class Seriousness(models.TextChoices):
    """How serious it was for the victim: the pack names the very serious ones first."""

    LESS = "less_serious", "Less serious"
    SERIOUS = "serious", "Serious"
    VERY = "very_serious", "Very serious"


class NotedElsewhere(models.TextChoices):
    """Where the victim also noted it at the time, so a late diary entry has its support."""

    PHONE_NOTES = "phone_notes", "In notes on my phone"
    MESSAGE = "message", "In a message to someone"
    PHOTO = "photo", "In a photo or video"
    TOLD = "told", "I told someone"
    NO = "no", "No"


class Relationship(models.TextChoices):
    EX_PARTNER = "ex_partner", "Ex-partner"
    NEIGHBOUR = "neighbour", "Neighbour"
    COLLEAGUE = "colleague", "Colleague"
    ACQUAINTANCE = "acquaintance", "Someone you know"
    STRANGER = "stranger", "Stranger"
    ONLINE_ONLY = "online_only", "Someone you only know online"
    OTHER = "other", "Other"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"
    EMAIL = "email", "Email"
    ONLINE = "online", "Online form or chat"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class Person(models.Model):
    """Someone responsible, described as well as the victim knows them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = SealedTextField("name or nickname", max_length=SHORT_TEXT)
    relationship = models.CharField(max_length=20, choices=Relationship.choices, blank=True)
    description = SealedTextField("what they look like", max_length=LONG_TEXT, blank=True)
    vehicles = SealedTextField(max_length=LONG_TEXT, blank=True)
    phone_numbers = SealedTextField(max_length=LONG_TEXT, blank=True)
    accounts = SealedTextField("online accounts or usernames", max_length=LONG_TEXT, blank=True)
    addresses = SealedTextField(max_length=LONG_TEXT, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        # Names are sealed: lists sort them after opening (selectors.people_of).
        ordering = ["created_at"]
        indexes = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return self.name


# The shapes an incident's own fields come in; each says how the field is written into a
# revision snapshot (IncidentField.to_json).
TEXT = "text"  # free text the user typed
DATE = "date"
TIME = "time"
MOMENT = "moment"  # a timezone-aware datetime
CODES = "codes"  # a list of choice codes, kept sorted
CODE = "code"  # one choice code
ZONE = "zone"  # a time-zone name
NUMBER = "number"  # a whole number
MONEY = "money"  # an amount in pounds, a Decimal with two places
SHAPES = (TEXT, DATE, TIME, MOMENT, CODES, CODE, ZONE, NUMBER, MONEY)


@dataclass(frozen=True)
class IncidentField:
    """One thing the user records about an incident, and the shape its value takes."""

    name: str
    shape: str
    # Added after notes were first written: left out of a snapshot while empty, so a note that
    # does not use it hashes exactly as it did before the field existed.
    added_later: bool = False

    def __post_init__(self):
        if self.shape not in SHAPES:
            raise ValueError(f"{self.name}: unknown shape {self.shape!r}")

    def to_json(self, value):
        """The value as a revision snapshot holds it (changing this breaks every stored chain)."""
        if self.shape in (DATE, TIME, MOMENT):
            return value.isoformat() if value is not None else None
        if self.shape == CODES:
            return sorted(value)
        if self.shape == MONEY:
            return f"{value:.2f}" if value is not None else None
        return value

    @property
    def empty(self):
        """The value a snapshot written before this field existed stands for: a key missing
        from an older snapshot counts as this, so older notes still verify."""
        if self.shape in (TEXT, CODE):
            return ""
        if self.shape == CODES:
            return []
        return None


# Everything the user records about an incident that a form may set; the rest is the server's
# (id, occurred_at, timeline_position, recorded_at, updated_at, deleted_at) or is set beside
# these values (kinds, persons). Every snapshot key is one of these names or one of those.
INCIDENT_FIELDS: tuple[IncidentField, ...] = (
    IncidentField("occurred_on", DATE),
    IncidentField("occurred_time", TIME),
    IncidentField("timezone", ZONE),
    IncidentField("ended_at", MOMENT),
    IncidentField("location", TEXT),
    IncidentField("narrative", TEXT),
    IncidentField("appearance", TEXT),
    IncidentField("vehicle_make", TEXT),
    IncidentField("vehicle_model", TEXT),
    IncidentField("vehicle_colour", TEXT),
    IncidentField("vehicle_registration", TEXT),
    IncidentField("contact_used", TEXT),
    IncidentField("witnesses", TEXT),
    IncidentField("people_told", TEXT),
    IncidentField("feelings", CODES),
    IncidentField("feelings_other", TEXT),
    IncidentField("changes", CODES),
    IncidentField("changes_other", TEXT),
    IncidentField("police_told", CODE),
    IncidentField("police_told_on", DATE),
    IncidentField("police_reference", TEXT),
    # Added for the officer's pack: in a snapshot only when filled in (IncidentField.empty).
    IncidentField("summary_line", TEXT, added_later=True),
    IncidentField("seriousness", CODE, added_later=True),
    IncidentField("series_count", NUMBER, added_later=True),
    IncidentField("noted_elsewhere", CODE, added_later=True),
    IncidentField("noted_elsewhere_on", DATE, added_later=True),
    IncidentField("noted_elsewhere_time", TIME, added_later=True),
    IncidentField("cost", MONEY, added_later=True),
    IncidentField("cost_for", TEXT, added_later=True),
    IncidentField("effect_on_others", TEXT, added_later=True),
)
INCIDENT_FIELDS_BY_NAME: dict[str, IncidentField] = {field.name: field for field in INCIDENT_FIELDS}
INCIDENT_FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in INCIDENT_FIELDS)
# The words the user typed: what a purge removes and what the pack's words-to-hide filter covers.
INCIDENT_TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in INCIDENT_FIELDS if f.shape == TEXT)
INCIDENT_CODE_LISTS: tuple[str, ...] = tuple(f.name for f in INCIDENT_FIELDS if f.shape == CODES)


SUMMARY_LENGTH = 120
SUMMARY_LINE_MAX_LENGTH = 150
# A full stop, question or exclamation mark (with any closing quotes) followed by a space.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?=\s)")
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "pc", "dc", "ds", "sgt", "no", "approx"})


def first_sentence(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first sentence of `text` on its first line, cut at a word boundary if too long."""
    stripped = text.strip()
    line = stripped.splitlines()[0].strip() if stripped else ""
    sentence = line
    for end in _SENTENCE_END.finditer(line):
        words = line[: end.start()].split()
        if words and words[-1].casefold() in _ABBREVIATIONS:
            continue
        sentence = line[: end.end()]
        break
    return shortened(sentence, limit)


def shortened(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its beginning in whole words and "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def money_words(amount: Decimal | None) -> str:
    """£1,240.50; "" for no amount."""
    return f"£{amount:,.2f}" if amount is not None else ""


def vehicle_words(colour: str, make: str, model: str, registration: str) -> str:
    """A vehicle in words: "Silver Ford Focus, registration AB12 CDE", leaving out what is blank."""
    described = " ".join(part for part in (colour, make, model) if part)
    if registration:
        return f"{described}, registration {registration}".lstrip(", ")
    return described


class IncidentQuerySet(OwnedQuerySet):
    def current(self):
        """In the timeline: not deleted."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class Incident(models.Model):
    """One thing that happened, in the victim's words, with the server's own record of when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    # When it happened, in the user's own local time. "Time unknown" keeps the local date only.
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="Europe/London")
    occurred_at = models.DateTimeField(null=True, blank=True)  # UTC; only when the time is known
    ended_at = models.DateTimeField(null=True, blank=True)
    # Ordering key for the timeline only, never shown: occurred_at, or the start of the local day.
    timeline_position = models.DateTimeField(db_index=True)

    location = SealedTextField("where", max_length=SHORT_TEXT * 2, blank=True)
    # The kind codes, sorted, kept on the row so a timeline page needs no extra query for them;
    # IncidentKind holds the same codes one per row so they can be filtered and counted.
    kinds = models.JSONField(default=list, blank=True)
    narrative = SealedTextField("what happened", max_length=NARRATIVE_MAX_LENGTH)
    persons = models.ManyToManyField(Person, related_name="incidents", blank=True)
    appearance = SealedTextField(max_length=LONG_TEXT, blank=True)
    vehicle_make = SealedTextField(max_length=SHORT_TEXT, blank=True)
    vehicle_model = SealedTextField(max_length=SHORT_TEXT, blank=True)
    vehicle_colour = SealedTextField(max_length=SHORT_TEXT, blank=True)
    vehicle_registration = SealedTextField(max_length=20, blank=True)
    contact_used = SealedTextField("number or account used", max_length=SHORT_TEXT, blank=True)
    witnesses = SealedTextField(max_length=LONG_TEXT, blank=True)
    people_told = SealedTextField(max_length=LONG_TEXT, blank=True)
    feelings = models.JSONField(default=list, blank=True)
    feelings_other = SealedTextField(max_length=SHORT_TEXT * 2, blank=True)
    changes = models.JSONField(default=list, blank=True)
    changes_other = SealedTextField(max_length=SHORT_TEXT * 2, blank=True)
    police_told = models.CharField(max_length=3, choices=PoliceTold.choices, blank=True)
    police_told_on = models.DateField(null=True, blank=True)
    police_reference = SealedTextField(max_length=100, blank=True)
    summary_line = SealedTextField(
        "one-line summary", max_length=SUMMARY_LINE_MAX_LENGTH, blank=True
    )
    seriousness = models.CharField(max_length=12, choices=Seriousness.choices, blank=True)
    # A series of the same thing ("23 calls between 1am and 3am"): how many times; the span is
    # occurred_at to ended_at. Empty for one event.
    series_count = models.PositiveIntegerField(null=True, blank=True)
    noted_elsewhere = models.CharField(max_length=12, choices=NotedElsewhere.choices, blank=True)
    noted_elsewhere_on = models.DateField(null=True, blank=True)
    noted_elsewhere_time = models.TimeField(null=True, blank=True)
    cost = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    cost_for = SealedTextField("what it paid for", max_length=SHORT_TEXT, blank=True)
    effect_on_others = SealedTextField(
        "effect on children, family or others", max_length=LONG_TEXT, blank=True
    )

    is_draft = models.BooleanField(default=False)
    # Set by the server only: the first save (draft or not), and the latest one.
    recorded_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["owner", "-timeline_position", "-id"], name="incident_timeline_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Incident {self.pk}"

    @property
    def summary(self) -> str:
        """One line for a list: the author's own summary, or the narrative's first sentence
        in whole words."""
        return self.summary_line.strip() or first_sentence(self.narrative)

    @property
    def count(self) -> int:
        """How many events this note records: 1, or a series' count."""
        return self.series_count or 1

    @property
    def recorded_delay(self):
        """How long after the event this entry was first written (from the day's end if the
        time is not known, so an entry written the same evening never looks late)."""
        if self.occurred_at is not None:
            return self.recorded_at - self.occurred_at
        return self.recorded_at - (self.timeline_position + timedelta(days=1))

    @property
    def kind_labels(self) -> list[str]:
        """In the order the form lists them, not the order the codes sort in."""
        chosen = set(self.kinds)
        return [label for code, label in Kind.choices if code in chosen]

    @property
    def vehicle(self) -> str:
        return vehicle_words(
            self.vehicle_colour, self.vehicle_make, self.vehicle_model, self.vehicle_registration
        )


class IncidentKind(models.Model):
    """One kind of behaviour recorded for an incident (a separate row so it can be filtered)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="kind_rows")
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind"], name="incident_kind_once")
        ]
        indexes = [models.Index(fields=["kind", "incident"])]

    def __str__(self) -> str:
        return self.kind


class RevisionAction(models.TextChoices):
    CREATE = "create", "Written"
    EDIT = "edit", "Amended"
    DELETE = "delete", "Deleted"
    RESTORE = "restore", "Restored"


class RevisionQuerySet(OwnedQuerySet):
    pass


class Revision(models.Model):
    """An immutable link in an incident's hash chain, written on every save, delete and restore.

    snapshot_sha256 = SHA-256 of the canonical JSON snapshot;
    chain_hash = SHA-256(previous chain_hash in hex + snapshot_sha256).
    The snapshot text may be purged 30 days after a deletion; its hash stays, so the chain can
    still be checked.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="revisions")
    sequence = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=RevisionAction.choices)
    snapshot = SealedJSONField(null=True)
    snapshot_sha256 = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64, blank=True)
    chain_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(editable=False)
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "sequence"], name="revision_sequence_once")
        ]

    def __str__(self) -> str:
        return f"Revision {self.sequence} of incident {self.incident_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Revisions are never changed once written.")
        super().save(*args, **kwargs)


class PoliceContact(models.Model):
    """One contact with police or another agency, as the victim logged it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contacted_on = models.DateField("date")
    officer_name = SealedTextField("name", max_length=SHORT_TEXT, blank=True)
    officer_number = SealedTextField("collar or staff number", max_length=50, blank=True)
    organisation = SealedTextField("police force or organisation", max_length=SHORT_TEXT)
    method = models.CharField("how", max_length=20, choices=ContactMethod.choices)
    summary = SealedTextField("what was said or agreed", max_length=LONG_TEXT, blank=True)
    reference = SealedTextField("crime or reference number", max_length=100, blank=True)
    # The notes this contact covered; linking one marks the note as told to the police.
    incidents = models.ManyToManyField(Incident, related_name="police_contacts", blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-created_at"]

    def __str__(self) -> str:
        return f"Contact {self.pk}"
