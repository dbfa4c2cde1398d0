import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, sign_in_to_notes
from tests.e2e.site_map import SIGNED_IN_PAGES, SIGNED_OUT_PAGES

SWEEP = [pytest.param(page, False, id=page.name) for page in SIGNED_OUT_PAGES] + [
    pytest.param(page, True, id=page.name) for page in SIGNED_IN_PAGES
]


@pytest.mark.parametrize(("site_page", "signed_in"), SWEEP)
def test_the_page_has_no_serious_accessibility_problems(
    site_page, signed_in, axe_page, user, request
):
    # Only a page that shows a record pays for making the tour's records.
    records = request.getfixturevalue("tour") if "{" in site_page.path else {}
    if signed_in:
        sign_in_to_notes(axe_page, user.email)
    axe_page.goto(site_page.url(records))
    if site_page.then is not None:
        site_page.then(axe_page)
    expect(axe_page.locator("h1")).to_have_text(site_page.heading)
    assert_accessible(axe_page)
