"""Nobody can see, change, delete or restore another person's diary, whatever id they type."""

import pytest
from django.urls import reverse

from diary.models import Incident, Person, PoliceContact
from diary.services import incident_delete, police_contact_save
from tests.diary.pages import note_form
from tests.factories import PersonFactory, UserFactory, make_incident

# (URL name, method, whose object the id in the URL points at)
EVERY_DIARY_URL = [
    ("diary:incident", "get", "incident"),
    ("diary:incident_edit", "get", "incident"),
    ("diary:incident_edit", "post", "incident"),
    ("diary:incident_history", "get", "incident"),
    ("diary:incident_history", "get", "deleted_incident"),
    ("diary:incident_delete", "get", "incident"),
    ("diary:incident_delete", "post", "incident"),
    ("diary:incident_restore", "post", "deleted_incident"),
    ("diary:incident_restore", "post", "incident"),
    ("diary:person", "get", "person"),
    ("diary:person_edit", "get", "person"),
    ("diary:person_edit", "post", "person"),
    ("diary:person_delete", "get", "person"),
    ("diary:person_delete", "post", "person"),
    ("diary:contact_edit", "get", "contact"),
    ("diary:contact_edit", "post", "contact"),
    ("diary:contact_delete", "get", "contact"),
    ("diary:contact_delete", "post", "contact"),
]

# What a form on each page would send if the person pressed its button.
POSTED = {
    "incident": note_form(narrative="Overwritten by someone else."),
    "deleted_incident": {},
    "person": {"name": "Renamed by someone else"},
    "contact": {
        "contacted_on_0": "1",
        "contacted_on_1": "3",
        "contacted_on_2": "2026",
        "organisation": "Changed by someone else",
        "method": "phone",
    },
}


def _diary_of(owner) -> dict:
    # The person is named in no note, so nothing but ownership stops a POST removing them.
    person = PersonFactory(owner=owner, name="Their person")
    deleted = make_incident(owner, narrative="Their deleted note.")
    incident_delete(incident=deleted)
    return {
        "incident": make_incident(owner, narrative="Their note."),
        "deleted_incident": deleted,
        "person": person,
        "contact": police_contact_save(
            owner=owner,
            values={
                "contacted_on": "2026-03-01",
                "organisation": "Their police force",
                "method": "phone",
            },
        ),
    }


URL_ARGUMENT = {
    "incident": "incident_id",
    "deleted_incident": "incident_id",
    "person": "person_id",
    "contact": "contact_id",
}


def _url(name: str, target: str, diary: dict) -> str:
    return reverse(name, kwargs={URL_ARGUMENT[target]: diary[target].pk})


def _what_they_have(owner) -> dict:
    """Everything of theirs a request could change, read straight from the database."""
    return {
        "incidents": sorted(
            Incident.objects.filter(owner=owner).values_list(
                "narrative", "deleted_at", "updated_at", "is_draft"
            )
        ),
        "revisions": sorted(
            Incident.objects.filter(owner=owner).values_list("pk", "revisions__sequence")
        ),
        "people": sorted(Person.objects.filter(owner=owner).values_list("pk", "name")),
        "people_in_notes": sorted(
            Incident.objects.filter(owner=owner).values_list("pk", "persons")
        ),
        "contacts": sorted(
            PoliceContact.objects.filter(owner=owner).values_list("pk", "organisation")
        ),
    }


@pytest.mark.parametrize(("url_name", "method", "target"), EVERY_DIARY_URL)
def test_another_users_id_is_not_found_and_nothing_of_theirs_changes(
    signed_in_client, url_name, method, target
):
    someone_else = UserFactory()
    theirs = _diary_of(someone_else)
    before = _what_they_have(someone_else)
    url = _url(url_name, target, theirs)

    if method == "post":
        response = signed_in_client.post(url, POSTED[target])
    else:
        response = signed_in_client.get(url)

    assert response.status_code == 404
    for their_words in ("Their note.", "Their deleted note.", "Their person", "Their police"):
        assert their_words not in response.text
    assert _what_they_have(someone_else) == before


# Putting back a note that is not deleted is a 404 for its owner too (test_incident_delete_restore).
OWNER_CAN_USE = [
    url for url in EVERY_DIARY_URL if url != ("diary:incident_restore", "post", "incident")
]


@pytest.mark.parametrize(("url_name", "method", "target"), OWNER_CAN_USE)
def test_the_same_urls_work_for_the_owner(signed_in_client, user, url_name, method, target):
    mine = _diary_of(user)
    url = _url(url_name, target, mine)

    if method == "post":
        assert signed_in_client.post(url, POSTED[target]).status_code == 302
    else:
        assert signed_in_client.get(url).status_code == 200


def test_another_users_note_id_sent_as_a_form_token_neither_changes_nor_shows_it(
    signed_in_client, user
):
    someone_else = UserFactory()
    theirs = _diary_of(someone_else)
    before = _what_they_have(someone_else)
    data = note_form(narrative="My own note.")
    data["form_token"] = str(theirs["incident"].pk)

    response = signed_in_client.post(reverse("diary:incident_new"), data, follow=True)

    assert "My own note." in response.text
    assert "Their note." not in response.text
    assert Incident.objects.get(owner=user).pk != theirs["incident"].pk
    assert _what_they_have(someone_else) == before


ANONYMOUS_GETS = [
    "diary:timeline",
    "diary:incident_new",
    "diary:deleted",
    "diary:people",
    "diary:person_new",
    "diary:contacts",
    "diary:contact_new",
]


@pytest.mark.parametrize("url_name", ANONYMOUS_GETS)
def test_someone_not_signed_in_is_sent_to_sign_in_from_the_diary_pages(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("url_name", "method", "target"), EVERY_DIARY_URL)
def test_someone_not_signed_in_is_sent_to_sign_in_and_nothing_changes(
    client, db, url_name, method, target
):
    owner = UserFactory()
    theirs = _diary_of(owner)
    before = _what_they_have(owner)
    url = _url(url_name, target, theirs)

    response = client.post(url, POSTED[target]) if method == "post" else client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert _what_they_have(owner) == before


def test_someone_not_signed_in_cannot_add_a_note(client, db):
    response = client.post(reverse("diary:incident_new"), note_form())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Incident.objects.exists()
