from dataclasses import dataclass
from datetime import datetime

from advice.checklist import ITEMS, KEYS, ChecklistItem, items_for_page
from advice.models import ChecklistTick
from advice.pages import PAGES, AdvicePage


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    ticked_at: datetime | None  # None: not done, or nobody is signed in

    @property
    def done(self) -> bool:
        return self.ticked_at is not None


def _ticks_by_key(user) -> dict[str, datetime]:
    if not user.is_authenticated:
        return {}
    return dict(ChecklistTick.objects.owned_by(user).values_list("item_key", "ticked_at"))


def checklist_rows(user, items: tuple[ChecklistItem, ...] = ITEMS) -> list[ChecklistRow]:
    """The given steps, each with the date this user ticked it (if they did)."""
    ticks = _ticks_by_key(user)
    return [ChecklistRow(item=item, ticked_at=ticks.get(item.key)) for item in items]


def checklist_rows_for_page(user, page: AdvicePage) -> list[ChecklistRow]:
    items = items_for_page(page)
    return checklist_rows(user, items) if items else []


def checklist_by_page(user) -> list[tuple[AdvicePage, list[ChecklistRow]]]:
    """Every step, grouped under the page that explains it, in reading order (one query)."""
    rows = checklist_rows(user)
    return [
        (page, page_rows)
        for page in PAGES
        if (page_rows := [row for row in rows if row.item.page_slug == page.slug])
    ]


def checklist_progress(user) -> tuple[int, int]:
    """(steps done, steps in all) for this user; retired steps are not counted."""
    done = 0
    if user.is_authenticated:
        done = ChecklistTick.objects.owned_by(user).filter(item_key__in=KEYS).count()
    return done, len(ITEMS)
