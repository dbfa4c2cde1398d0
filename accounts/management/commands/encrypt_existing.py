from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.keys import encrypt_existing


class Command(BaseCommand):
    help = (
        "Seal every free-text value and every stored file still kept in plain (from before "
        "encryption at rest), row by row and file by file. Resumable: run it again after an "
        "interruption; what is already sealed is left alone."
    )

    def handle(self, *args, **options):
        if not settings.ENCRYPTION_ENABLED:
            raise CommandError("Encryption is turned off (ENCRYPTION_ENABLED): nothing to do.")
        progress = encrypt_existing()
        self.stdout.write(
            f"Sealed {progress.rows} row(s) and {progress.files} file(s) that were still plain."
        )
