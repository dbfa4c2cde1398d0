import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SEEN_AT, STARTED_AT
from accounts.models import KeptText
from tests.factories import UserFactory

PROFILE = reverse("profile")
LOGIN = reverse("account_login")


def _age_session(client, *, idle_minutes=0, started_hours_ago=0):
    client.get(reverse("home"))  # the first signed-in request starts the clocks
    session = client.session
    now = time.time()
    session[SEEN_AT] = now - idle_minutes * 60
    session[STARTED_AT] = now - started_hours_ago * 3600
    session.save()


def _sign_in(client, user, password, url=LOGIN):
    return client.post(url, {"login": user.email, "password": password})


def test_fourteen_idle_minutes_keep_you_signed_in(signed_in_client):
    _age_session(signed_in_client, idle_minutes=14)

    assert signed_in_client.get(PROFILE).status_code == 200


def test_fifteen_idle_minutes_sign_you_out_with_a_plain_explanation(signed_in_client):
    _age_session(signed_in_client, idle_minutes=15)

    response = signed_in_client.get(PROFILE, follow=True)

    assert response.context["user"].is_anonymous
    assert (
        response.redirect_chain[0][0] == f"{reverse('account_login')}?next=%2Faccount%2Fdetails%2F"
    )
    assert "You were signed out because you had not done anything for a while" in response.text


def test_four_hours_sign_you_out_however_busy_you_are(signed_in_client):
    _age_session(signed_in_client, idle_minutes=0, started_hours_ago=4)

    response = signed_in_client.get(PROFILE)

    assert response.status_code == 302
    assert signed_in_client.get(reverse("home")).context["user"].is_anonymous


def test_asking_how_long_is_left_does_not_keep_the_session_alive(signed_in_client):
    _age_session(signed_in_client, idle_minutes=10)

    status = signed_in_client.get(reverse("session_status")).json()

    assert status["signed_in"] is True
    assert 4 * 60 <= status["seconds_left"] <= 5 * 60
    assert signed_in_client.session[SEEN_AT] < time.time() - 9 * 60


def test_stay_signed_in_starts_the_idle_clock_again(signed_in_client):
    _age_session(signed_in_client, idle_minutes=14)

    status = signed_in_client.post(reverse("session_keep_alive")).json()

    assert status["seconds_left"] >= 14 * 60
    _age_session_without_reset = signed_in_client.session[SEEN_AT]
    assert _age_session_without_reset > time.time() - 5


def test_what_you_typed_comes_back_after_signing_in_again(user, password):
    client = Client()
    _sign_in(client, user, password)
    _age_session(client, idle_minutes=20)

    timed_out = client.post(
        PROFILE, {"full_name": "Jo Bloggs", "initials": "JB", "timezone": "Europe/London"}
    )
    assert timed_out.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Jane Smith"  # nothing saved while signed out

    after = _sign_in(client, user, password, url=timed_out.url)
    assert after.url == PROFILE
    page = client.get(PROFILE)

    assert 'value="Jo Bloggs"' in page.text
    assert 'value="JB"' in page.text
    assert "We put back what you typed" in page.text
    assert not KeptText.objects.exists()  # given back once, then gone


def test_kept_text_is_only_given_back_to_the_same_person(user, password):
    client = Client()
    _sign_in(client, user, password)
    _age_session(client, idle_minutes=20)
    client.post(PROFILE, {"full_name": "Jo Bloggs", "initials": "JB", "timezone": "Europe/London"})

    someone_else = UserFactory()
    _sign_in(client, someone_else, password)
    page = client.get(PROFILE)

    assert "Jo Bloggs" not in page.text
    assert KeptText.objects.filter(owner=user).exists()


def test_kept_text_older_than_an_hour_is_not_given_back(user, password):
    client = Client()
    _sign_in(client, user, password)
    _age_session(client, idle_minutes=20)
    client.post(PROFILE, {"full_name": "Jo Bloggs", "initials": "JB", "timezone": "Europe/London"})
    KeptText.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    _sign_in(client, user, password)

    assert "Jo Bloggs" not in client.get(PROFILE).text


def test_passwords_are_never_kept(user, password):
    client = Client()
    _sign_in(client, user, password)
    _age_session(client, idle_minutes=20)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": "new secret words", "password2": "x"},
    )

    assert not KeptText.objects.exists()


@pytest.mark.parametrize(
    "token", ["", "forged-token-value-that-does-not-match-xxxxxxxxxxxxxxxxxxx"]
)
def test_a_post_without_a_valid_csrf_token_leaves_nothing_behind(user, password, token):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    _age_session(client, idle_minutes=20)

    client.post(PROFILE, {"full_name": "Planted", "initials": "PL", "csrfmiddlewaretoken": token})

    assert not KeptText.objects.exists()


def test_a_form_the_warning_sends_at_the_end_is_kept_even_if_our_clock_says_a_moment_left(
    user, password
):
    client = Client()
    _sign_in(client, user, password)
    _age_session(client, idle_minutes=14)  # a minute left by the server's clock

    response = client.post(
        PROFILE,
        {
            "full_name": "Jo Bloggs",
            "initials": "JB",
            "timezone": "Europe/London",
            "_session_timed_out": "1",
        },
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    user.refresh_from_db()
    assert user.full_name == "Jane Smith"  # not saved: the person did not press Save
    kept = KeptText.objects.get()
    assert kept.fields == {
        "full_name": ["Jo Bloggs"],
        "initials": ["JB"],
        "timezone": ["Europe/London"],
    }
