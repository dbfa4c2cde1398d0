"""Upload memory and time, encryption at rest on and off: stream a 50 MB file to gunicorn.

Starts two gunicorn servers (one sync worker each) on free loopback ports, each with its own
throw-away SQLite database and media folder and the same key-encryption keyset: one with
ENCRYPTION_ENABLED on (the upload is sealed with the user's file key into a temporary file, then
saved), one with it off (the upload is saved as it came). A user is signed in on each, then a
multipart upload is streamed from a generator (the client never holds the file either). After
one warm-up upload each, the two servers take turns, ROUNDS uploads each. Peak RSS of a worker
is read from /proc (VmHWM, reset just before each upload) and compared with its idle RSS after
the warm-up, not with its RSS just before that upload: the C library may keep memory an upload
freed, and the next upload would then seem to cost less while the worker has simply grown.

Afterwards every kept original is checked: on the "on" server it is stored sealed (no plain
bytes on disk) and opens to the SHA-256 of what was sent; on the "off" server it is stored plain.

Targets from the issues: peak extra memory at most +5 MB over idle with encryption on (the
worst upload counts), and at most 1.2x the time with encryption off (medians). A figure over
target is reported, not a failure: the exit status is non-zero only if something crashed.
"""

import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SIZE_MB = int(os.environ.get("UPLOAD_BENCH_MB", "50"))
CHUNK = 64 * 1024
ROUNDS = 5
TARGET_EXTRA_MB = 5
TARGET_RATIO = 1.2
MODES = {"on": True, "off": False}  # ENCRYPTION_ENABLED of each server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wav_stream(total_bytes: int):
    """A valid WAV header, then silence, produced a chunk at a time."""
    data_bytes = total_bytes - 44
    header = (
        b"RIFF"
        + (36 + data_bytes).to_bytes(4, "little")
        + b"WAVEfmt "
        + (16).to_bytes(4, "little")
        + (1).to_bytes(2, "little")
        + (1).to_bytes(2, "little")
        + (8000).to_bytes(4, "little")
        + (16000).to_bytes(4, "little")
        + (2).to_bytes(2, "little")
        + (16).to_bytes(2, "little")
        + b"data"
        + data_bytes.to_bytes(4, "little")
    )
    yield header
    silence = bytes(CHUNK)
    left = data_bytes
    while left > 0:
        yield silence[: min(CHUNK, left)]
        left -= CHUNK


def kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


# What the "on" server checks about every original it kept (run there with manage.py shell).
CHECK_KEPT = """
import json
from evidence import storage
from evidence.models import Exhibit
print(json.dumps([
    [e.original_key, e.size, e.sha256, storage.stored_sha256(e.original_key, owner_id=e.owner_id)]
    for e in Exhibit.objects.all()
]))
"""

SIGN_IN = """
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
u = User.objects.create_user('bench@example.org', 'bench words 12', initials='BE')
s = SessionStore(); s['_auth_user_id'] = str(u.pk)
s['_auth_user_backend'] = 'allauth.account.auth_backends.AuthenticationBackend'
s['_auth_user_hash'] = u.get_session_auth_hash(); s.create()
print(s.session_key)
"""


class Server:
    """One gunicorn with one sync worker, its own database and media folder, a user signed in."""

    def __init__(self, mode: str, keyset: str) -> None:
        self.mode = mode
        self.scratch = Path(tempfile.mkdtemp(prefix=f"bench-upload-{mode}-"))
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.scratch}/db.sqlite3",
            "MEDIA_ROOT": str(self.scratch / "media"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ENCRYPTION_KEYSET": keyset,
            "ENCRYPTION_ENABLED": "true" if MODES[mode] else "false",
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        }
        self.env.pop("S3_BUCKET", None)
        self.env.pop("ENCRYPTION_KEYSET_FILE", None)
        self.process = None

    def manage(self, *arguments: str) -> str:
        return subprocess.run(  # noqa: S603
            [str(PYTHON), str(ROOT / "manage.py"), *arguments],
            env=self.env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout

    def start(self) -> None:
        self.manage("migrate", "-v0")
        self.manage("createcachetable")
        session_key = self.manage("shell", "--no-imports", "-c", SIGN_IN).strip().splitlines()[-1]
        self.port = free_port()
        self.log = open(self.scratch / "gunicorn.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(GUNICORN),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "120",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        self.worker = int(
            subprocess.run(  # noqa: S603
                ["pgrep", "-P", str(self.process.pid)],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[0]
        )
        self.cookies = f"sessionid={session_key}"
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        self.connection.request("GET", "/files/upload/", headers={"Cookie": self.cookies})
        page = self.connection.getresponse()
        html = page.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.cookies += f"; csrftoken={csrf_cookie}"

    def upload(self, total: int) -> dict:
        """One upload: its time, the worker's RSS just before it and its peak during it (MB)."""
        boundary = "----bench" + secrets.token_hex(8)
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{self.token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="recording.wav"\r\nContent-Type: audio/wav\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()

        def body():
            yield head
            yield from wav_stream(total)
            yield tail

        idle = kib(self.worker, "VmRSS")
        Path(f"/proc/{self.worker}/clear_refs").write_text("5")  # reset the peak to now
        began = time.perf_counter()
        self.connection.request(
            "POST",
            "/files/upload/",
            body=body(),
            headers={
                "Cookie": self.cookies,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(len(head) + total + len(tail)),
                "Origin": f"http://127.0.0.1:{self.port}",
                "Referer": f"http://127.0.0.1:{self.port}/files/upload/",
            },
        )
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - began
        peak = kib(self.worker, "VmHWM")
        assert response.status == 302, f"{self.mode}: upload failed with HTTP {response.status}"
        return {"s": elapsed, "before_mb": idle / 1024, "peak_mb": peak / 1024}

    def check_kept(self, count: int, total: int, sha256: str) -> str:
        """Every original kept whole, sealed on disk (on) or plain (off), opening to `sha256`."""
        kept = json.loads(self.manage("shell", "--no-imports", "-c", CHECK_KEPT).splitlines()[-1])
        assert len(kept) == count, f"{self.mode}: {len(kept)} originals kept, not {count}"
        stored_bytes = 0
        for key, size, recorded, opened in kept:
            on_disk = self.scratch / "media" / key
            stored_bytes = on_disk.stat().st_size
            assert size == total and recorded == sha256 == opened, f"{self.mode}: not kept whole"
            with open(on_disk, "rb") as raw:
                raw.seek(total // 2)
                middle = raw.read(CHUNK)
            if MODES[self.mode]:
                assert key.startswith("s/"), f"{self.mode}: kept under a plain key"
                assert stored_bytes > total and middle.count(0) < CHUNK // 8, "not sealed on disk"
            else:
                assert not key.startswith("s/"), f"{self.mode}: kept under a sealed key"
                assert stored_bytes == total and middle == bytes(CHUNK), "not plain on disk"
        return (
            f"{count} originals {'sealed' if MODES[self.mode] else 'plain'} on disk "
            f"({stored_bytes - total:+,} bytes against the upload), each opening to the "
            "SHA-256 sent"
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.log.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from config.encryption import new_kek_json

    keyset = new_kek_json()
    total = SIZE_MB * 1024 * 1024
    sent = hashlib.sha256()
    for chunk in wav_stream(total):
        sent.update(chunk)
    servers = {mode: Server(mode, keyset) for mode in MODES}
    try:
        for server in servers.values():
            server.start()
        # The first upload also loads code; measure the next ones, as a server would run.
        idle = {}
        for mode, server in servers.items():
            server.upload(total)
            idle[mode] = kib(server.worker, "VmRSS") / 1024
        runs = {mode: [] for mode in MODES}
        for round_number in range(ROUNDS):
            order = list(MODES) if round_number % 2 == 0 else list(reversed(MODES))
            for mode in order:
                runs[mode].append(servers[mode].upload(total))
        kept = {
            mode: server.check_kept(ROUNDS + 1, total, sent.hexdigest())
            for mode, server in servers.items()
        }
    except BaseException:
        for server in servers.values():
            log = server.scratch / "gunicorn.log"
            if log.exists():
                sys.stderr.write(f"--- gunicorn ({server.mode}) ---\n{log.read_text()[-3000:]}")
        raise
    finally:
        for server in servers.values():
            server.stop()

    def median(mode: str, name: str) -> float:
        return statistics.median(run[name] for run in runs[mode])

    def worst(mode: str, name: str) -> float:
        return max(run[name] for run in runs[mode])

    print(
        f"Upload of a {SIZE_MB} MB file streamed to gunicorn (1 sync worker), encryption on and "
        f"off: {ROUNDS} uploads each, taking turns, after one warm-up upload each"
    )
    for mode in MODES:
        times = ", ".join(f"{run['s']:.2f}" for run in runs[mode])
        for run in runs[mode]:
            run["extra_mb"] = run["peak_mb"] - idle[mode]
        extras = ", ".join(f"{run['extra_mb']:+.1f}" for run in runs[mode])
        before = ", ".join(f"{run['before_mb']:.1f}" for run in runs[mode])
        print(f"  {mode:<3}: {kept[mode]}")
        print(
            f"       worker idle {idle[mode]:.1f} MB after the warm-up ({before} MB before each "
            f"upload); times {times} s; peak over idle {extras} MB"
        )
    on_s, off_s = median("on", "s"), median("off", "s")
    ratio = on_s / off_s
    extra_on, extra_off = worst("on", "extra_mb"), worst("off", "extra_mb")
    rows = [
        (
            "peak extra memory (worst of the uploads)",
            f"+{extra_on:.1f} MB",
            f"+{extra_off:.1f} MB",
            f"{extra_on - extra_off:+.1f} MB",
            f"on <= +{TARGET_EXTRA_MB} MB",
            extra_on <= TARGET_EXTRA_MB,
        ),
        (
            "time (median)",
            f"{on_s:.2f} s",
            f"{off_s:.2f} s",
            f"{ratio:.2f}x",
            f"<= {TARGET_RATIO}x",
            ratio <= TARGET_RATIO,
        ),
    ]
    print("  figure                                     on          off       on vs off  target")
    for label, on, off, compared, target, met in rows:
        print(
            f"  {label:<42} {on:<11} {off:<9} {compared:<10} {target:<14} "
            f"{'PASS' if met else 'OVER TARGET'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
