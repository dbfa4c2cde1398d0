"""Download everything: every record as JSON, every original, each note's history, a README.

Made by the worker, never in a web request; stored sealed like a pack; deleted 24 hours after it
is ready. The JSON follows a versioned schema (SCHEMA_VERSION, described in README.txt inside
the ZIP and in the project README), so another tool, or this one, can read it back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accounts.models import Activity, Export, ExportStatus, User
from advice.models import ChecklistTick
from diary.models import INCIDENT_FIELD_NAMES, Incident, Person, PoliceContact, Revision
from evidence import storage
from evidence.handover.models import Share
from evidence.models import Exhibit, ExhibitKind, Pack
from evidence.pack.bundle import safe_member_name

logger = logging.getLogger(__name__)

SCHEMA = "notes-export"
SCHEMA_VERSION = 1
KEPT_FOR = timedelta(hours=24)
CHUNK = 1024 * 1024

README = """\
Everything you kept in Notes, as it was on {made}.

records.json   every note, person, contact with police or others, file and item, your
               safety steps and your recent account activity, as JSON
               (schema "{schema}", version {version})
history/       one file per note: every saved version of it and the hash chain that links them
files/         every file you uploaded, byte for byte, named by its exhibit reference
SHA256SUMS     the SHA-256 of every file above; check them with `sha256sum -c SHA256SUMS`

records.json, version {version}:
  "account": your email address, name, initials and time zone.
  "people": id, name, relationship, description, vehicles, phone_numbers, accounts, addresses.
  "notes": id, is_draft, occurred_on (date), occurred_time, timezone, occurred_at and ended_at
      (UTC, ISO 8601), kinds (codes), persons (people ids), every field you can fill in on the
      note form by its name (cost is in pounds, as text: "14.00"), recorded_at (when first
      written, by the server's clock), updated_at, deleted_at, and history (the file in
      history/ with its versions).
  "police_contacts": id, contacted_on, officer_name, officer_number, organisation, method,
      summary, reference, notes (the ids of the notes it covered).
  "files": reference (e.g. JS/4), kind ("file" or "item"), caption, notes (note ids),
      photo_of (the item it is a photo of), and for a file: original_name, path (in files/),
      mime_type, size, sha256 (taken when it arrived; equal to the file's own in files/),
      received_at, captured_at, facts (what the file itself says: camera, place, email
      headers...), and for a recording or a video, transcript (what is said or shown, as you
      typed it); for an item: received_on, arrived_how, kept_where, handling.
  "safety_steps": the steps you ticked, and when.
  "activity": sign-ins and changes to your account in the last 90 days.
Times are ISO 8601; a time without a zone is a local time in the note's own time zone.
"""


def exports_of(user: User):
    return Export.objects.owned_by(user).order_by("-requested_at")


def export_request(*, owner: User) -> Export:
    """Queue a new download of everything, unless one is already on its way."""
    with transaction.atomic():
        waiting = (
            exports_of(owner).filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).first()
        )
        if waiting is not None:
            return waiting
        export = Export.objects.create(owner=owner)
        export_id = str(export.pk)
        transaction.on_commit(lambda: build_export.enqueue(export_id))
    return export


def _update(export: Export, **values) -> None:
    values["heartbeat_at"] = timezone.now()
    Export.objects.filter(pk=export.pk).update(**values)


@task()
def build_export(export_id: str) -> str:
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.QUEUED:
            return "not queued"
        export.status = ExportStatus.RUNNING
        export.heartbeat_at = timezone.now()
        export.attempts += 1
        export.save(update_fields=["status", "heartbeat_at", "attempts"])
    try:
        with tempfile.TemporaryDirectory(prefix="export-") as folder:
            path = Path(folder) / "export.zip"
            write_export(export.owner, path, on_progress=lambda p: _update(export, progress=p))
            key = storage.store_export_file(path, owner_id=export.owner_id)
            size = path.stat().st_size
    except Exception as error:
        logger.error("Export %s failed (%s)", export.pk, type(error).__name__)
        _update(
            export,
            status=ExportStatus.FAILED,
            problem="Something went wrong while making the download.",
            finished_at=timezone.now(),
        )
        return "failed"
    finished = timezone.now()
    _update(
        export,
        status=ExportStatus.READY,
        progress=100,
        file_key=key,
        file_size=size,
        finished_at=finished,
        expires_at=finished + KEPT_FOR,
    )
    return "ready"


# The ZIP ----------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # an amount in pounds, as text so no digit is lost
    raise TypeError(type(value).__name__)


def _dumps(value) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, default=_json) + "\n").encode()


def write_export(user: User, path: Path, *, on_progress=None) -> dict:
    """Write the whole ZIP at `path`; return the records it holds (as written to records.json)."""
    sums: list[tuple[str, str]] = []
    exhibits = list(Exhibit.objects.owned_by(user).order_by("reference_number"))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as bundle:

        def add(name: str, body: bytes) -> None:
            bundle.writestr(name, body)
            sums.append((hashlib.sha256(body).hexdigest(), name))

        notes = []
        for incident in Incident.objects.owned_by(user).order_by("timeline_position", "pk"):
            history = f"history/{incident.pk}.json"
            add(history, _dumps(_history(incident)))
            notes.append(_note(incident, history))
        if on_progress:
            on_progress(20)
        files = []
        for done, exhibit in enumerate(exhibits, start=1):
            member = _copy_original(bundle, exhibit, sums)
            files.append(_file(exhibit, member))
            if on_progress:
                on_progress(20 + 75 * done // max(len(exhibits), 1))
        records = {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "exported_at": timezone.now(),
            "account": {
                "email": user.email,
                "name": user.full_name,
                "initials": user.initials,
                "timezone": user.timezone,
            },
            "people": [_person(person) for person in Person.objects.owned_by(user)],
            "notes": notes,
            "police_contacts": [
                _contact(contact) for contact in PoliceContact.objects.owned_by(user)
            ],
            "files": files,
            "packs": [_pack(pack) for pack in Pack.objects.owned_by(user).exclude(status="draft")],
            "shares": [
                _share(share)
                for share in Share.objects.owned_by(user)
                .select_related("pack")
                .order_by("created_at")
            ],
            "safety_steps": [
                {"step": tick.item_key, "ticked_at": tick.ticked_at}
                for tick in ChecklistTick.objects.owned_by(user).order_by("ticked_at")
            ],
            "activity": [
                {"what": item.get_kind_display(), "at": item.at, "browser": item.browser}
                for item in Activity.objects.owned_by(user).order_by("-at")
            ],
        }
        add("records.json", _dumps(records))
        made = timezone.localtime(timezone.now(), user.zone)
        add(
            "README.txt",
            README.format(made=f"{made:%d %B %Y}", schema=SCHEMA, version=SCHEMA_VERSION).encode(),
        )
        listing = "".join(f"{digest}  {name}\n" for digest, name in sums)
        bundle.writestr("SHA256SUMS", listing.encode("ascii", "replace"))
    return json.loads(_dumps(records))


def _note(incident: Incident, history: str) -> dict:
    return {
        "id": str(incident.pk),
        "is_draft": incident.is_draft,
        **{name: getattr(incident, name) for name in INCIDENT_FIELD_NAMES},
        "occurred_at": incident.occurred_at,
        "kinds": list(incident.kinds),
        "persons": sorted(str(pk) for pk in incident.persons.values_list("pk", flat=True)),
        "recorded_at": incident.recorded_at,
        "updated_at": incident.updated_at,
        "deleted_at": incident.deleted_at,
        "history": history,
    }


def _history(incident: Incident) -> list[dict]:
    return [
        {
            "sequence": revision.sequence,
            "action": revision.action,
            "created_at": revision.created_at,
            "snapshot": revision.snapshot,
            "snapshot_sha256": revision.snapshot_sha256,
            "previous_hash": revision.previous_hash,
            "chain_hash": revision.chain_hash,
            "purged_at": revision.purged_at,
        }
        for revision in Revision.objects.filter(incident=incident).order_by("sequence")
    ]


def _person(person: Person) -> dict:
    fields = ("name", "relationship", "description", "vehicles", "phone_numbers", "accounts")
    return {
        "id": str(person.pk),
        **{name: getattr(person, name) for name in fields},
        "addresses": person.addresses,
    }


def _contact(contact: PoliceContact) -> dict:
    fields = ("contacted_on", "officer_name", "officer_number", "organisation", "method")
    return {
        "id": str(contact.pk),
        **{name: getattr(contact, name) for name in fields},
        "summary": contact.summary,
        "reference": contact.reference,
        "notes": sorted(str(pk) for pk in contact.incidents.values_list("pk", flat=True)),
    }


def _copy_original(bundle: zipfile.ZipFile, exhibit: Exhibit, sums: list) -> str | None:
    if exhibit.kind != ExhibitKind.FILE or not exhibit.original_key:
        return None
    extension = (exhibit.file_facts or {}).get("extension", "")
    member = "files/" + safe_member_name(exhibit.reference, exhibit.original_name, extension)
    digest = hashlib.sha256()
    with (
        storage.open_stored(exhibit.original_key, owner_id=exhibit.owner_id) as source,
        bundle.open(member, "w", force_zip64=True) as target,
    ):
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    sums.append((digest.hexdigest(), member))
    return member


def _file(exhibit: Exhibit, member: str | None) -> dict:
    found = {
        "reference": exhibit.reference,
        "kind": exhibit.kind,
        "caption": exhibit.caption,
        "notes": sorted(str(pk) for pk in exhibit.incidents.values_list("pk", flat=True)),
        "photo_of": exhibit.photo_of.reference if exhibit.photo_of_id else None,
        "deleted_at": exhibit.deleted_at,
    }
    if exhibit.kind == ExhibitKind.ITEM:
        return {
            **found,
            "received_on": exhibit.item_received_on,
            "arrived_how": exhibit.item_arrived_how,
            "kept_where": exhibit.item_kept_where,
            "handling": exhibit.item_handling,
        }
    return {
        **found,
        "original_name": exhibit.original_name,
        "path": member,
        "mime_type": exhibit.mime_type,
        "size": exhibit.size,
        "sha256": exhibit.sha256,
        "received_at": exhibit.received_at,
        "captured_at": exhibit.captured_at,
        "facts": exhibit.file_facts,
        **({"transcript": exhibit.transcript} if exhibit.takes_transcript else {}),
    }


def _pack(pack: Pack) -> dict:
    return {
        "reference": pack.reference,
        "made_at": pack.created_at,
        "status": pack.status,
        "pages": pack.page_count,
        "manifest_sha256": pack.manifest_sha256,
    }


def _share(share: Share) -> dict:
    return {
        "pack_reference": share.pack.reference,
        "for": share.recipient,
        "made_at": share.created_at,
        "expires_at": share.expires_at,
        "state": share.state_label,
        "wrong_codes": share.wrong_codes,
    }


# Housekeeping -----------------------------------------------------------------------------------


def exports_delete_expired(*, now=None) -> int:
    """Delete downloads a day after they were made, and failed ones a day after they failed."""
    now = now or timezone.now()
    expired = Export.objects.filter(
        Q(expires_at__lt=now) | Q(status=ExportStatus.FAILED, finished_at__lt=now - KEPT_FOR)
    )
    count = 0
    for export in expired.iterator():
        storage.delete_stored(export.file_key)
        export.delete()
        count += 1
    return count


# A download whose worker died is started again this many times before it is given up.
ATTEMPTS = 2


def exports_sweep_stale(*, now=None, exports=None) -> int:
    """Start again a download whose worker died; after ATTEMPTS, or if no worker took it up at
    all, mark it failed so the user can try again."""
    now = now or timezone.now()
    # The limits are settings so the fault drills can shorten them.
    silent_since = now - timedelta(seconds=settings.STALE_JOB_SILENT_SECONDS)
    unstarted_since = now - timedelta(seconds=settings.STALE_JOB_NEVER_STARTED_SECONDS)
    exports = Export.objects.all() if exports is None else exports
    died = exports.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=silent_since)
    for export_id in died.filter(attempts__lt=ATTEMPTS).values_list("pk", flat=True):
        Export.objects.filter(pk=export_id).update(status=ExportStatus.QUEUED, requested_at=now)
        transaction.on_commit(lambda export_id=str(export_id): build_export.enqueue(export_id))
    return exports.filter(
        Q(status=ExportStatus.RUNNING, heartbeat_at__lt=silent_since)
        | Q(status=ExportStatus.QUEUED, requested_at__lt=unstarted_since)
    ).update(
        status=ExportStatus.FAILED,
        problem="The download stopped before it was finished.",
        finished_at=now,
    )
