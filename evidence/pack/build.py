"""The background task that makes a pack: gather, draw the PDF, bundle the originals, store both.

Never run in a web request (services.pack_request queues it). Each stage records a heartbeat; a
pack whose worker died (or that no worker took up) is marked failed by
services.packs_sweep_stale, and the user can try again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from check.register import SignedManifest, record_issued, sign_manifest
from evidence import storage
from evidence.models import PACK_KEPT_FOR, Pack, PackStage, PackStatus
from evidence.pack.bundle import BundleError, BundleWriter, build_manifest
from evidence.pack.cache import ChunkCache, pack_cache_clear_if_no_packs
from evidence.pack.gather import Gathered, gather, with_manifest_hash
from evidence.pack.selectors import Selection

logger = logging.getLogger(__name__)

# How much lower than the drawing the thread writing the originals into the ZIP runs (nice).
ORIGINALS_NICENESS = 10

# The share of the progress bar each stage ends at.
GATHERED, DRAWN, BUNDLED = 10, 80, 97


class PackFailed(Exception):
    """A build that cannot finish, with a message in our own words for the pack page."""


class PackGone(Exception):
    """The user deleted the pack while it was being made: stop, and keep none of its files."""


def _update(pack: Pack, **values) -> None:
    values["heartbeat_at"] = timezone.now()
    if not Pack.objects.filter(pk=pack.pk).update(**values):
        raise PackGone
    for name, value in values.items():
        setattr(pack, name, value)


def _claim(pack_id) -> Pack | None:
    """Take a queued pack for this worker; None if it is gone or another worker has it."""
    with transaction.atomic():
        pack = Pack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or pack.status != PackStatus.QUEUED:
            return None
        pack.status = PackStatus.RUNNING
        pack.stage = PackStage.GATHERING
        pack.progress = 1
        pack.heartbeat_at = pack.started_at = timezone.now()
        pack.attempts += 1
        pack.save(
            update_fields=["status", "stage", "progress", "heartbeat_at", "started_at", "attempts"]
        )
        return pack


@task()
def build_pack(pack_id: str) -> str:
    pack = _claim(pack_id)
    if pack is None:
        return "not queued"
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        try:
            _build(pack, Path(folder))
        except PackGone:
            storage.delete_stored(pack.pdf_key, pack.zip_key)
            # Chunks kept while it was drawn must not outlive the owner's last pack either.
            pack_cache_clear_if_no_packs(owner_id=pack.owner_id)
            return "deleted while being made"
        except PackFailed as failure:
            _fail(pack, str(failure))
            return "failed"
        except Exception as error:
            # Log the kind of failure only: a message can quote the user's own text.
            logger.error("Pack %s failed (%s)", pack.pk, type(error).__name__)
            _fail(pack, "Something went wrong while making the pack.")
            return "failed"
    return "ready"


def _fail(pack: Pack, problem: str) -> None:
    storage.delete_stored(pack.pdf_key, pack.zip_key)
    Pack.objects.filter(pk=pack.pk).update(
        status=PackStatus.FAILED,
        problem=problem[:300],
        pdf_key="",
        zip_key="",
        finished_at=timezone.now(),
    )


def _build(pack: Pack, folder: Path) -> None:
    """The stages in turn: gather, draw the PDF, bundle the originals, store both."""
    selection = Selection.from_json(pack.selection)
    gathered = _gather(pack, selection)
    manifest = signed = None
    if selection.include_bundle:
        manifest = build_manifest(
            pack_reference=pack.reference,
            created_at=pack.created_at,
            selection=gathered.manifest_selection,
            exhibits=gathered.bundle_exhibits,
            incidents=gathered.bundle_incidents,
        )
        gathered.content = with_manifest_hash(
            gathered.content, hashlib.sha256(manifest).hexdigest()
        )
        # Signed before drawing, so the cover can print the fingerprint of the key that signed.
        signed = sign_manifest(manifest)
        gathered.content = replace(gathered.content, signing_key_fingerprint=signed.fingerprint)
    pdf_name = f"{pack.download_stem}.pdf"
    # The originals go into the ZIP while the PDF is drawn: they do not depend on it, and the
    # drawing processes leave this one mostly waiting.
    bundling = _Bundling(pack, gathered, manifest, signed, pdf_name) if manifest else None
    try:
        pdf_path = _draw(pack, gathered, folder / pdf_name)
        manifest_sha256 = bundling.finish(pdf_path) if bundling else ""
    except BaseException:
        if bundling is not None:
            bundling.stop()
        raise
    _save(pack, pdf_path, bundling.upload if bundling else None, manifest_sha256)
    if manifest is not None:
        # In the register only once the pack is stored and ready to hand over.
        record_issued(reference=pack.reference, manifest=manifest, signed=signed)


def _gather(pack: Pack, selection: Selection) -> Gathered:
    gathered = gather(
        owner=pack.owner, selection=selection, reference=pack.reference, created_at=pack.created_at
    )
    content = gathered.content
    if not content.incidents and not content.exhibits:
        raise PackFailed("Nothing matches what you chose, so there was nothing to put in a pack.")
    _update(
        pack,
        stage=PackStage.DRAWING,
        progress=GATHERED,
        incident_count=len(content.incidents),
        exhibit_count=len(content.exhibits),
        originals_in_zip=len(gathered.bundle_exhibits) if selection.include_bundle else 0,
        originals_left_out=list(content.located_left_out),
    )
    return gathered


def _draw(pack: Pack, gathered: Gathered, pdf_path: Path) -> Path:
    # WeasyPrint is loaded by the worker only, never by the web processes.
    from evidence.pack.pdf.chunks import render_pack

    def drawing(fraction: float) -> None:
        share = GATHERED + int((DRAWN - GATHERED) * max(0.0, min(fraction, 1.0)))
        _update(pack, progress=share)

    rendered = render_pack(
        gathered.content,
        gathered.images,
        pdf_path,
        on_progress=drawing,
        cache=ChunkCache(pack.owner_id),
    )
    _update(
        pack,
        stage=PackStage.BUNDLING,
        progress=DRAWN,
        page_count=rendered.page_count,
        chunk_count=rendered.chunk_count,
        chunks_reused=rendered.reused,
    )
    return pdf_path


class _Bundling:
    """The bundle ZIP, its originals written by a thread of their own while the PDF is drawn,
    sealed on their way to storage (storage.SealedUpload); the PDF and manifest go in last."""

    def __init__(
        self,
        pack: Pack,
        gathered: Gathered,
        manifest: bytes,
        signed: SignedManifest,
        pdf_name: str,
    ) -> None:
        self.upload = storage.SealedUpload("packs", owner_id=pack.owner_id)
        self.writer = BundleWriter(
            self.upload,
            pdf_name=pdf_name,
            manifest=manifest,
            exhibits=gathered.bundle_exhibits,
            signature=signed.signature,
            public_key_pem=signed.public_key_pem,
        )
        self.failure: BaseException | None = None
        # No database work in the thread: progress is recorded by the drawing, in this one.
        self.thread = threading.Thread(target=self._originals, name="pack-originals", daemon=True)
        self.thread.start()

    def _originals(self) -> None:
        if sys.platform == "linux":
            # This thread only (Linux nices threads one by one): the drawing processes, which the
            # pack waits on, come first on a busy machine; the originals fill the gaps and have
            # until the PDF is drawn to catch up.
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), ORIGINALS_NICENESS)
        try:
            self.writer.add_originals()
        except BaseException as failure:
            self.failure = failure

    def finish(self, pdf_path: Path) -> str:
        """Add the PDF and close the ZIP; the manifest's SHA-256, or PackFailed naming an
        original that failed."""
        self.thread.join()
        try:
            if self.failure is not None:
                raise self.failure
            return self.writer.finish(pdf_path)
        except BundleError as error:
            raise PackFailed(
                f"The original file {error.reference} could not be put in the bundle: "
                f"{error.problem}. Check it on its page in Files, then try again."
            ) from error

    def stop(self) -> None:
        """Stop after the original being copied and throw the ZIP away."""
        self.writer.stopping = True
        self.thread.join()
        self.writer.abandon()
        self.upload.discard()


def _save(
    pack: Pack, pdf_path: Path, zip_upload: storage.SealedUpload | None, manifest_sha256: str
) -> None:
    _update(pack, stage=PackStage.SAVING, progress=BUNDLED)
    # Kept on the pack at once, so that a failure storing the other file deletes this one too.
    if zip_upload is not None:
        pack.zip_key = zip_upload.save()
    pack.pdf_key = storage.store_pack_file(pdf_path, owner_id=pack.owner_id)
    finished = timezone.now()
    _update(
        pack,
        status=PackStatus.READY,
        stage="",
        progress=100,
        problem="",
        pdf_key=pack.pdf_key,
        pdf_size=pdf_path.stat().st_size,
        zip_key=pack.zip_key,
        zip_size=zip_upload.size if zip_upload is not None else None,
        manifest_sha256=manifest_sha256,
        finished_at=finished,
        expires_at=finished + PACK_KEPT_FOR,
    )
