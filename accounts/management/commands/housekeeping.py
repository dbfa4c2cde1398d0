from django.core.management.base import BaseCommand

from accounts.services import kept_text_delete_expired
from diary.services import incidents_purge_deleted


class Command(BaseCommand):
    help = (
        "Run the periodic clean-up jobs once: delete expired kept text and purge the words of "
        "notes deleted over 30 days ago (and, as they arrive, expired packs and stale background "
        "jobs). Run it from cron in production; `manage.py run_worker` calls it on a timer."
    )

    def handle(self, *args, **options):
        deleted = kept_text_delete_expired()
        purged = incidents_purge_deleted()
        if options["verbosity"] > 0:
            self.stdout.write(f"Deleted {deleted} expired kept-text record(s).")
            self.stdout.write(f"Removed the words of {purged} note(s) deleted over 30 days ago.")
