from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into a fresh database and an empty bucket, with the "
        "keys it was made with configured (ENCRYPTION_KEYSET_FILE, PACK_SIGNING_KEY_FILE), then "
        "delete again any account on the register of deleted accounts. Run `verify_diary` and "
        "`verify_evidence` afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument("--keys-from", type=Path, help="Default: FROM/keys.")

    def handle(self, *args, source, keys_from, **options):
        try:
            made = restore(source=source, keys_from=keys_from or source / "keys")
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the database and {made.files} stored file(s) from {source} "
            f"in {made.seconds:.1f} s."
        )
