"""Two-step setup: what the authenticator app will show on the phone, and a wrong code's words."""

import html
import re
from urllib.parse import unquote, urlsplit

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.security.operators import confirm_it_is_you


def _setup_page(db):
    user = UserFactory(email="jo.private@example.org")
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    confirm_it_is_you(client)
    return client, client.get(reverse("mfa_activate_totp"))


def test_the_app_entry_names_the_service_not_the_email_address(db):
    _client, page = _setup_page(db)

    link = html.unescape(re.search(r'href="(otpauth://[^"]+)"', page.content.decode()).group(1))
    label = unquote(urlsplit(link).path)

    assert "jo.private" not in label
    assert label.lstrip("/").startswith("Notes")


def test_a_wrong_code_is_explained_in_our_words(db):
    client, _page = _setup_page(db)

    page = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert "That code is not right." in page.content.decode()
