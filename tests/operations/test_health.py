"""/healthz: what a monitor sees when all is well, and when no task worker is alive.

The checks run in threads of their own, which see only committed rows: transactional_db.
"""

from datetime import timedelta

from django.utils import timezone

from operations.heartbeat import beat
from operations.models import WorkerHeartbeat


def test_healthz_is_ok_in_json_with_a_worker_heard_from_recently(client, transactional_db):
    from tests.factories import UserFactory

    user = UserFactory()
    beat(worker_id="w1", started_at=timezone.now())

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body.values()) == {"OK"}
    assert {"Database(alias='default')", "Storage(alias='default')", "TaskWorker()"} == set(body)
    assert user.email not in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_no_worker_has_beaten_for_minutes(client, transactional_db, settings):
    settings.HEALTH_WORKER_SILENT_SECONDS = 180
    beat(worker_id="w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=4))

    response = client.get("/healthz", HTTP_ACCEPT="text/html")

    assert response.status_code == 500
    assert response.json()["TaskWorker()"].startswith(
        "Unavailable: No task worker heard from for 24"
    )


def test_healthz_fails_when_no_worker_ever_started(client, transactional_db):
    response = client.get("/healthz")

    assert response.status_code == 500
    assert response.json()["TaskWorker()"] == "Unavailable: No task worker has ever started"
    assert response.json()["Database(alias='default')"] == "OK"


def test_the_task_worker_writes_its_heartbeat_and_housekeeping_forgets_old_ones(
    transactional_db, settings
):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("task_worker", "--batch", "--no-startup-delay", "--worker-id", "drill-1")
    beat_row = WorkerHeartbeat.objects.get(worker_id="drill-1")
    assert timezone.now() - beat_row.beat_at < timedelta(seconds=30)

    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(days=2))
    call_command("housekeeping", verbosity=0)
    assert not WorkerHeartbeat.objects.exists()
