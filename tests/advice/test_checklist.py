from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advice.checklist import ITEMS, item_by_key
from tests.advice.factories import ChecklistTickFactory
from tests.factories import UserFactory

CHECKLIST = reverse("advice:checklist")


def test_visitors_see_every_step_linking_to_its_advice(client, db):
    html = client.get(CHECKLIST).text

    for item in ITEMS:
        assert f'<a class="govuk-link" href="{item.get_absolute_url()}">{item.text}</a>' in html


def test_visitors_see_no_ticks_or_buttons_and_are_asked_to_sign_in(client, db):
    html = client.get(CHECKLIST).text

    assert "<form" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "Mark as done" not in html
    assert "To do" not in html
    assert "Sign in</a> to tick off each step" in html


def test_signed_in_you_see_which_steps_you_have_done_and_when(signed_in_client, user):
    ChecklistTickFactory(
        owner=user, item_key="charged-phone", ticked_at=datetime(2026, 10, 3, 12, tzinfo=UTC)
    )

    html = signed_in_client.get(CHECKLIST).text

    assert "You have done <strong>1 of 18</strong> steps." in html
    assert "Done on 3 October 2026." in html
    assert html.count("Mark as not done") == 1
    assert html.count("Mark as done") == len(ITEMS) - 1
    assert html.count(">To do</strong>") == len(ITEMS) - 1


def test_you_never_see_another_persons_ticks(signed_in_client, user):
    someone_else = UserFactory()
    for item in ITEMS:
        ChecklistTickFactory(owner=someone_else, item_key=item.key)

    html = signed_in_client.get(CHECKLIST).text

    assert "You have done <strong>0 of 18</strong> steps." in html
    assert "Done on" not in html
    assert "Mark as not done" not in html


def test_steps_are_grouped_under_the_page_that_explains_them(client, db):
    html = client.get(CHECKLIST).text

    calls_heading = html.index(">Unwanted calls</h2>")
    dating_heading = html.index(">If you know who it is</h2>")
    step = html.index(item_by_key("write-down-calls").text)
    assert calls_heading < step < dating_heading


def test_the_list_reads_your_ticks_in_one_query(signed_in_client, user):
    ChecklistTickFactory(owner=user)

    with CaptureQueriesContext(connection) as queries:
        signed_in_client.get(CHECKLIST)

    tick_queries = [q for q in queries.captured_queries if "advice_checklisttick" in q["sql"]]
    assert len(tick_queries) == 1
