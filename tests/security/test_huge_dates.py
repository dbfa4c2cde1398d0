"""Finding 6: a day, month or year of 1000000000000 in any date field gave a server error.

GovDateField caught TypeError and ValueError, but Python's date() raises OverflowError for a
number that does not fit in a C int. Every date field now answers with its usual message.
"""

import pytest
from django.urls import reverse

from diary.models import Incident, PoliceContact
from evidence.models import Exhibit
from tests.diary.pages import note_form
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
HUGE = "1000000000000"
REAL_DATE = "must be a real date"


def _date(prefix: str, day="14", month="3", year="2026") -> dict:
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def _with_huge(prefix: str, part: int) -> dict:
    parts = ["14", "3", "2026"]
    parts[part] = HUGE
    return _date(prefix, *parts)


# (what, URL name, the form without its date, the date field's prefix)
DATE_FIELDS = [
    ("a note's date", "diary:incident_new", note_form(), "occurred_on"),
    (
        "a note's date told the police",
        "diary:incident_new",
        note_form(police_told="yes"),
        "police_told_on",
    ),
    (
        "a contact's date",
        "diary:contact_new",
        {"organisation": "Police", "method": "phone"},
        "contacted_on",
    ),
    ("an item's arrival", "evidence:item_new", {"caption": "A card"}, "item_received_on"),
    ("a pack's first day", "packs:new", {}, "date_from"),
    ("a pack's last day", "packs:new", {}, "date_to"),
]


@pytest.mark.parametrize("part", [0, 1, 2], ids=["day", "month", "year"])
@pytest.mark.parametrize(
    ("what", "url_name", "form", "prefix"), DATE_FIELDS, ids=[row[0] for row in DATE_FIELDS]
)
def test_a_huge_number_in_a_date_gets_the_usual_message(
    signed_in_client, user, what, url_name, form, prefix, part
):
    response = signed_in_client.post(reverse(url_name), {**form, **_with_huge(prefix, part)})

    assert response.status_code == 200
    assert REAL_DATE in response.text or "Enter the year in full" in response.text
    assert HUGE in response.text  # what was typed stays in the box
    assert not Incident.objects.owned_by(user).exists()
    assert not PoliceContact.objects.owned_by(user).exists()
    assert not Exhibit.objects.owned_by(user).exists()


@pytest.mark.parametrize("part", [0, 1, 2], ids=["day", "month", "year"])
def test_a_huge_number_in_an_edited_note_gets_the_usual_message(signed_in_client, user, part):
    incident = make_incident(user, narrative="Kept as it was.")

    response = signed_in_client.post(
        reverse("diary:incident_edit", args=[incident.pk]),
        {**note_form(narrative="Changed."), **_with_huge("occurred_on", part)},
    )

    assert response.status_code == 200
    assert REAL_DATE in response.text
    incident.refresh_from_db()
    assert incident.narrative == "Kept as it was."


@pytest.mark.parametrize("part", [0, 1, 2], ids=["day", "month", "year"])
def test_a_huge_number_while_autosaving_saves_nothing_and_does_not_fail(
    signed_in_client, user, part
):
    response = signed_in_client.post(
        reverse("diary:incident_autosave"), {**note_form(), **_with_huge("occurred_on", part)}
    )

    assert response.status_code == 200
    assert response.json() == {"saved": False}
    assert not Incident.objects.owned_by(user).exists()
