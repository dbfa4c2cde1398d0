import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run one django-tasks database worker and call `housekeeping` every few minutes. "
        "This is the worker `make run` starts beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--housekeeping-every", type=int, default=300, help="Seconds between housekeeping runs."
        )

    def handle(self, *args, housekeeping_every, **options):
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py, no user input
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", "--no-reload"]
        )
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_housekeeping = time.monotonic()
        try:
            while not stopping and worker.poll() is None:
                if time.monotonic() >= next_housekeeping:
                    call_command("housekeeping", verbosity=0)
                    next_housekeeping = time.monotonic() + housekeeping_every
                time.sleep(1)
        finally:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
        if worker.returncode not in (0, -signal.SIGTERM) and not stopping:
            raise SystemExit(
                f"The task worker stopped unexpectedly (exit code {worker.returncode})."
            )
