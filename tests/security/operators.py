"""An operator (staff) account with an authenticator app, signed in the way the pages do it."""

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_operator(*, with_authenticator: bool = True):
    """A staff account; returns (user, TOTP secret or None)."""
    operator = UserFactory(is_staff=True, is_superuser=True)
    secret = None
    if with_authenticator:
        secret = generate_totp_secret()
        TOTP.activate(operator, secret)
    return operator, secret


def sign_in_through_the_pages(client, user, secret=None):
    """Password on the sign-in page, then the authenticator code if the account has one."""
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if secret is not None:
        client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    return client


def confirm_it_is_you(client, password: str = PASSWORD):
    """Answer "Confirm it is you" (the password again), as pages about the account ask."""
    client.post(reverse("account_reauthenticate"), {"password": password})
    return client
