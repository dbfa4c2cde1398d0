from django.urls import reverse

PROFILE = reverse("profile")


def test_your_details_are_saved_tidied_up(signed_in_client, user):
    response = signed_in_client.post(
        PROFILE, {"full_name": "  Jo   Bloggs ", "initials": "j.b", "timezone": "Europe/Paris"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Jo Bloggs"
    assert user.initials == "JB"
    assert user.timezone == "Europe/Paris"


def test_initials_that_are_not_letters_are_refused_and_nothing_changes(signed_in_client, user):
    response = signed_in_client.post(
        PROFILE, {"full_name": "Jo Bloggs", "initials": "J7", "timezone": "Europe/London"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter your initials as 1 to 4 capital letters" in response.text
    assert response.context["form"]["full_name"].value() == "Jo Bloggs"  # what was typed stays
    user.refresh_from_db()
    assert user.initials == "JS"


def test_empty_details_say_what_to_enter(signed_in_client):
    response = signed_in_client.post(
        PROFILE, {"full_name": "", "initials": "", "timezone": "Europe/London"}
    )

    assert "Enter your name as you want it printed on the pack" in response.text
    assert "Enter your initials, for example JS" in response.text
    assert response.text.count("govuk-error-message") == 2
    assert "<title>Error: " in response.text


def test_the_details_page_needs_you_to_be_signed_in(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_home_page_asks_for_details_until_they_are_given(client, db):
    from tests.factories import UserFactory

    newcomer = UserFactory(full_name="", initials="")
    client.force_login(newcomer)
    assert "your name and initials" in client.get(reverse("home")).text

    client.post(PROFILE, {"full_name": "Jo Bloggs", "initials": "JB", "timezone": "Europe/London"})
    assert "your name and initials" not in client.get(reverse("home")).text
