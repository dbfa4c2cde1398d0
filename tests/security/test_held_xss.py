"""Held: markup typed into any field, or hidden in a file's own data, is shown as text.

Every free-text field a person can fill (and every piece of text the app reads out of a file)
is given markup that would run script if printed unescaped, through the services the pages
use. Each page that shows it must show the words, and no page may hold the markup live.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import INCIDENT_TEXT_FIELDS, Incident, Person, PoliceContact
from diary.services import incident_delete, incident_update, person_save, police_contact_save
from evidence import services
from evidence.pack.gather import gather
from evidence.pack.pages import pack_html
from evidence.pack.selectors import Selection
from tests.evidence import fixtures
from tests.evidence.uploading import keep_file, small_jpeg, text_file
from tests.factories import make_incident
from tests.security.held_helpers import (
    build_pack,
    choose_pack,
    field_length,
    live_markup,
    payload,
    shown_as_text,
)


def _typed(model, name: str) -> str:
    return payload(name.replace("_", " "), field_length(model, name))


INCIDENT_FIELDS = list(INCIDENT_TEXT_FIELDS)
PERSON_FIELDS = ["name", "description", "vehicles", "phone_numbers", "accounts", "addresses"]
CONTACT_FIELDS = ["officer_name", "officer_number", "organisation", "summary", "reference"]
ITEM_FIELDS = ["caption", "item_arrived_how", "item_kept_where", "item_handling"]

NOTE = {name: _typed(Incident, name) for name in INCIDENT_FIELDS}
PERSON = {name: _typed(Person, name) for name in PERSON_FIELDS}
CONTACT = {name: _typed(PoliceContact, name) for name in CONTACT_FIELDS}
ITEM = {name: payload(f"item {name.replace('_', ' ')}") for name in ITEM_FIELDS}
FULL_NAME = payload("full name")
CAPTION = payload("caption")
DELETED_NOTE = payload("deleted note")
# Short enough that the deleted files page shows all of it (it cuts captions at 80).
DELETED_CAPTION = payload("gone")
WORDS_TO_HIDE = payload("words to hide")
# The intake keeps only the last part of a name, so this one has no "/" to lose.
ORIGINAL_NAME = "\"><script>alert('original name')<img src=x onerror=alert('original name')>.jpg"
# Different first words, or the page would show the maker once, inside the model.
CAMERA_MAKE = payload("make")
CAMERA_MODEL = payload("model")
EMAIL_SENDER = '"\\"><script>alert(\'email from\')</script>" <someone@example.invalid>'
EMAIL_FROM = "<script>alert('email from')</script>"
EMAIL_TO = payload("email to")
EMAIL_SUBJECT = payload("email subject")
EMAIL_BODY = payload("email body")
# A text file opening with markup is refused at intake, so the markup comes on its second line.
TEXT_EXCERPT = "\"><img src=x onerror=alert('text excerpt')>"


@pytest.fixture
def hostile_diary(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks):
    """Everything the user can fill in, filled with markup, kept the way the pages keep it."""
    user.full_name = FULL_NAME
    user.save()
    person = person_save(owner=user, values=PERSON)
    note = make_incident(user, narrative="The first version.", persons=[person])
    # Changed after it was written, so the history shows every field's old and new words.
    note = incident_update(
        incident=note,
        values={**NOTE, "police_told": "yes", "police_told_on": date(2026, 3, 15)},
        kinds=["letter"],
        persons=[person],
    )
    deleted = make_incident(user, narrative=DELETED_NOTE)
    incident_delete(incident=deleted)
    contact = police_contact_save(
        owner=user, values={"contacted_on": date(2026, 3, 16), "method": "phone", **CONTACT}
    )
    with django_capture_on_commit_callbacks(execute=True):
        photo = keep_file(
            user,
            small_jpeg(tmp_path, make=CAMERA_MAKE, model=CAMERA_MODEL, gps=None),
            original_name=ORIGINAL_NAME,
            caption=CAPTION,
            incidents=[note],
        )
        email = keep_file(
            user,
            fixtures.make_eml(
                tmp_path / "message.eml",
                sender=EMAIL_SENDER,
                to=EMAIL_TO,
                subject=EMAIL_SUBJECT,
                body=EMAIL_BODY + "\n",
            ),
            incidents=[note],
        )
        messages = keep_file(
            user, text_file(tmp_path, f"Text messages\n{TEXT_EXCERPT}\n"), incidents=[note]
        )
        gone = keep_file(user, small_jpeg(tmp_path, "gone.jpg", gps=None), caption=DELETED_CAPTION)
    services.exhibit_delete(exhibit=gone)
    item = services.item_save(owner=user, values=ITEM, incidents=[note])
    ready_pack = build_pack(
        signed_in_client, choose_pack(signed_in_client), django_capture_on_commit_callbacks
    )
    draft_pack = choose_pack(signed_in_client, redactions=WORDS_TO_HIDE, pick="on")
    return {
        "person": person,
        "note": note,
        "contact": contact,
        "photo": photo,
        "email": email,
        "messages": messages,
        "item": item,
        "ready pack": ready_pack,
        "draft pack": draft_pack,
    }


def _pages(things) -> dict[str, str]:
    note, person, contact = things["note"], things["person"], things["contact"]
    photo, email, messages, item = (
        things["photo"],
        things["email"],
        things["messages"],
        things["item"],
    )
    ready, draft = things["ready pack"], things["draft pack"]
    return {
        "home": reverse("home"),
        "your account": reverse("your_account"),
        "your details": reverse("profile"),
        "notes": reverse("diary:timeline"),
        "add a note": reverse("diary:incident_new"),
        "deleted notes": reverse("diary:deleted"),
        "note": reverse("diary:incident", args=[note.pk]),
        "change note": reverse("diary:incident_edit", args=[note.pk]),
        "note history": reverse("diary:incident_history", args=[note.pk]),
        "delete note": reverse("diary:incident_delete", args=[note.pk]),
        "people": reverse("diary:people"),
        "person": reverse("diary:person", args=[person.pk]),
        "change person": reverse("diary:person_edit", args=[person.pk]),
        "delete person": reverse("diary:person_delete", args=[person.pk]),
        "contacts": reverse("diary:contacts"),
        "change contact": reverse("diary:contact_edit", args=[contact.pk]),
        "delete contact": reverse("diary:contact_delete", args=[contact.pk]),
        "files": reverse("evidence:files"),
        "add files": reverse("evidence:upload"),
        "log an item": reverse("evidence:item_new"),
        "deleted files": reverse("evidence:deleted"),
        "photo": reverse("evidence:exhibit", args=[photo.pk]),
        "change photo": reverse("evidence:exhibit_edit", args=[photo.pk]),
        "delete photo": reverse("evidence:exhibit_delete", args=[photo.pk]),
        "email": reverse("evidence:exhibit", args=[email.pk]),
        "text file": reverse("evidence:exhibit", args=[messages.pk]),
        "item": reverse("evidence:exhibit", args=[item.pk]),
        "change item": reverse("evidence:exhibit_edit", args=[item.pk]),
        "packs": reverse("packs:packs"),
        "make a pack": reverse("packs:new"),
        "change pack": reverse("packs:change", args=[draft.pk]),
        "check pack": reverse("packs:check", args=[draft.pk]),
        "ready pack": reverse("packs:pack", args=[ready.pk]),
        "delete pack": reverse("packs:delete", args=[ready.pk]),
    }


# Where each field's words must appear, as text: its own page and the forms that change it.
SHOWN_ON = {
    **{
        words: ["note", "change note", "note history"]
        for name, words in NOTE.items()
        if name not in ("narrative", "location", "summary_line")
    },
    NOTE["location"]: ["note", "change note", "note history", "notes", "home"],
    NOTE["narrative"]: ["note", "change note", "note history"],
    # Lists name a note by its own one-line summary when it has one, as this one does.
    NOTE["summary_line"]: [
        "note",
        "change note",
        "note history",
        "delete note",
        "notes",
        "home",
        "person",
        "add files",
        "log an item",
        "change photo",
        "change item",
        "check pack",
    ],
    **{words: ["person", "change person"] for words in PERSON.values()},
    PERSON["name"]: [
        "person",
        "change person",
        "delete person",
        "people",
        "note",
        "change note",
        "notes",
        "home",
        "add a note",
        "make a pack",
        "change pack",
    ],
    **{words: ["contacts", "change contact"] for words in CONTACT.values()},
    CONTACT["organisation"]: ["contacts", "change contact", "delete contact"],
    **{words: ["item", "change item"] for words in ITEM.values()},
    FULL_NAME: ["your details", "your account"],
    CAPTION: ["photo", "change photo", "files", "note", "home"],
    DELETED_NOTE: ["deleted notes"],
    DELETED_CAPTION: ["deleted files"],
    WORDS_TO_HIDE: ["change pack"],
    ORIGINAL_NAME: ["photo"],
    CAMERA_MAKE: ["photo"],
    CAMERA_MODEL: ["photo"],
    EMAIL_FROM: ["email"],
    EMAIL_TO: ["email"],
    EMAIL_SUBJECT: ["email"],
    EMAIL_BODY: ["email"],
    TEXT_EXCERPT: ["text file"],
}


def test_markup_in_every_field_is_shown_as_text_on_every_page(signed_in_client, hostile_diary):
    pages = _pages(hostile_diary)

    html = {}
    for name, url in pages.items():
        response = signed_in_client.get(url)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        html[name] = response.content.decode()

    live = {name: found for name, page in html.items() if (found := live_markup(page))}
    assert live == {}
    missing = [
        f"{words!r} on {page}"
        for words, page_names in SHOWN_ON.items()
        for page in page_names
        if not shown_as_text(html[page], words)
    ]
    assert missing == []


# Everything the pack prints about a note, a person, a contact, a file or an item.
IN_THE_PACK = [
    *NOTE.values(),
    *PERSON.values(),
    *CONTACT.values(),
    *ITEM.values(),
    FULL_NAME,
    CAPTION,
    ORIGINAL_NAME,
    EMAIL_FROM,
    EMAIL_TO,
    EMAIL_SUBJECT,
    EMAIL_BODY,
    TEXT_EXCERPT,
]


def test_markup_in_every_field_is_printed_as_text_in_the_packs_html(user, hostile_diary):
    gathered = gather(
        owner=user, selection=Selection(), reference="P-20261125-TEST", created_at=timezone.now()
    )

    html = pack_html(gathered.content)

    assert live_markup(html) == []
    assert [words for words in IN_THE_PACK if not shown_as_text(html, words)] == []
    # The history printed the first version too: the pack really is of this diary.
    assert shown_as_text(html, "The first version.")
