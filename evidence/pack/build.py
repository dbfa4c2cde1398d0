"""The background task that makes a pack: gather, draw the PDF, bundle the originals, store both.

Never run in a web request (services.pack_request queues it). Each stage records a heartbeat; a
pack whose worker died (or that no worker took up) is marked failed by
services.packs_sweep_stale, and the user can try again.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from check.register import SignedManifest, record_issued, sign_manifest
from evidence import storage
from evidence.models import PACK_KEPT_FOR, Pack, PackStage, PackStatus
from evidence.pack.bundle import BundleError, build_manifest, write_bundle
from evidence.pack.gather import Gathered, gather, with_manifest_hash
from evidence.pack.selectors import Selection

logger = logging.getLogger(__name__)

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
        pack.heartbeat_at = timezone.now()
        pack.attempts += 1
        pack.save(update_fields=["status", "stage", "progress", "heartbeat_at", "attempts"])
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
    pdf_path = _draw(pack, gathered, folder / f"{pack.download_stem}.pdf")
    zip_path, manifest_sha256 = None, ""
    if manifest is not None:
        zip_path = folder / f"{pack.download_stem}.zip"
        manifest_sha256 = _bundle(pack, gathered, manifest, pdf_path, zip_path, signed)
    _save(pack, pdf_path, zip_path, manifest_sha256)
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

    rendered = render_pack(gathered.content, gathered.images, pdf_path, on_progress=drawing)
    _update(pack, stage=PackStage.BUNDLING, progress=DRAWN, page_count=rendered.page_count)
    return pdf_path


def _bundle(
    pack: Pack,
    gathered: Gathered,
    manifest: bytes,
    pdf_path: Path,
    zip_path: Path,
    signed: SignedManifest,
):
    """Write the ZIP; the manifest's SHA-256, or PackFailed naming an original that failed."""
    total = max(len(gathered.bundle_exhibits), 1)

    def bundled(done: int) -> None:
        _update(pack, progress=DRAWN + (BUNDLED - DRAWN) * done // total)

    try:
        with zip_path.open("wb") as target:
            return write_bundle(
                target,
                pdf_bytes_or_path=pdf_path,
                pdf_name=pdf_path.name,
                manifest=manifest,
                exhibits=gathered.bundle_exhibits,
                on_progress=bundled,
                signature=signed.signature,
                public_key_pem=signed.public_key_pem,
            )
    except BundleError as error:
        raise PackFailed(
            f"The original file {error.reference} could not be put in the bundle: "
            f"{error.problem}. Check it on its page in Files, then try again."
        ) from error


def _save(pack: Pack, pdf_path: Path, zip_path: Path | None, manifest_sha256: str) -> None:
    _update(pack, stage=PackStage.SAVING, progress=BUNDLED)
    # Kept on the pack at once, so that a failure storing the ZIP deletes the stored PDF too.
    pack.pdf_key = storage.store_pack_file(pdf_path, owner_id=pack.owner_id)
    pack.zip_key = storage.store_pack_file(zip_path, owner_id=pack.owner_id) if zip_path else ""
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
        zip_size=zip_path.stat().st_size if zip_path else None,
        manifest_sha256=manifest_sha256,
        finished_at=finished,
        expires_at=finished + PACK_KEPT_FOR,
    )
