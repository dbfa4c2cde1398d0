import re

from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

SIGN_UP = {
    "email": "new.person@example.org",
    "password1": "quiet river lantern",
    "password2": "quiet river lantern",
}


def test_the_sign_up_page_advises_a_private_email_address(client, db):
    response = client.get(reverse("account_signup"))
    assert "Use an email address that only you can read" in response.text


def test_signing_up_sends_a_code_in_a_neutral_email(client, db):
    response = client.post(reverse("account_signup"), SIGN_UP, follow=True)

    assert "code" in response.text.lower()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your code"
    assert message.from_email.startswith("Notes <")
    for word in ("stalk", "harass", "abuse", "evidence", "diary", "police"):
        assert word not in message.subject.lower()
        assert word not in message.body.lower()
    assert re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", message.body, re.MULTILINE)


def test_entering_the_emailed_code_signs_the_new_user_in(client, db):
    client.post(reverse("account_signup"), SIGN_UP)
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)

    response = client.post(reverse("account_email_verification_sent"), {"code": code}, follow=True)

    assert response.context["user"].is_authenticated
    assert "Your notes" in response.text


def test_signing_up_with_a_taken_address_looks_the_same_as_a_new_one(client, db):
    UserFactory(email="taken@example.org")
    fresh = client.post(reverse("account_signup"), SIGN_UP)
    client.cookies.clear()

    taken = client.post(reverse("account_signup"), {**SIGN_UP, "email": "taken@example.org"})

    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    # The owner of the address is told by email instead; the person at the keyboard learns nothing.
    assert mail.outbox[-1].to == ["taken@example.org"]


def test_a_short_password_is_refused_with_a_clear_message(client, db):
    response = client.post(
        reverse("account_signup"), {**SIGN_UP, "password1": "short", "password2": "short"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "at least 10 characters" in response.text
    assert response.context["user"].is_anonymous
