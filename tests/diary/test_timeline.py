from datetime import date, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.services import incident_delete, incident_update
from tests.factories import PersonFactory, UserFactory, make_incident

TIMELINE = reverse("diary:timeline")
FILTER = reverse("diary:timeline_filter")


def _month_of_incidents(owner, count, **values):
    start = date(2026, 1, 1)
    return [
        make_incident(owner, occurred_on=start + timedelta(days=n), **values) for n in range(count)
    ]


def test_the_timeline_lists_newest_first_and_hides_other_peoples_notes(signed_in_client, user):
    older = make_incident(user, occurred_on=date(2026, 2, 1), narrative="Older note")
    newer = make_incident(user, occurred_on=date(2026, 2, 9), narrative="Newer note")
    make_incident(UserFactory(), narrative="Someone else's note")

    response = signed_in_client.get(TIMELINE)

    assert list(response.context["incidents"]) == [newer, older]
    assert "Someone else" not in response.text


def test_keyset_pages_cover_every_note_once(signed_in_client, user):
    created = _month_of_incidents(user, 30)

    seen, url = [], TIMELINE
    while url:
        response = signed_in_client.get(url)
        seen.extend(response.context["incidents"])
        url = (
            f"{TIMELINE}?after={response.context['next_cursor']}"
            if response.context["next_cursor"]
            else None
        )

    assert len(seen) == 30
    assert set(seen) == set(created)


def _diary_queries(client, url) -> list[str]:
    """The queries a page makes for its own rows: no session, user or savepoint bookkeeping."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if "diary_" in query["sql"] and not query["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]


def test_a_timeline_page_costs_the_same_few_queries_at_any_depth(signed_in_client, user):
    person = PersonFactory(owner=user)
    _month_of_incidents(user, 60, persons=[person], kinds=["letter", "email"])
    first = signed_in_client.get(TIMELINE)
    deep_url = f"{TIMELINE}?after={first.context['next_cursor']}"

    first_page = _diary_queries(signed_in_client, TIMELINE)
    deep_page = _diary_queries(signed_in_client, deep_url)

    # The rows, the people they name, and the people for the filter: three, at any depth.
    assert len(first_page) == len(deep_page) == 3
    assert " OFFSET " not in " ".join(deep_page).upper()


def test_filters_narrow_the_timeline(signed_in_client, user):
    person = PersonFactory(owner=user)
    letter = make_incident(user, kinds=["letter"], persons=[person], occurred_on=date(2026, 3, 1))
    call = make_incident(
        user, kinds=["withheld_call"], occurred_on=date(2026, 3, 5), police_told="yes"
    )

    def shown(**query):
        signed_in_client.post(FILTER, query)
        return list(signed_in_client.get(TIMELINE).context["incidents"])

    assert shown(kind="letter") == [letter]
    assert shown(person=str(person.pk)) == [letter]
    assert shown(reported="yes") == [call]
    assert shown(reported="no") == [letter]
    assert shown(date_from="2026-03-02") == [call]
    assert shown(date_to="2026-03-02") == [letter]


def test_a_damaged_cursor_starts_again_from_the_newest(signed_in_client, user):
    make_incident(user)

    response = signed_in_client.get(TIMELINE, {"after": "not-a-cursor!"})

    assert response.status_code == 200
    assert len(response.context["incidents"]) == 1


def test_another_users_person_in_the_filter_is_ignored_with_a_message(signed_in_client, user):
    make_incident(user)
    stranger = PersonFactory()

    signed_in_client.post(FILTER, {"person": str(stranger.pk)})
    response = signed_in_client.get(TIMELINE)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert len(response.context["incidents"]) == 1


def test_edited_notes_are_marked_and_deleted_ones_leave_the_timeline(signed_in_client, user):
    edited = make_incident(user, narrative="Edited one")
    deleted = make_incident(user, narrative="Deleted one")
    incident_update(
        incident=edited,
        values={
            "narrative": "Edited one, more detail",
            "occurred_on": date(2026, 3, 14),
            "occurred_time": time(21, 30),
        },
        kinds=["letter"],
    )
    incident_delete(incident=deleted)

    response = signed_in_client.get(TIMELINE)

    assert list(response.context["incidents"]) == [edited]
    assert "Edited" in response.text
    assert response.context["incidents"][0].was_edited


def test_the_home_page_counts_this_week_this_month_and_all(signed_in_client, user):
    today = timezone.localdate()
    make_incident(user, occurred_on=today, occurred_time=None, kinds=["letter"])
    make_incident(user, occurred_on=today - timedelta(days=40), kinds=["letter", "email"])
    make_incident(user, occurred_on=today, occurred_time=None, is_draft=True)

    counts = signed_in_client.get(reverse("home")).context["counts"]

    assert counts.this_week == 1
    assert counts.this_month == 1
    assert counts.total == 2
    assert dict(counts.by_kind) == {"Letter": 2, "Email": 1}


def test_filters_never_appear_in_the_address(signed_in_client, user):
    make_incident(user, kinds=["violence"])

    response = signed_in_client.post(FILTER, {"kind": "violence", "reported": "no"}, follow=True)

    assert response.redirect_chain == [(TIMELINE, 302)]
    assert len(response.context["incidents"]) == 1


def test_clearing_the_filters_shows_every_note_again(signed_in_client, user):
    make_incident(user, kinds=["letter"])
    make_incident(user, kinds=["email"])
    signed_in_client.post(FILTER, {"kind": "letter"})

    signed_in_client.post(FILTER, {"clear": "1"})

    assert len(signed_in_client.get(TIMELINE).context["incidents"]) == 2
