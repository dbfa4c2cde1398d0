from django.core.management.base import BaseCommand

from accounts.services import kept_text_delete_expired


class Command(BaseCommand):
    help = (
        "Run the periodic clean-up jobs once: delete expired kept text (and, as they arrive, "
        "expired packs, purged deletions and stale background jobs). Run it from cron in "
        "production; `manage.py run_worker` calls it on a timer."
    )

    def handle(self, *args, **options):
        deleted = kept_text_delete_expired()
        if options["verbosity"] > 0:
            self.stdout.write(f"Deleted {deleted} expired kept-text record(s).")
