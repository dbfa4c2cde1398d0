"""Every allauth page the site uses, and every account email, in our own words.

The phrases come from allauth's installed templates at test time (tests/accounts/allauth_words.py),
so a page we forgot to rewrite, or a template a new allauth version adds, fails here."""

import re
from pprint import pformat

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client
from django.urls import get_resolver, reverse

from tests.accounts.allauth_words import allauth_phrases, allauth_words_in, visible_text
from tests.factories import PASSWORD, UserFactory
from tests.security.operators import confirm_it_is_you, current_code

NEW_PASSWORD = "quiet river lantern"
SIGN_UP = {"email": "new.person@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


class Tour:
    """Opens pages as a person would and keeps what each one showed."""

    def __init__(self, client: Client):
        self.client = client
        self.seen: dict[str, str] = {}
        self.paths: set[str] = set()

    def _keep(self, name, response):
        assert response.status_code == 200, f"{name}: status {response.status_code}"
        self.paths.add(response.request["PATH_INFO"])
        if response.get("Content-Type", "").startswith("text/html"):
            self.seen[name] = visible_text(response.text)
        else:
            self.seen[name] = response.content.decode()
        return response

    def get(self, name, url):
        return self._keep(name, self.client.get(url, follow=True))

    def post(self, name, url, data=None):
        return self._keep(name, self.client.post(url, data or {}, follow=True))

    def problems(self) -> dict[str, list[str]]:
        found = {name: allauth_words_in(text) for name, text in self.seen.items()}
        return {name: words for name, words in found.items() if words}


def _email_problems() -> dict[str, list[str]]:
    found = {
        f"email {n} '{m.subject}'": allauth_words_in(f"{m.subject}\n{m.body}")
        for n, m in enumerate(mail.outbox)
    }
    return {name: words for name, words in found.items() if words}


def _code_in(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def test_the_phrase_list_is_read_from_allauth_itself():
    # The list must catch the wording the issue found, or the audit proves nothing.
    phrases = allauth_phrases()
    assert len(phrases) > 100
    for words in ("Two-Factor Authentication", "Sign In", "Recovery Codes", "Generate new codes"):
        assert words in phrases
    assert allauth_words_in("Please press Sign In now") == ["Sign In"]
    assert allauth_words_in("Sign in now") == []


def signed_out_tour() -> list[Tour]:
    UserFactory(email="taken@example.org")
    tour = Tour(Client())
    tour.get("sign in", reverse("account_login"))
    tour.post("sign in with errors", reverse("account_login"))
    tour.post(
        "sign in, wrong password",
        reverse("account_login"),
        {"login": "x@example.org", "password": "nope"},
    )
    tour.get("sign up", reverse("account_signup"))
    tour.post("sign up with errors", reverse("account_signup"))
    tour.get("password reset", reverse("account_reset_password"))
    tour.post("password reset with errors", reverse("account_reset_password"))
    tour.post(
        "password reset sent", reverse("account_reset_password"), {"email": "taken@example.org"}
    )
    tour.post(
        "password reset, unknown",
        reverse("account_reset_password"),
        {"email": "nobody@example.org"},
    )
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    tour.get("new password", link)
    tour.post("new password with errors", tour.client.get(link, follow=True).request["PATH_INFO"])
    tour.get("reset link used", link.replace("-", "-x", 1))
    tour.get("account inactive", reverse("account_inactive"))

    tour.post("email code", reverse("account_signup"), SIGN_UP)
    tour.post(
        "email code, wrong", reverse("account_email_verification_sent"), {"code": "AAAA-AAAA"}
    )
    tour.post("email code, empty", reverse("account_email_verification_sent"))
    tour.post(
        "email code, correction with errors",
        reverse("account_email_verification_sent"),
        {"action": "change", "email": "not an address"},
    )
    other = Tour(Client())
    other.post(
        "email code, taken address",
        reverse("account_signup"),
        {**SIGN_UP, "email": "taken@example.org"},
    )
    code = _code_in(mail.outbox[-2])
    tour.post("signed up", reverse("account_email_verification_sent"), {"code": code})
    tour.get("sign out", reverse("account_logout"))
    tour.post("signed out", reverse("account_logout"))

    reset = Tour(Client())
    reset.post(
        "password reset again", reverse("account_reset_password"), {"email": "taken@example.org"}
    )
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    form_path = reset.client.get(link, follow=True).request["PATH_INFO"]
    reset.post(
        "new password saved", form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    return [tour, other, reset]


def test_signed_out_pages_and_their_emails_use_our_words(db):
    for tour in signed_out_tour():
        assert not (found := tour.problems()), pformat(found)
    assert len(mail.outbox) >= 5
    assert not (found := _email_problems()), pformat(found)


def signed_in_tour() -> list[Tour]:
    user = UserFactory()
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    tour = Tour(client)
    tour.get("confirm it is you", reverse("mfa_activate_totp"))
    tour.post("confirm it is you, wrong", reverse("account_reauthenticate"), {"password": "nope"})
    confirm_it_is_you(client)
    tour.get("email address", reverse("account_email"))
    tour.post(
        "email address with errors", reverse("account_email"), {"action_add": "", "email": "nope"}
    )
    tour.get("change password", reverse("account_change_password"))
    tour.post("change password with errors", reverse("account_change_password"))
    tour.get("where you are signed in", reverse("usersessions_list"))
    tour.get("two-step sign-in, off", reverse("mfa_index"))
    tour.get("two-step setup", reverse("mfa_activate_totp"))
    tour.post("two-step setup with errors", reverse("mfa_activate_totp"), {"code": "000000"})
    secret = client.session["mfa.totp.secret"]
    tour.post("recovery codes shown", reverse("mfa_activate_totp"), {"code": current_code(secret)})
    tour.get("two-step sign-in, on", reverse("mfa_index"))
    tour.get("recovery codes", reverse("mfa_view_recovery_codes"))
    tour.get("new recovery codes", reverse("mfa_generate_recovery_codes"))
    tour.post("new recovery codes made", reverse("mfa_generate_recovery_codes"))
    tour.get("recovery codes file", reverse("mfa_download_recovery_codes"))
    tour.get("turn off two-step", reverse("mfa_deactivate_totp"))

    tour.post(
        "email change code",
        reverse("account_email"),
        {"action_add": "", "email": "changed@example.org"},
    )
    tour.post(
        "email change code, wrong",
        reverse("account_email_verification_sent"),
        {"code": "AAAA-AAAA"},
    )
    tour.post(
        "email changed",
        reverse("account_email_verification_sent"),
        {"code": _code_in(mail.outbox[-1])},
    )
    tour.get("email address, changed", reverse("account_email"))
    return [tour]


def test_signed_in_account_pages_use_our_words(db):
    for tour in signed_in_tour():
        assert not (found := tour.problems()), pformat(found)
    assert not (found := _email_problems()), pformat(found)


def two_step_tour() -> list[Tour]:
    user = UserFactory()
    TOTP.activate(user, secret := generate_totp_secret())
    tour = Tour(Client())
    tour.post(
        "enter your code", reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    tour.post("enter your code with errors", reverse("mfa_authenticate"), {"code": "000000"})
    tour.post("signed in with a code", reverse("mfa_authenticate"), {"code": current_code(secret)})
    tour.get("confirm with a code", reverse("mfa_reauthenticate"))
    tour.post("confirm with a code, wrong", reverse("mfa_reauthenticate"), {"code": "000000"})
    tour.get("turn off two-step", reverse("mfa_deactivate_totp"))
    return [tour]


def test_two_step_sign_in_pages_use_our_words(db):
    for tour in two_step_tour():
        assert not (found := tour.problems()), pformat(found)


# allauth pages this site never shows, and why.
NOT_SHOWN = {
    "account_confirm_login_code": "signing in by emailed code is off",
    "account_set_password": "every account has a password, so it goes to Change your password",
}


def test_the_tours_open_every_allauth_page_the_site_has(db):
    """So a page that a new allauth version adds cannot escape the audit."""
    allauth_urls = get_resolver("allauth.urls")
    shown = set()
    for tour in [*signed_out_tour(), *signed_in_tour(), *two_step_tour()]:
        for path in tour.paths:
            # Matched against allauth's own list: two of its addresses are served by our views.
            if path.startswith("/accounts/"):
                shown.add(allauth_urls.resolve(path.removeprefix("/accounts")).url_name)
    every_page = {name for name in allauth_urls.reverse_dict if isinstance(name, str)}

    assert every_page - shown - NOT_SHOWN.keys() == set()
    assert shown & NOT_SHOWN.keys() == set()


@pytest.mark.parametrize("page", ["account_login", "account_signup", "account_reset_password"])
def test_the_audit_would_notice_the_library_wording(client, db, page, settings):
    # Drawn with allauth's own templates, the same pages must fail the audit.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    text = visible_text(client.get(reverse(page)).text)
    assert allauth_words_in(text)
