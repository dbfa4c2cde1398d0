import pytest
from django.test import Client
from django.urls import reverse

from advice.pages import PAGES
from tests.advice.helpers import FORBIDDEN_WORDS, advice_urls, page_title
from tests.factories import UserFactory


def _clients():
    signed_in = Client()
    signed_in.force_login(UserFactory())
    return [Client(), signed_in]


@pytest.mark.parametrize("url", advice_urls())
def test_advice_page_titles_never_say_what_the_site_is_about(db, url):
    for client in _clients():
        title = page_title(client.get(url).text)

        assert title.endswith(" – Notes"), title
        for word in FORBIDDEN_WORDS:
            assert word not in title.lower(), title


def test_advice_addresses_never_say_what_the_site_is_about():
    addresses = advice_urls() + [reverse("advice:checklist_mark")]

    for address in addresses:
        for word in FORBIDDEN_WORDS:
            assert word not in address.lower(), address


def test_each_page_title_is_its_own_neutral_title():
    assert len({page.title for page in PAGES}) == len(PAGES)
    for page in PAGES:
        for word in FORBIDDEN_WORDS:
            assert word not in page.title.lower(), page.title
            assert word not in page.slug, page.slug
