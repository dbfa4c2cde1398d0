"""Finding 2: the admin showed and could edit every user's two-step secret and IP address."""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin

from tests.factories import UserFactory
from tests.security.operators import make_operator

# Each model the admin may list, and why that is safe: nothing in it is a secret, a code, an
# address or anyone's words. A new registration fails this test until it is looked at.
MAY_BE_LISTED = {
    "accounts.user": "that an account exists, its email and dates; the password only as a hash",
    "auth.group": "staff permission groups",
    "diary.incident": "counts and dates only (CountsAndDatesAdmin)",
    "evidence.exhibit": "kinds, sizes and dates only (CountsAndDatesAdmin)",
    "advice.checklisttick": "when a step was ticked, never whose",
}


def test_the_admin_lists_no_model_that_holds_a_secret_a_code_or_an_address(admin_on):
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered - set(MAY_BE_LISTED) == set()


def test_two_step_secrets_cannot_be_opened_in_the_admin(operator_client):
    _other, _secret = make_operator()
    authenticator = Authenticator.objects.exclude(user__email__startswith="x").last()

    change = operator_client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    listing = operator_client.get("/admin/mfa/authenticator/")

    assert change.status_code == listing.status_code == 404


def test_sign_in_addresses_and_browsers_cannot_be_listed_in_the_admin(operator_client):
    UserFactory()

    assert operator_client.get("/admin/usersessions/usersession/").status_code == 404


def test_background_task_arguments_cannot_be_read_in_the_admin(operator_client):
    assert apps.is_installed("django_tasks_db")

    assert operator_client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 404
