"""Finding 1: the admin's own sign-in skipped two-step sign-in and had no limit.

The admin is now off unless a deployment turns it on, signs in only through the app's own
sign-in pages, and opens only for staff whose session was signed in with an authenticator code.
"""

from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.security.operators import make_operator, sign_in_through_the_pages

ADMIN = "/admin/"
ADMIN_SIGN_IN = "/admin/login/"


def test_the_admin_is_not_there_unless_a_deployment_turns_it_on(client, db):
    assert client.get(ADMIN).status_code == 404
    assert client.get(ADMIN_SIGN_IN).status_code == 404


def test_a_password_posted_to_the_admin_sign_in_signs_no_one_in(client, admin_on):
    operator, _secret = make_operator()

    response = client.post(ADMIN_SIGN_IN, {"username": operator.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("home")).context["user"].is_anonymous
    assert client.get(ADMIN).status_code == 302


def test_twelve_wrong_passwords_at_the_admin_sign_in_are_never_checked(client, admin_on):
    operator, _secret = make_operator()

    for _ in range(12):
        client.post(ADMIN_SIGN_IN, {"username": operator.email, "password": "guess"})
    answer = client.post(ADMIN_SIGN_IN, {"username": operator.email, "password": PASSWORD})

    # Nothing posted there is taken as a sign-in: guesses must go through the limited pages.
    assert answer.url.startswith(reverse("account_login"))
    assert client.get(reverse("home")).context["user"].is_anonymous


def test_the_admin_sign_in_sends_you_to_the_apps_own_sign_in_page(client, admin_on):
    response = client.get(ADMIN, follow=True)

    final_address, _status = response.redirect_chain[-1]
    assert final_address.startswith(reverse("account_login"))
    assert "Sign in" in response.text


def test_a_staff_member_without_an_authenticator_app_is_refused(client, admin_on):
    operator, _ = make_operator(with_authenticator=False)
    sign_in_through_the_pages(client, operator)
    assert client.get(reverse("home")).context["user"] == operator

    response = client.get(ADMIN, follow=True)

    assert response.status_code == 403
    assert "authenticator app" in response.text


def test_a_staff_session_that_never_gave_a_code_is_refused(client, admin_on):
    operator, _secret = make_operator()
    client.force_login(operator)  # a session without the code, however it came about

    assert client.get(ADMIN, follow=True).status_code == 403


def test_a_staff_member_signed_in_with_their_code_opens_the_admin(client, admin_on):
    operator, secret = make_operator()

    sign_in_through_the_pages(client, operator, secret)

    assert client.get(ADMIN).status_code == 200


def test_someone_who_is_not_staff_is_refused(client, admin_on):
    person = UserFactory()
    sign_in_through_the_pages(client, person)

    assert client.get(ADMIN, follow=True).status_code == 403
