"""Two times on every note: when it happened, as the person says, and when it was first written."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import Incident
from diary.services import incident_delete
from tests.diary.pages import note_form, visible_text
from tests.factories import PersonFactory, make_incident


def _first_written(incident, at: datetime) -> None:
    """Set the server's clock for when the note was first written (it is never a form field)."""
    Incident.objects.filter(pk=incident.pk).update(recorded_at=at)


def _page(client, incident) -> str:
    return visible_text(client.get(reverse("diary:incident", kwargs={"incident_id": incident.pk})))


def test_a_note_written_three_days_later_says_so(signed_in_client, user):
    # 9:30pm on 14 March 2026 in London is 21:30 UTC (before the clocks go forward).
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=time(21, 30))
    _first_written(incident, datetime(2026, 3, 17, 22, 0, tzinfo=UTC))

    page = _page(signed_in_client, incident)

    assert "Written 3 days after it happened." in page
    assert "First written 17 March 2026 at 10pm (by this website's clock)" in page


def test_a_note_written_weeks_later_says_so_in_weeks(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=time(21, 30))
    _first_written(incident, datetime(2026, 4, 4, 12, 0, tzinfo=UTC))

    assert "Written 2 weeks after it happened." in _page(signed_in_client, incident)


def test_a_note_written_within_24_hours_does_not_say_it_was_late(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=time(21, 30))
    _first_written(incident, datetime(2026, 3, 15, 21, 30, tzinfo=UTC))

    page = _page(signed_in_client, incident)

    assert "after it happened" not in page


def test_a_note_written_just_over_24_hours_later_says_1_day(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=time(21, 30))
    _first_written(incident, datetime(2026, 3, 15, 21, 31, tzinfo=UTC))

    assert "Written 1 day after it happened." in _page(signed_in_client, incident)


def test_a_note_about_today_written_today_does_not_say_it_was_late(signed_in_client):
    today = timezone.localdate()

    response = signed_in_client.post(
        reverse("diary:incident_new"),
        note_form(day=today, time="", time_unknown="on", narrative="This morning."),
        follow=True,
    )

    assert "This morning." in visible_text(response)
    assert "after it happened" not in visible_text(response)


def test_a_note_written_now_about_three_days_ago_says_so(signed_in_client):
    # Through the form, on the real clock: 00:00 three days ago is at least 72 hours ago.
    three_days_ago = timezone.localdate() - timedelta(days=3)

    response = signed_in_client.post(
        reverse("diary:incident_new"), note_form(day=three_days_ago, time="00:00"), follow=True
    )

    assert re.search(r"Written [23] days after it happened\.", visible_text(response))


def test_an_unknown_time_written_the_next_evening_does_not_say_it_was_late(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=None)
    _first_written(incident, datetime(2026, 3, 15, 20, 0, tzinfo=UTC))

    assert "after it happened" not in _page(signed_in_client, incident)


def test_an_unknown_time_written_days_later_counts_from_the_end_of_that_day(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=None)
    _first_written(incident, datetime(2026, 3, 18, 12, 0, tzinfo=UTC))

    assert "Written 3 days after it happened." in _page(signed_in_client, incident)


def test_an_unknown_time_says_time_not_known_wherever_the_note_appears(signed_in_client, user):
    person = PersonFactory(owner=user)
    incident = make_incident(
        user, occurred_on=date(2026, 3, 14), occurred_time=None, persons=[person]
    )
    when = "Saturday 14 March 2026 (time not known)"

    assert when in _page(signed_in_client, incident)
    assert when in visible_text(signed_in_client.get(reverse("diary:timeline")))
    assert when in visible_text(signed_in_client.get(reverse("diary:person", args=[person.pk])))
    incident_delete(incident=incident)
    assert when in visible_text(signed_in_client.get(reverse("diary:deleted")))


def test_a_known_time_never_says_time_not_known(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 3, 14), occurred_time=time(21, 30))

    page = _page(signed_in_client, incident)

    assert "Saturday 14 March 2026 at 9:30pm" in page
    assert "time not known" not in page


@pytest.mark.parametrize(
    ("day", "typed", "shown"),
    [
        (date(2026, 7, 1), "9:30pm", "Wednesday 1 July 2026 at 9:30pm"),
        (date(2026, 1, 5), "9am", "Monday 5 January 2026 at 9am"),
        (date(2026, 3, 29), "12:15am", "Sunday 29 March 2026 at 12:15am"),
    ],
)
def test_the_time_is_shown_as_it_was_typed_in_summer_and_winter(
    signed_in_client, day, typed, shown
):
    response = signed_in_client.post(
        reverse("diary:incident_new"), note_form(day=day, time=typed), follow=True
    )

    assert shown in visible_text(response)


def test_the_time_first_written_is_shown_in_london_time_in_summer(signed_in_client, user):
    incident = make_incident(user, occurred_on=date(2026, 7, 1), occurred_time=time(20, 0))
    _first_written(incident, datetime(2026, 7, 1, 20, 30, tzinfo=UTC))

    assert "First written 1 July 2026 at 9:30pm" in _page(signed_in_client, incident)


def test_a_time_later_today_is_in_the_future(signed_in_client):
    now = timezone.localtime()
    if now.hour == 23 and now.minute >= 58:
        pytest.skip("There is no later time today to try")

    response = signed_in_client.post(
        reverse("diary:incident_new"), note_form(day=now.date(), time="11:59pm")
    )

    assert "That time is in the future" in visible_text(response)
    assert not Incident.objects.exists()
