"""A month of a realistic case, recorded on a phone: the diary's "done when" walked through."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in_to_notes
from tests.factories import UserFactory


def _add_note(
    page: Page,
    *,
    day: str,
    time: str | None,
    kinds: list[str],
    words: str,
    person: str | None = None,
    plate: str | None = None,
) -> None:
    page.goto("/notes/new/")
    page.get_by_label("Day").first.fill(day)
    page.get_by_label("Month").first.fill("11")
    page.get_by_label("Year").first.fill("2026")
    if time:
        page.get_by_label("Time", exact=True).fill(time)
    else:
        page.get_by_label("I do not know the exact time").check()
    for kind in kinds:
        page.get_by_label(kind, exact=True).check()
    page.get_by_label("Describe what happened, in your own words").fill(words)
    if person:
        page.get_by_label(person, exact=True).check()
    if plate:
        # The vehicle's questions appear once she says there was one.
        page.get_by_label("They had a car or other vehicle").check()
        page.get_by_label("Number plate").fill(plate)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your note has been saved.")).to_be_visible()


def test_a_month_of_a_case_can_be_recorded_amended_and_checked_on_a_phone(axe_page):
    page = axe_page
    user = UserFactory()
    sign_in_to_notes(page, user.email)

    page.goto("/people/new/")
    page.get_by_label("Their name, or what you call them").fill("Mark")
    page.get_by_label("Ex-partner").check()
    page.get_by_label("Vehicles they use").fill("Silver Ford Focus, AB12 CDE")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Mark", level=1)).to_be_visible()
    assert_accessible(page)

    _add_note(
        page,
        day="2",
        time=None,
        kinds=["Letter"],
        words="A letter pushed through the door, no stamp. Kept it in a clean bag.",
        person="Mark",
    )
    _add_note(
        page,
        day="5",
        time="11:40pm",
        kinds=["Call from a withheld number"],
        words="Three calls from a withheld number between 11:40pm and midnight.",
    )
    _add_note(
        page,
        day="9",
        time="7:15am",
        kinds=["Waiting or hanging around near your home or work"],
        words="His car parked opposite the house for an hour.",
        person="Mark",
        plate="ab12 cde",
    )
    assert_accessible(page)
    expect(page.get_by_text("Silver")).to_have_count(0)
    expect(page.get_by_text("registration AB12 CDE")).to_be_visible()

    page.get_by_role("button", name="Change this note").click()
    page.get_by_label("Where did it happen?").fill("Outside my home")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Edited 1 time")).to_be_visible()
    page.get_by_role("link", name="see history").click()
    expect(page.get_by_role("heading", name="History of this note")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Outside my home")
    assert_accessible(page)

    page.goto("/notes/")
    expect(page.locator(".app-timeline__item")).to_have_count(3)
    assert_accessible(page)
    first = page.locator(".app-timeline__item").first
    expect(first).to_contain_text("Monday 9 November 2026 at 7:15am")
    expect(first).to_contain_text("Edited")

    first.get_by_role("link").click()
    page.get_by_role("link", name="Delete this note").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete note").click()
    expect(page.locator(".app-timeline__item")).to_have_count(2)
    page.get_by_role("link", name="Deleted notes").click()
    page.get_by_role("button", name=re.compile("Put back")).click()
    expect(page.get_by_text("The note is back in your diary.")).to_be_visible()

    page.goto("/contacts/new/")
    page.get_by_label("Day").fill("10")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Police force or organisation").fill("Northshire Police")
    page.get_by_label("Name of the person you dealt with").fill("PC Jones")
    page.get_by_label("Their collar or staff number").fill("4471")
    page.get_by_label("Phone call").check()
    page.get_by_label("Crime or reference number").fill("NP-2026-1182")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("NP-2026-1182")).to_be_visible()
    assert_accessible(page)

    page.goto("/people/")
    page.get_by_role("link", name="Mark").click()
    expect(page.locator(".app-timeline__item")).to_have_count(2)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
