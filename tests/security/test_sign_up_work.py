"""Finding 3: sign-up answered a taken address in ~7 ms and a new one in ~193 ms.

The difference was the password hash, done only for a new account. Timings on a shared 2-core
machine are too noisy to assert, so these tests assert the work instead: one hash and one email
on both paths (benchmarks/signup.py measures the time).
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.adapter import AccountAdapter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting-md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def _sign_up(email: str, monkeypatch) -> dict:
    sent = []
    real_send = AccountAdapter.send_mail

    def counting_send(adapter, template_prefix, email, context):
        sent.append(template_prefix)
        return real_send(adapter, template_prefix, email, context)

    monkeypatch.setattr(AccountAdapter, "send_mail", counting_send)
    CountingHasher.hashed = 0
    mail.outbox.clear()
    response = Client().post(
        reverse("account_signup"),
        {"email": email, "password1": "quiet river lantern", "password2": "quiet river lantern"},
    )
    return {
        "status": response.status_code,
        "next": response.headers.get("Location"),
        "hashes": CountingHasher.hashed,
        "emails": len(mail.outbox),
        "sent through the adapter": len(sent),
    }


def test_a_taken_and_a_new_address_cost_one_password_hash_each(settings, monkeypatch):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    UserFactory(email="taken@example.org")

    new = _sign_up("new@example.org", monkeypatch)
    taken = _sign_up("taken@example.org", monkeypatch)

    assert new["hashes"] == taken["hashes"] == 1


def test_a_taken_and_a_new_address_send_one_email_each_the_same_way(settings, monkeypatch):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    UserFactory(email="taken@example.org")

    new = _sign_up("new@example.org", monkeypatch)
    taken = _sign_up("taken@example.org", monkeypatch)

    assert new["emails"] == taken["emails"] == 1
    assert new["sent through the adapter"] == taken["sent through the adapter"] == 1
    assert (new["status"], new["next"]) == (taken["status"], taken["next"])
