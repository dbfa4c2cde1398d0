from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.advice.helpers import advice_urls, parse_page
from tests.factories import UserFactory

# "Exit this page" signs out and leaves for another site on purpose; tests/accounts covers it.
NOT_FOLLOWED = {"/exit/"}


def _internal_links(client: Client) -> set[tuple[str, str]]:
    """(page, link) for every link on every advice page that stays on this site."""
    links = set()
    for url in advice_urls():
        for href in parse_page(client.get(url).text).all_links:
            if href.startswith("#"):
                links.add((url, url + href))
            elif href.startswith("/") and not href.startswith("//"):
                links.add((url, href))
    return links


def _assert_every_link_works(client: Client) -> None:
    links = _internal_links(client)
    assert len(links) > 50  # the sweep really found the pages' links
    pages_seen: dict[str, str] = {}
    for source, href in sorted(links):
        parts = urlsplit(href)
        if parts.path in NOT_FOLLOWED:
            continue
        address = parts._replace(fragment="").geturl()
        if address not in pages_seen:
            response = client.get(address, follow=True)
            assert response.status_code == 200, (source, href, response.status_code)
            pages_seen[address] = response.text
        if parts.fragment:
            assert parts.fragment in parse_page(pages_seen[address]).all_ids, (source, href)


def test_every_link_on_the_advice_pages_works_for_visitors(db):
    _assert_every_link_works(Client())


def test_every_link_on_the_advice_pages_works_when_signed_in(db):
    client = Client()
    client.force_login(UserFactory())

    _assert_every_link_works(client)


@pytest.mark.parametrize("url", advice_urls())
def test_no_advice_page_links_to_another_site(client, db, url):
    links = parse_page(client.get(url).text).all_links

    assert [href for href in links if href.startswith(("http:", "https:", "//"))] == []
