import re

from django.urls import reverse

LOGIN = reverse("account_login")


def test_the_right_password_signs_in_and_lands_on_your_notes(client, user, password):
    response = client.post(LOGIN, {"login": user.email, "password": password}, follow=True)

    assert response.context["user"] == user
    assert "Your notes" in response.text


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, user, password):
    wrong_password = client.post(LOGIN, {"login": user.email, "password": "not the password"})
    unknown_email = client.post(LOGIN, {"login": "nobody@example.org", "password": password})

    message = "The email address or password is not right"
    assert message in wrong_password.text
    assert message in unknown_email.text
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert "There is a problem" in wrong_password.text


def test_too_many_wrong_passwords_say_how_long_to_wait(client, user, password):
    for _ in range(5):
        client.post(LOGIN, {"login": user.email, "password": "not the password"})

    response = client.post(LOGIN, {"login": user.email, "password": password})

    assert re.search(
        r"too many attempts to sign in\. Wait \d+ seconds?, then try again", response.text
    )
    assert response.context["user"].is_anonymous


def test_the_sign_in_session_ends_when_the_browser_closes(client, user, password):
    response = client.post(LOGIN, {"login": user.email, "password": password})

    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_signing_out_needs_a_post(signed_in_client):
    signed_in_client.get(reverse("account_logout"))
    assert signed_in_client.get(reverse("home")).context["user"].is_authenticated

    signed_in_client.post(reverse("account_logout"))
    assert signed_in_client.get(reverse("home")).context["user"].is_anonymous
