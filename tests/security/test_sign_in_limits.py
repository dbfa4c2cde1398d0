"""Finding 4: anyone could lock the owner out, and one address's limit blocked a whole network.

Five wrong passwords for her address made even the right one answer "Wait 5 minutes", again and
again; ten failures from a shared address blocked everyone else on it. Now failures add a growing
delay capped at 30 seconds, a browser that signed in to the account before is exempt, and the
per-address limit is sized for a refuge's or a library's shared connection.
"""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("account_login")


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """Moves the wall clock forward for everything that reads time.time()."""

    class Clock:
        offset = 0.0

        def advance(self, seconds: float) -> None:
            self.offset += seconds

    clock = Clock()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + clock.offset)
    return clock


def browser(address: str = "203.0.113.7") -> Client:
    return Client(REMOTE_ADDR=address)


def attempt(client: Client, email: str, password: str = PASSWORD):
    return client.post(SIGN_IN, {"login": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).context["user"].is_authenticated


def problem(response) -> str:
    """What the sign-in page says went wrong, as the error summary lists it."""
    form = response.context["form"] if response.context else None
    return " ".join(form.non_field_errors()) if form is not None else ""


def seconds_to_wait(response) -> int | None:
    found = re.search(r"Wait (\d+) seconds?", problem(response))
    return int(found.group(1)) if found else None


def test_a_stranger_guessing_cannot_keep_the_owner_out_of_a_browser_she_used_before(clock):
    owner = UserFactory()
    her_phone = browser("198.51.100.20")
    attempt(her_phone, owner.email)
    her_phone.post(reverse("account_logout"))

    stranger = browser("203.0.113.66")
    for _ in range(25):
        attempt(stranger, owner.email, "guess")
        clock.advance(31)

    attempt(her_phone, owner.email)

    assert is_signed_in(her_phone)


def test_after_many_guesses_a_new_browser_waits_seconds_never_minutes(clock):
    owner = UserFactory()
    stranger = browser("203.0.113.66")
    for _ in range(25):
        attempt(stranger, owner.email, "guess")
        clock.advance(31)
    attempt(stranger, owner.email, "guess")
    her_new_phone = browser("198.51.100.20")

    refused = attempt(her_new_phone, owner.email)
    wait = seconds_to_wait(refused)
    assert "minute" not in problem(refused)
    assert wait is not None and 0 < wait <= 30
    clock.advance(wait + 1)
    attempt(her_new_phone, owner.email)

    assert is_signed_in(her_new_phone)


def test_the_delay_grows_with_each_wrong_password_up_to_thirty_seconds(clock):
    owner = UserFactory()
    someone = browser()
    waits = []
    for _ in range(9):
        attempt(someone, owner.email, "guess")  # a wrong password, checked
        at_once = attempt(someone, owner.email, "guess")  # straight after: how long to wait?
        wait = seconds_to_wait(at_once) or 0
        waits.append(wait)
        clock.advance(wait + 0.5)

    assert waits[0] == 0
    assert waits == sorted(waits)
    assert waits[-1] == 30


def test_someone_else_on_the_same_network_can_still_sign_in(clock):
    resident = UserFactory()
    refuge_wifi = "192.0.2.10"
    guesser = browser(refuge_wifi)
    for number in range(12):
        attempt(guesser, f"someone{number}@example.org", "guess")

    other_resident = browser(refuge_wifi)
    attempt(other_resident, resident.email)

    assert is_signed_in(other_resident)


def test_the_wait_never_says_whether_an_address_has_an_account(clock):
    owner = UserFactory()
    for email, address in ((owner.email, "203.0.113.1"), ("nobody@example.org", "203.0.113.2")):
        for _ in range(6):
            attempt(browser(address), email, "guess")

    real = attempt(browser("203.0.113.3"), owner.email, "guess")
    unknown = attempt(browser("203.0.113.4"), "nobody@example.org", "guess")

    assert seconds_to_wait(real) is not None
    assert problem(real) == problem(unknown)


def test_a_known_browser_that_keeps_guessing_loses_its_pass(clock):
    owner = UserFactory()
    her_phone = browser()
    attempt(her_phone, owner.email)
    her_phone.post(reverse("account_logout"))

    # Someone else picks up her phone and guesses.
    for _ in range(5):
        attempt(her_phone, owner.email, "guess")
    response = attempt(her_phone, owner.email, "guess")

    assert seconds_to_wait(response) is not None


def test_the_known_browser_cookie_names_no_one_and_lasts_ninety_days(settings):
    owner = UserFactory()
    her_phone = browser()

    response = attempt(her_phone, owner.email)

    cookie = response.cookies[settings.KNOWN_BROWSER_COOKIE_NAME]
    assert len(cookie.value) >= 40
    assert owner.email.split("@")[0] not in cookie.value and str(owner.pk) != cookie.value
    assert int(cookie["max-age"]) == 90 * 24 * 60 * 60
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_exit_this_page_clears_the_known_browser_cookie(settings):
    owner = UserFactory()
    her_phone = browser()
    attempt(her_phone, owner.email)

    response = her_phone.get(reverse("exit"))

    cookie = response.cookies[settings.KNOWN_BROWSER_COOKIE_NAME]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
