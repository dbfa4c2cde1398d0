from django.core.management.base import BaseCommand, CommandError

from evidence.services import evidence_verify


class Command(BaseCommand):
    help = (
        "Re-read every kept original from storage (local folder or S3), recompute its SHA-256 "
        "and exit non-zero, naming each exhibit whose bytes changed or went missing."
    )

    def handle(self, *args, **options):
        check = evidence_verify()
        for name, problem in check.problems:
            self.stderr.write(f"Exhibit {name}: {problem}")
        if check.problems:
            raise CommandError(f"{len(check.problems)} of {check.checked} original(s) failed.")
        self.stdout.write(f"All {check.checked} original(s) match the SHA-256 taken on arrival.")
