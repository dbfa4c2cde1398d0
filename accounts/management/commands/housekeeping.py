from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from accounts.activity import activities_delete_expired
from accounts.deletion import accounts_delete_due
from accounts.export import exports_delete_expired, exports_sweep_stale
from accounts.services import kept_text_delete_expired
from accounts.signin_limits import known_browsers_delete_expired
from diary.services import incidents_purge_deleted
from evidence.handover.services import shares_end_expired
from evidence.pack.cache import pack_cache_clear, pack_chunks_delete_unused
from evidence.pack.services import packs_delete_expired, packs_sweep_stale
from evidence.services import exhibits_purge_deleted
from evidence.tasks import previews_sweep_stale
from operations.heartbeat import heartbeats_delete_old
from operations.orphans import stored_files_sweep_orphans


class Command(BaseCommand):
    help = (
        "Run the periodic clean-up jobs once: delete expired kept text and purge the words of "
        "notes and files deleted over 30 days ago, delete expired evidence packs, end expired "
        "shares, mark background jobs whose worker died as failed and prune finished task "
        "results. Run it from cron in production; `manage.py run_worker` calls it on a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Run again every this many seconds until stopped (the prod-like stack's timer).",
        )
        parser.add_argument(
            "--clear-pack-cache",
            action="store_true",
            help="Also delete every owner's drawn pack chunks (the next pack draws every page).",
        )

    def handle(self, *args, every=0, **options):
        import signal
        import time

        if not every:
            self.run_once(**options)
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
        while not stopping:
            self.run_once(**options)
            deadline = time.monotonic() + every
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.5)

    def run_once(self, **options):
        deleted = kept_text_delete_expired()
        known_browsers_delete_expired()
        activities_delete_expired()
        exports_sweep_stale()
        exports_delete_expired()
        deletions = accounts_delete_due()
        purged = incidents_purge_deleted()
        files_purged = exhibits_purge_deleted()
        stale = previews_sweep_stale()
        stale_packs = packs_sweep_stale()
        expired_packs = packs_delete_expired()
        unused_chunks = pack_chunks_delete_unused()
        if options.get("clear_pack_cache"):
            unused_chunks += pack_cache_clear()
        ended_shares = shares_end_expired()
        heartbeats_delete_old()
        orphans = stored_files_sweep_orphans()
        # Finished task rows keep their arguments (ids only, but still a trace of activity).
        if isinstance(task_backends["default"], DatabaseBackend):
            call_command("prune_db_task_results", min_age_days=1, queue_name="*", verbosity=0)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Removed the files of {files_purged} exhibit(s) deleted over 30 days ago."
            )
            self.stdout.write(f"Marked {stale} preview job(s) whose worker died as failed.")
            self.stdout.write(f"Marked {stale_packs} pack(s) whose worker died as failed.")
            self.stdout.write(f"Deleted {expired_packs} expired pack(s).")
            self.stdout.write(f"Deleted {unused_chunks} drawn pack chunk(s).")
            self.stdout.write(f"Deleted {orphans} stored file(s) that no record pointed at.")
            self.stdout.write(f"Ended {ended_shares} share(s) past their expiry.")
            self.stdout.write(f"Queued the deletion of {deletions} account(s) past their 7 days.")
            self.stdout.write(f"Deleted {deleted} expired kept-text record(s).")
            self.stdout.write(f"Removed the words of {purged} note(s) deleted over 30 days ago.")
