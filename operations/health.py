"""/healthz for monitors: the database, the file store and a live task worker, in JSON.

Built on django-health-check; the worker check is ours because django-tasks-db keeps no record
of its workers (operations/heartbeat.py writes one). Nothing here reads a user's data.
"""

import asyncio
import dataclasses
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from operations.heartbeat import latest_beat


@dataclasses.dataclass
class TaskWorker(HealthCheck):
    """At least one task worker has beaten within HEALTH_WORKER_SILENT_SECONDS."""

    def run(self):
        last = latest_beat()
        if last is None:
            raise ServiceUnavailable("No task worker has ever started")
        silent = timezone.now() - last
        if silent > timedelta(seconds=settings.HEALTH_WORKER_SILENT_SECONDS):
            raise ServiceUnavailable(f"No task worker heard from for {int(silent.seconds)} s")


class HealthView(HealthCheckView):
    checks = (Database, Storage, TaskWorker)

    async def get(self, request, *args, **kwargs):
        # Monitors get JSON whatever they ask for: one small object, 200 or 500.
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        return self.render_to_response_json(500 if any(r.error for r in self.results) else 200)
