"""From a user's choices to the pack's plain data: which notes and files go in, and what they say.

The database is read here and nowhere else in the pack; what comes out (PackContent, the bundle's
BundleExhibit and BundleIncident lists) is plain data for document.py and bundle.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Length

from diary.history import FieldChange, describe_history
from diary.models import (
    Change,
    Feeling,
    Incident,
    IncidentKind,
    Kind,
    Person,
    PoliceContact,
    Revision,
)
from diary.times import describe_delay
from evidence import storage
from evidence.metadata import MAX_TEXT_EXCERPT_CHARS
from evidence.models import Exhibit, ExhibitKind
from evidence.pack.bundle import BundleExhibit, BundleIncident
from evidence.pack.content import (
    REDACTED,
    PackContent,
    PackExhibit,
    PackIncident,
    PackOptions,
    PackPerson,
    PackPoliceContact,
)
from evidence.pack.summary import SummaryIncident, course_of_conduct
from evidence.templatetags.evidence import media_label

# Kinds of file whose print copy is a picture: a photo, a PDF's first page, a video's still.
PICTURED = {"image", "pdf", "video"}
MIN_REDACTION_LENGTH = 3

# The app speaks to its user ("Following you"); the pack speaks about its author to an officer.
_THIRD_PERSON = {
    Kind.FOLLOWING: "Following the author",
    Kind.LOITERING: "Waiting or hanging around near the author's home or work",
    Kind.FALSE_REPORT: "False report or complaint about the author",
    Feeling.FEAR_OF_VIOLENCE: "Afraid that violence would be used against them",
    Change.ROUTINE: "Their daily routine",
    Change.ROUTE: "The way they travel",
    Change.WORK: "Their work or studies",
}


def _pack_labels(choices) -> dict[str, str]:
    """Code to label, in the form's order, worded for a reader who is not the author."""
    return {code: _THIRD_PERSON.get(code, label) for code, label in choices}


KIND_LABELS = _pack_labels(Kind.choices)
FEELING_LABELS = _pack_labels(Feeling.choices)
CHANGE_LABELS = _pack_labels(Change.choices)


def _labels(codes, labels: dict[str, str]) -> tuple[str, ...]:
    chosen = set(codes)
    return tuple(label for code, label in labels.items() if code in chosen)


# The selection -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What the user chose for a pack; kept as JSON on the Pack, never in a URL."""

    period_start: date | None = None
    period_end: date | None = None
    person_ids: tuple[str, ...] = ()  # empty: every person
    kinds: tuple[str, ...] = ()  # empty: every kind
    pick: bool = False  # the user picks notes one by one from those that match
    incident_ids: tuple[str, ...] = ()  # the picked notes, when pick is on
    include_history: bool = True
    include_bundle: bool = True
    include_impact: bool = True
    redactions: tuple[str, ...] = ()
    leave_out_located: bool = False

    def to_json(self) -> dict:
        values = asdict(self)
        for name in ("period_start", "period_end"):
            values[name] = values[name].isoformat() if values[name] else None
        return {name: list(v) if isinstance(v, tuple) else v for name, v in values.items()}

    @classmethod
    def from_json(cls, values: Mapping) -> Selection:
        known = {name: values[name] for name in cls.__dataclass_fields__ if name in values}
        for name in ("period_start", "period_end"):
            if known.get(name):
                known[name] = date.fromisoformat(known[name])
        for name in ("person_ids", "kinds", "incident_ids", "redactions"):
            if name in known:
                known[name] = tuple(known[name] or ())
        return cls(**known)

    @property
    def options(self) -> PackOptions:
        return PackOptions(
            include_history=self.include_history,
            include_bundle=self.include_bundle,
            include_impact=self.include_impact,
            redactions=self.redactions,
            leave_out_located=self.leave_out_located and self.include_bundle,
        )

    @property
    def is_everything(self) -> bool:
        """No narrowing at all: files not linked to any note go in too."""
        return not (self.period_start or self.period_end or self.person_ids or self.kinds) and (
            not self.pick
        )


def selected_incidents(owner, selection: Selection):
    """The owner's saved (not draft, not deleted) notes that the selection takes, oldest first."""
    incidents = Incident.objects.owned_by(owner).current().filter(is_draft=False)
    if selection.period_start:
        incidents = incidents.filter(occurred_on__gte=selection.period_start)
    if selection.period_end:
        incidents = incidents.filter(occurred_on__lte=selection.period_end)
    if selection.person_ids:
        links = Incident.persons.through.objects.filter(person_id__in=selection.person_ids)
        incidents = incidents.filter(pk__in=links.values("incident_id"))
    if selection.kinds:
        rows = IncidentKind.objects.filter(kind__in=selection.kinds)
        incidents = incidents.filter(pk__in=rows.values("incident_id"))
    if selection.pick:
        incidents = incidents.filter(pk__in=selection.incident_ids)
    return incidents.order_by("timeline_position", "recorded_at", "id")


def selected_exhibits(owner, selection: Selection, incidents=None):
    """Current exhibits linked to the chosen notes (and the photos of chosen items)."""
    if incidents is None:
        incidents = selected_incidents(owner, selection)
    exhibits = Exhibit.objects.owned_by(owner).current()
    if not selection.is_everything:
        links = Exhibit.incidents.through.objects.filter(
            incident_id__in=incidents.order_by().values("pk")
        )
        linked = Q(pk__in=links.values("exhibit_id"))
        exhibits = exhibits.filter(linked | Q(photo_of__in=exhibits.filter(linked)))
    return exhibits.order_by("reference_number")


# The preview of counts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    incidents: int
    files: int
    items: int
    photos: int
    pages: int
    # Originals that still carry a place (GPS) in their metadata: references, e.g. ("JS/2",).
    located: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.incidents == 0 and self.files == 0 and self.items == 0


def estimate_pages(
    *,
    incidents: int,
    narrative_characters: int,
    pictures: int,
    exhibits: int,
    people: int,
    contacts: int,
    revisions: int,
    history: bool,
    impact: bool,
) -> int:
    """About how many A4 pages the PDF will have (calibrated against real packs)."""
    pages = 3.0  # cover and the summary with its chart
    pages += incidents / 7  # the log: a row takes three or four lines of a narrow column
    pages += incidents * 0.3 + narrative_characters / 3_000  # each note in full
    pages += pictures * 0.75  # a picture fills most of half a page, with its details
    pages += exhibits / 4  # the exhibit index
    pages += math.ceil(people / 3) + math.ceil(contacts / 10)
    pages += 1 if impact else 0
    pages += revisions / 12 if history else 0
    pages += 2  # how the records were kept
    return max(3, round(pages))


def preview(owner, selection: Selection) -> Preview:
    incidents = selected_incidents(owner, selection)
    totals = incidents.aggregate(count=Count("pk"), characters=Sum(Length("narrative")))
    exhibits = selected_exhibits(owner, selection, incidents)
    files = exhibits.filter(kind=ExhibitKind.FILE)
    photos = files.filter(media_kind__in=PICTURED).count()
    located = (
        tuple(e.reference for e in files.filter(has_location=True))
        if selection.include_bundle
        else ()
    )
    file_count = files.count()
    exhibit_count = exhibits.count()
    people = Person.objects.owned_by(owner).filter(incidents__in=incidents).distinct().count()
    revisions = (
        Revision.objects.filter(incident_id__in=incidents.order_by().values("pk")).count()
        if selection.include_history
        else 0
    )
    pages = estimate_pages(
        incidents=totals["count"],
        narrative_characters=totals["characters"] or 0,
        pictures=photos,
        exhibits=exhibit_count,
        people=people,
        contacts=_police_contacts(owner, selection).count(),
        revisions=revisions,
        history=selection.include_history,
        impact=selection.include_impact,
    )
    return Preview(
        incidents=totals["count"],
        files=file_count,
        items=exhibit_count - file_count,
        photos=photos,
        pages=pages,
        located=located,
    )


def _police_contacts(owner, selection: Selection):
    contacts = PoliceContact.objects.owned_by(owner)
    if selection.period_start:
        contacts = contacts.filter(contacted_on__gte=selection.period_start)
    if selection.period_end:
        contacts = contacts.filter(contacted_on__lte=selection.period_end)
    return contacts.order_by("contacted_on", "created_at")


# Redaction ---------------------------------------------------------------------------------


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


# Gathering ---------------------------------------------------------------------------------


class StoredImages(Mapping):
    """Print copies by token, read from storage only when the renderer asks for one."""

    def __init__(self, keys: dict[str, str]) -> None:
        self.stored_keys = keys

    def __getitem__(self, token: str) -> bytes:
        key = self.stored_keys[token]
        try:
            with storage.open_stored(key) as stored:
                return stored.read()
        except FileNotFoundError:
            raise KeyError(token) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.stored_keys)

    def __len__(self) -> int:
        return len(self.stored_keys)


@dataclass
class Gathered:
    content: PackContent
    images: StoredImages
    bundle_exhibits: list[BundleExhibit] = field(default_factory=list)
    bundle_incidents: list[BundleIncident] = field(default_factory=list)
    manifest_selection: dict = field(default_factory=dict)


def _image_token(exhibit: Exhibit) -> str:
    return exhibit.reference.replace("/", "-")


def _facts_time(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _selection_words(selection: Selection, people: dict[str, str]) -> tuple[str, ...]:
    words = []
    if selection.person_ids:
        names = sorted(people.get(pk, "a person since removed") for pk in selection.person_ids)
        words.append("Notes about: " + ", ".join(names))
    else:
        words.append("Every person")
    if selection.kinds:
        words.append("Kinds: " + ", ".join(_labels(selection.kinds, KIND_LABELS)))
    else:
        words.append("Every kind of incident")
    if selection.pick:
        words.append("Notes chosen one by one")
    if not selection.include_history:
        words.append("Amendment history left out")
    if not selection.include_impact:
        words.append("Impact summary left out")
    return tuple(words)


def gather(*, owner, selection: Selection, reference: str, created_at: datetime) -> Gathered:
    """Read everything the pack needs, in one pass over the chosen notes (oldest first)."""
    redact = Redactor(selection.redactions)
    options = selection.options
    people_by_id = {str(p.pk): p for p in Person.objects.owned_by(owner)}
    names = {pk: person.name for pk, person in people_by_id.items()}
    redacted_names = {pk: redact(name) for pk, name in names.items()}

    incidents_qs = selected_incidents(owner, selection)
    exhibits = list(selected_exhibits(owner, selection, incidents_qs))
    exhibit_ids = {e.pk for e in exhibits}
    references_by_incident: dict = defaultdict(list)
    links = Exhibit.incidents.through.objects.filter(
        incident_id__in=incidents_qs.order_by().values("pk"), exhibit_id__in=exhibit_ids
    ).values_list("incident_id", "exhibit_id")
    by_pk = {e.pk: e for e in exhibits}
    for incident_id, exhibit_id in links:
        references_by_incident[incident_id].append(by_pk[exhibit_id])

    revisions = Revision.objects.order_by("sequence")
    if not selection.include_history:
        revisions = revisions.defer("snapshot")
    incidents_qs = incidents_qs.prefetch_related(
        Prefetch("persons", queryset=Person.objects.only("pk")),
        Prefetch("revisions", queryset=revisions),
    )

    pack_incidents: list[PackIncident] = []
    people_counts: Counter[str] = Counter()  # person id: incidents in this pack
    summary_incidents: list[SummaryIncident] = []
    bundle_incidents: list[BundleIncident] = []
    incident_numbers: dict = {}
    for number, incident in enumerate(incidents_qs.iterator(chunk_size=500), start=1):
        incident_numbers[incident.pk] = number
        person_ids = [str(p.pk) for p in incident.persons.all()]
        people_counts.update(set(person_ids))
        revisions_of = list(incident.revisions.all())
        final_hash = revisions_of[-1].chain_hash if revisions_of else ""
        history = ()
        if selection.include_history:
            history = tuple(
                _redacted_version(v, redact) for v in describe_history(revisions_of, names)
            )
        own_exhibits = sorted(
            references_by_incident.get(incident.pk, []), key=lambda e: e.reference_number
        )
        pack_incidents.append(
            PackIncident(
                number=number,
                incident_id=str(incident.pk),
                occurred_on=incident.occurred_on,
                occurred_time=incident.occurred_time,
                occurred_at=incident.occurred_at,
                ended_at=incident.ended_at,
                timezone=incident.timezone,
                recorded_at=incident.recorded_at,
                updated_at=incident.updated_at,
                kinds=_labels(incident.kinds, KIND_LABELS),
                person_names=tuple(redacted_names[pk] for pk in person_ids if pk in names),
                location=redact(incident.location),
                narrative=redact(incident.narrative),
                appearance=redact(incident.appearance),
                vehicle=redact(incident.vehicle),
                contact_used=redact(incident.contact_used),
                witnesses=redact(incident.witnesses),
                people_told=redact(incident.people_told),
                feelings=_labels(incident.feelings, FEELING_LABELS),
                feelings_other=redact(incident.feelings_other),
                changes=_labels(incident.changes, CHANGE_LABELS),
                changes_other=redact(incident.changes_other),
                police_told=incident.get_police_told_display() if incident.police_told else "",
                police_told_on=incident.police_told_on,
                police_reference=redact(incident.police_reference),
                exhibit_references=tuple(e.reference for e in own_exhibits),
                written_late=describe_delay(incident.recorded_delay),
                amendments=sum(1 for r in revisions_of if r.action == "edit"),
                was_deleted=any(r.action == "delete" for r in revisions_of),
                final_revision_hash=final_hash,
                history=history,
            )
        )
        summary_incidents.append(
            SummaryIncident(
                occurred_on=incident.occurred_on,
                kinds=tuple(incident.kinds),
                person_names=tuple(redacted_names[pk] for pk in person_ids if pk in names),
                feelings=tuple(incident.feelings),
                changes=tuple(incident.changes),
                police_told=incident.police_told == "yes",
            )
        )
        bundle_incidents.append(BundleIncident(incident.pk, incident.occurred_on, final_hash))

    linked_incidents: dict = defaultdict(list)
    for incident_id, exhibit_id in links:
        if incident_id in incident_numbers:
            linked_incidents[exhibit_id].append(incident_numbers[incident_id])

    pack_exhibits, bundle_exhibits, image_keys = [], [], {}
    for exhibit in exhibits:
        facts = exhibit.file_facts or {}
        is_file = exhibit.kind == ExhibitKind.FILE
        left_out = is_file and options.leave_out_located and exhibit.has_location
        in_bundle = is_file and options.include_bundle and not left_out
        # The name travels in the ZIP's member names and the manifest: hide words there too.
        bundled = (
            replace(
                BundleExhibit.from_exhibit(exhibit), original_name=redact(exhibit.original_name)
            )
            if is_file
            else None
        )
        if in_bundle:
            bundle_exhibits.append(bundled)
        pictured = is_file and exhibit.media_kind in PICTURED
        token = None
        if pictured and exhibit.print_key:
            token = _image_token(exhibit)
            image_keys[token] = exhibit.print_key
        pack_exhibits.append(
            PackExhibit(
                reference=exhibit.reference,
                is_item=not is_file,
                type_label=media_label(exhibit),
                media_kind=exhibit.media_kind if is_file else "",
                mime_type=exhibit.mime_type,
                caption=redact(exhibit.caption),
                original_name=redact(exhibit.original_name),
                size=exhibit.size,
                sha256=exhibit.sha256,
                received_at=exhibit.received_at,
                captured_at=exhibit.captured_at,
                has_location=exhibit.has_location,
                bundle_path=bundled.member_path if in_bundle else "",
                left_out_for_location=left_out,
                image_token=token,
                image_missing=pictured and not exhibit.print_key,
                duration_seconds=facts.get("duration_seconds"),
                page_count=facts.get("page_count"),
                email_from=redact(facts.get("email_from", "")),
                email_to=redact(facts.get("email_to", "")),
                email_date=_facts_time(facts.get("email_date")),
                email_subject=redact(facts.get("email_subject", "")),
                email_body=redact(facts.get("email_body", "")),
                incident_numbers=tuple(sorted(linked_incidents.get(exhibit.pk, []))),
                text_excerpt=redact(facts.get("text_excerpt", "")),
                text_cut=len(facts.get("text_excerpt", "")) >= MAX_TEXT_EXCERPT_CHARS,
                item_received_on=exhibit.item_received_on,
                item_arrived_how=redact(exhibit.item_arrived_how),
                item_kept_where=redact(exhibit.item_kept_where),
                item_handling=redact(exhibit.item_handling),
            )
        )

    pack_people = tuple(
        PackPerson(
            name=redacted_names[pk],
            relationship=people_by_id[pk].get_relationship_display(),
            description=redact(people_by_id[pk].description),
            vehicles=redact(people_by_id[pk].vehicles),
            phone_numbers=redact(people_by_id[pk].phone_numbers),
            accounts=redact(people_by_id[pk].accounts),
            addresses=redact(people_by_id[pk].addresses),
            incident_count=people_counts[pk],
        )
        for pk in sorted(people_counts, key=lambda pk: names[pk].casefold())
    )
    contacts = tuple(
        PackPoliceContact(
            contacted_on=contact.contacted_on,
            officer_name=redact(contact.officer_name),
            officer_number=redact(contact.officer_number),
            organisation=redact(contact.organisation),
            method=contact.get_method_display(),
            summary=redact(contact.summary),
            reference=redact(contact.reference),
        )
        for contact in _police_contacts(owner, selection)
    )
    local_today = created_at.astimezone(owner_zone(owner)).date()
    summary = course_of_conduct(
        summary_incidents,
        today=min(selection.period_end, local_today) if selection.period_end else local_today,
        kind_labels=KIND_LABELS,
        feeling_labels=FEELING_LABELS,
        change_labels=CHANGE_LABELS,
        period_start=selection.period_start,
        period_end=selection.period_end,
    )
    content = PackContent(
        reference=reference,
        author_name=owner.full_name or owner.email,
        timezone=getattr(owner, "timezone", "") or "Europe/London",
        created_at=created_at,
        period_start=selection.period_start,
        period_end=selection.period_end,
        selection_words=_selection_words(selection, redacted_names),
        options=options,
        manifest_sha256=None,
        incidents=tuple(pack_incidents),
        exhibits=tuple(pack_exhibits),
        people=pack_people,
        police_contacts=contacts,
        summary=summary,
        redactions_made=redact.used,
    )
    return Gathered(
        content=content,
        images=StoredImages(image_keys),
        bundle_exhibits=bundle_exhibits,
        bundle_incidents=bundle_incidents,
        manifest_selection=_manifest_selection(selection, redacted_names, redact.used),
    )


def with_manifest_hash(content: PackContent, manifest_sha256: str | None) -> PackContent:
    return replace(content, manifest_sha256=manifest_sha256)


def _redacted_version(version, redact: Redactor):
    version.changes = [
        FieldChange(change.label, redact(change.before), redact(change.after))
        for change in version.changes
    ]
    return version


def owner_zone(owner) -> ZoneInfo:
    """The time zone the owner's pack and its dates are written in."""
    return ZoneInfo(getattr(owner, "timezone", "") or "Europe/London")


def _manifest_selection(selection: Selection, names: dict[str, str], redacted: bool) -> dict:
    """The selection as the manifest records it: never the words the user asked to remove."""
    return {
        "period_start": selection.period_start.isoformat() if selection.period_start else None,
        "period_end": selection.period_end.isoformat() if selection.period_end else None,
        "people": sorted(names.get(pk, "") for pk in selection.person_ids) or "all",
        "kinds": list(selection.kinds) or "all",
        "notes_chosen_one_by_one": selection.pick,
        "amendment_history": selection.include_history,
        "impact_summary": selection.include_impact,
        "redactions_made_in_pdf": redacted,
        "originals_left_out_for_location": selection.options.leave_out_located,
    }
