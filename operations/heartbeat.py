"""The task workers' heartbeat: each worker process keeps its own row fresh from a thread."""

import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from operations.models import WorkerHeartbeat


def beat(*, worker_id: str, started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def start_heartbeat(*, worker_id: str) -> threading.Event:
    """Beat now, then every WORKER_HEARTBEAT_SECONDS from a daemon thread until the event is set.

    The thread dies with the process, so a worker killed outright simply stops beating.
    """
    started_at = timezone.now()
    beat(worker_id=worker_id, started_at=started_at)
    stop = threading.Event()

    def run():
        while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                close_old_connections()
                beat(worker_id=worker_id, started_at=started_at)
            except DatabaseError:
                # The database is away (a restart, a failover): keep trying; /healthz shows
                # the silence if it lasts.
                connection.close()
        connection.close()

    threading.Thread(target=run, name="worker-heartbeat", daemon=True).start()
    return stop


def latest_beat():
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def heartbeats_delete_old(*, now=None) -> int:
    """Forget workers silent for a day (each restart adds a row)."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return deleted
