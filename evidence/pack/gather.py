"""From a user's choices to the pack's plain data: what the chosen notes and files say.

The database is read here (and in selectors.py) and nowhere else in the pack; what comes out
(PackContent, the bundle's BundleExhibit and BundleIncident lists) is plain data for pages/,
pdf/ and bundle.py. Every piece of text the user typed passes through the words-to-hide filter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from django.db.models import Prefetch

from config import encryption
from diary.history import FieldChange, describe_history
from diary.models import (
    INCIDENT_TEXT_FIELDS,
    Incident,
    Person,
    PoliceContact,
    Revision,
    Seriousness,
)
from diary.times import describe_delay
from evidence import storage
from evidence.metadata import MAX_TEXT_EXCERPT_CHARS
from evidence.models import Exhibit, ExhibitKind, ExhibitPage
from evidence.pack.bundle import BundleExhibit, BundleIncident
from evidence.pack.conduct import SummaryIncident, course_of_conduct
from evidence.pack.content import (
    PackContent,
    PackExhibit,
    PackIncident,
    PackOptions,
    PackPage,
    PackPerson,
    PackPoliceContact,
)
from evidence.pack.redaction import Redactor
from evidence.pack.selectors import (
    PICTURED,
    Selection,
    selected_exhibits,
    selected_incidents,
    selected_police_contacts,
)
from evidence.pack.words import CHANGE_LABELS, FEELING_LABELS, KIND_LABELS, labels_of


class StoredImages(Mapping):
    """Print copies by token, read from storage only when the renderer asks for one."""

    def __init__(self, keys: dict[str, str], owner_id) -> None:
        self.stored_keys = keys
        self.owner_id = owner_id

    def __getitem__(self, token: str) -> bytes:
        key = self.stored_keys[token]
        try:
            with storage.open_stored(key, owner_id=self.owner_id) as stored:
                return stored.read()
        except (FileNotFoundError, encryption.Unreadable):
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


@dataclass
class _Reading:
    """What one pass over the chosen notes and then their files collects."""

    redact: Redactor
    names: dict[str, str]  # person id: the name as typed (for sorting and the history)
    shown_names: dict[str, str]  # person id: the name with the chosen words hidden
    incidents: list[PackIncident] = field(default_factory=list)
    summary_incidents: list[SummaryIncident] = field(default_factory=list)
    bundle_incidents: list[BundleIncident] = field(default_factory=list)
    numbers: dict = field(default_factory=dict)  # incident id: its number in the pack
    # Police contact id: the numbers of the chosen notes it covered.
    contact_numbers: dict = field(default_factory=lambda: defaultdict(list))
    people_counts: Counter[str] = field(default_factory=Counter)  # person id: incidents
    exhibits: list[PackExhibit] = field(default_factory=list)
    bundle_exhibits: list[BundleExhibit] = field(default_factory=list)
    image_keys: dict[str, str] = field(default_factory=dict)  # image token: print copy key


def gather(*, owner, selection: Selection, reference: str, created_at: datetime) -> Gathered:
    """Read everything the pack needs, in one pass over the chosen notes (oldest first)."""
    redact = Redactor(selection.redactions)
    people = {str(p.pk): p for p in Person.objects.owned_by(owner)}
    names = {pk: person.name for pk, person in people.items()}
    reading = _Reading(redact, names, {pk: redact(name) for pk, name in names.items()})
    chosen = selected_incidents(owner, selection)
    exhibits = list(selected_exhibits(owner, selection, chosen))
    links = list(
        Exhibit.incidents.through.objects.filter(
            incident_id__in=chosen.order_by().values("pk"), exhibit_id__in={e.pk for e in exhibits}
        ).values_list("incident_id", "exhibit_id")
    )
    _read_notes(reading, chosen, selection, _exhibits_by_incident(links, exhibits))
    _read_files(reading, exhibits, links, selection.options)

    content = PackContent(
        reference=reference,
        author_name=owner.full_name or owner.email,
        author_initials=owner.initials,
        timezone=owner.zone.key,
        created_at=created_at,
        period_start=selection.period_start,
        period_end=selection.period_end,
        selection_words=_selection_words(selection, reading.shown_names),
        options=selection.options,
        manifest_sha256=None,
        incidents=tuple(reading.incidents),
        exhibits=tuple(reading.exhibits),
        people=tuple(
            _pack_person(people[pk], reading.shown_names[pk], reading.people_counts[pk], redact)
            for pk in sorted(reading.people_counts, key=lambda pk: names[pk].casefold())
        ),
        police_contacts=tuple(
            _pack_contact(contact, redact, tuple(reading.contact_numbers.get(contact.pk, ())))
            for contact in selected_police_contacts(owner, selection)
        ),
        summary=_summary(reading, selection, created_at.astimezone(owner.zone).date()),
        redactions_made=redact.used,
    )
    return Gathered(
        content=content,
        images=StoredImages(reading.image_keys, owner.pk),
        bundle_exhibits=reading.bundle_exhibits,
        bundle_incidents=reading.bundle_incidents,
        manifest_selection=_manifest_selection(selection, reading.shown_names, redact.used),
    )


def _read_notes(reading: _Reading, chosen, selection: Selection, exhibits_of: dict) -> None:
    for number, incident in enumerate(_with_people_and_history(chosen, selection), start=1):
        reading.numbers[incident.pk] = number
        person_ids = [str(p.pk) for p in incident.persons.all()]
        reading.people_counts.update(set(person_ids))
        person_names = tuple(reading.shown_names[pk] for pk in person_ids if pk in reading.names)
        revisions = list(incident.revisions.all())
        contacts = sorted(incident.police_contacts.all(), key=lambda c: (c.contacted_on, c.pk))
        for contact in contacts:
            reading.contact_numbers[contact.pk].append(number)
        history = ()
        if selection.include_history:
            history = _history(revisions, reading.names, reading.redact)
        pack_incident = _pack_incident(
            incident,
            number=number,
            person_names=person_names,
            revisions=revisions,
            exhibits=exhibits_of.get(incident.pk, []),
            history=history,
            redact=reading.redact,
            contacts=contacts,
        )
        reading.incidents.append(pack_incident)
        reading.summary_incidents.append(_summary_incident(incident, person_names))
        reading.bundle_incidents.append(
            BundleIncident(incident.pk, incident.occurred_on, pack_incident.final_revision_hash)
        )


def _read_files(reading: _Reading, exhibits: list[Exhibit], links, options: PackOptions) -> None:
    incident_numbers = defaultdict(list)  # exhibit id: the numbers of its incidents
    for incident_id, exhibit_id in links:
        if incident_id in reading.numbers:
            incident_numbers[exhibit_id].append(reading.numbers[incident_id])
    pages = _more_pages(exhibits)
    for exhibit in exhibits:
        bundled = _bundled(exhibit, options, reading.redact)
        if bundled is not None:
            reading.bundle_exhibits.append(bundled)
        pack_exhibit = _pack_exhibit(
            exhibit,
            bundled=bundled,
            options=options,
            incident_numbers=tuple(sorted(incident_numbers.get(exhibit.pk, []))),
            redact=reading.redact,
            more_pages=pages.get(exhibit.pk, ()),
        )
        if pack_exhibit.image_token:
            reading.image_keys[pack_exhibit.image_token] = exhibit.print_key
            for page, stored in zip(
                pack_exhibit.more_pages, pages.get(exhibit.pk, ()), strict=True
            ):
                reading.image_keys[page.image_token] = stored.print_key
        reading.exhibits.append(pack_exhibit)


def _more_pages(exhibits: list[Exhibit]) -> dict:
    """Exhibit id: the print copies of its further pages, in order (one query for them all)."""
    found: dict = defaultdict(list)
    with_pages = [e.pk for e in exhibits if e.media_kind == "pdf" and e.print_key]
    if with_pages:
        for page in ExhibitPage.objects.filter(exhibit_id__in=with_pages).order_by("number"):
            found[page.exhibit_id].append(page)
    return found


def _summary(reading: _Reading, selection: Selection, local_today):
    """The course of conduct, counted up to the end of the period or the day the pack is made."""
    return course_of_conduct(
        reading.summary_incidents,
        today=min(selection.period_end, local_today) if selection.period_end else local_today,
        kind_labels=KIND_LABELS,
        feeling_labels=FEELING_LABELS,
        change_labels=CHANGE_LABELS,
        period_start=selection.period_start,
        period_end=selection.period_end,
    )


def with_manifest_hash(content: PackContent, manifest_sha256: str | None) -> PackContent:
    return replace(content, manifest_sha256=manifest_sha256)


# Reading the notes ---------------------------------------------------------------------------


def _with_people_and_history(chosen, selection: Selection):
    revisions = Revision.objects.order_by("sequence")
    if not selection.include_history:
        revisions = revisions.defer("snapshot")
    return chosen.prefetch_related(
        Prefetch("persons", queryset=Person.objects.only("pk")),
        Prefetch("revisions", queryset=revisions),
        Prefetch(
            "police_contacts",
            queryset=PoliceContact.objects.only("pk", "contacted_on", "reference"),
        ),
    ).iterator(chunk_size=500)


def _exhibits_by_incident(links, exhibits) -> dict:
    """Incident id: its exhibits in the pack, by exhibit number."""
    by_pk = {exhibit.pk: exhibit for exhibit in exhibits}
    found: dict = defaultdict(list)
    for incident_id, exhibit_id in links:
        found[incident_id].append(by_pk[exhibit_id])
    return {pk: sorted(own, key=lambda e: e.reference_number) for pk, own in found.items()}


def _pack_incident(
    incident: Incident,
    *,
    number: int,
    person_names: tuple[str, ...],
    revisions: list[Revision],
    exhibits: list[Exhibit],
    history: tuple,
    redact: Redactor,
    contacts: Sequence[PoliceContact] = (),
) -> PackIncident:
    typed = {name: redact(getattr(incident, name)) for name in INCIDENT_TEXT_FIELDS}
    references = [typed["police_reference"], *(redact(c.reference) for c in contacts)]
    return PackIncident(
        number=number,
        incident_id=str(incident.pk),
        occurred_on=incident.occurred_on,
        occurred_time=incident.occurred_time,
        occurred_at=incident.occurred_at,
        ended_at=incident.ended_at,
        timezone=incident.timezone,
        recorded_at=incident.recorded_at,
        updated_at=incident.updated_at,
        kinds=labels_of(incident.kinds, KIND_LABELS),
        person_names=person_names,
        location=typed["location"],
        narrative=typed["narrative"],
        appearance=typed["appearance"],
        # Hidden in the whole description, so a phrase across its parts ("blue Ford") goes too.
        vehicle=redact(incident.vehicle),
        contact_used=typed["contact_used"],
        witnesses=typed["witnesses"],
        people_told=typed["people_told"],
        feelings=labels_of(incident.feelings, FEELING_LABELS),
        feelings_other=typed["feelings_other"],
        changes=labels_of(incident.changes, CHANGE_LABELS),
        changes_other=typed["changes_other"],
        police_told=incident.get_police_told_display() if incident.police_told else "",
        police_told_on=incident.police_told_on,
        police_reference=typed["police_reference"],
        exhibit_references=tuple(e.reference for e in exhibits),
        written_late=describe_delay(incident.recorded_delay),
        amendments=sum(1 for r in revisions if r.action == "edit"),
        was_deleted=any(r.action == "delete" for r in revisions),
        final_revision_hash=revisions[-1].chain_hash if revisions else "",
        history=history,
        seriousness=incident.get_seriousness_display().lower() if incident.seriousness else "",
        noted_elsewhere=incident.get_noted_elsewhere_display() if incident.noted_elsewhere else "",
        noted_elsewhere_on=incident.noted_elsewhere_on,
        noted_elsewhere_time=incident.noted_elsewhere_time,
        own_summary=typed["summary_line"],
        series_count=incident.series_count,
        police_references=tuple(dict.fromkeys(r for r in references if r.strip())),
        police_contact_dates=tuple(c.contacted_on for c in contacts),
        cost=incident.cost,
        cost_for=typed["cost_for"],
        effect_on_others=typed["effect_on_others"],
    )


def _summary_incident(incident: Incident, person_names: tuple[str, ...]) -> SummaryIncident:
    return SummaryIncident(
        occurred_on=incident.occurred_on,
        kinds=tuple(incident.kinds),
        person_names=person_names,
        feelings=tuple(incident.feelings),
        changes=tuple(incident.changes),
        police_told=incident.police_told == "yes",
        count=incident.count,
        very_serious=incident.seriousness == Seriousness.VERY,
    )


def _history(revisions: list[Revision], names: dict[str, str], redact: Redactor) -> tuple:
    """Every version of the note, oldest first, with the chosen words hidden in each change."""
    versions = describe_history(revisions, names)
    for version in versions:
        version.changes = [
            FieldChange(change.label, redact(change.before), redact(change.after))
            for change in version.changes
        ]
        version.reason = redact(version.reason)
    return tuple(versions)


# Reading the files ---------------------------------------------------------------------------


def _bundled(exhibit: Exhibit, options: PackOptions, redact: Redactor) -> BundleExhibit | None:
    """The file as the ZIP carries it, or None when it does not go in the ZIP."""
    if exhibit.kind != ExhibitKind.FILE or not options.include_bundle:
        return None
    if options.leave_out_located and exhibit.has_location:
        return None
    # The name travels in the ZIP's member names and the manifest: hide words there too.
    return replace(BundleExhibit.from_exhibit(exhibit), original_name=redact(exhibit.original_name))


def _pack_exhibit(
    exhibit: Exhibit,
    *,
    bundled: BundleExhibit | None,
    options: PackOptions,
    incident_numbers: tuple[int, ...],
    redact: Redactor,
    more_pages: Sequence[ExhibitPage] = (),
) -> PackExhibit:
    facts = exhibit.file_facts or {}
    is_file = exhibit.kind == ExhibitKind.FILE
    pictured = is_file and exhibit.media_kind in PICTURED
    token = exhibit.reference.replace("/", "-") if pictured and exhibit.print_key else None
    return PackExhibit(
        reference=exhibit.reference,
        is_item=not is_file,
        type_label=exhibit.media_label,
        media_kind=exhibit.media_kind if is_file else "",
        mime_type=exhibit.mime_type,
        caption=redact(exhibit.caption),
        original_name=redact(exhibit.original_name),
        size=exhibit.size,
        sha256=exhibit.sha256,
        received_at=exhibit.received_at,
        captured_at=exhibit.captured_at,
        has_location=exhibit.has_location,
        bundle_path=bundled.member_path if bundled else "",
        left_out_for_location=is_file and options.leave_out_located and exhibit.has_location,
        image_token=token,
        image_missing=pictured and not exhibit.print_key,
        duration_seconds=facts.get("duration_seconds"),
        page_count=facts.get("page_count"),
        email_from=redact(facts.get("email_from", "")),
        email_to=redact(facts.get("email_to", "")),
        email_date=_facts_time(facts.get("email_date")),
        email_subject=redact(facts.get("email_subject", "")),
        email_body=redact(facts.get("email_body", "")),
        incident_numbers=incident_numbers,
        text_excerpt=redact(facts.get("text_excerpt", "")),
        text_cut=len(facts.get("text_excerpt", "")) >= MAX_TEXT_EXCERPT_CHARS,
        item_received_on=exhibit.item_received_on,
        item_arrived_how=redact(exhibit.item_arrived_how),
        item_kept_where=redact(exhibit.item_kept_where),
        item_handling=redact(exhibit.item_handling),
        photo_of=exhibit.photo_of.reference if exhibit.photo_of_id else "",
        person_names=tuple(redact(person.name) for person in exhibit.people.all()),
        transcript=redact(exhibit.transcript) if exhibit.takes_transcript else "",
        recorded_at=_recorded_at(facts.get("container_created_at")),
        print_size=_print_size(exhibit) if token else None,
        more_pages=tuple(
            PackPage(page.number, f"{token}-p{page.number}", page.width, page.height)
            for page in more_pages
        )
        if token
        else (),
    )


def _recorded_at(value) -> datetime | None:
    # MP4 and MOV keep their creation time in UTC; a zone-less one is read that way.
    moment = _facts_time(value)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _print_size(exhibit: Exhibit) -> tuple[int, int] | None:
    """The print copy's size, or for one made before sizes were kept the picture's own (a
    photo's or a video's, read on arrival); None when neither is known."""
    if exhibit.print_width and exhibit.print_height:
        return exhibit.print_width, exhibit.print_height
    facts = exhibit.file_facts or {}
    width, height = facts.get("width"), facts.get("height")
    if exhibit.media_kind != "pdf" and isinstance(width, int) and isinstance(height, int):
        if width > 0 and height > 0:
            return width, height
    return None


def _facts_time(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# People and police ---------------------------------------------------------------------------


def _pack_person(person: Person, name: str, incident_count: int, redact: Redactor) -> PackPerson:
    return PackPerson(
        name=name,
        relationship=person.get_relationship_display(),
        description=redact(person.description),
        vehicles=redact(person.vehicles),
        phone_numbers=redact(person.phone_numbers),
        accounts=redact(person.accounts),
        addresses=redact(person.addresses),
        incident_count=incident_count,
    )


def _pack_contact(
    contact: PoliceContact, redact: Redactor, incident_numbers: tuple[int, ...]
) -> PackPoliceContact:
    return PackPoliceContact(
        contacted_on=contact.contacted_on,
        officer_name=redact(contact.officer_name),
        officer_number=redact(contact.officer_number),
        organisation=redact(contact.organisation),
        method=contact.get_method_display(),
        summary=redact(contact.summary),
        reference=redact(contact.reference),
        incident_numbers=incident_numbers,
    )


# What the cover and the manifest say about the selection ------------------------------------


def _selection_words(selection: Selection, people: dict[str, str]) -> tuple[str, ...]:
    words = []
    if selection.person_ids:
        names = sorted(people.get(pk, "a person since removed") for pk in selection.person_ids)
        words.append("Notes about: " + ", ".join(names))
    else:
        words.append("Every person")
    if selection.kinds:
        words.append("Kinds: " + ", ".join(labels_of(selection.kinds, KIND_LABELS)))
    else:
        words.append("Every kind of incident")
    if selection.pick:
        words.append("Notes chosen one by one")
    if not selection.include_history:
        words.append("Amendment history left out")
    if not selection.include_impact:
        words.append("Impact summary left out")
    return tuple(words)


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
