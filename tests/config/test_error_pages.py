import pytest
from django.test import Client
from django.urls import include, path, reverse


def _broken_view(request):
    raise RuntimeError("secret detail that must not reach the page")


urlpatterns = [path("broken/", _broken_view), path("", include("config.urls"))]


def test_a_missing_page_is_a_calm_404_in_the_usual_shell(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Exit this page" in response.text
    assert "<title>Page not found – Notes</title>" in response.text


@pytest.mark.urls("tests.config.test_error_pages")
def test_a_server_error_shows_a_plain_page_without_details(db):
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.text
    assert "Exit this page" in response.text
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text


def test_a_form_posted_without_its_security_token_gets_a_friendly_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})

    assert response.status_code == 403
    assert "This page has expired" in response.text
    assert "Exit this page" in response.text
    assert "CSRF" not in response.text
