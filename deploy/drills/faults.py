"""Fault drills against the running prod-like stack (deploy/drills/run.sh starts it).

1. kill -9 the task worker building a pack, and the one making a preview: the job is marked
   failed with "Try again" (which then works), and no stored file is left without a row.
2. Restart PostgreSQL while notes are being saved: a plain "try again" page that shows the text
   posted, no half-saved note, and the next save works without restarting anything.
3. Stop the S3 server during an upload: refused cleanly, nothing half-stored, no row without a
   file; once S3 is back, uploads work again.

Run: python deploy/drills/faults.py [pack preview postgres s3]
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
import stack  # noqa: E402
import web  # noqa: E402
from PIL import Image  # noqa: E402
from stack import URL, say  # noqa: E402

from diary.models import Incident  # noqa: E402
from evidence.models import Exhibit, Pack, PackStatus, PreviewStatus  # noqa: E402
from operations.orphans import orphaned_keys  # noqa: E402


def visitor(n: int, email: str) -> requests.Session:
    session = web.bind(requests.Session(), web.loopback_address(200 + n))
    web.sign_in(session, URL, email, stack.PASSWORD, timeout=30)
    return session


def running_worker_of(task_path_end: str) -> str:
    from django_tasks_db.models import DBTaskResult

    row = (
        DBTaskResult.objects.filter(status="RUNNING", task_path__endswith=task_path_end)
        .order_by("-started_at")
        .first()
    )
    return row.worker_ids[-1] if row else ""


def no_orphans() -> None:
    """Every stored file has its row: the sweep (housekeeping) has removed what a kill left."""
    leftovers = stack.wait_for(
        "housekeeping to remove files without a row",
        lambda: not orphaned_keys() or None,
        timeout=120,
        every=1,
    )
    assert leftovers, "stored files without a row remain"
    say("no stored file is left without a row")


def drill_pack() -> None:
    say("pack: kill -9 the worker building it")
    user = stack.make_user("drill-pack@example.org", initials="DP")
    stack.add_notes(user, 40, "Drill note for a pack")
    session = visitor(1, user.email)
    page = session.get(f"{URL}/packs/new/", timeout=30)
    checked = web.submit(session, page, web.form_with(page.text, "include_history"), timeout=30)
    built = web.submit(
        session, checked, web.form_posting_to(checked.text, r"check/?$|^$"), timeout=30
    )
    assert built.status_code == 200, built.status_code
    pack = stack.wait_for(
        "the pack to start",
        lambda: Pack.objects.filter(owner=user, status=PackStatus.RUNNING).first(),
        every=0.02,
    )
    worker_id = stack.wait_for("its worker", lambda: running_worker_of("build_pack"), every=0.02)
    pid = stack.worker_pid(worker_id)
    stack.kill_9(pid)
    say(f"killed worker {worker_id} (pid {pid}) while the pack was {pack.stage or 'starting'}")
    stack.start_worker("worker-after-pack")
    stack.wait_for(
        "the pack to be marked failed",
        lambda: Pack.objects.filter(pk=pack.pk, status=PackStatus.FAILED).exists(),
        timeout=120,
        every=1,
    )
    page = session.get(f"{URL}/packs/{pack.pk}/", timeout=30)
    assert "Try again" in page.text, "the failed pack offers no 'Try again'"
    web.submit(session, page, web.form_posting_to(page.text, "retry"), timeout=30)
    stack.wait_for(
        "the pack to be made on a second try",
        lambda: Pack.objects.filter(pk=pack.pk, status=PackStatus.READY).exists(),
        timeout=180,
        every=1,
    )
    say("pack marked failed with 'Try again', and made when tried again")
    no_orphans()


def slow_photo() -> bytes:
    """A PNG that is small to send but slow to open (12 megapixels, no draft mode for PNG)."""
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def upload(session, name: str, content: bytes, mime: str = "image/png"):
    page = session.get(f"{URL}/files/upload/", timeout=30)
    form = web.form_with(page.text, "caption")
    return web.submit(
        session, page, form, {"caption": ""}, files=[("files", (name, content, mime))], timeout=120
    )


def drill_preview() -> None:
    say("preview: kill -9 the worker making it")
    user = stack.make_user("drill-preview@example.org", initials="DV")
    session = visitor(2, user.email)
    photo = slow_photo()
    for attempt in range(8):
        before = set(Exhibit.objects.filter(owner=user).values_list("pk", flat=True))
        response = upload(session, f"drill-{attempt}.png", photo)
        assert response.status_code == 200, response.status_code
        exhibit = Exhibit.objects.filter(owner=user).exclude(pk__in=before).get()
        worker_id = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            exhibit.refresh_from_db()
            if exhibit.preview_status != PreviewStatus.PENDING:
                break
            worker_id = running_worker_of("make_previews")
            if worker_id and exhibit.preview_heartbeat_at:
                break
            time.sleep(0.01)
        if worker_id and exhibit.preview_status == PreviewStatus.PENDING:
            pid = stack.worker_pid(worker_id)
            stack.kill_9(pid)
            exhibit.refresh_from_db()
            if exhibit.preview_status == PreviewStatus.PENDING:
                say(f"killed worker {worker_id} (pid {pid}) while making a preview")
                break
        say(f"try {attempt + 1}: the preview finished before the kill; again")
    else:
        raise AssertionError("Never caught a worker in the middle of a preview")
    stack.start_worker("worker-after-preview")
    stack.wait_for(
        "the preview to be marked failed",
        lambda: Exhibit.objects.filter(pk=exhibit.pk, preview_status=PreviewStatus.FAILED).exists(),
        timeout=120,
        every=1,
    )
    page = session.get(f"{URL}/files/{exhibit.pk}/", timeout=30)
    assert "Try again" in page.text, "the failed preview offers no 'Try again'"
    web.submit(session, page, web.form_posting_to(page.text, "retry"), timeout=30)
    stack.wait_for(
        "the preview to be made on a second try",
        lambda: Exhibit.objects.filter(pk=exhibit.pk, preview_status=PreviewStatus.READY).exists(),
        timeout=120,
        every=1,
    )
    say("preview marked failed with 'Try again', and made when tried again")
    no_orphans()


def drill_postgres() -> None:
    say("postgres: restart it while notes are being saved")
    user = stack.make_user("drill-postgres@example.org", initials="DG")
    session = visitor(3, user.email)
    outcomes: list[tuple[str, int, str]] = []
    stop = threading.Event()

    def keep_saving():
        n = 0
        while not stop.is_set():
            words = f"Saved during the restart drill, number {n}, with words to keep"
            n += 1
            try:
                page = session.get(f"{URL}/notes/new/", timeout=30)
                if page.status_code != 200:
                    outcomes.append(("form", page.status_code, ""))
                    time.sleep(0.2)
                    continue
                form = web.form_with(page.text, "narrative")
                response = web.submit(
                    session, page, form, stack.note_values(words), timeout=30, allow_redirects=False
                )
                outcomes.append((words, response.status_code, response.text))
            except requests.RequestException as error:
                outcomes.append((words, -1, type(error).__name__))
            time.sleep(0.05)

    saver = threading.Thread(target=keep_saving)
    saver.start()
    time.sleep(2)
    started = time.monotonic()
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            f"{pg_bin()}/pg_ctl",
            "-D",
            f"{os.environ['PRODLIKE_PG_DIR']}/data",
            "-m",
            "fast",
            "-w",
            "restart",
            "-l",
            f"{os.environ['PRODLIKE_PG_DIR']}/postgres.log",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    say(f"PostgreSQL restarted in {time.monotonic() - started:.1f} s")
    time.sleep(3)
    stop.set()
    saver.join()

    saved = [words for words, status, _ in outcomes if status == 302]
    refused = [(words, body) for words, status, body in outcomes if status == 503]
    other = [(words, status) for words, status, _ in outcomes if status not in (302, 503)]
    say(f"{len(saved)} saved, {len(refused)} refused with 'try again', {len(other)} other")
    assert not other, f"answers other than saved or 'try again': {other[:5]}"
    for words, body in refused:
        if words == "form":
            continue
        assert "try again" in body and words in body, "a refused save did not show the text"
    last = outcomes[-1]
    assert last[1] == 302, f"the last save after the restart did not work: {last[1]}"
    # Nothing half-saved: each note is whole (its words and its first revision), and every
    # save the user was told about is there.
    from django.db import close_old_connections

    close_old_connections()
    notes = list(Incident.objects.filter(owner=user).prefetch_related("revisions"))
    kept = {note.narrative for note in notes}
    assert set(saved) <= kept, "a save the user saw succeed is missing"
    assert all(note.revisions.all() for note in notes), "a note without its revision"
    say("no half-saved note; the next save worked without restarting anything")


def pg_bin() -> str:
    versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
    return str(versions[-1] / "bin")


def drill_s3() -> None:
    say("s3: stop the S3 server during an upload")
    user = stack.make_user("drill-s3@example.org", initials="DS")
    session = visitor(4, user.email)
    weed_pid = next(pid for pid, name in stack.processes() if name == "seaweedfs")
    command = Path(f"/proc/{weed_pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    # A photo with 80 MB after its end (Pillow reads to the end marker), so storing it takes long
    # enough for the S3 server to go in the middle of it.
    image, out = Image.linear_gradient("L").convert("RGB"), io.BytesIO()
    image.save(out, "JPEG")
    big = out.getvalue() + os.urandom(80 * 1024 * 1024)
    result = {}

    def send():
        result["response"] = upload(session, "drill-big.jpg", big, "image/jpeg")

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.3)
    stack.kill_9(weed_pid)
    say(f"S3 server (pid {weed_pid}) killed during the upload")
    sender.join()
    response = result["response"]
    assert response.status_code == 503, (response.status_code, response.text[-3000:])
    assert "try again" in response.text
    assert not Exhibit.objects.filter(owner=user).exists(), "a row without its file"
    say("upload refused with a plain 'try again' page; no row kept")

    # Back up, on the same folder and ports; then nothing may be half-stored.
    pid = stack.spawn("seaweedfs-again", *(part.decode() for part in command))
    stack.wait_for("S3 to answer again", lambda: _s3_answers(), timeout=60, every=0.5)
    say(f"S3 server started again (pid {pid})")
    assert not orphaned_keys(), "a file was half-stored"
    response = upload(session, "drill-small.png", slow_photo())
    assert response.status_code == 200 and Exhibit.objects.filter(owner=user).count() == 1
    say("nothing half-stored; the next upload worked")


def _s3_answers() -> bool:
    from django.core.files.storage import default_storage

    try:
        default_storage.listdir("originals")
    except Exception:  # noqa: BLE001 - any failure means not yet
        return False
    return True


DRILLS = {"pack": drill_pack, "preview": drill_preview, "postgres": drill_postgres, "s3": drill_s3}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(DRILLS):
        started = time.monotonic()
        DRILLS[name]()
        say(f"{name} passed in {time.monotonic() - started:.0f} s")
