"""What the drills know of the running prod-like stack (deploy/prod-like.sh exported it all):
its address, its processes, and the same database and bucket through Django's ORM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from datetime import time as clock_time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.db import close_old_connections  # noqa: E402

from accounts.models import User  # noqa: E402

URL = os.environ["PRODLIKE_URL"]
RUN = Path(os.environ["PRODLIKE_RUN"])
PASSWORD = "drill password, not a real one"


def say(message: str) -> None:
    print(f"drill: {message}", flush=True)


def processes() -> list[tuple[int, str]]:
    rows = []
    for line in (RUN / "pids").read_text().splitlines():
        pid, name = line.split(maxsplit=1)
        rows.append((int(pid), name))
    return rows


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child of the shell stays a zombie until the shell reaps it.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def spawn(name: str, *command: str) -> int:
    """Start a process the way prod-like.sh does, so its clean-up stops it too."""
    log = open(RUN / "logs" / f"{name}.log", "ab")  # noqa: SIM115 - kept open by the child
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
    )
    with open(RUN / "pids", "a") as pids:
        pids.write(f"{process.pid} {name}\n")
    return process.pid


def start_worker(name: str) -> int:
    """What systemd's Restart=always does for a worker that died."""
    return spawn(
        name,
        sys.executable,
        str(ROOT / "manage.py"),
        "task_worker",
        "--no-reload",
        "--interval",
        "0.5",
        "--worker-id",
        f"{name}-{os.getpid()}",
    )


def worker_pid(worker_id: str) -> int:
    """The PID of the worker process with this id (from its command line)."""
    for pid, name in processes():
        if name.startswith("worker") and alive(pid):
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if worker_id.encode() in cmdline:
                return pid
    raise AssertionError(f"No running worker with id {worker_id}")


def kill_9(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def make_user(email: str, *, initials: str = "DR") -> User:
    close_old_connections()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, PASSWORD, full_name="Drill Person", initials=initials
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def note_values(words: str) -> dict:
    """The "Add a note" form's own fields, as a person fills them in."""
    day = date(2026, 11, 12)
    return {
        "occurred_on_0": str(day.day),
        "occurred_on_1": str(day.month),
        "occurred_on_2": str(day.year),
        "occurred_time": "7:40pm",
        "narrative": words,
        "save": "",
    }


def add_notes(user: User, count: int, words: str) -> None:
    """Notes saved through the service, as the form saves them (chained revisions)."""
    from diary.services import incident_create

    for n in range(count):
        incident_create(
            owner=user,
            values={
                "occurred_on": date(2026, 10, 1 + n % 28),
                "occurred_time": clock_time(9, n % 60),
                "timezone": "Europe/London",
                "narrative": f"{words} {n}",
            },
            kinds=("letter",),
            persons=(),
            is_draft=False,
        )


def wait_for(what: str, check, timeout: float = 90, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        close_old_connections()
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
