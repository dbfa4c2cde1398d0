import pytest
from django.test import Client

from tests.advice.helpers import advice_urls


@pytest.mark.parametrize("url", advice_urls())
def test_a_visitors_own_browser_may_keep_advice_pages_for_a_few_minutes(db, url):
    response = Client().get(url)

    cache_control = response["Cache-Control"]
    # Never a shared cache: the page carries a CSP nonce that must not be reused for others.
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "max-age=300" in cache_control
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", advice_urls())
def test_pages_kept_for_visitors_carry_no_cookies_or_form_tokens(db, url):
    response = Client().get(url)

    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.text


@pytest.mark.parametrize("url", advice_urls())
def test_signed_in_advice_pages_are_never_stored(signed_in_client, url):
    cache_control = signed_in_client.get(url)["Cache-Control"]

    assert "no-store" in cache_control
    assert "private" in cache_control
    assert "public" not in cache_control


def test_a_missing_advice_page_is_not_kept(db):
    response = Client().get("/advice/no-such-page/")

    assert "max-age" not in response.get("Cache-Control", "")
