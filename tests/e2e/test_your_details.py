import re

from playwright.sync_api import expect

from tests.e2e.helpers import error_summary, sign_in_to_notes
from tests.factories import UserFactory


def test_your_details_says_what_to_fix_then_saves_valid_initials(page):
    user = UserFactory(full_name="", initials="")
    sign_in_to_notes(page, user.email)
    page.get_by_role("link", name="your name and initials").click()

    page.get_by_label("Your name").fill("Jane Smith")
    page.get_by_role("button", name="Save").click()

    expect(error_summary(page)).to_be_visible()
    expect(error_summary(page)).to_contain_text("Enter your initials, for example JS.")
    expect(page).to_have_title(re.compile(r"^Error: Your details"))
    error_summary(page).get_by_role("link", name="Enter your initials").click()
    expect(page.get_by_label("Your initials")).to_be_focused()

    page.get_by_label("Your initials").fill("j.s")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Your details have been saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Initials")).to_contain_text("JS")
    expect(page.locator(".govuk-summary-list__row", has_text="Name on your pack")).to_contain_text(
        "Jane Smith"
    )


def test_initials_that_are_not_letters_are_refused(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/account/details/")

    page.get_by_label("Your initials").fill("J5")
    page.get_by_role("button", name="Save").click()

    expect(error_summary(page)).to_contain_text("1 to 4 capital letters")
    expect(page.get_by_label("Your initials")).to_have_value("J5")
