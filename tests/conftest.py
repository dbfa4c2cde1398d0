import pytest

from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from config.encryption import forget_keys

    # Unwrapped keys are kept by user id, and a rolled-back test may reuse an id.
    forget_keys()
    # Hashing a password at full strength takes ~0.3 s; tests check behaviour, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once in tests; the database worker is tested on its own.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp_path / "media"},
            },
        }


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client


def _reload_urls() -> None:
    import importlib

    from django.conf import settings as django_settings
    from django.urls import clear_url_caches

    clear_url_caches()
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))


@pytest.fixture
def admin_on(settings, db):
    """The operators' admin, which is off unless a deployment turns it on."""
    settings.ADMIN_ENABLED = True
    _reload_urls()
    yield
    settings.ADMIN_ENABLED = False
    _reload_urls()


@pytest.fixture
def operator_client(client, admin_on, db):
    """A staff member signed in with password and authenticator code, as the admin demands."""
    from tests.security.operators import make_operator, sign_in_through_the_pages

    operator, secret = make_operator()
    return sign_in_through_the_pages(client, operator, secret)
