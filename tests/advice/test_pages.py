import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import dateformat

from advice.checklist import items_for_page
from advice.pages import PAGES, page_by_slug
from tests.advice.helpers import parse_page

PAGE_IDS = [page.slug for page in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_each_page_can_be_read_without_an_account(client, db, page):
    response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    assert (
        f'<h1 class="govuk-heading-l govuk-!-margin-bottom-2">{page.heading}</h1>' in response.text
    )


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_each_page_says_when_it_was_last_reviewed(client, db, page):
    html = client.get(page.get_absolute_url()).text

    assert f"Last reviewed {dateformat.format(page.last_reviewed, 'j F Y')}" in html


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_each_page_says_to_call_999_in_an_emergency_before_anything_else(client, db, page):
    html = client.get(page.get_absolute_url()).text
    main = html[html.index("<main") :]

    emergency = 'In an emergency, call <a class="govuk-link" href="tel:999">999</a>'
    assert emergency in main
    assert main.index(emergency) < main.index('aria-label="Contents"')


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_the_contents_list_leads_to_every_section_of_the_page(client, db, page):
    html = client.get(page.get_absolute_url()).text
    parsed = parse_page(html)
    start = html.index('aria-label="Contents"')
    contents = html[start : html.index("</nav>", start)]
    listed = re.findall(r'href="#([^"]+)"', contents)
    headed = re.findall(r'<h2 class="govuk-heading-m[^"]*" id="([^"]+)"', html)

    assert listed == headed, "the contents list and the page's sections differ"
    assert all(anchor in parsed.ids for anchor in listed)


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_pages_with_steps_end_with_them_and_pages_without_do_not(client, db, page):
    html = client.get(page.get_absolute_url()).text

    if items_for_page(page):
        assert 'id="steps"' in html
        for item in items_for_page(page):
            assert item.text in html
    else:
        assert 'id="steps"' not in html


def test_pages_lead_on_to_the_next_and_back_to_the_previous_in_reading_order(client, db):
    for position, page in enumerate(PAGES):
        html = client.get(page.get_absolute_url()).text
        previous_link = re.search(r'href="([^"]+)" rel="prev"', html)
        next_link = re.search(r'href="([^"]+)" rel="next"', html)

        if position == 0:
            assert previous_link is None
        else:
            assert previous_link.group(1) == PAGES[position - 1].get_absolute_url()
        if position == len(PAGES) - 1:
            assert next_link is None
        else:
            assert next_link.group(1) == PAGES[position + 1].get_absolute_url()


def test_the_unwanted_calls_page_is_found_from_the_advice_list(client, db):
    advice = client.get(reverse("advice:landing")).text

    assert f'href="{page_by_slug("unwanted-calls").get_absolute_url()}"' in advice


def test_an_address_that_is_not_an_advice_page_is_not_found(client, db):
    response = client.get("/advice/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_each_page_prints_without_the_sites_navigation(client, db, page):
    html = client.get(page.get_absolute_url()).text
    stylesheet = re.search(r'<link rel="stylesheet" href="/static/(css/advice[^"]*)">', html)

    assert stylesheet is not None
    rules = Path(finders.find(stylesheet.group(1))).read_text()
    print_rules = rules[rules.index("@media print") :]
    for hidden in (".govuk-service-navigation", ".govuk-footer", ".app-advice__pagination"):
        assert hidden in print_rules


def test_keeping_a_record_points_to_the_parts_of_the_site_that_keep_them(client, db):
    html = client.get(page_by_slug("keeping-a-record").get_absolute_url()).text

    assert f'href="{reverse("diary:incident_new")}">Add an incident</a>' in html
    assert f'href="{reverse("evidence:upload")}">Upload a photo</a>' in html
    assert f'href="{reverse("evidence:item_new")}">Log a parcel</a>' in html


def test_the_photos_page_says_we_take_location_out_of_copies_but_keep_the_original(client, db):
    html = client.get(page_by_slug("social-media-and-photos").get_absolute_url()).text

    assert "we keep your original file exactly as it is" in html
    assert "we take the location out of every copy" in html


def test_the_what_it_is_page_gives_the_four_signs_and_how_common_it_is(client, db):
    html = client.get(page_by_slug("what-it-is").get_absolute_url()).text

    for word in ("ixated", "bsessive", "nwanted", "epeated"):
        assert word in html
    assert "472,590" in html
    assert "not your fault" in html


def test_the_getting_help_page_explains_calling_999_without_speaking(client, db):
    html = client.get(page_by_slug("getting-help").get_absolute_url()).text

    assert "press 55" in html
    assert 'href="tel:18000">18000</a>' in html
    assert 'Call <a class="govuk-link" href="tel:101">101</a>' in html
    assert "crime reference number" in html


def test_the_safe_use_page_states_the_real_idle_sign_out_time(client, db, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=20)

    html = client.get(page_by_slug("using-this-site-safely").get_absolute_url()).text

    assert "after 20 minutes if you do nothing" in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert f'href="{reverse("usersessions_list")}"' in html
