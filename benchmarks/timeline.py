"""Timeline speed, encryption at rest on and off: 5,000 notes over three years, pages of 25.

Run with `make bench` (or `.venv/bin/python benchmarks/timeline.py`). Uses a throw-away SQLite
file unless DATABASE_URL names another (empty) database.

Two users get the same 5,000 notes, people and places, written through the real models
(bulk_create calls each sealed field's pre_save): one with ENCRYPTION_ENABLED on, so the
database holds only sealed text for them, and one with it off, so it holds plain text. Both are
checked in the database's own rows before anything is timed. The first page and page 200 (keyset
cursor, no OFFSET) are then requested for each user with the setting as it was when they were
written, the two users taking turns request by request, and the median times are compared.

Target from the encryption issue: a timeline page of 25 notes at most 1.2x the time with
encryption on. A figure over target is reported, not a failure: the exit status is non-zero
only if something crashed.
"""

import os
import random
import secrets
import shutil
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
# Throw-away keys, so nothing is written into the repository's var/.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ["ENCRYPTION_ENABLED"] = "true"  # the "off" user is written and read with it off
if not (os.environ.get("ENCRYPTION_KEYSET") or os.environ.get("ENCRYPTION_KEYSET_FILE")):
    from config.encryption import new_kek_json

    os.environ["ENCRYPTION_KEYSET"] = new_kek_json()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils.html import escape  # noqa: E402
from sealed_reads import OpenedCounter  # noqa: E402 - benchmarks/sealed_reads.py, beside this

INCIDENTS = 5_000
DEPTH = 200
ROUNDS = 21  # requests per page and mode, the modes taking turns
TARGET_RATIO = 1.2
MODES = {"on": True, "off": False}  # ENCRYPTION_ENABLED for each user

PEOPLE = ["Mark Hollis", "Man in the grey van", "Dawn Hollis"]
PLACES = [
    "Outside my house, 4 Elm Close",
    "Northtown station, platform 2",
    "Bus stop on the High Street, opposite the Co-op",
    "Car park at work (Riverside Business Park)",
    "",
]
OPENINGS = [
    "A letter was pushed through the door some time before {at}. No stamp, so it was "
    "delivered by hand.",
    "My phone rang {count} times between {at} and midnight, every call from his number.",
    "His car was parked across the road from {at} with the engine running.",
    "He was waiting by the bus stop at {at} when I came out of the shop.",
    "{count} messages arrived from a new account starting at {at}.",
]
DETAILS = [
    "I was on my own in the house at the time.",
    "I checked the doorbell camera afterwards and it had recorded part of it.",
    "I took screenshots of everything before he could delete it.",
    "This is the third time this week that something like this has happened.",
    "The neighbour at number 12 saw the car too and said it had been there all morning.",
    "I did not reply, as the police officer advised last time.",
    "My hands were shaking so much I could not unlock the front door.",
    "I rang my sister and stayed on the phone with her until I was home.",
    "He has been told by the police not to contact me, but it has not stopped him.",
    "Afterwards I checked all the windows and doors twice before I could sit down.",
    "I changed my route home again, the second time this month.",
    "I wrote this down as soon as I got in so I would not forget the details.",
    "I felt frightened that he would come to the door next.",
]


def narrative(rng: random.Random, at: datetime) -> str:
    """A note of 300 to 1,500 characters, in one to three paragraphs, as people write them."""
    words = {"at": at.strftime("%-I.%M%p").lower(), "count": rng.randint(3, 17)}
    sentences = [rng.choice(OPENINGS).format(**words)]
    wanted = rng.choice([rng.randint(300, 600), rng.randint(600, 1000), rng.randint(1000, 1500)])
    while sum(len(s) + 1 for s in sentences) < wanted:
        sentences.append(rng.choice(DETAILS))
    size = max(1, len(sentences) // rng.choice([1, 1, 2, 3]))
    return "\n\n".join(" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size))


def seed(user) -> None:
    """The same notes for every user (the same random seed), through the real sealed fields."""
    from zoneinfo import ZoneInfo

    from diary.models import Incident, IncidentKind, Kind, Person

    rng = random.Random(7)  # noqa: S311 - repeatable test data, not security
    people = Person.objects.bulk_create([Person(owner=user, name=name) for name in PEOPLE])
    kinds = [choice for choice, _ in Kind.choices]
    london = ZoneInfo("Europe/London")
    start = datetime.now(tz=london).date() - timedelta(days=3 * 365)
    incidents = []
    for _ in range(INCIDENTS):
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
                location=rng.choice(PLACES),
                narrative=narrative(rng, at),
                police_told=rng.choice(["yes", "no", ""]),
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


def stored_text(user) -> list[str]:
    """Narratives, places and names exactly as the database holds them for this user (raw SQL,
    past the model fields)."""
    from accounts.models import User
    from diary.models import Incident, Person

    users = User._meta.db_table
    found = []
    for model, columns in ((Incident, ("narrative", "location")), (Person, ("name",))):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join('t.' + c for c in columns)} FROM {model._meta.db_table} t "  # noqa: S608 - our own table names
                f"JOIN {users} u ON u.id = t.owner_id WHERE u.email = %s",
                [user.email],
            )
            found += [value for row in cursor.fetchall() for value in row if value]
    return found


def check_stored(users: dict) -> str:
    """Assert the "on" user's free text is all sealed and the "off" user's all plain."""
    from config.encryption import is_sealed

    on, off = stored_text(users["on"]), stored_text(users["off"])
    assert len(on) == len(off) > INCIDENTS, "the two users do not hold the same notes"
    assert all(is_sealed(value) for value in on), "the 'on' user has text stored in plain"
    assert not any(is_sealed(value) for value in off), "the 'off' user has text stored sealed"
    assert not any("letter" in value or "phone" in value for value in on)
    return f"{len(on):,} values sealed for the 'on' user, {len(off):,} plain for the 'off' user"


def page_urls(user) -> tuple[str, str]:
    from config.keyset import encode_cursor
    from diary.models import Incident
    from diary.selectors import TIMELINE_PAGE_SIZE

    timeline = reverse("diary:timeline")
    ordered = Incident.objects.owned_by(user).order_by("-timeline_position", "-id")
    last_of_previous = ordered.only("timeline_position")[(DEPTH - 1) * TIMELINE_PAGE_SIZE - 1]
    cursor = encode_cursor(last_of_previous.timeline_position, last_of_previous.pk)
    return timeline, f"{timeline}?after={cursor}"


def main() -> int:
    from accounts.models import User
    from diary.models import Incident

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    users, clients, urls, seeded = {}, {}, {}, {}
    for mode, enabled in MODES.items():
        with override_settings(ENCRYPTION_ENABLED=enabled):
            users[mode] = User.objects.create_user(f"{mode}@example.org", "bench password 123")
            began = time.perf_counter()
            seed(users[mode])
            seeded[mode] = time.perf_counter() - began
        clients[mode] = Client()
        clients[mode].force_login(users[mode])
        urls[mode] = page_urls(users[mode])
    stored = check_stored(users)

    def get(mode: str, page: int):
        """The response, its wall time and the CPU time this process spent on it."""
        with override_settings(ENCRYPTION_ENABLED=MODES[mode]):
            began, cpu_began = time.perf_counter(), time.process_time()
            response = clients[mode].get(urls[mode][page])
            took, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        assert response.status_code == 200
        return response, took, cpu

    # Both users see the same notes, opened: the newest note's first line is on both first pages.
    newest = Incident.objects.owned_by(users["off"]).order_by("-timeline_position").first()
    for mode in MODES:
        for page in (0, 1):  # warm every page before timing any
            response, _, _ = get(mode, page)
            html = response.content.decode()
            assert "tink1:" not in html, "a sealed value reached the page"
            if page == 0:
                assert escape(newest.summary) in html, f"{mode}: not the notes"
    queries = {}
    for mode in MODES:
        for page in (0, 1):
            with CaptureQueriesContext(connection) as captured:
                get(mode, page)
            # The diary's own queries, as before encryption (a user's keys come from the cache).
            own = [q for q in captured.captured_queries if "diary_" in q["sql"]]
            queries[mode, page] = len(own)

    timings = {(mode, page): [] for mode in MODES for page in (0, 1)}
    cpu_times = {(mode, page): [] for mode in MODES for page in (0, 1)}
    for round_number in range(ROUNDS):
        order = list(MODES) if round_number % 2 == 0 else list(reversed(MODES))
        for mode in order:
            for page in (0, 1):
                _, took, cpu = get(mode, page)
                timings[mode, page].append(took)
                cpu_times[mode, page].append(cpu)
    median = {key: statistics.median(values) for key, values in timings.items()}
    cpu_median = {key: statistics.median(values) for key, values in cpu_times.items()}

    # Once more, untimed, counting what each page opens and the time spent opening it.
    opened = OpenedCounter()
    opening = {}
    for mode in MODES:
        for page in (0, 1):
            opened.reset()
            get(mode, page)
            opening[mode, page] = (opened.values, opened.seconds)
    assert opening["off", 0][0] == opening["off", 1][0] == 0, "the plain user opened something"

    print(
        f"Timeline benchmark on {connection.vendor}: {INCIDENTS:,} notes over 3 years for each "
        f"of two users (seeded in {seeded['on']:.1f} s sealed, {seeded['off']:.1f} s plain); "
        f"median of {ROUNDS} requests a page, the two taking turns"
    )
    print(f"  stored: {stored}")
    print("  page                     queries   encryption on      off    on/off   target")
    for page, label in ((0, "first page (25 notes)"), (1, f"page {DEPTH} (25 notes)")):
        on, off = median["on", page], median["off", page]
        ratio = on / off
        verdict = "PASS" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"  {label:<24} {queries['on', page]:>3} / {queries['off', page]:<3} "
            f"{on * 1000:>9.1f} ms {off * 1000:>7.1f} ms {ratio:>6.2f}x  <= {TARGET_RATIO}x  "
            f"{verdict}"
        )
        values, seconds = opening["on", page]
        print(
            f"    (CPU {cpu_median['on', page] * 1000:.1f} ms against "
            f"{cpu_median['off', page] * 1000:.1f} ms, "
            f"{cpu_median['on', page] / cpu_median['off', page]:.2f}x; the sealed page opens "
            f"{values} values in {seconds * 1000:.2f} ms)"
        )
    print(
        f"  page {DEPTH} against the first page: {median['on', 1] / median['on', 0]:.2f}x sealed, "
        f"{median['off', 1] / median['off', 0]:.2f}x plain"
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
