"""Load test (locust) for the prod-like stack: people signing in, reading their notes, adding and
changing notes, now and then a 3 MB photo, and one in ten making a pack.

Loopback only and bounded: `make load` (deploy/drills/load.sh) starts a fresh stack, makes the
accounts and runs this headless for LOAD_USERS users and LOAD_TIME, each user from its own
loopback address (127.0.0.2, ...), with a fixed think time between actions.
"""

from __future__ import annotations

import io
import itertools
import os
import random
import re
import sys
import time
from pathlib import Path

from locust import HttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy" / "drills"))
import web  # noqa: E402

HOST = os.environ.get("PRODLIKE_URL", "")
PASSWORD = "drill password, not a real one"
THINK_SECONDS = float(os.environ.get("LOAD_THINK_SECONDS", "1"))
NOTE_URL = re.compile(r"/notes/([0-9a-f-]{36})/$")
_numbers = itertools.count()
packs_finished: list[float] = []


def _photo() -> bytes:
    """About 3 MB of JPEG: camera noise does not compress, like a real phone photo."""
    from PIL import Image

    rng = random.Random(17)
    image = Image.frombytes("RGB", (1400, 1050), rng.randbytes(1400 * 1050 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


PHOTO = _photo()


def load_email(n: int) -> str:
    return f"load-{n}@example.org"


class Person(HttpUser):
    host = HOST
    wait_time = constant(THINK_SECONDS)

    def on_start(self):
        self.number = next(_numbers)
        web.bind(self.client, web.loopback_address(self.number))
        self.makes_packs = self.number % 10 == 0
        self.notes: list[str] = []
        page = self.client.get("/accounts/login/", name="sign-in page")
        response = web.submit(
            self.client,
            page,
            web.form_with(page.text, "password"),
            {"login": load_email(self.number), "password": PASSWORD},
            name="sign in",
        )
        if "/accounts/login/" in response.url:
            raise RuntimeError(f"{load_email(self.number)} could not sign in")
        self.add_note()

    @task(6)
    def timeline(self):
        self.client.get("/notes/", name="timeline")

    @task(2)
    def read_note(self):
        if self.notes:
            self.client.get(f"/notes/{random.choice(self.notes)}/", name="note page")

    @task(3)
    def add_note(self):
        page = self.client.get("/notes/new/", name="new note form")
        form = web.form_with(page.text, "narrative")
        values = {
            "occurred_on_0": "12",
            "occurred_on_1": "11",
            "occurred_on_2": "2026",
            "occurred_time": "7:40pm",
            "save": "",
            "narrative": f"Load note {time.time():.3f}: a car parked across the road.",
        }
        with web.submit(
            self.client, page, form, values, name="save note", catch_response=True
        ) as response:
            match = NOTE_URL.search(response.url)
            if match:
                self.notes.append(match.group(1))
                response.success()
            else:
                response.failure(f"not saved (ended on {response.url})")

    @task(2)
    def edit_note(self):
        if not self.notes:
            return
        note = random.choice(self.notes)
        page = self.client.get(f"/notes/{note}/edit/", name="edit note form")
        form = web.form_with(page.text, "narrative")
        values = {
            "narrative": f"Changed {time.time():.3f}: it was there again at night.",
            "save": "",
        }
        with web.submit(
            self.client, page, form, values, name="save changed note", catch_response=True
        ) as response:
            if NOTE_URL.search(response.url):
                response.success()
            else:
                response.failure(f"change not saved (ended on {response.url})")

    @task(1)
    def upload_photo(self):
        if random.random() > 0.35:  # now and then
            return
        page = self.client.get("/files/upload/", name="upload form")
        form = web.form_with(page.text, "caption")
        with web.submit(
            self.client,
            page,
            form,
            {"caption": "Car across the road"},
            files=[("files", ("IMG_2001.jpg", PHOTO, "image/jpeg"))],
            name="upload 3 MB photo",
            catch_response=True,
        ) as response:
            if "Kept 1 file" in response.text:
                response.success()
            else:
                response.failure("upload not kept")

    @task(1)
    def make_pack(self):
        if not self.makes_packs or random.random() > 0.25:
            return
        page = self.client.get("/packs/new/", name="pack: choose")
        checked = web.submit(
            self.client, page, web.form_with(page.text, "include_history"), name="pack: chosen"
        )
        started = time.monotonic()
        queued = web.submit(
            self.client, checked, web.form_posting_to(checked.text, r"^$"), name="pack: start"
        )
        pack_url = queued.url
        while time.monotonic() - started < 120:
            self.wait()
            status = self.client.get(pack_url, name="pack: progress")
            if ">Download</h2>" in status.text:
                packs_finished.append(time.monotonic() - started)
                return
            if "Try again" in status.text:
                raise RuntimeError("a pack failed under load")


@events.quitting.add_listener
def _report(environment, **kwargs):
    minutes = (
        max(
            environment.runner.stats.total.last_request_timestamp
            - environment.runner.stats.total.start_time,
            1,
        )
        / 60
    )
    print(
        f"packs finished: {len(packs_finished)} ({len(packs_finished) / minutes:.1f} a minute)"
        + (
            f", median {sorted(packs_finished)[len(packs_finished) // 2]:.1f} s from start"
            if packs_finished
            else ""
        ),
        flush=True,
    )
