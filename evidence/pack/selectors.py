"""Reads for the pack's pages and its gatherer: what the user chose, which notes and files that
takes, the notes they may tick one by one, and the counts shown before a pack is made."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date

from django.db.models import Q, QuerySet

from diary.models import Incident, IncidentKind, Person, PoliceContact, Revision
from evidence.models import Exhibit, ExhibitKind, ExhibitPage
from evidence.pack.content import PackOptions

# Kinds of file whose print copy is a picture: a photo, a PDF's first page, a video's still.
PICTURED = {"image", "pdf", "video"}


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


def selected_incidents(owner, selection: Selection) -> QuerySet[Incident]:
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


def selected_exhibits(owner, selection: Selection, incidents=None) -> QuerySet[Exhibit]:
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
    return (
        exhibits.select_related("photo_of").prefetch_related("people").order_by("reference_number")
    )


def selected_police_contacts(owner, selection: Selection) -> QuerySet[PoliceContact]:
    """The owner's contacts with police in the chosen period, oldest first."""
    contacts = PoliceContact.objects.owned_by(owner)
    if selection.period_start:
        contacts = contacts.filter(contacted_on__gte=selection.period_start)
    if selection.period_end:
        contacts = contacts.filter(contacted_on__lte=selection.period_end)
    return contacts.order_by("contacted_on", "created_at")


def pickable_incidents(owner, selection: Selection, *, limit: int):
    """The latest `limit` notes that match the dates, people and kinds, for ticking one by one,
    newest first, and how many match in all."""
    matching = selected_incidents(owner, replace(selection, pick=False))
    latest = list(matching.reverse().values_list("pk", flat=True)[:limit])
    return (
        Incident.objects.owned_by(owner).filter(pk__in=latest).order_by("-timeline_position"),
        matching.count(),
    )


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
    more_scanned_pages: int = 0,
) -> int:
    """About how many A4 pages the PDF will have.

    Calibrated against packs drawn with today's layout: the six-week officer case (25 notes,
    11 files: 25 pages) and the benchmark's packs (200 notes: 122 pages; with 100 photos: 221;
    1,000 notes and 100 photos: 676).
    """
    pages = 2.0  # page 1, the case, then the summary with its chart
    pages += incidents / 11  # the log: a row takes three or four lines
    pages += incidents * 0.1 + narrative_characters / 2_900  # each note in full
    pages += (pictures + more_scanned_pages) * 0.9  # a picture at a size that can be read
    pages += exhibits / 10  # the exhibit index
    pages += math.ceil(people / 2) + math.ceil(contacts / 10)
    pages += 1 + incidents / 70 if impact else 0
    pages += revisions / 25 if history else 0
    pages += 2  # the declaration and how the records were kept
    return max(3, round(pages))


def preview(owner, selection: Selection) -> Preview:
    incidents = selected_incidents(owner, selection)
    # Counted in Python: in the database each narrative is sealed, and longer than its words.
    narratives = list(incidents.values_list("narrative", flat=True))
    count, characters = len(narratives), sum(len(text) for text in narratives)
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
        incidents=count,
        narrative_characters=characters,
        pictures=photos,
        exhibits=exhibit_count,
        people=people,
        contacts=selected_police_contacts(owner, selection).count(),
        revisions=revisions,
        history=selection.include_history,
        impact=selection.include_impact,
        more_scanned_pages=ExhibitPage.objects.filter(exhibit__in=files).count(),
    )
    return Preview(
        incidents=count,
        files=file_count,
        items=exhibit_count - file_count,
        photos=photos,
        pages=pages,
        located=located,
    )
