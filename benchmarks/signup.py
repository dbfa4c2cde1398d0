"""Sign-up timing: does answering a taken address take as long as answering a new one?

Run with `make bench` (or `.venv/bin/python benchmarks/signup.py`). Uses a throw-away SQLite file
and the real password hasher. Posts the sign-up form RUNS times for addresses that already have
an account and RUNS times for new ones, alternating, and prints the median time of each.
"""

import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="bench-signup-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EMAIL_URL", "memorymail://")
# Throw-away keys, so nothing is written into the repository's var/.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
if not (os.environ.get("ENCRYPTION_KEYSET") or os.environ.get("ENCRYPTION_KEYSET_FILE")):
    from config.encryption import new_kek_json

    os.environ["ENCRYPTION_KEYSET"] = new_kek_json()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 10
PASSWORD = "quiet river lantern"  # noqa: S105 - a benchmark's throw-away account


def post(email: str) -> tuple[float, int]:
    client = Client()
    client.get(reverse("account_signup"))
    started = time.perf_counter()
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    return time.perf_counter() - started, response.status_code


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.core.cache import cache

    from accounts.models import User

    for n in range(RUNS):
        User.objects.create_user(email=f"taken{n}@example.org", password=PASSWORD)
    post("warm-up@example.org")
    taken, new = [], []
    for n in range(RUNS):
        cache.clear()  # the sign-up rate limit is not what is being measured
        seconds, status = post(f"taken{n}@example.org")
        taken.append(seconds)
        assert status == 302, status
        seconds, status = post(f"new{n}@example.org")
        new.append(seconds)
        assert status == 302, status
    taken_ms = statistics.median(taken) * 1000
    new_ms = statistics.median(new) * 1000
    print(f"sign-up, address with an account: {taken_ms:6.1f} ms median of {RUNS}")
    print(f"sign-up, new address:             {new_ms:6.1f} ms median of {RUNS}")
    print(f"ratio new / taken: {new_ms / taken_ms:.2f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
