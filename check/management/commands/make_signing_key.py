from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.signing import new_private_key_pem


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key for signing packs, for PACK_SIGNING_KEY (or the file "
        "PACK_SIGNING_KEY_FILE names). Bringing in a new key is safe: the register keeps every "
        "public key the service has signed with, so packs signed with an old key still check, "
        "and /check/key/ lists the old keys with the dates they were used."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="write the key to this new file (mode 600)")

    def handle(self, *args, out=None, **options):
        key = new_private_key_pem()
        if out is None:
            self.stdout.write(key)
            return
        path = Path(out)
        if path.exists():
            raise CommandError(f"{path} already exists; a signing key is never overwritten.")
        path.touch(mode=0o600)
        path.write_text(key)
        self.stdout.write(
            f"Wrote a new signing key to {path}. Point PACK_SIGNING_KEY_FILE at it and restart."
        )
