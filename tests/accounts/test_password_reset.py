from django.core import mail
from django.urls import reverse

RESET = reverse("account_reset_password")


def test_reset_looks_the_same_for_a_known_and_an_unknown_address(client, user):
    known = client.post(RESET, {"email": user.email})
    unknown = client.post(RESET, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # Each address is told by email what happened; the screen says nothing either way.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [user.email, "nobody@example.org"]
    )


def test_the_reset_email_is_neutral_and_carries_a_link(client, user):
    client.post(RESET, {"email": user.email})

    message = mail.outbox[0]
    assert message.subject == "Resetting your password"
    assert "/accounts/password/reset/key/" in message.body
    for word in ("stalk", "harass", "abuse", "evidence", "diary", "police"):
        assert word not in message.body.lower()


def test_the_reset_page_uses_plain_words(client, db):
    page = client.get(RESET).text

    assert "<title>Reset your password – Notes</title>" in page
    assert "Send the link" in page
