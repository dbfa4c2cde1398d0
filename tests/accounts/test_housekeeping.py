from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from accounts.models import KeptText


def test_housekeeping_deletes_kept_text_older_than_an_hour(user):
    stale = KeptText.objects.create(owner=user, path="/account/details/", fields={"a": ["b"]})
    fresh = KeptText.objects.create(owner=user, path="/account/details/", fields={"a": ["c"]})
    KeptText.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(minutes=61))

    call_command("housekeeping", verbosity=0)

    assert list(KeptText.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_housekeeping_removes_the_words_of_notes_deleted_over_30_days_ago(user):
    from diary.models import Incident
    from diary.services import incident_delete
    from tests.factories import make_incident

    old = make_incident(user, narrative="Old words")
    recent = make_incident(user, narrative="Recent words")
    incident_delete(incident=old)
    incident_delete(incident=recent)
    Incident.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))

    call_command("housekeeping", verbosity=0)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.narrative == ""
    assert recent.narrative == "Recent words"


def test_housekeeping_prunes_background_task_results_a_day_after_they_finish(settings, db):
    from django_tasks_db.models import DBTaskResult

    from evidence.tasks import make_previews

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = make_previews.using(backend="default").enqueue("00000000-0000-0000-0000-000000000001")
    new = make_previews.using(backend="default").enqueue("00000000-0000-0000-0000-000000000002")
    DBTaskResult.objects.filter(pk=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2)
    )
    DBTaskResult.objects.filter(pk=new.id).update(status="SUCCESSFUL", finished_at=timezone.now())

    call_command("housekeeping", verbosity=0)

    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [new.id]
