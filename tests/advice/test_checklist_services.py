import pytest

from advice.models import ChecklistTick
from advice.services import checklist_tick, checklist_untick
from tests.advice.factories import ChecklistTickFactory


def test_a_step_that_is_not_on_the_list_cannot_be_ticked(user):
    with pytest.raises(ValueError, match="no safety step called 'buy-a-boat'"):
        checklist_tick(owner=user, item_key="buy-a-boat")

    assert not ChecklistTick.objects.exists()


def test_unticking_a_step_that_was_never_ticked_does_nothing(user):
    checklist_untick(owner=user, item_key="voicemail")

    assert not ChecklistTick.objects.exists()


def test_each_tick_gets_an_unguessable_id(user):
    tick = checklist_tick(owner=user, item_key="voicemail")

    assert len(str(tick.pk)) == 36
    assert str(tick) == f"Checklist tick {tick.pk}"


def test_ticks_belong_to_the_person_who_made_them(user):
    other = ChecklistTickFactory()
    mine = checklist_tick(owner=user, item_key="voicemail")

    assert list(ChecklistTick.objects.owned_by(user)) == [mine]
    assert list(ChecklistTick.objects.owned_by(other.owner)) == [other]
