import re
import time

from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts.middleware import SEEN_AT
from advice.models import ChecklistTick
from advice.pages import page_by_slug
from tests.advice.factories import ChecklistTickFactory
from tests.factories import UserFactory

MARK = reverse("advice:checklist_mark")
CHECKLIST = reverse("advice:checklist")


def _mark(client, item, done, return_to="checklist"):
    return client.post(
        MARK, {"item": item, "done": "yes" if done else "no", "return_to": return_to}
    )


def test_marking_a_step_done_records_the_day_and_goes_back_to_that_step(signed_in_client, user):
    response = _mark(signed_in_client, "charged-phone", done=True)

    assert response.status_code == 302
    assert response.url == f"{CHECKLIST}#step-charged-phone"
    tick = ChecklistTick.objects.owned_by(user).get()
    assert tick.item_key == "charged-phone"
    assert tick.ticked_at.date() == timezone.now().date()
    html = signed_in_client.get(response.url).text
    assert f"Done on {dateformat.format(timezone.localdate(), 'j F Y')}." in html


def test_marking_a_step_not_done_takes_the_tick_away(signed_in_client, user):
    ChecklistTickFactory(owner=user, item_key="charged-phone")

    response = _mark(signed_in_client, "charged-phone", done=False)

    assert response.status_code == 302
    assert not ChecklistTick.objects.owned_by(user).exists()
    assert "Mark as not done" not in signed_in_client.get(CHECKLIST).text


def test_marking_a_step_done_twice_keeps_the_first_date(signed_in_client, user):
    first = ChecklistTickFactory(owner=user, item_key="voicemail")

    _mark(signed_in_client, "voicemail", done=True)

    assert ChecklistTick.objects.owned_by(user).get().ticked_at == first.ticked_at


def test_marking_a_step_from_an_advice_page_goes_back_to_that_page(signed_in_client):
    response = _mark(signed_in_client, "voicemail", done=True, return_to="unwanted-calls")

    page = page_by_slug("unwanted-calls").get_absolute_url()
    assert response.url == f"{page}#step-voicemail"
    assert "Mark as not done" in signed_in_client.get(page).text


def test_three_steps_ticked_show_on_the_home_page(signed_in_client):
    for item in ("charged-phone", "voicemail", "photo-location"):
        _mark(signed_in_client, item, done=True)

    html = signed_in_client.get(reverse("home")).text

    assert f'href="{CHECKLIST}">Safety steps: 3 of 18 done</a>' in html


def test_unticking_changes_only_your_own_tick(signed_in_client, user):
    someone_else = UserFactory()
    theirs = ChecklistTickFactory(owner=someone_else, item_key="charged-phone")

    _mark(signed_in_client, "charged-phone", done=False)

    assert ChecklistTick.objects.filter(pk=theirs.pk).exists()


def test_the_button_only_works_from_our_own_pages(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = _mark(client, "charged-phone", done=True)

    assert response.status_code == 403
    assert not ChecklistTick.objects.exists()


def test_the_buttons_on_the_page_work_with_the_forgery_check_on(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    html = client.get(CHECKLIST).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = client.post(
        MARK,
        {
            "csrfmiddlewaretoken": token,
            "item": "voicemail",
            "done": "yes",
            "return_to": "checklist",
        },
    )

    assert response.status_code == 302
    assert ChecklistTick.objects.owned_by(user).filter(item_key="voicemail").exists()


def test_visitors_who_are_not_signed_in_are_sent_to_sign_in_and_nothing_is_kept(client, db):
    response = _mark(client, "charged-phone", done=True)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not ChecklistTick.objects.exists()


def test_opening_the_buttons_address_shows_the_checklist_and_changes_nothing(signed_in_client):
    response = signed_in_client.get(MARK, {"item": "voicemail", "done": "yes"})

    assert response.status_code == 302
    assert response.url == CHECKLIST
    assert not ChecklistTick.objects.exists()


def test_a_press_after_the_session_ran_out_ends_on_the_checklist_after_signing_in_again(
    signed_in_client, user, password
):
    signed_in_client.get(CHECKLIST)
    session = signed_in_client.session
    session[SEEN_AT] = time.time() - 15 * 60
    session.save()

    response = _mark(signed_in_client, "voicemail", done=True)
    assert response.url.startswith(reverse("account_login"))
    response = signed_in_client.post(
        response.url, {"login": user.email, "password": password}, follow=True
    )

    assert response.redirect_chain[-1][0] == CHECKLIST
    assert "Safety steps" in response.text
    assert not ChecklistTick.objects.exists()


def test_a_step_that_does_not_exist_is_refused(signed_in_client):
    response = _mark(signed_in_client, "buy-a-boat", done=True)

    assert response.status_code == 400
    assert "there was a problem with that request" in response.text
    assert not ChecklistTick.objects.exists()


def test_it_will_not_send_you_to_another_site_afterwards(signed_in_client):
    response = _mark(signed_in_client, "voicemail", done=True, return_to="https://example.com/")

    assert response.status_code == 400
    assert not ChecklistTick.objects.exists()
