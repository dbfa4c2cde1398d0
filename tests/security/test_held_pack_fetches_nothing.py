"""Held: making a pack fetches nothing, however many addresses the user's words and files hold.

A real socket listens on 127.0.0.1 and records every connection. Its address, in every shape a
PDF renderer could follow (a plain link, an <img>, a stylesheet, a CSS url()) and next to
file:///etc/passwd, goes in every free-text field a note, a person, a contact, a file or an
item can carry. A real pack is then built through its pages: the socket must hear nothing, and
no byte of /etc/passwd may reach the PDF or the ZIP.
"""

import io
import socket
import zipfile
from datetime import date

import weasyprint
from django.urls import reverse

from diary.models import INCIDENT_TEXT_FIELDS, Incident, Person, PoliceContact
from diary.services import incident_update, person_save, police_contact_save
from evidence import services
from evidence.models import Exhibit
from evidence.pack.pdf.renderer import render_pdf
from tests.evidence import fixtures
from tests.evidence.uploading import keep_file, small_jpeg, text_file
from tests.factories import make_incident
from tests.sealing import as_stored
from tests.security.held_helpers import (
    ConnectionTrap,
    body_of,
    build_pack,
    choose_pack,
    field_length,
    pdf_attachments,
    pdf_text,
)

PASSWORD_FILE_LINE = "root:x:0:0"


def _shapes(trap: ConnectionTrap, field: str) -> list[str]:
    """Every way a piece of text could ask a renderer to fetch something."""
    return [
        f"{field}: {trap.url(field)}",
        f'<img src="{trap.url(field + "/img")}">',
        f'<link rel=stylesheet href="{trap.url(field + "/css")}">',
        f"<style>@import url({trap.url(field + '/import')});</style>",
        f'<p style="background:url({trap.url(field + "/background")})">',
        f"url({trap.url(field + '/url')})",
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<a rel="attachment" href="file:///etc/passwd">passwords</a>',
        "file:///etc/passwd",
    ]


def hostile(trap: ConnectionTrap, field: str, max_length: int | None = None) -> str:
    """As many of the shapes as the field holds (all of them where it has no limit)."""
    kept = []
    for shape in _shapes(trap, field):
        if max_length is None or len(" ".join([*kept, shape])) <= max_length:
            kept.append(shape)
    assert kept, f"nothing hostile fits in {field}"
    return " ".join(kept)


def _as_plain_text(trap: ConnectionTrap, field: str) -> str:
    return " ".join(shape for shape in _shapes(trap, field) if "<style>" not in shape)


def _values(trap, model, names) -> dict:
    return {name: hostile(trap, name, field_length(model, name)) for name in names}


INCIDENT_FIELDS = list(INCIDENT_TEXT_FIELDS)
PERSON_FIELDS = ["name", "description", "vehicles", "phone_numbers", "accounts", "addresses"]
CONTACT_FIELDS = ["officer_name", "officer_number", "organisation", "summary", "reference"]
ITEM_FIELDS = ["caption", "item_arrived_how", "item_kept_where", "item_handling"]


def _fill_a_diary_with_addresses(trap, user, tmp_path, capture_on_commit) -> None:
    user.full_name = hostile(trap, "full name", field_length(type(user), "full_name"))
    user.save()
    person = person_save(owner=user, values=_values(trap, Person, PERSON_FIELDS))
    note = make_incident(user, narrative="The first version.", persons=[person])
    # Changed once, so the amendment history prints every field's words as well.
    note = incident_update(
        incident=note,
        values={**_values(trap, Incident, INCIDENT_FIELDS), "police_told": "yes"},
        kinds=["letter"],
        persons=[person],
    )
    police_contact_save(
        owner=user,
        values={
            "contacted_on": date(2026, 3, 16),
            "method": "phone",
            **_values(trap, PoliceContact, CONTACT_FIELDS),
        },
    )
    with capture_on_commit(execute=True):
        photo = keep_file(
            user,
            small_jpeg(
                tmp_path,
                make=hostile(trap, "camera make"),
                model=hostile(trap, "camera model"),
                gps=None,
            ),
            caption=hostile(trap, "caption"),
            incidents=[note],
        )
        keep_file(
            user,
            fixtures.make_eml(
                tmp_path / "message.eml",
                # Addresses hold no markup that a mail parser keeps; a link in the name it does.
                sender=f'"Someone {trap.url("email-from")}" <someone@example.invalid>',
                to=f'"Me {trap.url("email-to")}" <me@example.invalid>',
                subject=hostile(trap, "email subject"),
                body=hostile(trap, "email body") + "\n",
                html=f"<p>{hostile(trap, 'email html')}</p>",
            ),
            incidents=[note],
        )
        keep_file(
            user,
            # Text that reads as a web page is refused at intake, so this one has no <style>.
            text_file(tmp_path, f"Text messages\n{_as_plain_text(trap, 'text file')}\n"),
            incidents=[note],
        )
    # The intake keeps only the last part of a file's name (no "/"); the pack must not trust
    # the database for that, so this one is written as an older row might hold it.
    Exhibit.objects.filter(pk=photo.pk).update(
        original_name=as_stored(
            photo,
            "original_name",
            hostile(trap, "original name", field_length(Exhibit, "original_name")),
        )
    )
    services.item_save(
        owner=user,
        values={name: hostile(trap, name, field_length(Exhibit, name)) for name in ITEM_FIELDS},
        incidents=[note],
    )


def _compact(text: str) -> str:
    return "".join(text.split())


def test_building_a_pack_from_words_and_files_full_of_addresses_fetches_nothing(
    signed_in_client, user, tmp_path, django_capture_on_commit_callbacks
):
    with ConnectionTrap() as trap:
        _fill_a_diary_with_addresses(trap, user, tmp_path, django_capture_on_commit_callbacks)

        pack = build_pack(
            signed_in_client, choose_pack(signed_in_client), django_capture_on_commit_callbacks
        )
        pdf = body_of(signed_in_client.get(reverse("packs:pdf", args=[pack.pk])))
        bundle = body_of(signed_in_client.get(reverse("packs:zip", args=[pack.pk])))
        trap.wait_for(1, seconds=0.5)
        heard_during_the_build = list(trap.connections)

        # The trap was listening all along: a connection made on purpose is heard.
        with socket.create_connection(("127.0.0.1", trap.port), timeout=2) as probe:
            probe.sendall(b"probe")
        trap.wait_for(1)

    assert heard_during_the_build == []
    assert len(trap.connections) == 1
    text = pdf_text(pdf)
    assert PASSWORD_FILE_LINE not in text
    assert pdf_attachments(pdf) == {}
    # The addresses did reach the PDF, as words.
    assert f"127.0.0.1:{trap.port}/narrative" in _compact(text)
    assert "file:///etc/passwd" in _compact(text)
    with zipfile.ZipFile(io.BytesIO(bundle)) as opened:
        for name in opened.namelist():
            assert PASSWORD_FILE_LINE.encode() not in opened.read(name), name


def test_the_packs_renderer_fetches_nothing_even_for_markup_that_was_never_escaped(tmp_path):
    with ConnectionTrap() as trap:
        # As if a template forgot to escape: the renderer itself is the second wall.
        html = (
            "<html><head>"
            + hostile(trap, "head")
            + "</head><body><p>End of the note.</p>"
            + hostile(trap, "body")
            + "</body></html>"
        )

        pdf = render_pdf(html)
        trap.wait_for(1, seconds=0.5)
        heard_by_the_pack = list(trap.connections)

        # The same document through WeasyPrint's own fetcher does reach out: the trap can hear.
        plain = [shape for shape in _shapes(trap, "plain") if "file:" not in shape]
        weasyprint.HTML(string="<p>Plain.</p>" + " ".join(plain)).write_pdf()
        trap.wait_for(1)

    assert heard_by_the_pack == []
    assert len(trap.connections) >= 1
    text = pdf_text(pdf)
    assert "End of the note." in text
    assert PASSWORD_FILE_LINE not in text
    assert pdf_attachments(pdf) == {}
