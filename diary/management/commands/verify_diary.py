from django.core.management.base import BaseCommand, CommandError

from diary.services import diary_verify


class Command(BaseCommand):
    help = (
        "Recompute every incident's revision chain and check each entry still matches its latest "
        "revision. Exits non-zero, naming each broken incident, if anything was altered."
    )

    def handle(self, *args, **options):
        check = diary_verify()
        for broken in check.broken:
            for problem in broken.problems:
                self.stderr.write(f"Incident {broken.incident_id}: {problem}")
        for what in check.unreadable:
            self.stderr.write(f"The details of {what} could not be read.")
        if check.broken or check.unreadable:
            raise CommandError(
                f"{len(check.broken)} of {check.incidents} incident(s) failed the check"
                + (
                    f"; {len(check.unreadable)} other record(s) could not be read."
                    if check.unreadable
                    else "."
                )
            )
        self.stdout.write(
            f"All {check.incidents} incident(s) and {check.revisions} revision(s) check out"
            + (
                f" ({check.purged} purged after deletion, their hashes intact)."
                if check.purged
                else "."
            )
        )
