from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per task worker process, touched every few seconds while it runs.

    django-tasks-db keeps no record of its workers, so /healthz reads this to tell whether any
    worker is alive. It names a process, never a user or a task's arguments.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"worker {self.worker_id} on {self.hostname}"
