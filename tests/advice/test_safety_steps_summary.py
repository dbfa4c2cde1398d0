from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse

from advice.checklist import ITEMS
from tests.advice.factories import ChecklistTickFactory
from tests.factories import UserFactory

HOME = reverse("home")
CHECKLIST = reverse("advice:checklist")


def test_the_home_page_shows_how_many_safety_steps_are_done(signed_in_client, user):
    ChecklistTickFactory(owner=user, item_key="charged-phone")
    ChecklistTickFactory(owner=user, item_key="voicemail")

    html = signed_in_client.get(HOME).text

    assert (
        f'<a class="govuk-link" href="{CHECKLIST}">Safety steps: 2 of {len(ITEMS)} done</a>' in html
    )


def test_the_count_sits_in_the_advice_part_of_the_home_page(signed_in_client):
    html = signed_in_client.get(HOME).text

    assert html.index(">Advice</h2>") < html.index("Safety steps: 0 of")


def test_other_peoples_ticks_are_not_counted(signed_in_client):
    ChecklistTickFactory(owner=UserFactory(), item_key="charged-phone")

    assert f"Safety steps: 0 of {len(ITEMS)} done" in signed_in_client.get(HOME).text


def test_a_tick_for_a_step_that_has_been_retired_is_not_counted(signed_in_client, user):
    ChecklistTickFactory(owner=user, item_key="a-step-we-no-longer-give")

    assert f"Safety steps: 0 of {len(ITEMS)} done" in signed_in_client.get(HOME).text


def test_the_count_costs_one_query(user, django_assert_num_queries):
    template = Template("{% load advice %}{% safety_steps_summary user %}")

    with django_assert_num_queries(1):
        template.render(Context({"user": user}))


def test_the_count_shows_nothing_to_someone_not_signed_in(db):
    template = Template("{% load advice %}{% safety_steps_summary user %}")

    assert template.render(Context({"user": AnonymousUser()})).strip() == ""
