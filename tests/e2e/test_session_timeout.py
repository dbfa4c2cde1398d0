import time
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from playwright.sync_api import expect

from accounts.middleware import SEEN_AT
from tests.e2e.helpers import fill_in_sign_in_form, sign_in_to_notes


def let_the_session_run_out(context) -> None:
    """Move the session's last activity back past the idle limit, as 15 quiet minutes would."""
    (cookie,) = [c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 60
    session.save()


def test_what_was_typed_when_the_session_ran_out_comes_back_after_signing_in(page, context, user):
    sign_in_to_notes(page, user.email)
    page.goto("/account/details/")
    page.get_by_label("Your name").fill("Janet Q Smith")
    let_the_session_run_out(context)

    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_text("what you typed will be put back")).to_be_visible()
    fill_in_sign_in_form(page, user.email)
    expect(page.get_by_role("heading", name="Your details", level=1)).to_be_visible()
    expect(page.get_by_text("We put back what you typed")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Janet Q Smith")


def test_a_warning_offers_to_stay_signed_in_before_the_idle_limit(page, settings, user):
    # Two minutes' warning: with a limit just over that, the warning is due a second after load.
    settings.SESSION_IDLE_TIMEOUT = settings.SESSION_TIMEOUT_WARNING + timedelta(seconds=1)
    sign_in_to_notes(page, user.email)

    warning = page.get_by_role("dialog", name="You will be signed out soon")
    expect(warning).to_be_visible()
    with page.expect_response("**/session/keep-alive/") as keep_alive:
        warning.get_by_role("button", name="Stay signed in").click()

    assert keep_alive.value.ok
    assert keep_alive.value.json()["signed_in"] is True
    expect(warning).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()


def test_words_typed_but_not_sent_are_kept_when_the_warning_runs_out(page, settings, user):
    # A short limit so the warning's countdown ends within seconds of opening the form.
    settings.SESSION_TIMEOUT_WARNING = timedelta(seconds=3)
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=5)
    sign_in_to_notes(page, user.email)
    page.goto("/account/details/")
    page.get_by_label("Your name").fill("Never pressed Save")

    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible(timeout=15000)

    expect(page.get_by_text("what you typed will be put back")).to_be_visible()
    fill_in_sign_in_form(page, user.email)
    expect(page.get_by_label("Your name")).to_have_value("Never pressed Save")
