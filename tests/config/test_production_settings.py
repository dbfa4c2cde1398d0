"""Production refuses to start with unsafe settings; a safe set passes Django's deploy checks."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.encryption import new_kek_json
from config.signing import new_private_key_pem

GOOD = {
    "ENCRYPTION_KEYSET": new_kek_json(),
    "PACK_SIGNING_KEY": new_private_key_pem(),
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k3Jx9-Vq2mN8rT5wY1zA4bC7dE0fG6hI9jK2lM5nO8pQ1rS4tU7vW0xY3zA6bC9d",
    "DJANGO_ALLOWED_HOSTS": "notes.example.org",
    "DATABASE_URL": "postgres://app@db.example.org:5432/notes",
    "EMAIL_URL": "smtp://mail.example.org:587",
}


def _manage(*args, **overrides):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "S3_", "DATABASE_", "EMAIL_", "ENCRYPTION_", "PACK_SIGNING_")
        )
    }
    environment.update({key: value for key, value in {**GOOD, **overrides}.items() if value})
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_safe_production_settings_pass_the_deploy_checks_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be a random value"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY must be a random value"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + "x" * 50}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must name"),
        ({"EMAIL_URL": ""}, "EMAIL_URL must be set"),
        ({"ENCRYPTION_KEYSET": ""}, "ENCRYPTION_KEYSET or ENCRYPTION_KEYSET_FILE must be set"),
        ({"ENCRYPTION_KEYSET": '{"key": []}'}, "is not a Tink AEAD keyset in JSON"),
        (
            {"ENCRYPTION_KEYSET": "", "ENCRYPTION_KEYSET_FILE": "/nowhere/keyset.json"},
            "ENCRYPTION_KEYSET_FILE names a file that cannot be read",
        ),
        ({"ENCRYPTION_ENABLED": "false"}, "ENCRYPTION_ENABLED cannot be turned off"),
        ({"PACK_SIGNING_KEY": ""}, "PACK_SIGNING_KEY or PACK_SIGNING_KEY_FILE must be set"),
        ({"PACK_SIGNING_KEY": "not a key"}, "is not an unencrypted Ed25519 private key"),
        (
            {"PACK_SIGNING_KEY": "", "PACK_SIGNING_KEY_FILE": "/nowhere/signing.pem"},
            "PACK_SIGNING_KEY_FILE names a file that cannot be read",
        ),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(override, complaint):
    result = _manage("check", **override)

    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_cookies_use_host_only_secure_names():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "True"]


def test_production_reads_the_key_encryption_keyset_from_a_file(tmp_path):
    keyset_file = tmp_path / "keyset.json"
    keyset_file.write_text(new_kek_json())

    result = _manage("check", ENCRYPTION_KEYSET="", ENCRYPTION_KEYSET_FILE=str(keyset_file))

    assert result.returncode == 0, result.stderr


def test_production_reads_the_pack_signing_key_from_a_file(tmp_path):
    key_file = tmp_path / "signing.pem"
    made = _manage("make_signing_key", "--out", str(key_file))

    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from config.signing import current_key; print(current_key().fingerprint)",
        PACK_SIGNING_KEY="",
        PACK_SIGNING_KEY_FILE=str(key_file),
    )

    assert made.returncode == 0, made.stderr
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 64
