"""Reads of the diary that more than one page needs: the timeline and its counts."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from config.keyset import keyset_page
from diary.models import Incident, IncidentKind, Kind, Person, Revision, RevisionAction

TIMELINE_PAGE_SIZE = 25


@dataclass(frozen=True)
class TimelinePage:
    incidents: list[Incident]
    next_cursor: str | None


def timeline_page(
    *,
    owner,
    cursor: str | None = None,
    date_from=None,
    date_to=None,
    kind: str | None = None,
    person: Person | None = None,
    reported: str | None = None,
    page_size: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """Newest first, filtered, one keyset page: the rows in one query, whatever the depth."""
    incidents = (
        Incident.objects.owned_by(owner)
        .current()
        # A correlated EXISTS, not a COUNT: no GROUP BY, so the first page stays as cheap as
        # any other instead of aggregating every note the user has.
        .annotate(
            was_edited=Exists(
                Revision.objects.filter(incident=OuterRef("pk"), action=RevisionAction.EDIT)
            )
        )
        .prefetch_related(Prefetch("persons", queryset=Person.objects.only("id", "owner", "name")))
        .order_by("-timeline_position", "-id")
    )
    if date_from:
        incidents = incidents.filter(occurred_on__gte=date_from)
    if date_to:
        incidents = incidents.filter(occurred_on__lte=date_to)
    if kind:
        incidents = incidents.filter(kind_rows__kind=kind)
    if person is not None:
        incidents = incidents.filter(persons=person)
    if reported == "yes":
        incidents = incidents.filter(police_told="yes")
    elif reported == "no":
        incidents = incidents.exclude(police_told="yes")
    rows, next_cursor = keyset_page(
        incidents, field="timeline_position", cursor=cursor, size=page_size
    )
    return TimelinePage(incidents=rows, next_cursor=next_cursor)


@dataclass(frozen=True)
class DiaryCounts:
    this_week: int
    this_month: int
    total: int
    by_kind: list[tuple[str, int]]


def diary_counts(*, owner, today=None) -> DiaryCounts:
    """Counts for the home page: this week (from Monday), this calendar month, all, by kind."""
    today = today or timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    totals = (
        Incident.objects.owned_by(owner)
        .current()
        .filter(is_draft=False)
        .aggregate(
            total=Count("id"),
            this_week=Count("id", filter=Q(occurred_on__gte=week_start)),
            this_month=Count("id", filter=Q(occurred_on__gte=month_start)),
        )
    )
    labels = dict(Kind.choices)
    by_kind = (
        IncidentKind.objects.filter(
            incident__owner=owner, incident__deleted_at__isnull=True, incident__is_draft=False
        )
        .values("kind")
        .annotate(count=Count("id"))
        .order_by("-count", "kind")
    )
    return DiaryCounts(
        this_week=totals["this_week"],
        this_month=totals["this_month"],
        total=totals["total"],
        by_kind=[(labels.get(row["kind"], row["kind"]), row["count"]) for row in by_kind],
    )


def latest_incidents(*, owner, count: int = 3) -> list[Incident]:
    return timeline_page(owner=owner, page_size=count).incidents


def drafts_of(*, owner, count: int = 10) -> list[Incident]:
    """Unfinished notes (drafts), the most recently touched first."""
    return list(
        Incident.objects.owned_by(owner)
        .current()
        .filter(is_draft=True)
        .order_by("-updated_at")[:count]
    )
