"""Evidence pack: drawing time per incident and per photo, PDF size, memory, and a big pack,
with encryption at rest on, and the 200-note packs again with it off.

Run with `make bench` (or `.venv/bin/python benchmarks/pack.py`). Everything goes into a
throw-away folder: a SQLite database (unless DATABASE_URL names another, empty one), the media
files and a throw-away key-encryption keyset. Five owners are seeded with realistic notes and
revision chains, all through the real models (bulk_create seals each sealed field):

- "plain": 200 notes, no files;
- "photos": the same 200 notes with 100 photos (12 MP phone JPEGs, kept as originals, with
  display, print and thumbnail copies made by evidence.derivatives as the preview task does);
- "big": 1,000 notes, the first 200 of them the same again, with the same 100 photos;
- "plain_off" and "photos_off": the same as "plain" and "photos", written with
  ENCRYPTION_ENABLED off.

The first three are sealed with their own keys: free text, snapshots and file facts in the
database, and every stored file (each owner's copies sealed with that owner's file key). The two
"off" owners hold plain text and plain files. Both are checked in the database's own rows and on
disk before anything is drawn.

The 200-note packs are each drawn (gather + render_pack, as build.py does) in a fresh child
process, with ENCRYPTION_ENABLED as their owner was written, RUNS times, the four taking turns,
after a one-note warm-up pack of an owner of the same kind; the keys the warm-up unwrapped are then
forgotten, so each timed pack unwraps its owner's keys as a worker's job does. gather opens every
sealed field it reads, and the print copies are opened from sealed storage as the renderer asks
for them; the child counts both and checks that nothing sealed reached the pack. render_pack
draws a big pack's chunks in forked processes, so memory is the peak of the summed PSS of the child
and its chunk drawers, sampled from this process; the largest single peak RSS (from os.wait4) is
shown beside it. Then the "big" pack is requested as the pack page does (`pack_request`) and the
real worker (`manage.py db_worker --batch`) makes it, PDF and ZIP, timed from request to READY;
then one note is added through the diary's own service, dated now, and the pack is made again
by a fresh worker, drawing only the chunks that changed (evidence/pack/cache.py). The two are
printed side by side against the target (the re-make at most 20% of the first build). Then the
same two builds by one long-running worker, as production runs them, after a warm-up pack.
Every cold run clears the owner's cache of drawn chunks first and asserts that none was reused.

Targets from the encryption issue: a 200-note pack at most 1.1x the time with encryption off
(gather + draw, medians). Figures over target are reported, not failures: the exit status is
non-zero only if something crashed or the worker's pack did not end READY.
"""

import argparse
import contextlib
import hashlib
import json
import os
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A child process is handed the parent's folder through the environment and must not make its own.
SCRATCH_VARIABLE = "BENCH_PACK_SCRATCH"
if SCRATCH_VARIABLE not in os.environ:
    _scratch = tempfile.mkdtemp(prefix="bench-pack-")
    os.environ[SCRATCH_VARIABLE] = _scratch
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = f"{_scratch}/media"
    os.environ["S3_BUCKET"] = ""  # local files only, whatever the shell says
    # Without them the settings would write key files into the repository's var/.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    if not (os.environ.get("ENCRYPTION_KEYSET") or os.environ.get("ENCRYPTION_KEYSET_FILE")):
        from config.encryption import new_kek_json

        os.environ["ENCRYPTION_KEYSET"] = new_kek_json()
    # On unless a child is told otherwise: the "off" owners are written and drawn with it off.
    os.environ["ENCRYPTION_ENABLED"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

SMALL_PACK = 200
BIG_PACK = 1_000
PHOTOS = 100
DISTINCT_SCENES = 10  # drawn scenes; each gives PHOTOS // DISTINCT_SCENES different photos
RUNS = 5  # of each 200-note pack; the on/off ratio is a few per cent, so not fewer
CAMERA = (4032, 3024)  # 12 MP
LONDON = "Europe/London"
OWNERS = {
    "plain": "plain@example.org",
    "photos": "photos@example.org",
    "big": "big@example.org",
    "plain_off": "plain-off@example.org",
    "photos_off": "photos-off@example.org",
}
# ENCRYPTION_ENABLED as each owner is written and drawn; "big" is only ever drawn sealed.
SEALED = {"plain": True, "photos": True, "big": True, "plain_off": False, "photos_off": False}
# The 200-note packs drawn, in the order of a round; every other round goes the other way.
DRAWN = ("plain", "plain_off", "photos", "photos_off")
TARGETS = {
    "per_incident_ms": 35.0,
    "per_photo_ms": 15.0,
    "per_photo_kb": 350.0,
    "extra_memory_mb": 25.0,
    "big_pack_s": 60.0,
    "sealed_ratio": 1.1,  # a 200-note pack with encryption on, against off
    "remake_share": 0.20,  # the big pack made again after one new note, against its first build
}


# Words for the notes -----------------------------------------------------------------------
# Realistic in shape and length (a few hundred to about 1,500 characters, some in paragraphs),
# written for this benchmark; the names, numbers and places are made up.

PEOPLE = [
    {
        "name": "Mark Hollis",
        "relationship": "ex_partner",
        "description": "White man, about 40, tall and thin, short grey hair, usually wears a "
        "dark green waxed jacket and black trainers. Has a scar through his left eyebrow.",
        "vehicles": "Silver Ford Focus estate, registration starts LK15; sometimes his "
        "brother's white Transit van.",
        "phone_numbers": "07700 900123\n07700 900456 (work phone)",
        "accounts": "mark.hollis.77 on Facebook; @hollis_m on Instagram",
        "addresses": "Flat 3, 18 Cedar Road, Northtown (last I knew)",
    },
    {
        "name": "Dawn Hollis",
        "relationship": "acquaintance",
        "description": "Mark's sister. Small, bleached blonde hair in a ponytail, about 45.",
        "vehicles": "Red Vauxhall Corsa",
        "phone_numbers": "07700 900789",
        "accounts": "dawnie_h on Facebook",
        "addresses": "",
    },
    {
        "name": "Man in the grey van",
        "relationship": "stranger",
        "description": "Never seen his face clearly. Heavy build, beard, dark beanie hat.",
        "vehicles": "Grey Citroën Berlingo van with a dent in the passenger door",
        "phone_numbers": "",
        "accounts": "",
        "addresses": "",
    },
]

OPENINGS = {
    "phone_call": [
        "My phone rang {count} times between {early} and {late}. Every call was from {number}, "
        "which is Mark's number. I did not answer any of them.",
        "I answered a call from {number} without looking at the screen. It was Mark. He said "
        '"you can\'t ignore me for ever" and then just breathed until I hung up.',
    ],
    "withheld_call": [
        "{count} calls from a withheld number between {early} and {late}. When I answered the "
        "last one nobody spoke, but I could hear a television in the background.",
    ],
    "text_message": [
        "Text messages from {number} started at {early}. There were {count} of them by {late}. "
        'The first said "I know you\'re home, the light is on".',
        "Mark sent a long message at {early} saying he was sorry and that we should meet to "
        "talk. When I did not reply he sent {count} more, each one angrier than the last.",
    ],
    "voicemail": [
        "There was a voicemail at {early} from {number}. Mark's voice, slurred. He said he "
        'would "sort this out once and for all" and that I would be sorry.',
    ],
    "letter": [
        "A letter was pushed through the door some time before {early}. No stamp, so it was "
        'delivered by hand. Handwritten in blue biro, four pages, signed only "M".',
        "When I came home at {early} there was an envelope on the mat with my name written "
        "in capitals. Inside was a photo of me outside work, taken without my knowing.",
    ],
    "email": [
        "An email arrived at {early} from an address I did not recognise. It listed the "
        'places I had been that week and ended "see you soon".',
    ],
    "social_media": [
        'Mark posted on Facebook at {early} about "people who lie to the police". Several '
        "friends we used to share commented, and one tagged me in it.",
        "A new Instagram account followed me at {early} and sent {count} messages. The "
        "profile picture is a photo of my front door.",
    ],
    "in_person": [
        "Mark was waiting by the bus stop at {early} when I came out of the shop. He walked "
        'up close and said "we need to talk, you owe me that". I said no and walked away.',
    ],
    "following": [
        "I noticed Mark behind me on the way to the station at {early}. He stayed about "
        "twenty metres back the whole way and got on the same train, one carriage down.",
        "Walking home from the gym at {early} I saw the grey van pull out and drive slowly "
        "behind me for the length of the road.",
    ],
    "loitering": [
        "Mark's car was parked across the road from my house from {early} until at least "
        "{late}. He sat in the driver's seat the whole time with the engine running.",
    ],
    "driving_past": [
        "The grey van drove past my house {count} times between {early} and {late}, slowing "
        "down each time outside my gate.",
    ],
    "gift_or_parcel": [
        "A parcel was left on the doorstep before {early}. Inside were flowers and a card "
        'saying "for old times\' sake". I did not order anything.',
    ],
    "damage": [
        "When I went out at {early} both front tyres of my car were flat. The garage said "
        "they had been cut with a blade on the sidewall.",
    ],
    "through_others": [
        "My friend Sarah rang at {early} to say Dawn had been asking her where I work now "
        "and what time I finish.",
    ],
    "false_report": [
        "Two officers came to the door at {early} because someone had reported that I was "
        "neglecting my children. They left after ten minutes and said it was malicious.",
    ],
}

DETAILS = [
    "I was on my own in the house at the time.",
    "I checked the doorbell camera afterwards and it had recorded part of it.",
    "I took screenshots of everything before he could delete it.",
    "This is the third time this week that something like this has happened.",
    "He knows I start work at eight on Mondays, so this was not an accident.",
    "The neighbour at number 12 saw the car too and said it had been there all morning.",
    "I did not reply, as the police officer advised last time.",
    "My hands were shaking so much I could not unlock the front door.",
    "I moved the children to the back bedroom and kept the lights off.",
    "I rang my sister and stayed on the phone with her until I was home.",
    "There was nobody else on the street, which made it worse.",
    "He has been told by the police not to contact me, but it has not stopped him.",
    "I have kept the envelope and the card in a freezer bag, as the advice page suggests.",
    "Afterwards I checked all the windows and doors twice before I could sit down.",
    "I changed my route home again, the second time this month.",
    "I kept the messages and have photographed the screen as well.",
    "I did not sleep much that night and kept hearing cars outside.",
    "A man walking his dog stopped and asked me if I was all right.",
    "I wrote this down as soon as I got in so I would not forget the details.",
    "I have no idea how he found out where I would be.",
]

FEELINGS_WORDS = [
    "I felt frightened that he would come to the door next.",
    "I was very upset and could not concentrate at work for the rest of the day.",
    "It made me feel that I am never safe, even at home.",
    "I am afraid of what he will do if this carries on.",
]

PLACES = [
    "Outside my house, 4 Elm Close",
    "Northtown station, platform 2",
    "Bus stop on the High Street, opposite the Co-op",
    "Car park at work (Riverside Business Park)",
    "At home",
    "The gym on Mill Lane",
    "School gates, St Anne's Primary",
    "",
]

APPEARANCES = [
    "Green waxed jacket, jeans, black trainers. He looked like he had not slept.",
    "Dark hoodie with the hood up, grey tracksuit bottoms. Shouted, then went quiet.",
    "Smart coat and a blue scarf, as if he had come from work. He spoke calmly but stood very "
    "close to me.",
]

WITNESSES = [
    "My neighbour Mrs Patel (number 6) saw him from her window.",
    "A woman at the bus stop; I did not get her name.",
    "My colleague Tom Reed was with me.",
]

TOLD = [
    "My sister Claire, by phone the same evening.",
    "My manager at work, the next morning.",
    "Sarah (friend), by text.",
]

FEELINGS_OTHER = [
    "Embarrassed in front of my neighbours.",
    "Guilty, as if I had caused it.",
    "Exhausted and on edge all the time.",
]

CHANGES_OTHER = [
    "I now ask a friend to walk me to the car after late shifts.",
    "I have stopped going to my usual gym class.",
]

AMENDMENTS = [
    "Added later: I have now found the registration in the doorbell footage.",
    "Added later: my neighbour has agreed to give a statement if the police ask.",
    "Added the next day: I remembered he was carrying a carrier bag from the off-licence.",
]


def _narrative(rng: random.Random, kinds: list[str]) -> str:
    """A note in the user's words: an opening for its first kind, then detail, 1-3 paragraphs."""
    words = {
        "count": rng.randint(3, 17),
        "early": f"{rng.randint(6, 11)}.{rng.choice(['05', '20', '35', '50'])}am",
        "late": f"{rng.randint(1, 11)}.{rng.choice(['10', '25', '40', '55'])}pm",
        "number": rng.choice(["07700 900123", "07700 900456", "a withheld number"]),
    }
    kind = next((k for k in kinds if k in OPENINGS), "in_person")
    sentences = [rng.choice(OPENINGS[kind]).format(**words)]
    wanted = rng.choice([rng.randint(300, 600), rng.randint(600, 1000), rng.randint(1000, 1500)])
    details = rng.sample(DETAILS, len(DETAILS))
    while sum(len(s) + 1 for s in sentences) < wanted and details:
        sentences.append(details.pop())
    if rng.random() < 0.6:
        sentences.append(rng.choice(FEELINGS_WORDS))
    paragraphs = rng.choice([1, 1, 2, 3])
    size = max(1, len(sentences) // paragraphs)
    chunks = [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]
    return "\n\n".join(chunks)


def note_specs(count: int) -> list[dict]:
    """The notes as plain values, oldest first, spread over the two years up to last week."""
    from diary.models import Change, Feeling, Kind

    rng = random.Random(6)  # noqa: S311 - repeatable test data, not security
    kinds = [code for code, _ in Kind.choices if code in OPENINGS]
    last = timezone.localdate() - timedelta(days=7)
    specs = []
    for _ in range(count):
        day = last - timedelta(days=rng.randrange(730))
        known = rng.random() > 0.1
        chosen = sorted(set(rng.sample(kinds, rng.choice([1, 1, 2, 3]))))
        feelings = sorted(
            set(rng.sample([Feeling.ALARM, Feeling.DISTRESS, Feeling.FEAR_OF_VIOLENCE], 2))
        )
        spec = {
            "occurred_on": day,
            "occurred_time": clock_time(rng.randrange(24), rng.randrange(0, 60, 5))
            if known
            else None,
            "kinds": chosen,
            "people": sorted(set(rng.choices(range(len(PEOPLE)), [6, 2, 2], k=rng.choice([1, 2])))),
            "narrative": _narrative(rng, chosen),
            "location": rng.choice(PLACES),
            "appearance": rng.choice(APPEARANCES)
            if {"in_person", "following"} & set(chosen)
            else "",
            "vehicle": ("Silver", "Ford", "Focus", "LK15 XYZ")
            if {"loitering", "driving_past"} & set(chosen)
            else ("", "", "", ""),
            "contact_used": "07700 900123"
            if {"phone_call", "text_message", "voicemail"} & set(chosen)
            else "",
            "witnesses": rng.choice(WITNESSES) if rng.random() < 0.3 else "",
            "people_told": rng.choice(TOLD) if rng.random() < 0.4 else "",
            "feelings": feelings + ([Feeling.OTHER] if rng.random() < 0.15 else []),
            "feelings_other": "",
            "changes": sorted(
                set(rng.sample([c for c, _ in Change.choices if c != "other"], rng.randint(0, 2)))
            ),
            "changes_other": rng.choice(CHANGES_OTHER) if rng.random() < 0.1 else "",
            "police_told": rng.choice(["yes", "no", "no", ""]),
            # Written between ten minutes and three days after it happened.
            "written_after": timedelta(minutes=rng.randint(10, 3 * 24 * 60)),
            "amendment": rng.choice(AMENDMENTS) if rng.random() < 0.15 else "",
        }
        if Feeling.OTHER in spec["feelings"]:
            spec["feelings_other"] = rng.choice(FEELINGS_OTHER)
        specs.append(spec)
    specs.sort(key=lambda s: (s["occurred_on"], s["occurred_time"] or clock_time(0)))
    for number, spec in enumerate(specs, start=1):
        if spec["police_told"] == "yes":
            spec["police_reference"] = f"47/{10000 + number}/24"
            spec["police_told_on"] = spec["occurred_on"] + timedelta(days=1)
    return specs


# Seeding -----------------------------------------------------------------------------------


def seed_notes(owner, specs: list[dict]) -> list:
    """Bulk-create notes with kinds, people and revision chains as diary/services.py writes them.

    About one in seven notes was amended once, so it has an "edit" revision after "create".
    """
    from diary.models import Incident, IncidentKind, Person, Revision, RevisionAction
    from diary.revisions import chain_digest, snapshot_digest
    from diary.services import incident_snapshot
    from diary.times import local_to_utc, start_of_local_day

    people = Person.objects.bulk_create([Person(owner=owner, **person) for person in PEOPLE])
    incidents = []
    for spec in specs:
        occurred_at = (
            local_to_utc(spec["occurred_on"], spec["occurred_time"], LONDON)
            if spec["occurred_time"]
            else None
        )
        position = occurred_at or start_of_local_day(spec["occurred_on"], LONDON)
        recorded_at = position + spec["written_after"]
        colour, make, model, registration = spec["vehicle"]
        narrative = spec["narrative"]
        if spec["amendment"]:
            narrative += "\n\n" + spec["amendment"]
        incidents.append(
            Incident(
                owner=owner,
                occurred_on=spec["occurred_on"],
                occurred_time=spec["occurred_time"],
                timezone=LONDON,
                occurred_at=occurred_at,
                timeline_position=position,
                location=spec["location"],
                kinds=spec["kinds"],
                narrative=narrative,
                appearance=spec["appearance"],
                vehicle_colour=colour,
                vehicle_make=make,
                vehicle_model=model,
                vehicle_registration=registration,
                contact_used=spec["contact_used"],
                witnesses=spec["witnesses"],
                people_told=spec["people_told"],
                feelings=sorted(spec["feelings"]),
                feelings_other=spec["feelings_other"],
                changes=spec["changes"],
                changes_other=spec["changes_other"],
                police_told=spec["police_told"],
                police_told_on=spec.get("police_told_on"),
                police_reference=spec.get("police_reference", ""),
                recorded_at=recorded_at,
                updated_at=recorded_at + timedelta(days=1) if spec["amendment"] else recorded_at,
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=500)
    IncidentKind.objects.bulk_create(
        [IncidentKind(incident=i, kind=k) for i in incidents for k in i.kinds], batch_size=1000
    )
    through = Incident.persons.through
    through.objects.bulk_create(
        [
            through(incident_id=incident.pk, person_id=people[index].pk)
            for incident, spec in zip(incidents, specs, strict=True)
            for index in spec["people"]
        ],
        batch_size=1000,
    )

    revisions = []
    for incident, spec in zip(incidents, specs, strict=True):
        versions = [(RevisionAction.CREATE, spec["narrative"], incident.recorded_at)]
        if spec["amendment"]:
            versions.append((RevisionAction.EDIT, incident.narrative, incident.updated_at))
        final_narrative, previous_hash = incident.narrative, ""
        for sequence, (action, narrative, at) in enumerate(versions, start=1):
            incident.narrative = narrative
            snapshot = {
                **incident_snapshot(incident),
                "action": action,
                "revised_at": at.isoformat(),
            }
            snapshot_sha256 = snapshot_digest(snapshot)
            chain_hash = chain_digest(previous_hash, snapshot_sha256)
            revisions.append(
                Revision(
                    owner=owner,
                    incident=incident,
                    sequence=sequence,
                    action=action,
                    snapshot=snapshot,
                    snapshot_sha256=snapshot_sha256,
                    previous_hash=previous_hash,
                    chain_hash=chain_hash,
                    created_at=at,
                )
            )
            previous_hash = chain_hash
        incident.narrative = final_narrative
    Revision.objects.bulk_create(revisions, batch_size=500)
    return incidents


def seed_police_contacts(owner) -> None:
    from diary.models import ContactMethod, PoliceContact

    last = timezone.localdate() - timedelta(days=10)
    PoliceContact.objects.bulk_create(
        PoliceContact(
            owner=owner,
            contacted_on=last - timedelta(days=70 * n),
            officer_name="PC Jo Evans",
            officer_number=f"{4410 + n}",
            organisation="Northshire Police",
            method=ContactMethod.PHONE if n % 2 else ContactMethod.IN_PERSON,
            summary="Went through the latest incidents; asked me to keep the diary going and to "
            "call 999 if he comes to the house.",
            reference=f"47/{20000 + n}/24",
        )
        for n in range(5)
    )


def make_photos(folder: Path, owners: list) -> list[dict]:
    """100 different 12 MP photos, kept as originals, with their three copies in storage.

    Each owner gets copies of their own: stored files are sealed with their owner's key, or kept
    plain for an owner written with encryption off (SEALED).

    Drawing a noisy scene costs about a second, so DISTINCT_SCENES scenes are drawn slightly
    larger than the camera and each gives PHOTOS // DISTINCT_SCENES photos cut out of it at
    different offsets: every original, and so every print copy, has different bytes (the PDF
    renderer cannot share one picture between two exhibits).
    """
    from derivatives import photo_like  # benchmarks/derivatives.py, beside this script
    from django.test.utils import override_settings
    from PIL import ExifTags, Image

    from evidence import storage
    from evidence.derivatives import make_image_derivatives

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    per_scene = PHOTOS // DISTINCT_SCENES
    margin = 8 * per_scene
    photos = []
    for scene_number in range(DISTINCT_SCENES):
        scene = photo_like((CAMERA[0] + margin, CAMERA[1] + margin), seed=100 + scene_number)
        for copy in range(per_scene):
            offset = 8 * copy
            path = folder / f"IMG_{4100 + len(photos)}.JPG"
            picture = scene.crop((offset, offset // 2, offset + CAMERA[0], offset // 2 + CAMERA[1]))
            picture.save(path, "JPEG", quality=90, exif=exif)
            made = make_image_derivatives(path)
            body = path.read_bytes()
            stored = {}
            for owner in owners:
                with override_settings(ENCRYPTION_ENABLED=SEALED[_case_of(owner)]):
                    stored[owner.pk] = {
                        "original_key": storage.store_original(path, owner_id=owner.pk),
                        "display_key": storage.store_derivative(made.display, owner_id=owner.pk),
                        "print_key": storage.store_derivative(made.print_copy, owner_id=owner.pk),
                        "thumbnail_key": storage.store_derivative(
                            made.thumbnail, owner_id=owner.pk
                        ),
                    }
            photos.append(
                {
                    "original_name": path.name,
                    "stored": stored,
                    "size": len(body),
                    "sha256": hashlib.sha256(body).hexdigest(),
                    "print_bytes": len(made.print_copy),
                    "print_sha256": hashlib.sha256(made.print_copy).hexdigest(),
                }
            )
            path.unlink()
    return photos


def _case_of(owner) -> str:
    return next(case for case, email in OWNERS.items() if email == owner.email)


CAPTIONS = [
    "The letter as I found it on the doormat",
    "Screenshot of the messages",
    "His car parked opposite my house",
    "The flowers and card left on the step",
    "Cut tyre, front passenger side",
    "The envelope, front and back",
]


def seed_photos(owner, incidents: list, photos: list[dict]) -> None:
    """Link every photo to one of 60 notes among the given ones; some notes get two or three."""
    from evidence.models import Exhibit, PreviewStatus

    rng = random.Random(9)  # noqa: S311 - repeatable test data
    chosen = sorted(rng.sample(range(len(incidents)), 60))
    homes = chosen + [rng.choice(chosen) for _ in range(len(photos) - len(chosen))]
    exhibits, links = [], []
    for number, (photo, home) in enumerate(zip(photos, sorted(homes), strict=True), start=1):
        incident = incidents[home]
        stored = photo["stored"][owner.pk]
        taken = (incident.occurred_at or incident.timeline_position) + timedelta(minutes=5)
        exhibits.append(
            Exhibit(
                owner=owner,
                reference_initials=owner.initials,
                reference_number=number,
                caption=rng.choice(CAPTIONS),
                original_key=stored["original_key"],
                original_name=photo["original_name"],
                mime_type="image/jpeg",
                media_kind="image",
                size=photo["size"],
                sha256=photo["sha256"],
                received_at=incident.recorded_at,
                file_facts={
                    "camera": "Apple iPhone 13",
                    "width": CAMERA[0],
                    "height": CAMERA[1],
                    "extension": ".jpg",
                },
                captured_at=taken,
                has_location=False,
                preview_status=PreviewStatus.READY,
                display_key=stored["display_key"],
                thumbnail_key=stored["thumbnail_key"],
                print_key=stored["print_key"],
            )
        )
        links.append(incident)
    Exhibit.objects.bulk_create(exhibits)
    through = Exhibit.incidents.through
    through.objects.bulk_create(
        through(exhibit_id=exhibit.pk, incident_id=incident.pk)
        for exhibit, incident in zip(exhibits, links, strict=True)
    )


# Free text as the database holds it, read past the model fields: a sample of every kind.
STORED_COLUMNS = {
    "diary.Incident": ("narrative", "location", "witnesses"),
    "diary.Revision": ("snapshot",),
    "diary.Person": ("name", "description"),
    "diary.PoliceContact": ("officer_name", "summary"),
    "evidence.Exhibit": ("caption", "original_name", "file_facts"),
}
FILE_COLUMNS = ("original_key", "display_key", "print_key", "thumbnail_key")
JPEG_START = b"\xff\xd8\xff"


def check_stored(owners: dict) -> dict:
    """Assert that the sealed owners' text and files are all sealed and the others' all plain.

    Text is read with raw SQL; files are read from the media folder as they lie there. Returns
    how many values and files of each kind were checked.
    """
    from django.apps import apps
    from django.conf import settings

    from config.encryption import SEALED_PREFIX

    counted = {"sealed_values": 0, "plain_values": 0, "sealed_files": 0, "plain_files": 0}
    media = Path(settings.MEDIA_ROOT)
    for case, owner in owners.items():
        kind = "sealed" if SEALED[case] else "plain"
        for label, columns in STORED_COLUMNS.items():
            table = apps.get_model(label)._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {', '.join(columns)} FROM {table} WHERE owner_id = %s",  # noqa: S608 - our own names
                    [owner._meta.pk.get_db_prep_value(owner.pk, connection)],
                )
                values = [value for row in cursor.fetchall() for value in row if value]
            if label != "evidence.Exhibit" or case in ("photos", "big", "photos_off"):
                assert values, f"{case}: nothing stored in {table}"
            sealed = [value.startswith(SEALED_PREFIX) for value in values]
            assert all(sealed) if SEALED[case] else not any(sealed), f"{case}: {table} not {kind}"
            counted[f"{kind}_values"] += len(values)
        exhibits = apps.get_model("evidence.Exhibit").objects.filter(owner=owner)
        for keys in exhibits.values_list(*FILE_COLUMNS):
            for key in keys:
                with open(media / key, "rb") as stored:
                    plain = stored.read(len(JPEG_START)) == JPEG_START
                assert key.startswith("s/") == SEALED[case] != plain, f"{case}: {key} not {kind}"
                counted[f"{kind}_files"] += 1
    return counted


def seed(scratch: Path) -> dict:
    from django.test.utils import override_settings

    from accounts.models import User

    owners = {
        case: User.objects.create_user(
            email, "bench password 123", full_name="Jane Smith", initials="JS"
        )
        for case, email in OWNERS.items()
    }
    specs = note_specs(BIG_PACK)
    began = time.perf_counter()
    notes = {}
    for case, owner in owners.items():
        with override_settings(ENCRYPTION_ENABLED=SEALED[case]):
            notes[case] = seed_notes(owner, specs if case == "big" else specs[:SMALL_PACK])
            seed_police_contacts(owner)
    notes_took = time.perf_counter() - began

    began = time.perf_counter()
    photo_folder = scratch / "camera"
    photo_folder.mkdir()
    with_photos = ("photos", "big", "photos_off")
    photos = make_photos(photo_folder, [owners[case] for case in with_photos])
    photos_took = time.perf_counter() - began
    for case in with_photos:
        with override_settings(ENCRYPTION_ENABLED=SEALED[case]):
            # The big pack's photos sit among its first 200 notes, as in the 200-note pack.
            seed_photos(owners[case], notes[case][:SMALL_PACK], photos)
    characters = [len(spec["narrative"]) for spec in specs]
    return {
        "stored": check_stored(owners),
        "notes_took": notes_took,
        "photos_took": photos_took,
        "narrative_median": statistics.median(characters),
        "narrative_range": (min(characters), max(characters)),
        "distinct_print_copies": len({p["print_sha256"] for p in photos}),
        "print_kb_mean": statistics.mean(p["print_bytes"] for p in photos) / 1000,
        "original_mb_mean": statistics.mean(p["size"] for p in photos) / 1e6,
    }


# One pack drawn in a child process ---------------------------------------------------------


def _cpu_seconds() -> float:
    """CPU used by this process and the children it has reaped (render_pack's chunk drawers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _draw(owner, selection, target: Path):
    """gather + render_pack as build.py does them, with the manifest hash on the cover, and the
    owner's cache of drawn chunks cleared first: every chunk is drawn (and kept), none reused."""
    from evidence.pack.bundle import build_manifest
    from evidence.pack.cache import ChunkCache, pack_cache_clear
    from evidence.pack.gather import gather, with_manifest_hash
    from evidence.pack.pdf.chunks import render_pack
    from evidence.pack.services import new_reference

    created_at = timezone.now()
    reference = new_reference(created_at.date())
    began, cpu_began = time.perf_counter(), _cpu_seconds()
    gathered = gather(owner=owner, selection=selection, reference=reference, created_at=created_at)
    manifest = build_manifest(
        pack_reference=reference,
        created_at=created_at,
        selection=gathered.manifest_selection,
        exhibits=gathered.bundle_exhibits,
        incidents=gathered.bundle_incidents,
    )
    content = with_manifest_hash(gathered.content, hashlib.sha256(manifest).hexdigest())
    gathered_in = time.perf_counter() - began
    # Outside the clock: a cold cache, as a first pack has.
    pack_cache_clear(owner_id=owner.pk)
    began = time.perf_counter()
    rendered = render_pack(content, gathered.images, target, cache=ChunkCache(owner.pk))
    rendered_in = time.perf_counter() - began
    assert rendered.reused == 0, "a cold run reused a drawn chunk"
    cpu = _cpu_seconds() - cpu_began
    return gathered, rendered, gathered_in, rendered_in, cpu


class TreeMemory:
    """The peak of the summed PSS of a process and its children, sampled five times a second.

    Read from outside (by this parent), and not more often, because reading PSS walks the page
    tables and costs the kernel real time on two cores. A chunk's layout holds its memory for a
    second or more, so the peak is not missed.

    render_pack draws a big pack's chunks in forked processes, so one process's own peak RSS
    is not what the machine pays. PSS splits pages shared since the fork between the processes
    that share them, so the sum is not inflated by the copy of Django every child inherits.
    """

    def __init__(self, pid: int) -> None:
        import threading

        self.pid = pid
        self.peak_kb = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stopping.set()
        self.thread.join()

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except (OSError, ValueError):
            pass  # the child has just ended
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found = []
        for listing in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                found += [int(child) for child in listing.read_text().split()]
            except OSError:
                pass
        return found

    def _sample(self) -> None:
        root = self.pid
        while True:
            total = self._pss_kb(root) + sum(self._pss_kb(pid) for pid in self._children(root))
            self.peak_kb = max(self.peak_kb, total)
            if self.stopping.wait(0.2):
                return


def draw_in_child(case: str) -> None:
    """Child process: draw the 200-note pack of one owner and print the figures as JSON."""
    from django.conf import settings
    from sealed_reads import OpenedCounter  # benchmarks/sealed_reads.py, beside this script

    from accounts.models import User
    from config.encryption import SEALED_PREFIX, forget_keys
    from evidence.pack.selectors import Selection, selected_incidents

    assert settings.ENCRYPTION_ENABLED == SEALED[case], "drawn with the wrong setting"
    opened = OpenedCounter()
    owner = User.objects.get(email=OWNERS[case])
    notes = [str(pk) for pk in selected_incidents(owner, Selection()).values_list("pk", flat=True)]
    folder = Path(tempfile.mkdtemp(prefix="bench-pack-draw-"))
    try:
        # One tiny pack first, so fonts and templates are loaded before the clock starts: a note
        # of the "plain" owner of the same kind (sealed or not) as the one measured.
        plain = User.objects.get(email=OWNERS["plain" if SEALED[case] else "plain_off"])
        first = selected_incidents(plain, Selection()).values_list("pk", flat=True)[:1]
        _draw(plain, Selection(pick=True, incident_ids=(str(first[0]),)), folder / "warm.pdf")
        forget_keys()  # so the pack unwraps its owner's keys, as a worker's job does
        opened.reset()

        target = folder / "pack.pdf"
        gathered, rendered, gathered_in, rendered_in, cpu = _draw(
            owner, Selection(pick=True, incident_ids=tuple(notes)), target
        )
        # Nothing sealed reached the pack, and everything was read through the seal (or not).
        assert SEALED_PREFIX not in repr(gathered.content), "a sealed value reached the pack"
        if SEALED[case]:
            assert opened.values > len(notes) and opened.files >= len(gathered.images), case
        else:
            assert opened.values == opened.files == 0, f"{case}: sealed data opened"
        # The chunk-drawing processes have been reaped by now: their largest peak shows here.
        largest_chunk_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            json.dumps(
                {
                    "incidents": len(gathered.content.incidents),
                    "pictures": len(gathered.images),
                    "gather_s": gathered_in,
                    "render_s": rendered_in,
                    "cpu_s": cpu,
                    "own_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    "chunk_peak_mb": largest_chunk_kb / 1024,
                    "pages": rendered.page_count,
                    "refused": len(rendered.refused),
                    "chunks": getattr(rendered, "chunk_count", 1),
                    "reused": rendered.reused,
                    "pdf_bytes": target.stat().st_size,
                    "opened_values": opened.values,
                    "opened_files": opened.files,
                    "opening_s": opened.seconds,
                }
            )
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_child(arguments: list[str], memory: list | None = None, *, sealed: bool = True) -> tuple:
    """Run a child to the end: its exit code, output, errors, wall time and peak RSS in MB.

    Given a list as `memory`, the peak PSS of the child and its own children (in MB) is added.
    The child runs with ENCRYPTION_ENABLED as `sealed` says.
    """
    began = time.perf_counter()
    environment = {**os.environ, "ENCRYPTION_ENABLED": "true" if sealed else "false"}
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(  # noqa: S603
            arguments, cwd=ROOT, stdout=output, stderr=errors, env=environment
        )
        sampler = TreeMemory(child.pid)
        with sampler if memory is not None else contextlib.nullcontext():
            # os.wait4 gives this one child's own resource use, not that of every child so far.
            _, status, usage = os.wait4(child.pid, 0)
        if memory is not None:
            memory.append(sampler.peak_kb / 1024)
        child.returncode = os.waitstatus_to_exitcode(status)
        took = time.perf_counter() - began
        output.seek(0)
        errors.seek(0)
        return (
            child.returncode,
            output.read().decode(errors="replace"),
            errors.read().decode(errors="replace"),
            took,
            usage.ru_maxrss / 1024,  # Linux reports kilobytes
        )


def child_json(arguments: list[str], *, sealed: bool = True) -> dict:
    """Run this script in a child process in one of its modes; its figures and peak RSS."""
    memory: list[float] = []
    code, output, errors, _took, peak = run_child(
        [sys.executable, __file__, *arguments], memory, sealed=sealed
    )
    if code != 0:
        sys.stderr.write(errors[-4000:])
        raise RuntimeError(f"The child {' '.join(arguments)} failed with exit code {code}.")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = peak
    figures["tree_pss_mb"] = memory[0]
    return figures


def seed_in_child() -> None:
    """Child process: make the database and files, and print what was made as JSON."""
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(json.dumps(seed(Path(os.environ[SCRATCH_VARIABLE]))))


# The big pack through the real worker ------------------------------------------------------


def big_pack_through_worker() -> dict:
    """The big pack requested as the pack page does and made by the real worker, timed."""
    from accounts.models import User
    from evidence.models import Pack, PackStatus
    from evidence.pack.selectors import Selection
    from evidence.pack.services import new_reference, pack_request

    owner = User.objects.get(email=OWNERS["big"])
    created = timezone.now()
    pack = Pack.objects.create(
        owner=owner, reference=new_reference(created.date()), selection=Selection().to_json()
    )
    began = time.perf_counter()
    if not pack_request(pack=pack):
        raise RuntimeError("The pack could not be queued.")
    memory: list[float] = []
    code, output, errors, took, peak = run_child(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--verbosity",
            "0",
        ],
        memory,
    )
    waited = time.perf_counter() - began
    pack.refresh_from_db()
    if code != 0 or pack.status != PackStatus.READY:
        sys.stderr.write(errors[-4000:])
        raise RuntimeError(f"Worker exit code {code}; pack {pack.status}: {pack.problem}")
    return {
        "request_to_ready_s": (pack.finished_at - pack.requested_at).total_seconds(),
        # The build alone, from the worker taking it up (after the worker process started).
        "build_s": (pack.finished_at - pack.started_at).total_seconds(),
        "worker_wall_s": waited,
        "worker_peak_mb": peak,
        "worker_tree_pss_mb": memory[0],
        "incidents": pack.incident_count,
        "exhibits": pack.exhibit_count,
        "pages": pack.page_count,
        "chunks": pack.chunk_count,
        "reused": pack.chunks_reused,
        "pdf_mb": pack.pdf_size / 1e6,
        "zip_mb": pack.zip_size / 1e6 if pack.zip_size else 0.0,
    }


def packs_in_one_worker() -> dict:
    """The big pack made twice by one long-running worker, as production runs them: after a
    one-note warm-up pack of another owner (so neither build pays for loading WeasyPrint and the
    fonts), on a cold cache, then again after one new note. Each is timed from its request to
    READY."""
    import signal

    from accounts.models import User
    from evidence.models import Pack, PackStatus
    from evidence.pack.cache import pack_cache_clear
    from evidence.pack.selectors import Selection, selected_incidents
    from evidence.pack.services import new_reference, pack_request

    def made(owner, selection) -> Pack:
        pack = Pack.objects.create(
            owner=owner,
            reference=new_reference(timezone.now().date()),
            selection=selection.to_json(),
        )
        if not pack_request(pack=pack):
            raise RuntimeError("The pack could not be queued.")
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            pack.refresh_from_db()
            if pack.status in (PackStatus.READY, PackStatus.FAILED):
                break
            time.sleep(0.05)
        if pack.status != PackStatus.READY:
            raise RuntimeError(f"pack {pack.status}: {pack.problem}")
        return pack

    def figures(pack: Pack) -> dict:
        return {
            "request_to_ready_s": (pack.finished_at - pack.requested_at).total_seconds(),
            "build_s": (pack.finished_at - pack.started_at).total_seconds(),
            "pages": pack.page_count,
            "chunks": pack.chunk_count,
            "reused": pack.chunks_reused,
        }

    big = User.objects.get(email=OWNERS["big"])
    plain = User.objects.get(email=OWNERS["plain"])
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.05",
            "--verbosity",
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        note = selected_incidents(plain, Selection()).values_list("pk", flat=True)[:1]
        made(plain, Selection(pick=True, incident_ids=(str(note[0]),)))
        pack_cache_clear(owner_id=big.pk)
        first = figures(made(big, Selection()))
        assert first["reused"] == 0, "the first build reused a drawn chunk"
        add_note_now()
        again = figures(made(big, Selection()))
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return {"first": first, "again": again}


def add_note_now() -> None:
    """One new note for the big pack's owner, written now through the diary's own service (with
    its first revision), as the author would before making the pack again."""
    from accounts.models import User
    from diary.models import Person
    from diary.services import incident_create

    owner = User.objects.get(email=OWNERS["big"])
    now = timezone.localtime(timezone.now(), owner.zone)
    incident_create(
        owner=owner,
        values={
            "occurred_on": now.date(),
            "occurred_time": clock_time(now.hour, now.minute),
            "timezone": LONDON,
            "location": PLACES[0],
            "narrative": _narrative(random.Random(7), ["text_message"]),  # noqa: S311
            "witnesses": WITNESSES[0],
        },
        kinds=["text_message"],
        persons=Person.objects.owned_by(owner)[:1],
    )


# Reporting ---------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "over"


def code_words() -> str:
    """Which renderer was measured: the commit, and whether the pack's code differs from it."""
    try:
        commit = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(  # noqa: S603
            ["git", "status", "--porcelain", "evidence/pack", "templates/evidence/pack"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "code outside git"
    return f"commit {commit}" + (" with uncommitted pack changes" if changed else "")


def machine_words() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {sys.version.split()[0]}"


def main() -> int:
    scratch = Path(os.environ[SCRATCH_VARIABLE])
    try:
        # Seeding holds 12 MP pictures in memory. It runs in a child so that this process stays
        # small: a child's peak RSS can never read lower than its parent's size when it forked.
        seeded = child_json(["--seed"])
        load_before = os.getloadavg()[0]
        print(f"Evidence pack benchmark on {connection.vendor}, {machine_words()}, {code_words()}")
        low, high = seeded["narrative_range"]
        stored = seeded["stored"]
        print(
            f"  seeded: {BIG_PACK + 4 * SMALL_PACK:,} notes in {seeded['notes_took']:.1f} s "
            f"(narratives {low}-{high} characters, median {seeded['narrative_median']:.0f}); "
            f"{PHOTOS} photos of {seeded['original_mb_mean']:.1f} MB from {DISTINCT_SCENES} "
            f"scenes in {seeded['photos_took']:.1f} s, {seeded['distinct_print_copies']} "
            f"different print copies of {seeded['print_kb_mean']:.0f} KB on average"
        )
        print(
            f"  stored: {stored['sealed_values']:,} text values and {stored['sealed_files']} files "
            f"sealed for the owners with encryption on, {stored['plain_values']:,} and "
            f"{stored['plain_files']} plain for those with it off (checked in the rows and on disk)"
        )

        results: dict[str, list[dict]] = {case: [] for case in DRAWN}
        for round_number in range(RUNS):
            order = DRAWN if round_number % 2 == 0 else tuple(reversed(DRAWN))
            for case in order:
                results[case].append(child_json(["--draw", case], sealed=SEALED[case]))

        def median(case: str, name: str) -> float:
            return statistics.median(run[name] for run in results[case])

        def seconds(case: str) -> float:
            return median(case, "gather_s") + median(case, "render_s")

        for case in DRAWN:
            first = results[case][0]
            words = "no photos" if case.startswith("plain") else f"{PHOTOS} photos"
            mode = "sealed" if SEALED[case] else "plain, encryption off"
            print(
                f"  {SMALL_PACK} notes, {words}, {mode}: {first['pages']} pages in "
                f"{first['chunks']} chunk(s), {median(case, 'pdf_bytes') / 1e6:.2f} MB; "
                f"gather {median(case, 'gather_s'):.2f} s + draw {median(case, 'render_s'):.2f} s "
                f"({median(case, 'cpu_s'):.2f} s of CPU); "
                f"memory peak {median(case, 'tree_pss_mb'):.0f} MB (PSS of the drawing process "
                f"and its chunk drawers together; largest single process "
                f"{max(median(case, 'peak_mb'), median(case, 'chunk_peak_mb')):.0f} MB RSS); "
                f"opened {first['opened_values']:,} sealed values and {first['opened_files']} "
                f"sealed files in {median(case, 'opening_s') * 1000:.0f} ms"
            )
        print(
            f"  (medians of {RUNS} runs, each in a fresh process after a one-note warm-up pack, "
            "the four packs taking turns)"
        )
        per_incident_ms = seconds("plain") / SMALL_PACK * 1000
        per_photo_ms = (seconds("photos") - seconds("plain")) / PHOTOS * 1000
        extra_bytes = median("photos", "pdf_bytes") - median("plain", "pdf_bytes")
        per_photo_kb = extra_bytes / PHOTOS / 1000
        extra_mb = median("photos", "tree_pss_mb") - median("plain", "tree_pss_mb")
        print(
            f"  encryption off: {seconds('plain_off') / SMALL_PACK * 1000:.1f} ms a note, "
            f"{(seconds('photos_off') - seconds('plain_off')) / PHOTOS * 1000:.1f} ms a photo; "
            f"gather {median('plain_off', 'gather_s'):.2f} s against "
            f"{median('plain', 'gather_s'):.2f} s sealed (no photos), "
            f"{median('photos_off', 'gather_s'):.2f} s against "
            f"{median('photos', 'gather_s'):.2f} s (with photos)"
        )

        from accounts.models import User
        from evidence.pack.cache import pack_cache_clear

        # The first build on a cold cache; then one note added now and the same pack made again.
        pack_cache_clear(owner_id=User.objects.get(email=OWNERS["big"]).pk)
        big = big_pack_through_worker()
        assert big["reused"] == 0, "the first build reused a drawn chunk"
        add_note_now()
        remade = big_pack_through_worker()
        for label, run in (("first build", big), ("re-made after one new note", remade)):
            print(
                f"  {run['incidents']:,}-note pack with {run['exhibits']} photos by the worker, "
                f"{label}: {run['pages']:,} pages in {run['chunks']} chunks "
                f"({run['reused']} reused), PDF {run['pdf_mb']:.1f} MB, ZIP "
                f"{run['zip_mb']:.0f} MB, memory peak {run['worker_tree_pss_mb']:.0f} MB (worker "
                f"and chunk drawers, PSS; largest single process {run['worker_peak_mb']:.0f} MB "
                f"RSS), request to READY {run['request_to_ready_s']:.1f} s (the build itself, "
                f"from the worker taking it up, {run['build_s']:.1f} s), worker process "
                f"{run['worker_wall_s']:.1f} s"
            )
        remake_share = remade["request_to_ready_s"] / big["request_to_ready_s"]
        build_share = remade["build_s"] / big["build_s"]
        print(
            f"  big pack, a fresh worker each: first build {big['request_to_ready_s']:.1f} s   "
            f"re-made after one new note {remade['request_to_ready_s']:.1f} s   "
            f"= {remake_share:.0%} of the first (target <= {TARGETS['remake_share']:.0%}, "
            f"{'PASS' if remake_share <= TARGETS['remake_share'] else 'over'})"
        )
        warm = packs_in_one_worker()
        warm_share = warm["again"]["request_to_ready_s"] / warm["first"]["request_to_ready_s"]
        print(
            f"  big pack, one running worker (after a warm-up pack; production's case): first "
            f"build {warm['first']['request_to_ready_s']:.1f} s ({warm['first']['chunks']} "
            f"chunks)   re-made after one more new note "
            f"{warm['again']['request_to_ready_s']:.1f} s ({warm['again']['reused']} of "
            f"{warm['again']['chunks']} chunks reused)   = {warm_share:.0%} of the first "
            f"(target <= {TARGETS['remake_share']:.0%}, "
            f"{'PASS' if warm_share <= TARGETS['remake_share'] else 'over'})"
        )
        print(
            f"  big pack, the build alone:   first build {big['build_s']:.1f} s   "
            f"re-made after one new note {remade['build_s']:.1f} s   = {build_share:.0%} "
            "of the first (request to READY also holds the worker process starting)"
        )

        # Other work on the machine slows every wall-clock figure here; say how busy it was.
        print(
            f"  (load average {load_before:.2f} when drawing began, "
            f"{os.getloadavg()[0]:.2f} at the end)"
        )
        own_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"  (this process peaked at {own_peak_mb:.0f} MB; a child's peak reads at least "
            "that, so peaks above it are the child's own)"
        )

        print("  pack drawn (gather + draw, medians)   encryption on      off   on/off   target")
        for label, on, off in (
            (f"{SMALL_PACK} notes, no photos", "plain", "plain_off"),
            (f"{SMALL_PACK} notes, {PHOTOS} photos", "photos", "photos_off"),
        ):
            target, ratio = TARGETS["sealed_ratio"], seconds(on) / seconds(off)
            print(
                f"  {label:<36} {seconds(on):>10.2f} s {seconds(off):>8.2f} s {ratio:>7.2f}x  "
                f"<= {target:g}x  {'PASS' if ratio <= target else 'OVER TARGET'}"
            )
            each = {
                case: ", ".join(f"{run['gather_s'] + run['render_s']:.2f}" for run in results[case])
                for case in (on, off)
            }
            print(f"    (each run, in turn: on {each[on]} s; off {each[off]} s)")
            print(
                f"    (CPU {median(on, 'cpu_s'):.2f} s against {median(off, 'cpu_s'):.2f} s, "
                f"{median(on, 'cpu_s') / median(off, 'cpu_s'):.2f}x; opening the sealed values "
                f"and files took {median(on, 'opening_s') * 1000:.0f} ms of the "
                f"{seconds(on):.2f} s)"
            )

        rows = [
            ("time per note in the PDF", per_incident_ms, TARGETS["per_incident_ms"], "ms"),
            ("time per embedded photo", per_photo_ms, TARGETS["per_photo_ms"], "ms"),
            ("PDF size per photo", per_photo_kb, TARGETS["per_photo_kb"], "KB"),
            ("extra peak memory, 100 photos", extra_mb, TARGETS["extra_memory_mb"], "MB"),
            (
                f"{BIG_PACK:,} notes + {PHOTOS} photos, request to READY",
                big["request_to_ready_s"],
                TARGETS["big_pack_s"],
                "s",
            ),
            (
                "the same, re-made after one new note",
                remake_share * 100,
                TARGETS["remake_share"] * 100,
                "%",
            ),
            (
                "the same in one running worker",
                warm_share * 100,
                TARGETS["remake_share"] * 100,
                "%",
            ),
        ]
        print("  figure (encryption on)                        measured     target")
        for label, value, target, unit in rows:
            print(
                f"  {label:<44} {value:>7.1f} {unit:<3} <= {target:g} {unit:<3} "
                f"{verdict(value, target)}"
            )
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--draw", choices=DRAWN, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.seed:
        seed_in_child()
        sys.exit(0)
    if arguments.draw:
        draw_in_child(arguments.draw)
        sys.exit(0)
    sys.exit(main())
