"""The log of contacts with police and other organisations: add, change, delete, newest first."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from diary.models import PoliceContact
from diary.services import police_contact_save
from tests.diary.pages import form_values, visible_text
from tests.factories import UserFactory

CONTACTS = reverse("diary:contacts")
NEW = reverse("diary:contact_new")


def _contact_form(day: date = date(2026, 3, 1), **fields) -> dict:
    return {
        "contacted_on_0": str(day.day),
        "contacted_on_1": str(day.month),
        "contacted_on_2": str(day.year),
        "organisation": "West Yorkshire Police",
        "method": "phone",
        **fields,
    }


def _contact(owner, day: date, organisation: str) -> PoliceContact:
    return police_contact_save(
        owner=owner,
        values={"contacted_on": day, "organisation": organisation, "method": "in_person"},
    )


def test_an_empty_log_says_so(signed_in_client):
    assert "You have not logged any contacts yet." in visible_text(signed_in_client.get(CONTACTS))


def test_adding_a_contact_saves_it_and_shows_it_in_the_log(signed_in_client, user):
    response = signed_in_client.post(
        NEW,
        _contact_form(
            officer_name="PC Amy Clarke",
            officer_number="4471",
            summary="She will speak to him.\nCall back Friday.",
            reference="13/123456/26",
        ),
        follow=True,
    )

    contact = PoliceContact.objects.get()
    assert contact.owner == user
    assert response.redirect_chain == [(CONTACTS, 302)]
    page = visible_text(response)
    assert "Saved." in page
    assert "1 March 2026: West Yorkshire Police" in page
    assert "Phone call" in page
    assert "PC Amy Clarke (4471)" in page
    assert "She will speak to him. Call back Friday." in page
    assert "13/123456/26" in page


def test_a_contact_needs_a_date_an_organisation_and_how(signed_in_client):
    response = signed_in_client.post(
        NEW,
        {"contacted_on_0": "", "contacted_on_1": "", "contacted_on_2": "", "organisation": ""},
    )

    page = visible_text(response)
    assert "Enter the date you were in contact" in page
    assert "Enter the police force or organisation" in page
    assert "Choose how you were in contact" in page
    assert not PoliceContact.objects.exists()


def test_a_contact_in_the_future_is_refused(signed_in_client):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = signed_in_client.post(NEW, _contact_form(day=tomorrow))

    assert "That date is in the future" in visible_text(response)
    assert not PoliceContact.objects.exists()


def test_changing_a_contact_keeps_the_change(signed_in_client, user):
    contact = _contact(user, date(2026, 3, 1), "West Yorkshire Police")
    edit_url = reverse("diary:contact_edit", kwargs={"contact_id": contact.pk})
    values = form_values(signed_in_client.get(edit_url), containing="organisation")
    assert values["organisation"] == ["West Yorkshire Police"]
    assert values["contacted_on_0"] == ["1"]
    values["reference"] = ["13/999/26"]

    response = signed_in_client.post(edit_url, values)

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.reference == "13/999/26"
    assert contact.contacted_on == date(2026, 3, 1)
    assert PoliceContact.objects.count() == 1


def test_deleting_a_contact_asks_first_then_removes_it(signed_in_client, user):
    contact = _contact(user, date(2026, 3, 1), "Victim Support")
    delete_url = reverse("diary:contact_delete", kwargs={"contact_id": contact.pk})

    assert "Delete this contact?" in visible_text(signed_in_client.get(delete_url))
    assert PoliceContact.objects.exists()
    response = signed_in_client.post(delete_url, follow=True)

    assert response.redirect_chain == [(CONTACTS, 302)]
    assert "The contact has been deleted." in visible_text(response)
    assert not PoliceContact.objects.exists()


def test_the_log_lists_the_newest_contact_first(signed_in_client, user):
    _contact(user, date(2026, 2, 10), "Middle")
    _contact(user, date(2026, 3, 5), "Newest")
    _contact(user, date(2026, 1, 20), "Oldest")

    page = visible_text(signed_in_client.get(CONTACTS))

    assert page.index("5 March 2026: Newest") < page.index("10 February 2026: Middle")
    assert page.index("10 February 2026: Middle") < page.index("20 January 2026: Oldest")


def test_two_contacts_on_one_day_show_the_one_logged_last_first(signed_in_client, user):
    _contact(user, date(2026, 3, 5), "Morning call")
    _contact(user, date(2026, 3, 5), "Evening visit")

    page = visible_text(signed_in_client.get(CONTACTS))

    assert page.index("Evening visit") < page.index("Morning call")


def test_the_log_shows_only_my_own_contacts(signed_in_client):
    _contact(UserFactory(), date(2026, 3, 5), "Someone else's force")

    assert "Someone else's force" not in visible_text(signed_in_client.get(CONTACTS))


def test_html_in_a_contact_is_shown_as_text(signed_in_client):
    signed_in_client.post(
        NEW,
        _contact_form(
            organisation="<script>alert(1)</script>",
            officer_name="<b>PC</b>",
            summary="<img src=x onerror=alert(2)>",
            reference="<i>ref</i>",
        ),
    )
    contact = PoliceContact.objects.get()

    for url in (
        CONTACTS,
        reverse("diary:contact_edit", args=[contact.pk]),
        reverse("diary:contact_delete", args=[contact.pk]),
    ):
        html = signed_in_client.get(url).text
        for raw in ("<script>alert(1)", "<b>PC</b>", "<img src=x", "<i>ref</i>"):
            assert raw not in html, (url, raw)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in signed_in_client.get(CONTACTS).text
