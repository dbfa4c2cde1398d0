"""The code page after sign-up: a new code, a corrected address, and nothing that tells whether
the address typed first already had an account."""

import re

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.allauth_words import visible_text
from tests.factories import UserFactory

PASSWORD = "quiet river lantern"
CODE_PAGE = reverse("account_email_verification_sent")


def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )


def _code(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def test_the_code_page_says_how_long_the_code_works_and_offers_ways_out(client, db):
    page = _sign_up(client, "new.person@example.org").text

    assert "It works for 15 minutes" in page
    assert "Send a new code" in page
    assert "The right email address" in page
    assert "expires shortly" not in page


def test_a_new_code_replaces_the_old_one(client, db):
    _sign_up(client, "new.person@example.org")
    first = _code(mail.outbox[-1])

    cache.clear()  # allauth allows one email to an address every 10 seconds
    response = client.post(CODE_PAGE, {"action": "resend"}, follow=True)

    assert "Email sent." in response.text
    assert len(mail.outbox) == 2
    second = _code(mail.outbox[-1])
    assert client.post(CODE_PAGE, {"code": first}).status_code == 200  # refused, page again
    client.post(CODE_PAGE, {"code": second})
    assert client.get(reverse("home")).context["user"].is_authenticated


def test_new_codes_stop_after_a_few(client, db):
    _sign_up(client, "new.person@example.org")
    for _ in range(3):
        cache.clear()
        client.post(CODE_PAGE, {"action": "resend"})
    cache.clear()

    page = client.post(CODE_PAGE, {"action": "resend"}, follow=True).text

    assert len(mail.outbox) == 4
    assert "Send a new code" not in page
    assert "as many new codes as we can" in page


def test_a_mistyped_address_can_be_corrected_and_confirmed(client, db):
    _sign_up(client, "new.persn@example.org")

    page = client.post(
        CODE_PAGE, {"action": "change", "email": "new.person@example.org"}, follow=True
    ).text

    assert "We have sent a code to new.person@example.org" in visible_text(page)
    assert mail.outbox[-1].to == ["new.person@example.org"]
    client.post(CODE_PAGE, {"code": _code(mail.outbox[-1])})
    user = User.objects.get(email="new.person@example.org")
    assert client.get(reverse("home")).context["user"] == user
    assert not User.objects.filter(email="new.persn@example.org").exists()
    assert user.check_password(PASSWORD)


def test_correcting_a_taken_address_works_the_same_and_tells_nothing(db):
    UserFactory(email="taken@example.org")
    fresh, taken = Client(), Client()
    fresh_page = visible_text(_sign_up(fresh, "free@example.org").text)
    taken_page = visible_text(_sign_up(taken, "taken@example.org").text)
    # The two pages differ only in the address they repeat back.
    assert fresh_page.replace("free@", "X@") == taken_page.replace("taken@", "X@")

    response = taken.post(CODE_PAGE, {"action": "change", "email": "mine@example.org"}, follow=True)

    assert "We have sent a code to mine@example.org" in visible_text(response.text)
    assert mail.outbox[-1].to == ["mine@example.org"]
    taken.post(CODE_PAGE, {"code": _code(mail.outbox[-1])})
    user = User.objects.get(email="mine@example.org")
    assert taken.get(reverse("home")).context["user"] == user
    # The password chosen at sign-up is the one the new account has.
    assert user.check_password(PASSWORD)


def test_correcting_to_another_taken_address_looks_like_any_other_correction(db):
    UserFactory(email="taken@example.org")
    client = Client()
    _sign_up(client, "new.persn@example.org")

    response = client.post(
        CODE_PAGE, {"action": "change", "email": "taken@example.org"}, follow=True
    )

    assert "We have sent a code to taken@example.org" in visible_text(response.text)
    # The owner of the address is told by email; the person at the keyboard learns nothing.
    assert mail.outbox[-1].to == ["taken@example.org"]
    assert "already have one" in mail.outbox[-1].body
    assert User.objects.get(email="taken@example.org").emailaddress_set.count() == 1


def test_the_address_cannot_be_changed_endlessly(client, db):
    _sign_up(client, "a0@example.org")
    for n in range(1, 4):
        client.post(CODE_PAGE, {"action": "change", "email": f"a{n}@example.org"})
    cache.clear()

    page = client.post(CODE_PAGE, {"action": "change", "email": "a9@example.org"}, follow=True).text

    assert "The right email address" not in page
    assert mail.outbox[-1].to == ["a3@example.org"]


def test_asking_again_within_seconds_asks_to_wait_instead_of_failing(client, db):
    _sign_up(client, "new.person@example.org")

    response = client.post(CODE_PAGE, {"action": "resend"}, follow=True)

    assert response.status_code == 200
    assert "Wait a minute, then try again" in response.text
    assert len(mail.outbox) == 1


def test_a_wrong_code_is_refused_in_plain_words(client, db):
    _sign_up(client, "new.person@example.org")

    page = client.post(CODE_PAGE, {"code": "AAAA-AAAA"}).text

    assert "That code is not right. Check the email and type the code again." in page


def test_confirming_the_first_address_is_not_news_of_a_changed_address(client, db):
    from accounts.models import Activity, ActivityKind

    _sign_up(client, "new.person@example.org")
    client.post(CODE_PAGE, {"code": _code(mail.outbox[-1])})

    user = User.objects.get(email="new.person@example.org")
    assert not Activity.objects.filter(owner=user, kind=ActivityKind.EMAIL_CHANGED).exists()
    assert "Email address changed" not in client.get(reverse("home")).text


def test_a_correction_that_is_not_an_address_is_explained(client, db):
    _sign_up(client, "new.persn@example.org")

    response = client.post(CODE_PAGE, {"action": "change", "email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address" in response.text
    assert 'class="govuk-error-summary"' in response.text


def test_a_new_code_costs_the_same_work_whether_or_not_the_address_was_taken(db):
    UserFactory(email="taken@example.org")
    fresh, taken = Client(), Client()
    _sign_up(fresh, "free@example.org")
    _sign_up(taken, "taken@example.org")
    cache.clear()
    sent_before = len(mail.outbox)

    fresh_page = fresh.post(CODE_PAGE, {"action": "resend"}, follow=True)
    taken_page = taken.post(CODE_PAGE, {"action": "resend"}, follow=True)

    # One email each: a code to the new address, a "you already have an account" to the owner.
    assert [m.to for m in mail.outbox[sent_before:]] == [
        ["free@example.org"],
        ["taken@example.org"],
    ]
    assert "already have one" in mail.outbox[-1].body
    assert visible_text(fresh_page.text).replace("free@", "X@") == visible_text(
        taken_page.text
    ).replace("taken@", "X@")
