from django.urls import reverse

from advice.pages import PAGES, page_by_slug

LANDING = reverse("advice:landing")


def test_the_advice_list_shows_every_page_in_reading_order(client, db):
    html = client.get(LANDING).text

    positions = [html.index(f'href="{page.get_absolute_url()}"') for page in PAGES]
    assert positions == sorted(positions)
    for page in PAGES:
        assert page.heading in html
        assert page.summary in html


def test_the_helpline_numbers_are_one_tap_from_the_advice_list(client, db):
    html = client.get(LANDING).text

    help_page = page_by_slug("getting-help").get_absolute_url()
    assert f'href="{help_page}#helplines">Helpline numbers</a>' in html


def test_the_advice_list_says_to_call_999_in_an_emergency(client, db):
    html = client.get(LANDING).text
    assert 'In an emergency, call <a class="govuk-link" href="tel:999">999</a>' in html


def test_the_advice_list_leads_to_the_safety_steps(client, db):
    html = client.get(LANDING).text

    assert f'href="{reverse("advice:checklist")}"' in html
    assert "Sign in to tick them off" in html


def test_signed_in_people_are_not_asked_to_sign_in(signed_in_client):
    html = signed_in_client.get(LANDING).text

    assert "Sign in to tick them off" not in html
    assert "Tick them off as you go" in html
