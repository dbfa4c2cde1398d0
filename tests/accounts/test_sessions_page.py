from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.browsers import describe_browser
from accounts.models import Activity, ActivityKind
from diary.templatetags.diary import server_time
from tests.factories import UserFactory

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:132.0) Gecko/20100101 Firefox/132.0"


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (IPHONE_SAFARI, "Safari on an iPhone"),
        (ANDROID_CHROME, "Chrome on Android"),
        (WINDOWS_EDGE, "Edge on Windows"),
        (MAC_FIREFOX, "Firefox on a Mac"),
        ("", "An unknown browser"),
        (None, "An unknown browser"),
    ],
)
def test_browsers_are_described_in_words_people_recognise(user_agent, words):
    assert describe_browser(user_agent) == words


def _sign_in(user, password, user_agent):
    client = Client(HTTP_USER_AGENT=user_agent)
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    return client


def test_the_page_lists_each_signed_in_device(user, password):
    phone = _sign_in(user, password, IPHONE_SAFARI)
    _sign_in(user, password, WINDOWS_EDGE)

    page = phone.get(reverse("usersessions_list")).text

    assert "Safari on an iPhone" in page
    assert "Edge on Windows" in page
    assert page.count("This device") == 1
    assert "Sign out everywhere else" in page


def test_signing_out_everywhere_else_keeps_only_this_device(user, password):
    phone = _sign_in(user, password, IPHONE_SAFARI)
    laptop = _sign_in(user, password, WINDOWS_EDGE)

    phone.post(reverse("usersessions_list"))

    assert phone.get(reverse("home")).context["user"].is_authenticated
    assert laptop.get(reverse("home")).context["user"].is_anonymous
    assert "You are not signed in anywhere else" in phone.get(reverse("usersessions_list")).text


def _laptop_sign_in(user) -> Activity:
    return Activity.objects.filter(owner=user, kind=ActivityKind.SIGNED_IN).latest("at")


def test_each_device_shows_when_it_was_last_used_not_when_it_signed_in(user, password):
    phone = _sign_in(user, password, IPHONE_SAFARI)
    laptop = _sign_in(user, password, WINDOWS_EDGE)
    signed_in = _laptop_sign_in(user)
    Activity.objects.filter(pk=signed_in.pk).update(at=timezone.now() - timedelta(hours=3))

    laptop.get(reverse("home"))
    laptop.get(reverse("home"))

    signed_in.refresh_from_db()
    assert signed_in.used_at > signed_in.at + timedelta(hours=2)
    page = phone.get(reverse("usersessions_list")).text
    assert server_time(signed_in.used_at) in page
    assert server_time(signed_in.at) not in page


def test_last_used_is_written_at_most_every_few_minutes(user, password):
    laptop = _sign_in(user, password, WINDOWS_EDGE)
    laptop.get(reverse("home"))
    laptop.get(reverse("home"))
    signed_in = _laptop_sign_in(user)
    earlier = timezone.now() - timedelta(minutes=1)
    Activity.objects.filter(pk=signed_in.pk).update(used_at=earlier)

    laptop.get(reverse("account_email"))

    signed_in.refresh_from_db()
    assert signed_in.used_at == earlier


def test_signing_out_one_device_leaves_the_others_signed_in(user, password):
    phone = _sign_in(user, password, IPHONE_SAFARI)
    laptop = _sign_in(user, password, WINDOWS_EDGE)
    tablet = _sign_in(user, password, MAC_FIREFOX)
    laptop_session = UserSession.objects.get(session_key=laptop.session.session_key)

    response = phone.post(reverse("usersessions_list"), {"session": laptop_session.pk}, follow=True)

    assert "Edge on Windows is signed out of your account" in response.text
    assert laptop.get(reverse("home")).context["user"].is_anonymous
    assert tablet.get(reverse("home")).context["user"].is_authenticated
    assert phone.get(reverse("home")).context["user"].is_authenticated


def test_one_person_cannot_sign_out_another_persons_device(user, password):
    someone_else = UserFactory()
    theirs = _sign_in(someone_else, password, WINDOWS_EDGE)
    phone = _sign_in(user, password, IPHONE_SAFARI)
    their_session = UserSession.objects.get(session_key=theirs.session.session_key)

    phone.post(reverse("usersessions_list"), {"session": their_session.pk})

    assert theirs.get(reverse("home")).context["user"].is_authenticated
