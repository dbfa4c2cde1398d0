from django.core.management.base import BaseCommand

from accounts.deletion import deletions_reapply


class Command(BaseCommand):
    help = (
        "Delete again every account on the register of deleted accounts that is back in the "
        "database: run it after restoring a backup, so a restore never brings a deleted account "
        "back. The register is kept in the database and, apart from it, in storage."
    )

    def handle(self, *args, **options):
        count = deletions_reapply()
        self.stdout.write(f"Deleted {count} account(s) a restored backup had brought back.")
