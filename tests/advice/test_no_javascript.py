import pytest
from django.test import Client

from tests.advice.helpers import advice_urls, parse_page
from tests.factories import UserFactory


def _main_tags(client, url):
    return parse_page(client.get(url).text).tags


@pytest.mark.parametrize("url", advice_urls())
def test_everything_on_an_advice_page_shows_without_javascript(db, url):
    signed_in = Client()
    signed_in.force_login(UserFactory())
    for client in (Client(), signed_in):
        for tag, attributes in _main_tags(client, url):
            assert tag not in {"script", "noscript", "template", "dialog"}, (url, tag)
            assert "hidden" not in attributes, (url, tag, attributes)
            assert "data-module" not in attributes, (url, tag, attributes)
            assert "govuk-js-" not in attributes.get("class", ""), (url, tag, attributes)
            assert not (tag == "button" and attributes.get("type") == "button"), (url, attributes)


def test_the_checklist_buttons_are_plain_forms_that_post(signed_in_client):
    from django.urls import reverse

    tags = _main_tags(signed_in_client, reverse("advice:checklist"))

    forms = [attributes for tag, attributes in tags if tag == "form"]
    buttons = [attributes for tag, attributes in tags if tag == "button"]
    assert len(forms) == 18
    assert all(form["method"] == "post" for form in forms)
    assert all(form["action"] == reverse("advice:checklist_mark") for form in forms)
    assert len(buttons) == 18
    assert all(button["type"] == "submit" for button in buttons)
