from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from operations.heartbeat import start_heartbeat


class Command(DbWorkerCommand):
    help = (
        "django-tasks-db's db_worker, plus a heartbeat row that /healthz reads. Production runs "
        "one or more of these (deploy/systemd/evidence-diary-worker@.service)."
    )

    def configure_logging(self, verbosity: int) -> None:
        # db_worker adds plain-text handlers of its own; LOGGING (one JSON line per task) rules.
        pass

    def handle(self, *args, worker_id=None, **options):
        worker_id = worker_id or get_random_string(32)
        stop = start_heartbeat(worker_id=worker_id)
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
