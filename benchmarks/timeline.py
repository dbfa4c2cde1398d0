"""Timeline speed: one user with 5,000 notes over three years; the first page and page 200.

Run with `make bench` (or `.venv/bin/python benchmarks/timeline.py`). Uses a throw-away SQLite
file unless DATABASE_URL names another database. Prints queries and median time per page.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="bench-timeline-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

INCIDENTS = 5_000
DEPTH = 200
RUNS = 15


def seed(user):
    from zoneinfo import ZoneInfo

    from diary.models import Incident, IncidentKind, Kind, Person

    rng = random.Random(7)  # noqa: S311 - repeatable test data, not security
    people = Person.objects.bulk_create(
        [Person(owner=user, name=name) for name in ("Mark", "Unknown man", "Car owner")]
    )
    kinds = [choice for choice, _ in Kind.choices]
    start = datetime.now(tz=ZoneInfo("Europe/London")).date() - timedelta(days=3 * 365)
    london = ZoneInfo("Europe/London")
    incidents = []
    for n in range(INCIDENTS):
        day = start + timedelta(days=rng.randrange(3 * 365))
        at = datetime(
            day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=london
        )
        incidents.append(
            Incident(
                owner=user,
                occurred_on=day,
                occurred_time=at.time(),
                occurred_at=at,
                timeline_position=at,
                kinds=sorted(rng.sample(kinds, 2)),
                narrative=f"Note {n}: a letter was left at the door.\nMore detail follows.",
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=500)
    IncidentKind.objects.bulk_create(
        [IncidentKind(incident=i, kind=k) for i in incidents for k in i.kinds], batch_size=1000
    )
    through = Incident.persons.through
    through.objects.bulk_create(
        [through(incident_id=i.pk, person_id=rng.choice(people).pk) for i in incidents],
        batch_size=1000,
    )


def measure(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    own = [q for q in captured.captured_queries if "diary_" in q["sql"]]
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - began)
    return len(own), statistics.median(timings)


def main():
    from accounts.models import User
    from config.keyset import encode_cursor
    from diary.models import Incident
    from diary.selectors import TIMELINE_PAGE_SIZE

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    user = User.objects.create_user("bench@example.org", "bench password 123")
    began = time.perf_counter()
    seed(user)
    seeded = time.perf_counter() - began
    client = Client()
    client.force_login(user)
    timeline = reverse("diary:timeline")
    ordered = Incident.objects.owned_by(user).order_by("-timeline_position", "-id")
    last_of_previous = ordered[(DEPTH - 1) * TIMELINE_PAGE_SIZE - 1]
    deep = (
        f"{timeline}?after={encode_cursor(last_of_previous.timeline_position, last_of_previous.pk)}"
    )

    for url in (timeline, deep):  # warm both before timing either
        client.get(url)
    first_queries, first_time = measure(client, timeline)
    deep_queries, deep_time = measure(client, deep)
    print(
        f"Timeline benchmark on {connection.vendor}: {INCIDENTS:,} notes over 3 years "
        f"(seeded in {seeded:.1f} s), median of {RUNS} requests"
    )
    print(f"  first page:  {first_queries} queries, {first_time * 1000:.1f} ms")
    print(
        f"  page {DEPTH}:    {deep_queries} queries, {deep_time * 1000:.1f} ms "
        f"({deep_time / first_time:.2f}x the first page)"
    )


if __name__ == "__main__":
    main()
