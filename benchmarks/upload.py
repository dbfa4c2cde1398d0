"""Upload memory: stream a 50 MB file to a running server and watch its peak memory.

Starts gunicorn (one sync worker) on a free loopback port with a throw-away SQLite database and
media folder, signs in a user, then streams a multipart upload from a generator (the client
never holds the file either). Peak RSS of the worker is read from /proc (VmHWM, reset just
before the upload). Target: at most +5 MB over idle.
"""

import http.client
import os
import re
import secrets
import signal
import socket
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
TARGET_EXTRA_MB = 5


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


def main():
    scratch = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
        "MEDIA_ROOT": str(scratch / "media"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }
    env.pop("S3_BUCKET", None)
    manage = [str(PYTHON), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "createcachetable"], env=env, check=True, cwd=ROOT)
    session_key = (
        subprocess.run(
            [
                *manage,
                "shell",
                "--no-imports",
                "-c",
                "from django.contrib.sessions.backends.db import SessionStore\n"
                "from accounts.models import User\n"
                "u = User.objects.create_user('bench@example.org', 'bench words 12',"
                " initials='BE')\n"
                "s = SessionStore(); s['_auth_user_id'] = str(u.pk)\n"
                "s['_auth_user_backend'] = 'allauth.account.auth_backends.AuthenticationBackend'\n"
                "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create()\n"
                "print(s.session_key)",
            ],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    port = free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        worker = int(
            subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        cookies = f"sessionid={session_key}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/files/upload/", headers={"Cookie": cookies})
        page = connection.getresponse()
        html = page.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        cookies += f"; csrftoken={csrf_cookie}"

        boundary = "----bench" + secrets.token_hex(8)
        total = SIZE_MB * 1024 * 1024
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="recording.wav"\r\nContent-Type: audio/wav\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()

        def body():
            yield head
            yield from wav_stream(total)
            yield tail

        def upload():
            connection.request(
                "POST",
                "/files/upload/",
                body=body(),
                headers={
                    "Cookie": cookies,
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(len(head) + total + len(tail)),
                    "Origin": f"http://127.0.0.1:{port}",
                    "Referer": f"http://127.0.0.1:{port}/files/upload/",
                },
            )
            response = connection.getresponse()
            response.read()
            assert response.status == 302, f"upload failed with HTTP {response.status}"

        upload()  # the first upload also loads code; measure the next one, as a server would run
        idle = kib(worker, "VmRSS")
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the peak to now
        began = time.perf_counter()
        upload()
        elapsed = time.perf_counter() - began
        peak = kib(worker, "VmHWM")
        kept = list((scratch / "media" / "originals").iterdir())
        assert len(kept) == 2 and all(f.stat().st_size == total for f in kept), "not kept whole"
        print(f"Upload of a {SIZE_MB} MB file streamed to gunicorn (1 sync worker)")
        extra_mb = (peak - idle) / 1024
        verdict = "ok" if extra_mb <= TARGET_EXTRA_MB else "MISSED"
        print(
            f"  time: {elapsed:.2f} s; worker memory idle {idle / 1024:.1f} MB, "
            f"peak {peak / 1024:.1f} MB, extra {extra_mb:.1f} MB "
            f"(target {TARGET_EXTRA_MB} MB) {verdict}"
        )
        return 0 if verdict == "ok" else 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
