from advice.checklist import KEYS
from advice.models import ChecklistTick


def checklist_tick(*, owner, item_key: str) -> ChecklistTick:
    """Mark a safety step as done. Ticking it again keeps the date it was first ticked."""
    if item_key not in KEYS:
        raise ValueError(f"There is no safety step called {item_key!r}.")
    tick, _ = ChecklistTick.objects.get_or_create(owner=owner, item_key=item_key)
    return tick


def checklist_untick(*, owner, item_key: str) -> None:
    """Mark a safety step as not done. Nothing happens if it was not ticked."""
    ChecklistTick.objects.owned_by(owner).filter(item_key=item_key).delete()
