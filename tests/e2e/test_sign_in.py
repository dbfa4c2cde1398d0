import re

from playwright.sync_api import expect

from tests.e2e.helpers import (
    error_summary,
    fill_in_sign_in_form,
    open_menu,
    sign_in,
    sign_in_to_notes,
)

WRONG_PASSWORD = "not the right password"


def test_a_user_can_sign_in_with_the_right_password(page, user):
    sign_in_to_notes(page, user.email)
    expect(page).to_have_title("Your notes – Notes")
    expect(open_menu(page).get_by_role("button", name="Sign out")).to_be_visible()


def test_the_signed_in_message_does_not_show_an_internal_number(page, user):
    sign_in_to_notes(page, user.email)
    expect(page.get_by_text(re.compile(r"User \d+"))).to_have_count(0)


def test_a_wrong_password_and_an_unknown_email_get_the_same_error(page, user):
    sign_in(page, user.email, WRONG_PASSWORD)
    expect(error_summary(page)).to_be_visible()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    wrong_password_error = error_summary(page).inner_text()

    sign_in(page, "nobody.here@example.org", WRONG_PASSWORD)
    expect(error_summary(page)).to_be_visible()
    assert error_summary(page).inner_text() == wrong_password_error
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)


def test_the_error_summary_takes_focus_so_it_is_read_out(page, user):
    sign_in(page, user.email, WRONG_PASSWORD)
    expect(error_summary(page)).to_be_focused()


def test_repeated_wrong_passwords_ask_for_a_wait_of_seconds_then_let_her_in(page, user):
    wait = None
    for _ in range(8):
        sign_in(page, user.email, WRONG_PASSWORD)
        found = re.search(r"Wait (\d+) seconds?", error_summary(page).inner_text())
        if found:
            wait = int(found.group(1))
            break
    assert wait is not None and wait <= 30

    page.wait_for_timeout((wait + 0.5) * 1000)
    sign_in(page, user.email)

    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()


def test_an_expired_form_shows_a_friendly_page_not_djangos(page, context, user):
    page.goto("/accounts/login/")
    context.clear_cookies()  # as if the CSRF cookie had gone
    fill_in_sign_in_form(page, user.email)

    expect(page.get_by_role("heading", name="This page has expired", level=1)).to_be_visible()
    expect(page).to_have_title("This page has expired – Notes")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    expect(page.get_by_text("CSRF")).to_have_count(0)


def test_signing_in_keeps_the_page_the_person_asked_for(page, user):
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/$"))
    fill_in_sign_in_form(page, user.email)
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
