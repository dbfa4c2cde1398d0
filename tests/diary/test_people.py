"""The list of people responsible: add, change, see their notes, and remove only the unnamed."""

from django.urls import reverse

from diary.models import Person
from diary.services import incident_delete
from tests.diary.pages import form_values, visible_text
from tests.factories import PersonFactory, UserFactory, make_incident

PEOPLE = reverse("diary:people")


def _person_url(name: str, person) -> str:
    return reverse(name, kwargs={"person_id": person.pk})


def test_an_empty_list_says_nobody_has_been_added(signed_in_client):
    page = visible_text(signed_in_client.get(PEOPLE))

    assert "You have not added anyone yet." in page


def test_adding_a_person_saves_them_and_opens_their_page(signed_in_client, user):
    response = signed_in_client.post(
        reverse("diary:person_new"),
        {
            "name": "Mark Jones",
            "relationship": "ex_partner",
            "description": "Tall, shaved head,\nscar on left hand",
            "vehicles": "Silver Ford Focus AB12 CDE",
            "phone_numbers": "07700 900123",
            "accounts": "@markj",
            "addresses": "1 High Street",
        },
    )

    person = Person.objects.get()
    assert person.owner == user
    assert response.status_code == 302
    assert response.url == _person_url("diary:person", person)
    page = visible_text(signed_in_client.get(response.url))
    assert "Saved." in page
    assert "Mark Jones" in page
    assert "Ex-partner" in page
    assert "Tall, shaved head, scar on left hand" in page
    assert "Silver Ford Focus AB12 CDE" in page
    assert "07700 900123" in page
    assert "No notes name this person yet." in page


def test_a_person_needs_a_name_or_a_word_for_them(signed_in_client):
    response = signed_in_client.post(reverse("diary:person_new"), {"name": ""})

    assert response.status_code == 200
    assert "Enter their name, or a word you use for them" in visible_text(response)
    assert not Person.objects.exists()


def test_changing_a_person_keeps_the_change(signed_in_client, user):
    person = PersonFactory(owner=user, name="The man in the van")
    values = form_values(
        signed_in_client.get(_person_url("diary:person_edit", person)), containing="name"
    )
    assert values["name"] == ["The man in the van"]
    values["name"] = ["Dave Smith"]
    values["relationship"] = ["neighbour"]

    response = signed_in_client.post(_person_url("diary:person_edit", person), values)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.relationship) == ("Dave Smith", "neighbour")
    assert Person.objects.count() == 1


def test_the_list_shows_each_person_and_how_many_notes_name_them(signed_in_client, user):
    named = PersonFactory(owner=user, name="Mark Jones")
    PersonFactory(owner=user, name="Unknown caller", relationship="")
    make_incident(user, persons=[named])
    make_incident(user, persons=[named])
    PersonFactory(name="Someone else's person")

    page = visible_text(signed_in_client.get(PEOPLE))

    assert "Mark Jones Ex-partner. 2 notes" in page
    assert "Unknown caller 0 notes" in page
    assert "Someone else's person" not in page


def test_a_persons_page_lists_the_notes_that_name_them(signed_in_client, user):
    person = PersonFactory(owner=user, name="Mark Jones")
    make_incident(user, persons=[person], narrative="He followed me to the station.")
    deleted = make_incident(user, persons=[person], narrative="A note I deleted.")
    incident_delete(incident=deleted)
    make_incident(user, narrative="A note about someone else.")

    page = visible_text(signed_in_client.get(_person_url("diary:person", person)))

    assert "Notes about Mark Jones" in page
    assert "He followed me to the station." in page
    assert "A note I deleted." not in page
    assert "A note about someone else." not in page


def test_a_person_named_in_notes_cannot_be_removed_and_the_page_says_why(signed_in_client, user):
    person = PersonFactory(owner=user, name="Mark Jones")
    make_incident(user, persons=[person])

    page = visible_text(signed_in_client.get(_person_url("diary:person_delete", person)))

    assert "Mark Jones is named in 1 note" in page
    assert "a person they name cannot be removed" in page
    assert "Remove Mark Jones from your list?" not in page


def test_pressing_remove_for_a_person_named_in_notes_does_nothing(signed_in_client, user):
    person = PersonFactory(owner=user)
    incident = make_incident(user, persons=[person])

    response = signed_in_client.post(_person_url("diary:person_delete", person))

    assert response.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    assert list(incident.persons.all()) == [person]


def test_a_person_no_note_names_can_be_removed(signed_in_client, user):
    person = PersonFactory(owner=user, name="Wrong number")

    assert "Remove Wrong number from your list?" in visible_text(
        signed_in_client.get(_person_url("diary:person_delete", person))
    )
    response = signed_in_client.post(_person_url("diary:person_delete", person), follow=True)

    assert response.redirect_chain == [(PEOPLE, 302)]
    assert "The person has been removed from your list." in visible_text(response)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_person_is_only_on_their_owners_list(signed_in_client, user):
    mine = PersonFactory(owner=user, name="Mine")
    theirs = PersonFactory(owner=UserFactory(), name="Theirs")

    assert signed_in_client.get(_person_url("diary:person", mine)).status_code == 200
    assert signed_in_client.get(_person_url("diary:person", theirs)).status_code == 404


def test_html_in_a_persons_details_is_shown_as_text(signed_in_client, user):
    person = PersonFactory(
        owner=user, name='<script>alert("name")</script>', description="<b>bold</b>"
    )
    make_incident(user, persons=[person])

    for url in (
        PEOPLE,
        _person_url("diary:person", person),
        _person_url("diary:person_edit", person),
        _person_url("diary:person_delete", person),
        reverse("diary:incident_new"),
        reverse("diary:timeline"),
    ):
        html = signed_in_client.get(url).text
        assert '<script>alert("name")' not in html, url
        assert "<b>bold</b>" not in html, url
        assert "&lt;script&gt;alert(" in html, url
