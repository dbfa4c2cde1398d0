from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.keys import give_new_keys, rewrap_all
from config.encryption import kek_from_json


class Command(BaseCommand):
    help = (
        "Wrap every user's data keys under the current key-encryption keyset's primary key "
        "(after `make_keyset --add-key`, or with --old-keyset after moving to a new keyset), "
        "without touching any data. With --user, give one user new data keys instead: everything "
        "of theirs is sealed again under the new keys and the old keys are forgotten. Both can "
        "be run again if interrupted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--old-keyset", metavar="FILE", help="the keyset used until now")
        parser.add_argument("--user", type=int, metavar="ID", help="give this user new data keys")

    def handle(self, *args, old_keyset=None, user=None, **options):
        if user is not None:
            found = get_user_model().objects.filter(pk=user).first()
            if found is None:
                raise CommandError(f"There is no user {user}.")
            progress = give_new_keys(user=found)
            self.stdout.write(
                f"User {user} has new data keys: {progress.rows} row(s) and "
                f"{progress.files} file(s) sealed again, the old keys forgotten."
            )
            return
        old = kek_from_json(Path(old_keyset).read_text()) if old_keyset else None
        count = rewrap_all(old_kek=old)
        self.stdout.write(f"Wrapped the data keys of {count} user(s) under the current keyset.")
