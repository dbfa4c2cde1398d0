"""Held: another person's note, person, contact, file or pack is a 404 at every address.

The addresses come from the URL configuration itself, so a new one that takes an id is tested
here the day it is added; one whose argument these tests cannot fill fails
test_every_url_with_an_argument_is_tested_or_excluded_with_a_reason until it is taught here.
"""

import hashlib
import itertools
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from accounts.export import export_request
from accounts.models import Export, ExportStatus
from diary.models import Incident, Person, PoliceContact, Revision
from diary.services import incident_delete, police_contact_save
from evidence import services, storage
from evidence.handover.models import Share
from evidence.handover.services import share_create
from evidence.models import Exhibit, Pack, PackStatus, PreviewStatus
from evidence.pack.services import new_reference
from tests.diary.pages import note_form
from tests.evidence import fixtures
from tests.evidence.uploading import keep_file, small_jpeg, text_file
from tests.factories import PersonFactory, UserFactory, make_incident
from tests.security.held_helpers import (
    Route,
    body_of,
    build_pack,
    choose_pack,
    site_routes,
)
from tests.security.operators import confirm_it_is_you, sign_in_through_the_pages

# Addresses left out on purpose, each with the reason.
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin: mounted only when ADMIN_ENABLED is set, for staff signed in with "
    "two-step sign-in; it belongs to no owner, and tests/security/test_admin_*.py test who "
    "gets in.",
    "accounts/": "allauth's own pages: their arguments are one-time keys sent by email "
    "(password reset), not objects that someone owns.",
}
EXCLUDED_NAMES = {
    "advice:page": "public advice pages: the slug names a page everyone may read, not anyone's "
    "data.",
    **{
        name: "the officer's link to a shared pack: the token is the key itself (192 random "
        "bits, kept only as a hash) and the code is asked for too; tests/handover/"
        "test_officer_link.py tests wrong, ended and locked links."
        for name in ("handover:link", "handover:pdf", "handover:zip")
    },
}

# Which of the other person's things fill each id argument.
FILLERS = {
    "incident_id": ("note", "deleted note", "draft note"),
    "person_id": ("person",),
    "contact_id": ("police contact",),
    "exhibit_id": (
        "photo",
        "text file",
        "photo whose preview failed",
        "deleted photo",
        "physical item",
        "voicemail",
    ),
    "pack_id": ("draft pack", "ready pack", "failed pack"),
    "export_id": ("ready download of everything",),
    "share_id": ("share of the ready pack",),
}
# Arguments that are not ids, with every value worth trying.
LITERALS = {"size": ("display", "thumbnail")}

# Found by the walk today; guards against a walk that quietly finds nothing.
KNOWN_ROUTES_WITH_IDS = {
    "diary:incident",
    "diary:incident_edit",
    "diary:incident_history",
    "diary:incident_delete",
    "diary:incident_restore",
    "diary:person",
    "diary:person_edit",
    "diary:person_delete",
    "diary:contact_edit",
    "diary:contact_delete",
    "evidence:exhibit",
    "evidence:exhibit_edit",
    "evidence:original",
    "evidence:preview",
    "evidence:retry_preview",
    "evidence:transcript",
    "evidence:exhibit_delete",
    "evidence:exhibit_restore",
    "packs:pack",
    "packs:change",
    "packs:check",
    "packs:status",
    "packs:retry",
    "packs:delete",
    "packs:pdf",
    "packs:zip",
    "download_everything_file",
    "handover:share",
    "handover:end",
}

SECRET = "Their-private-words"

# What a form on any of these pages would send if its button were pressed: enough for every
# one of them to change something, were it to accept another person's id.
POSTED = {
    **note_form(narrative="Overwritten by someone else."),
    "name": "Renamed by someone else",
    "contacted_on_0": "1",
    "contacted_on_1": "3",
    "contacted_on_2": "2026",
    "organisation": "Changed by someone else",
    "method": "phone",
    "caption": "Changed by someone else",
    "item_arrived_how": "Changed by someone else",
    "include_history": "on",
    "include_bundle": "on",
    "located": "include",
    "redactions": "Changed by someone else",
}


def _exclusion(route: Route) -> str | None:
    if route.name in EXCLUDED_NAMES:
        return EXCLUDED_NAMES[route.name]
    for prefix, reason in EXCLUDED_PREFIXES.items():
        if route.route.startswith(prefix):
            return reason
    return None


def routes_with_ids() -> list[Route]:
    return [route for route in site_routes() if route.arguments and _exclusion(route) is None]


@pytest.mark.parametrize("admin", ["as configured", "turned on"])
def test_every_url_with_an_argument_is_tested_or_excluded_with_a_reason(request, admin):
    if admin == "turned on":
        request.getfixturevalue("admin_on")
        mounted = [route for route in site_routes() if route.route.startswith("admin/")]
        assert any(route.arguments for route in mounted), "the admin's addresses were not found"
    routes = routes_with_ids()
    unknown = [
        f"{route.name} ({route.route}): {argument}"
        for route in routes
        for argument in route.arguments
        if argument not in FILLERS and argument not in LITERALS
    ]

    assert unknown == [], (
        "These addresses take an argument the ownership tests cannot fill. Add the other "
        "person's objects of that kind to FILLERS (or LITERALS) in this file, or exclude the "
        "address with a reason."
    )
    assert KNOWN_ROUTES_WITH_IDS <= {route.name for route in routes}
    all_names = {route.name for route in site_routes()}
    assert set(EXCLUDED_NAMES) <= all_names, "an excluded address no longer exists"


# The other person's things -------------------------------------------------------------------


def _their_things(owner, client, capture_on_commit, tmp_path) -> dict:
    """One of everything a person can own, in every state an address can meet it in."""
    person = PersonFactory(owner=owner, name=f"{SECRET} person")
    note = make_incident(owner, narrative=f"{SECRET} note", persons=[person])
    deleted_note = make_incident(owner, narrative=f"{SECRET} deleted note")
    incident_delete(incident=deleted_note)
    draft_note = make_incident(owner, narrative=f"{SECRET} draft", is_draft=True)
    contact = police_contact_save(
        owner=owner,
        values={
            "contacted_on": date(2026, 3, 1),
            "organisation": f"{SECRET} police force",
            "method": "phone",
        },
    )
    with capture_on_commit(execute=True):
        photo = keep_file(
            owner,
            small_jpeg(tmp_path, "their-photo.jpg", gps=None),
            caption=f"{SECRET} photo",
            incidents=[note],
        )
        messages = keep_file(
            owner, text_file(tmp_path, f"{SECRET} messages\n"), caption=f"{SECRET} text"
        )
        failed = keep_file(
            owner,
            fixtures.make_truncated_jpeg(tmp_path / "their-broken.jpg"),
            caption=f"{SECRET} broken photo",
        )
        deleted_photo = keep_file(
            owner,
            small_jpeg(tmp_path, "their-deleted.jpg", gps=None),
            caption=f"{SECRET} deleted photo",
        )
        voicemail = keep_file(owner, fixtures.make_mp3(tmp_path / "their-voicemail.mp3"))
    services.exhibit_transcript_save(exhibit=voicemail, transcript=f"{SECRET} voicemail")
    services.exhibit_delete(exhibit=deleted_photo)
    item = services.item_save(owner=owner, values={"caption": f"{SECRET} parcel"}, incidents=[note])
    ready_pack = build_pack(client, choose_pack(client), capture_on_commit)
    share = share_create(owner=owner, pack=ready_pack, recipient=f"{SECRET} officer", days=14).share
    draft_pack = choose_pack(client, redactions=f"{SECRET} address")
    with capture_on_commit(execute=True):
        export = export_request(owner=owner)
    failed_pack = Pack.objects.create(
        owner=owner,
        reference=new_reference(date(2026, 11, 25)),
        status=PackStatus.FAILED,
        problem="Something went wrong while making the pack.",
        selection=draft_pack.selection,
    )
    things = {
        "note": note,
        "deleted note": deleted_note,
        "draft note": draft_note,
        "person": person,
        "police contact": contact,
        "photo": photo,
        "text file": messages,
        "photo whose preview failed": failed,
        "deleted photo": deleted_photo,
        "physical item": item,
        "voicemail": voicemail,
        "draft pack": draft_pack,
        "ready pack": ready_pack,
        "failed pack": failed_pack,
        "ready download of everything": export,
        "share of the ready pack": share,
    }
    for thing in things.values():
        thing.refresh_from_db()
    # Every state is what its name says, so each 404 below is down to ownership alone.
    assert photo.preview_status == deleted_photo.preview_status == PreviewStatus.READY
    assert failed.preview_status == PreviewStatus.FAILED
    assert ready_pack.pdf_key and ready_pack.zip_key
    assert draft_pack.status == PackStatus.DRAFT
    assert export.status == ExportStatus.READY and export.file_key
    return things


def _stored_digests(keys, owner) -> dict:
    digests = {}
    for key in sorted(k for k in keys if k):
        with storage.open_stored(key, owner_id=owner.pk) as stored:
            digests[key] = hashlib.sha256(stored.read()).hexdigest()
    return digests


def everything_of(owner) -> dict:
    """All of a person's rows and stored files, read straight from the database and storage."""
    exhibits = Exhibit.objects.filter(owner=owner)
    packs = Pack.objects.filter(owner=owner)
    exports = Export.objects.filter(owner=owner)
    keys = (
        list(exports.values_list("file_key", flat=True))
        + [
            key
            for row in exhibits.values_list(
                "original_key", "display_key", "thumbnail_key", "print_key"
            )
            for key in row
        ]
        + [key for row in packs.values_list("pdf_key", "zip_key") for key in row]
    )
    return {
        "incidents": list(Incident.objects.filter(owner=owner).order_by("pk").values()),
        "revisions": list(
            Revision.objects.filter(owner=owner)
            .order_by("pk")
            .values("pk", "incident", "sequence", "action", "chain_hash")
        ),
        "people": list(Person.objects.filter(owner=owner).order_by("pk").values()),
        "people in notes": sorted(
            Incident.persons.through.objects.filter(incident__owner=owner).values_list(
                "incident_id", "person_id"
            )
        ),
        "contacts": list(PoliceContact.objects.filter(owner=owner).order_by("pk").values()),
        "exhibits": list(exhibits.order_by("pk").values()),
        "exports": list(exports.order_by("pk").values()),
        "exhibits in notes": sorted(
            Exhibit.incidents.through.objects.filter(exhibit__owner=owner).values_list(
                "exhibit_id", "incident_id"
            )
        ),
        "packs": list(packs.order_by("pk").values()),
        "shares": list(Share.objects.filter(owner=owner).order_by("pk").values()),
        "stored files": _stored_digests(keys, owner),
        "stored files still there": all(default_storage.exists(key) for key in keys if key),
    }


def nothing_owned_by(user) -> bool:
    return not any(
        model.objects.filter(owner=user).exists()
        for model in (Incident, Person, PoliceContact, Exhibit, Pack, Export, Share)
    )


# Asking for their things -----------------------------------------------------------------


def _addresses(route: Route, things: dict):
    """Each address the route makes with the other person's things: (what it names, URL)."""
    choices = []
    for argument in route.arguments:
        if argument in LITERALS:
            choices.append(
                [(f"{argument} {value}", argument, value) for value in LITERALS[argument]]
            )
        else:
            choices.append([(label, argument, things[label].pk) for label in FILLERS[argument]])
    for combination in itertools.product(*choices):
        described = ", ".join(label for label, _, _ in combination)
        kwargs = {argument: value for _, argument, value in combination}
        yield described, reverse(route.name, kwargs=kwargs)


def _ask(client, method: str, url: str):
    response = client.post(url, POSTED) if method == "post" else client.get(url)
    return response, body_of(response)


@pytest.fixture
def owner_and_things(db, tmp_path, django_capture_on_commit_callbacks):
    owner = UserFactory(initials="AB", full_name="Alice Owner")
    owner_client = Client()
    owner_client.force_login(owner)
    things = _their_things(owner, owner_client, django_capture_on_commit_callbacks, tmp_path)
    return owner, owner_client, things


def _assert_every_address_is_a_404(argument, stranger_client, stranger, owner_and_things):
    owner, owner_client, things = owner_and_things
    routes = [route for route in routes_with_ids() if argument in route.arguments]
    assert routes, f"no address takes {argument}"
    before = everything_of(owner)

    refused_method = set()
    problems = []
    for route in routes:
        for described, url in _addresses(route, things):
            for method in ("get", "post"):
                response, body = _ask(stranger_client, method, url)
                if SECRET.encode() in body:
                    problems.append(f"{method.upper()} {url} ({described}) shows their words")
                if method == "get" and response.status_code == 405:
                    refused_method.add(url)  # a POST-only address; checked against the owner
                elif response.status_code != 404:
                    problems.append(
                        f"{method.upper()} {route.name} with their {described}: "
                        f"{response.status_code}, not 404"
                    )

    assert problems == []
    assert everything_of(owner) == before, "a request changed the other person's things"
    assert nothing_owned_by(stranger), "a request gave their things to the person asking"

    # The owner reaches the same addresses, so the 404s came from ownership, not a bad address.
    unreached = []
    for route in routes:
        reached = False
        addresses = list(_addresses(route, things))
        for _described, url in addresses:
            response, _body = _ask(owner_client, "get", url)
            if url in refused_method:
                assert response.status_code == 405, f"GET {url} is refused only to others"
            reached = reached or response.status_code not in (404, 405)
        if not reached:
            # A POST-only address: pressing its button works for the owner.
            for _described, url in addresses:
                if _ask(owner_client, "post", url)[0].status_code != 404:
                    reached = True
                    break
        if not reached:
            unreached.append(route.name)
    assert unreached == [], "the owner could not reach these with their own things either"


@pytest.fixture
def stranger(db):
    return UserFactory(initials="XY", full_name="Someone Else")


@pytest.fixture
def stranger_client(client, stranger):
    # Signed in and confirmed, so pages that ask for the password again let them through.
    return confirm_it_is_you(sign_in_through_the_pages(client, stranger))


def test_another_users_note_is_a_404_on_every_url(stranger_client, stranger, owner_and_things):
    _assert_every_address_is_a_404("incident_id", stranger_client, stranger, owner_and_things)


def test_another_users_person_is_a_404_on_every_url(stranger_client, stranger, owner_and_things):
    _assert_every_address_is_a_404("person_id", stranger_client, stranger, owner_and_things)


def test_another_users_police_contact_is_a_404_on_every_url(
    stranger_client, stranger, owner_and_things
):
    _assert_every_address_is_a_404("contact_id", stranger_client, stranger, owner_and_things)


def test_another_users_file_or_item_is_a_404_on_every_url(
    stranger_client, stranger, owner_and_things
):
    _assert_every_address_is_a_404("exhibit_id", stranger_client, stranger, owner_and_things)


def test_another_users_pack_is_a_404_on_every_url(stranger_client, stranger, owner_and_things):
    _assert_every_address_is_a_404("pack_id", stranger_client, stranger, owner_and_things)


def test_another_users_download_of_everything_is_a_404_on_every_url(
    stranger_client, stranger, owner_and_things
):
    _assert_every_address_is_a_404("export_id", stranger_client, stranger, owner_and_things)


def test_someone_signed_out_is_sent_to_sign_in_from_every_url_with_an_id(client, owner_and_things):
    owner, _owner_client, things = owner_and_things
    before = everything_of(owner)
    sign_in = reverse("account_login")

    problems = []
    for route in routes_with_ids():
        for described, url in _addresses(route, things):
            for method in ("get", "post"):
                response, body = _ask(client, method, url)
                if method == "get" and response.status_code == 405:
                    continue  # POST-only: refused before anything is read
                if response.status_code != 302 or not response.url.startswith(sign_in):
                    problems.append(f"{method.upper()} {url} ({described}): {response.status_code}")
                if SECRET.encode() in body:
                    problems.append(f"{method.upper()} {url} ({described}) shows their words")

    assert problems == []
    assert everything_of(owner) == before


# Their ids sent in a form or an address, rather than in the path ---------------------------------


def test_another_users_draft_id_sent_to_autosave_neither_changes_nor_takes_it(
    stranger_client, stranger, owner_and_things
):
    owner, _owner_client, things = owner_and_things
    before = everything_of(owner)
    data = note_form(narrative="Autosaved by someone else.")
    data["form_token"] = str(things["draft note"].pk)

    response = stranger_client.post(reverse("diary:incident_autosave"), data)

    assert SECRET not in response.content.decode()
    assert everything_of(owner) == before
    mine = Incident.objects.filter(owner=stranger)
    assert all(incident.pk != things["draft note"].pk for incident in mine)


def test_another_users_person_cannot_be_named_in_a_note_or_chosen_for_a_pack(
    stranger_client, stranger, owner_and_things
):
    owner, _owner_client, things = owner_and_things
    # With a person of their own, the forms offer a choice of people (their own only).
    PersonFactory(owner=stranger, name="My own person")
    before = everything_of(owner)
    their_person = str(things["person"].pk)

    note = stranger_client.post(
        reverse("diary:incident_new"), note_form(narrative="Mine.", persons=[their_person])
    )
    pack = stranger_client.post(
        reverse("packs:new"), {"include_history": "on", "people": [their_person]}
    )
    timeline = stranger_client.get(reverse("diary:timeline"), {"person": their_person})

    for response in (note, pack, timeline):
        assert SECRET not in response.content.decode()
    # Each form is shown again with an error; nothing is saved.
    assert (note.status_code, pack.status_code) == (200, 200)
    assert not Incident.objects.filter(owner=stranger).exists()
    assert not Pack.objects.filter(owner=stranger).exists()
    assert everything_of(owner) == before


def test_another_users_notes_cannot_be_picked_into_a_pack_or_used_to_filter_files(
    stranger_client, stranger, owner_and_things, django_capture_on_commit_callbacks
):
    owner, _owner_client, things = owner_and_things
    make_incident(stranger, narrative="My own note.")
    pack = choose_pack(stranger_client, pick="on")
    before = everything_of(owner)
    their_note = str(things["note"].pk)

    with django_capture_on_commit_callbacks(execute=True):
        picked = stranger_client.post(
            reverse("packs:check", args=[pack.pk]), {"incidents": [their_note]}
        )
    stranger_client.post(reverse("evidence:file_filter"), {"incident": their_note})
    files = stranger_client.get(reverse("evidence:files"))

    assert picked.status_code == 200  # refused: the note is not one of theirs to pick
    pack.refresh_from_db()
    assert pack.status == PackStatus.DRAFT
    for response in (picked, files):
        assert SECRET not in response.content.decode()
        assert "AB/" not in response.content.decode()
    assert everything_of(owner) == before


def test_another_users_share_is_a_404_on_every_url(stranger_client, stranger, owner_and_things):
    _assert_every_address_is_a_404("share_id", stranger_client, stranger, owner_and_things)
