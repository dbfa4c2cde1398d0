import pytest
from django.test import Client
from django.urls import reverse

from accounts.browsers import describe_browser

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
