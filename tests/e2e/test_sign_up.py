import re

from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.helpers import email_code

NEW_PASSWORD = "kettle orchard lantern"
WORDS_THAT_GIVE_THE_SERVICE_AWAY = ("diary", "evidence", "stalk", "police", "abuse")


def test_a_new_user_can_sign_up_and_reach_their_notes(page, mailoutbox):
    page.goto("/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()

    code_box = page.get_by_label("Code")
    expect(code_box).to_be_visible()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.org"]
    code_box.fill(email_code(message))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()
    expect(page).to_have_title("Your notes – Notes")


def start_signing_up(page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_label("Code")).to_be_visible()


def test_the_sign_up_email_does_not_say_what_the_service_is(page, mailoutbox):
    start_signing_up(page, "quiet.person@example.org")

    message = mailoutbox[0]
    seen_in_an_inbox = f"{message.from_email} {message.subject} {message.body}".lower()
    for word in WORDS_THAT_GIVE_THE_SERVICE_AWAY:
        assert word not in seen_in_an_inbox


def test_the_email_code_page_has_a_title_like_every_other_page(page):
    start_signing_up(page, "titled.person@example.org")

    expect(page).to_have_title(re.compile(r"^\S.* – Notes$"))


def test_a_wrong_email_code_is_refused_with_the_error_summary(page, mailoutbox):
    start_signing_up(page, "typo.person@example.org")

    page.get_by_label("Code").fill("WRONG1")
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("heading", name="Your notes")).to_have_count(0)


def test_a_mistyped_address_is_corrected_and_confirmed_with_the_new_code(page, mailoutbox):
    start_signing_up(page, "new.persn@example.org")
    expect(page.get_by_text("It works for 15 minutes")).to_be_visible()

    page.get_by_label("The right email address").fill("new.person@example.org")
    page.get_by_role("button", name="Send the code to this address").click()

    expect(page.get_by_text("We have sent a code to new.person@example.org.")).to_be_visible()
    assert mailoutbox[-1].to == ["new.person@example.org"]
    page.get_by_label("Code from the email").fill(email_code(mailoutbox[-1]))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()
    page.goto("/accounts/email/")
    expect(page.get_by_text("You sign in with new.person@example.org")).to_be_visible()


def test_a_new_code_can_be_sent_when_the_first_does_not_come(page, mailoutbox):
    start_signing_up(page, "slow.inbox@example.org")
    first = email_code(mailoutbox[-1])
    cache.clear()  # allauth sends one email to an address every 10 seconds at most

    page.get_by_role("button", name="Send a new code").click()

    expect(page.get_by_text("Email sent.")).to_be_visible()
    assert len(mailoutbox) == 2
    second = email_code(mailoutbox[-1])
    assert second != first
    page.get_by_label("Code from the email").fill(second)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()
