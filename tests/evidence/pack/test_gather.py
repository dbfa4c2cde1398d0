"""Turning a user's choices into the pack's data: the right notes and files, and nobody else's."""

from datetime import date, time

import pytest

from diary.services import incident_delete, incident_restore, incident_update
from evidence.pack.gather import gather
from evidence.pack.redaction import REDACTED
from evidence.pack.selectors import Selection, estimate_pages, preview, selected_incidents
from tests.evidence.uploading import keep_file, small_jpeg, text_file
from tests.factories import PersonFactory, UserFactory, make_incident

pytestmark = pytest.mark.django_db
MADE = date(2026, 11, 25)


def _gather(user, **choices):
    from datetime import UTC, datetime

    return gather(
        owner=user,
        selection=Selection(**choices),
        reference="P-20261125-TEST",
        created_at=datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
    )


def test_selection_survives_its_trip_through_json():
    selection = Selection(
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        person_ids=("a",),
        kinds=("letter", "phone_call"),
        pick=True,
        incident_ids=("x", "y"),
        include_history=False,
        redactions=("12 Acacia Avenue",),
        leave_out_located=True,
    )
    assert Selection.from_json(selection.to_json()) == selection


def test_notes_are_chosen_by_date_person_and_kind_and_never_drafts_or_deleted(user):
    ex = PersonFactory(owner=user, name="Mark")
    other = PersonFactory(owner=user, name="Neighbour")
    march = make_incident(user, occurred_on=date(2026, 3, 2), kinds=("letter",), persons=[ex])
    april = make_incident(user, occurred_on=date(2026, 4, 2), kinds=("phone_call",), persons=[ex])
    make_incident(user, occurred_on=date(2026, 4, 3), kinds=("letter",), persons=[other])
    make_incident(user, occurred_on=date(2026, 4, 4), is_draft=True)
    gone = make_incident(user, occurred_on=date(2026, 4, 5))
    incident_delete(incident=gone)
    make_incident(UserFactory(), occurred_on=date(2026, 4, 6))

    def chosen(**choices):
        return list(selected_incidents(user, Selection(**choices)))

    assert len(chosen()) == 3
    assert chosen(period_end=date(2026, 3, 31)) == [march]
    assert chosen(person_ids=(str(ex.pk),)) == [march, april]
    assert chosen(kinds=("phone_call",)) == [april]
    assert chosen(pick=True, incident_ids=(str(april.pk),)) == [april]


def test_preview_counts_notes_files_and_located_originals(user, tmp_path):
    note = make_incident(user, narrative="x" * 7_000)
    make_incident(user, occurred_on=date(2026, 3, 15))
    keep_file(user, small_jpeg(tmp_path), incidents=[note])
    keep_file(user, small_jpeg(tmp_path, "plain.jpg", gps=None), incidents=[note])
    keep_file(user, text_file(tmp_path, "hello"), incidents=[note])
    keep_file(user, text_file(tmp_path, "not linked", "other.txt"))

    everything = preview(user, Selection())
    assert (everything.incidents, everything.files, everything.photos) == (2, 4, 2)
    assert len(everything.located) == 1
    narrowed = preview(user, Selection(period_end=date(2026, 3, 14)))
    # Only files linked to the chosen notes go in once the selection is narrowed.
    assert (narrowed.incidents, narrowed.files) == (1, 3)
    assert preview(user, Selection(include_bundle=False)).located == ()
    assert preview(user, Selection(period_start=date(2030, 1, 1))).is_empty


def test_page_estimate_grows_with_what_goes_in():
    small = estimate_pages(
        incidents=10,
        narrative_characters=5_000,
        pictures=0,
        exhibits=0,
        people=1,
        contacts=0,
        revisions=10,
        history=True,
        impact=True,
    )
    large = estimate_pages(
        incidents=200,
        narrative_characters=200_000,
        pictures=50,
        exhibits=60,
        people=3,
        contacts=5,
        revisions=300,
        history=True,
        impact=True,
    )
    assert 5 <= small < 20 < large


def test_content_is_chronological_with_times_revisions_and_exhibit_links(user, tmp_path):
    later = make_incident(user, occurred_on=date(2026, 3, 20), narrative="Second")
    first = make_incident(user, occurred_on=date(2026, 3, 2), occurred_time=None, narrative="First")
    incident_update(
        incident=first,
        values={"narrative": "First, amended"},
        kinds=("letter",),
        persons=(),
        seen_updated_at=first.updated_at,
    )
    incident_delete(incident=later)
    incident_restore(incident=later)
    photo = keep_file(user, small_jpeg(tmp_path), incidents=[first, later])

    content = _gather(user).content
    assert [i.narrative for i in content.incidents] == ["First, amended", "Second"]
    assert [i.number for i in content.incidents] == [1, 2]
    first_row, later_row = content.incidents
    assert first_row.occurred_time is None and first_row.amendments == 1
    assert later_row.was_deleted
    assert first_row.exhibit_references == (photo.reference,)
    assert [v.action for v in first_row.history] == ["Written", "Amended"]
    assert first_row.final_revision_hash == first.revisions.order_by("sequence").last().chain_hash
    (exhibit,) = content.exhibits
    assert exhibit.incident_numbers == (1, 2)
    assert exhibit.sha256 == photo.sha256
    assert content.summary.total == 2


def test_history_is_left_out_when_asked(user):
    make_incident(user)
    (incident,) = _gather(user, include_history=False).content.incidents
    assert incident.history == ()
    assert incident.final_revision_hash


def test_redaction_replaces_words_everywhere_in_the_pdf_text_but_not_the_manifest_hashes(user):
    person = PersonFactory(owner=user, name="Mark", addresses="12 Acacia Avenue, Leeds")
    make_incident(
        user,
        persons=[person],
        location="Outside 12 ACACIA AVENUE",
        narrative="He stood outside 12 Acacia Avenue and rang 07700 900123.",
        occurred_time=time(9, 0),
    )
    gathered = _gather(user, redactions=("12 Acacia Avenue", "07700 900123"))
    content = gathered.content
    (incident,) = content.incidents
    assert incident.narrative == f"He stood outside {REDACTED} and rang {REDACTED}."
    assert incident.location == f"Outside {REDACTED}"
    assert content.people[0].addresses == f"{REDACTED}, Leeds"
    assert content.redactions_made
    # The words themselves never travel into the bundle's manifest.
    assert "Acacia" not in repr(gathered.manifest_selection)


def test_every_free_text_field_of_a_note_is_hidden_in_the_packs_pages(user):
    from diary.models import INCIDENT_TEXT_FIELDS, Incident
    from evidence.pack.pages import pack_html

    secret = "Zebrafinch"
    values = {
        name: f"{secret} {name}"[: Incident._meta.get_field(name).max_length]
        for name in INCIDENT_TEXT_FIELDS
    }
    make_incident(user, **values)

    html = pack_html(_gather(user, redactions=(secret,), include_history=True).content)

    assert secret.lower() not in html.lower()
    assert html.count(REDACTED) >= len(INCIDENT_TEXT_FIELDS) - 3  # the vehicle's parts are one line


def test_redaction_notice_only_when_something_was_replaced(user):
    make_incident(user, narrative="Nothing to hide here.")
    assert not _gather(user, redactions=("Acacia",)).content.redactions_made


def test_located_originals_can_be_left_out_of_the_bundle(user, tmp_path):
    note = make_incident(user)
    located = keep_file(user, small_jpeg(tmp_path), incidents=[note])
    plain = keep_file(user, small_jpeg(tmp_path, "plain.jpg", gps=None), incidents=[note])

    gathered = _gather(user, leave_out_located=True)
    assert [e.reference for e in gathered.bundle_exhibits] == [plain.reference]
    assert gathered.content.located_left_out == (located.reference,)
    kept_in = _gather(user)
    assert [e.reference for e in kept_in.bundle_exhibits] == [located.reference, plain.reference]


def test_a_photo_without_a_print_copy_is_marked_missing_not_dropped(user, tmp_path):
    note = make_incident(user)
    photo = keep_file(user, small_jpeg(tmp_path), incidents=[note])
    assert photo.print_key == ""  # previews are made by the task, which has not run here
    (exhibit,) = _gather(user).content.exhibits
    assert exhibit.image_missing and exhibit.image_token is None


def test_nobody_elses_notes_files_or_people_go_in(user, tmp_path):
    stranger = UserFactory()
    theirs = make_incident(stranger, persons=[PersonFactory(owner=stranger)])
    keep_file(stranger, small_jpeg(tmp_path), incidents=[theirs])
    make_incident(user)
    content = _gather(user, incident_ids=(str(theirs.pk),)).content
    assert len(content.incidents) == 1 and content.exhibits == () and content.people == ()
    assert _gather(user, pick=True, incident_ids=(str(theirs.pk),)).content.incidents == ()


def test_labels_speak_about_the_author_not_to_them(user):
    make_incident(
        user, kinds=("following", "letter"), feelings=["fear_of_violence"], changes=["route"]
    )
    content = _gather(user, kinds=("following",)).content
    (incident,) = content.incidents
    assert incident.kinds == ("Letter", "Following the author")
    assert incident.feelings == ("Afraid that violence would be used against them",)
    assert incident.changes == ("The way they travel",)
    assert "Kinds: Following the author" in content.selection_words
    assert {t.label for t in content.summary.by_kind} == {"Following the author", "Letter"}


def test_a_text_file_brings_its_words_redacted_like_the_rest(user, tmp_path):
    note = make_incident(user)
    keep_file(user, text_file(tmp_path, "He said: see you at 12 Acacia Avenue"), incidents=[note])
    (exhibit,) = _gather(user, redactions=("12 Acacia Avenue",)).content.exhibits
    assert exhibit.text_excerpt == f"He said: see you at {REDACTED}"
    assert not exhibit.text_cut
