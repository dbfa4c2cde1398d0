"""The advice section as a visitor and as a signed-in user would use it on a phone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from advice.pages import PAGES
from tests.e2e.helpers import sign_in_to_notes
from tests.factories import UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "advice"


def test_unwanted_calls_advice_is_two_taps_from_the_start(page):
    page.goto("/")
    page.get_by_role("link", name="Read advice").click()
    page.get_by_role("link", name="Unwanted calls").click()

    expect(page.get_by_role("heading", name="Unwanted calls", level=1)).to_be_visible()
    expect(page).to_have_title("Unwanted calls – Notes")


def test_helpline_numbers_are_one_tap_from_the_advice_list(page):
    page.goto("/advice/")
    page.get_by_role("link", name="Helpline numbers").click()

    expect(page.get_by_role("link", name=re.compile("0808 802 0300"))).to_be_visible()
    expect(page.get_by_text("999").first).to_be_visible()


def test_ticking_three_safety_steps_shows_on_the_home_page(page):
    user = UserFactory()
    sign_in_to_notes(page, user.email)
    page.goto("/advice/checklist/")

    for _ in range(3):
        page.get_by_role("button", name=re.compile("^Mark as done")).first.click()

    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Safety steps: 3 of"))).to_be_visible()


@pytest.mark.parametrize("advice_page", PAGES, ids=lambda p: p.slug)
def test_each_advice_page_fits_a_phone_screen(page, advice_page):
    page.goto(f"/advice/{advice_page.slug}/")

    expect(page.get_by_role("heading", name=advice_page.heading, level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{advice_page.slug}.png", full_page=True)
