"""Recent activity: one record of sign-ins, wrong passwords and changes, shown to the owner."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Activity, ActivityKind
from tests.factories import PASSWORD, UserFactory, make_incident
from tests.security.operators import make_operator, sign_in_through_the_pages

pytestmark = pytest.mark.django_db
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def kinds_of(user) -> list[str]:
    return list(Activity.objects.owned_by(user).order_by("at").values_list("kind", flat=True))


def test_a_sign_in_is_recorded_with_the_browser_in_plain_words(user):
    sign_in_through_the_pages(Client(HTTP_USER_AGENT=PHONE), user)

    recorded = Activity.objects.owned_by(user).get()
    assert recorded.kind == ActivityKind.SIGNED_IN
    assert recorded.browser == "Chrome on Android"


def test_wrong_passwords_on_the_account_are_recorded_and_never_emailed(user):
    stranger = Client(HTTP_USER_AGENT=LAPTOP)
    for _ in range(2):
        stranger.post(reverse("account_login"), {"login": user.email, "password": "guess"})
    stranger.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x"})

    assert kinds_of(user) == [ActivityKind.SIGN_IN_FAILED] * 2
    assert Activity.objects.count() == 2
    assert mail.outbox == []


def test_a_wrong_two_step_code_is_recorded():
    operator, _secret = make_operator()
    client = Client()
    client.post(reverse("account_login"), {"login": operator.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert ActivityKind.CODE_FAILED in kinds_of(operator)


def test_changing_the_password_is_recorded(signed_in_client, user):
    signed_in_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "new quiet river", "password2": "new quiet river"},
    )

    assert ActivityKind.PASSWORD_CHANGED in kinds_of(user)


def test_deleting_a_note_is_recorded(signed_in_client, user):
    note = make_incident(user)

    signed_in_client.post(reverse("diary:incident_delete", args=[note.pk]))

    assert kinds_of(user)[-1] == ActivityKind.NOTE_DELETED


def test_recent_activity_lists_it_newest_first_in_plain_words(user):
    her_phone = sign_in_through_the_pages(Client(HTTP_USER_AGENT=PHONE), user)
    Client(HTTP_USER_AGENT=LAPTOP).post(
        reverse("account_login"), {"login": user.email, "password": "guess"}
    )

    page = her_phone.get(reverse("activity")).text

    tried = page.index("Someone tried to sign in with a wrong password")
    assert tried < page.index("Signed in")
    assert "Firefox on Windows" in page and "Chrome on Android" in page


def test_the_home_page_tells_her_what_happened_elsewhere_since_she_last_looked(user):
    her_phone = sign_in_through_the_pages(Client(HTTP_USER_AGENT=PHONE), user)
    assert "Since you last looked" not in her_phone.get(reverse("home")).text  # her own

    sign_in_through_the_pages(Client(HTTP_USER_AGENT=LAPTOP), user)
    home = her_phone.get(reverse("home")).text
    assert "Since you last looked" in home and "Firefox on Windows" in home

    her_phone.get(reverse("activity"))
    assert "Since you last looked" not in her_phone.get(reverse("home")).text


def test_activity_is_kept_for_90_days(user):
    old = Activity.objects.create(owner=user, kind=ActivityKind.SIGNED_IN)
    Activity.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=91))
    recent = Activity.objects.create(owner=user, kind=ActivityKind.SIGNED_IN)

    call_command("housekeeping", verbosity=0)

    assert list(Activity.objects.values_list("pk", flat=True)) == [recent.pk]


def test_another_persons_activity_is_never_shown(signed_in_client, user):
    other = UserFactory()
    Client(HTTP_USER_AGENT=LAPTOP).post(
        reverse("account_login"), {"login": other.email, "password": "guess"}
    )

    assert "wrong password" not in signed_in_client.get(reverse("activity")).text
