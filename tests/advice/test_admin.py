from django.urls import reverse

from advice.checklist import ITEMS
from tests.advice.factories import ChecklistTickFactory
from tests.factories import UserFactory


def test_operators_see_how_many_steps_are_ticked_and_when_but_not_whose_or_which(
    operator_client,
):
    someone = UserFactory(email="someone.private@example.org")
    tick = ChecklistTickFactory(owner=someone, item_key="photo-location")

    changelist = operator_client.get(reverse("admin:advice_checklisttick_changelist")).text
    detail = operator_client.get(reverse("admin:advice_checklisttick_change", args=[tick.pk])).text

    assert "1 checklist tick" in changelist
    for html in (changelist, detail):
        assert "someone.private@example.org" not in html
        assert "photo-location" not in html
        for item in ITEMS:
            assert item.text not in html


def test_operators_cannot_add_change_or_delete_ticks(operator_client):
    tick = ChecklistTickFactory()

    assert operator_client.get(reverse("admin:advice_checklisttick_add")).status_code == 403
    response = operator_client.post(
        reverse("admin:advice_checklisttick_delete", args=[tick.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
