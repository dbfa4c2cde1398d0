from django.test import Client
from django.urls import reverse


def test_exit_signs_out_and_sends_the_browser_somewhere_ordinary(signed_in_client, settings):
    response = signed_in_client.get(reverse("exit"))

    assert response.status_code == 302
    assert response.url == settings.EXIT_URL
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert signed_in_client.get(reverse("home")).context["user"].is_anonymous


def test_exit_forgets_everything_the_session_held(signed_in_client):
    session = signed_in_client.session
    session["anything"] = "kept"
    session.save()

    signed_in_client.get(reverse("exit"))

    assert "anything" not in signed_in_client.session


def test_exit_works_for_someone_who_is_not_signed_in(client, db, settings):
    response = client.get(reverse("exit"))

    assert response.status_code == 302
    assert response.url == settings.EXIT_URL


def test_every_page_has_the_exit_this_page_control(signed_in_client):
    client = Client()
    for page_client, url in [
        (client, reverse("home")),
        (client, reverse("account_login")),
        (client, reverse("advice:landing")),
        (signed_in_client, reverse("home")),
        (signed_in_client, reverse("your_account")),
        (signed_in_client, "/no-such-page/"),
    ]:
        text = page_client.get(url).text
        assert 'data-module="govuk-exit-this-page"' in text, url
        assert f'href="{reverse("exit")}"' in text, url
