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
