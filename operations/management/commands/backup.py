from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database, every stored file (still sealed) and the two keys into a folder: "
        "database/, files/ and, unless --keys-to says elsewhere, keys/. Keep the keys apart from "
        "the rest: with them, the rest can be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="A new, empty folder.")
        parser.add_argument("--keys-to", type=Path, help="Where the keys go (default: TO/keys).")

    def handle(self, *args, to, keys_to, **options):
        if to.exists() and any(to.iterdir()):
            raise CommandError(f"{to} is not empty.")
        try:
            made = backup(to=to, keys_to=keys_to or to / "keys")
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the database and {made.files} stored file(s) to {to} in "
            f"{made.seconds:.1f} s; the keys are in {keys_to or to / 'keys'}."
        )
