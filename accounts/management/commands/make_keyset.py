from pathlib import Path

import tink
from django.core.management.base import BaseCommand, CommandError
from tink import secret_key_access
from tink.proto import tink_pb2

from config.encryption import new_kek_json


class Command(BaseCommand):
    help = (
        "Make a new key-encryption keyset (Tink, AES256-GCM) for ENCRYPTION_KEYSET, or, with "
        "--add-key, add a new primary key to an existing keyset file so `rotate_keys` can wrap "
        "every user's keys under it. Keep the keyset apart from the database and the files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="write the keyset to this new file (mode 600)")
        parser.add_argument("--add-key", metavar="FILE", help="add a new primary key to FILE")

    def handle(self, *args, out=None, add_key=None, **options):
        if add_key:
            path = Path(add_key)
            keyset = _with_new_key(path.read_text())
            path.write_text(keyset)
            self.stdout.write(
                f"Added a new primary key to {path}. Restart the service with it, "
                "then run `manage.py rotate_keys`."
            )
            return
        keyset = new_kek_json()
        if out is None:
            self.stdout.write(keyset)
            return
        path = Path(out)
        if path.exists():
            raise CommandError(f"{path} already exists; a keyset is never overwritten.")
        path.touch(mode=0o600)
        path.write_text(keyset)
        self.stdout.write(f"Wrote a new key-encryption keyset to {path}.")


def _with_new_key(keyset_json: str) -> str:
    old = tink_pb2.Keyset.FromString(
        tink.proto_keyset_format.serialize(
            tink.json_proto_keyset_format.parse(keyset_json, secret_key_access.TOKEN),
            secret_key_access.TOKEN,
        )
    )
    fresh = tink_pb2.Keyset.FromString(
        tink.proto_keyset_format.serialize(
            tink.json_proto_keyset_format.parse(new_kek_json(), secret_key_access.TOKEN),
            secret_key_access.TOKEN,
        )
    )
    old.key.extend(fresh.key)
    old.primary_key_id = fresh.primary_key_id
    handle = tink.proto_keyset_format.parse(old.SerializeToString(), secret_key_access.TOKEN)
    return tink.json_proto_keyset_format.serialize(handle, secret_key_access.TOKEN)
