"""Adding files: each kept byte-for-byte, hashed, numbered and linked to the notes it is about."""

import re
from datetime import date

from django.urls import reverse

from evidence.models import Exhibit
from tests.diary.pages import form_values, visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import (
    FILES,
    UPLOAD,
    as_upload,
    kept,
    sha256_of,
    small_jpeg,
    stored_bytes,
    text_file,
    upload,
)
from tests.factories import make_incident


def test_several_files_at_once_become_one_exhibit_each_numbered_in_order(
    signed_in_client, user, tmp_path
):
    photo = small_jpeg(tmp_path, "IMG_0001.jpg")
    letter = fixtures.make_pdf(tmp_path / "letter from him.pdf")
    texts = text_file(tmp_path, "He said he would wait outside.\n")

    response = upload(signed_in_client, as_upload(photo), as_upload(letter), as_upload(texts))

    assert response.status_code == 302
    assert response.url == FILES
    exhibits = kept(user)
    assert [exhibit.reference for exhibit in exhibits] == ["JS/1", "JS/2", "JS/3"]
    assert [exhibit.original_name for exhibit in exhibits] == [
        "IMG_0001.jpg",
        "letter from him.pdf",
        "messages.txt",
    ]
    assert "Kept 3 files: JS/1, JS/2, JS/3." in visible_text(signed_in_client.get(FILES))


def test_the_file_page_shows_the_same_sha256_as_the_bytes_that_were_sent(
    signed_in_client, user, tmp_path
):
    photo = small_jpeg(tmp_path)
    upload(signed_in_client, as_upload(photo))
    exhibit = Exhibit.objects.get()

    page = visible_text(signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk])))

    assert sha256_of(photo.read_bytes()) in page
    assert "Suggested exhibit reference JS/1" in page


def test_the_original_is_stored_byte_for_byte_under_a_key_that_says_nothing_of_its_name(
    signed_in_client, user, tmp_path
):
    letter = fixtures.make_pdf(tmp_path / "ex-partner threat 12 Acacia Avenue.pdf", pages=2)
    sent = letter.read_bytes()

    upload(signed_in_client, as_upload(letter))

    exhibit = Exhibit.objects.get()
    assert stored_bytes(exhibit) == sent
    assert exhibit.sha256 == sha256_of(sent)
    assert exhibit.size == len(sent)
    assert exhibit.original_name == "ex-partner threat 12 Acacia Avenue.pdf"
    assert exhibit.mime_type == "application/pdf"
    assert re.fullmatch(r"s/originals/[0-9a-f]{32}", exhibit.original_key)
    for word in ("partner", "threat", "acacia", "avenue", "pdf", " "):
        assert word not in exhibit.original_key.lower()


def test_every_kind_of_file_a_victim_keeps_is_accepted_in_one_upload(
    signed_in_client, user, tmp_path
):
    chosen = [
        small_jpeg(tmp_path, "photo.jpg"),
        fixtures.make_png(tmp_path / "screenshot.png"),
        fixtures.make_heic(tmp_path / "IMG_0002.heic"),
        fixtures.make_pdf(tmp_path / "letter.pdf"),
        text_file(tmp_path, "where are you\n", name="sms.txt"),
        fixtures.make_eml(tmp_path / "email.eml"),
        fixtures.make_mp3(tmp_path / "voicemail.mp3", seconds=0.3),
        fixtures.make_m4a(tmp_path / "voicemail.m4a", seconds=0.3),
        fixtures.make_mp4(tmp_path / "doorstep.mp4", seconds=0.3),
    ]

    upload(signed_in_client, *(as_upload(path) for path in chosen))

    exhibits = kept(user)
    assert [exhibit.original_name for exhibit in exhibits] == [path.name for path in chosen]
    assert [exhibit.media_kind for exhibit in exhibits] == [
        "image",
        "image",
        "image",
        "pdf",
        "text",
        "email",
        "audio",
        "audio",
        "video",
    ]
    for path, exhibit in zip(chosen, exhibits, strict=True):
        assert stored_bytes(exhibit) == path.read_bytes()


def test_a_caption_and_notes_chosen_at_upload_are_kept_with_every_file(
    signed_in_client, user, tmp_path
):
    first = make_incident(user, narrative="Letter on the mat.")
    second = make_incident(user, narrative="Parcel left outside.")
    make_incident(user, narrative="Not this one.")

    upload(
        signed_in_client,
        as_upload(small_jpeg(tmp_path, "a.jpg")),
        as_upload(small_jpeg(tmp_path, "b.jpg", size=(32, 32))),
        caption="  Photos of the doorstep  ",
        incidents=[first, second],
    )

    for exhibit in kept(user):
        assert exhibit.caption == "Photos of the doorstep"
        assert set(exhibit.incidents.all()) == {first, second}


def test_adding_files_from_a_notes_page_ticks_that_note_and_goes_back_to_it(
    signed_in_client, user, tmp_path
):
    incident = make_incident(user)
    query = f"?incident={incident.pk}"

    form = signed_in_client.get(UPLOAD + query)
    ticked = form_values(form, containing="incidents")["incidents"]
    response = signed_in_client.post(
        UPLOAD + query,
        {"files": [as_upload(small_jpeg(tmp_path))], "caption": "", "incidents": ticked},
    )

    assert ticked == [str(incident.pk)]
    assert response.status_code == 302
    assert response.url == reverse("diary:incident", args=[incident.pk])
    assert list(Exhibit.objects.get().incidents.all()) == [incident]


def test_a_file_added_from_a_draft_notes_page_is_linked_to_that_draft(
    signed_in_client, user, tmp_path
):
    # A draft's page shows "Add a photo or file" too; what the browser sends is what is ticked.
    draft = make_incident(user, is_draft=True)
    query = f"?incident={draft.pk}"
    draft_page = signed_in_client.get(reverse("diary:incident", args=[draft.pk]))
    assert f"{UPLOAD}{query}" in draft_page.text
    ticked = form_values(signed_in_client.get(UPLOAD + query), containing="caption")

    response = signed_in_client.post(
        UPLOAD + query, {**ticked, "files": [as_upload(small_jpeg(tmp_path))]}
    )

    assert response.status_code == 302
    # Back to the draft's form, to go on writing it.
    assert response.url == reverse("diary:incident_edit", args=[draft.pk])
    assert list(Exhibit.objects.get().incidents.all()) == [draft]


def test_the_notes_page_shows_the_files_linked_to_it(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    other = make_incident(user)
    upload(
        signed_in_client,
        as_upload(small_jpeg(tmp_path)),
        caption="Flowers on the doorstep",
        incidents=[incident],
        follow=True,
    )
    upload(
        signed_in_client,
        as_upload(text_file(tmp_path, "unrelated\n")),
        incidents=[other],
        follow=True,
    )
    exhibit = Exhibit.objects.get(reference_number=1)

    response = signed_in_client.get(reverse("diary:incident", args=[incident.pk]))

    page = visible_text(response)
    assert "Files and items" in page
    assert "JS/1" in page
    assert "Flowers on the doorstep" in page
    assert "JS/2" not in page
    assert reverse("evidence:exhibit", args=[exhibit.pk]) in response.text
    assert f"{UPLOAD}?incident={incident.pk}" in response.text


def test_the_file_page_lists_the_notes_it_is_about(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)), incidents=[incident])
    exhibit = Exhibit.objects.get()

    response = signed_in_client.get(reverse("evidence:exhibit", args=[exhibit.pk]))

    assert "Notes it is about" in visible_text(response)
    assert reverse("diary:incident", args=[incident.pk]) in response.text


def test_a_file_with_no_notes_says_so(signed_in_client, user, tmp_path):
    upload(signed_in_client, as_upload(small_jpeg(tmp_path)))

    response = signed_in_client.get(reverse("evidence:exhibit", args=[Exhibit.objects.get().pk]))

    assert "Not linked to any note yet." in visible_text(response)


def test_the_upload_page_states_the_limits_and_what_is_accepted(signed_in_client, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100 * 1024 * 1024

    page = visible_text(signed_in_client.get(UPLOAD))

    assert "up to 20 at once, each up to 100 MB" in page
    assert "JPEG, PNG, HEIC" in page
    assert re.search(r"You have used 0 bytes of [\d.]+ GB", page)


def test_the_upload_page_offers_the_camera_the_microphone_and_several_files(signed_in_client):
    response = signed_in_client.get(UPLOAD)

    inputs = re.findall(r"<input[^>]*type=\"file\"[^>]*>", response.text)
    camera, microphone, files = inputs
    assert 'accept="image/*"' in camera and 'capture="environment"' in camera
    assert 'accept="audio/*"' in microphone and "capture" in microphone
    assert "multiple" in files and "image/*" in files
    assert all('name="files"' in box for box in inputs)
    assert 'enctype="multipart/form-data"' in response.text


def test_adding_files_needs_you_to_be_signed_in(client, db, tmp_path):
    response = client.post(UPLOAD, {"files": [as_upload(small_jpeg(tmp_path))]})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Exhibit.objects.exists()


def test_choosing_no_file_says_what_to_do(signed_in_client, user):
    response = signed_in_client.post(UPLOAD, {"caption": "Nothing chosen"})

    assert response.status_code == 200
    page = visible_text(response)
    assert "There is a problem" in page
    assert "Choose at least one file to upload." in page
    assert not Exhibit.objects.exists()


def test_the_upload_page_lists_only_the_latest_notes_plus_the_one_it_came_from(
    signed_in_client, user, monkeypatch
):
    monkeypatch.setattr("evidence.forms.CHOICE_LIMIT", 2)
    old = make_incident(user, narrative="The oldest note", occurred_on=date(2025, 1, 1))
    newest = [make_incident(user, narrative=f"Note {n}") for n in range(3)]
    upload = reverse("evidence:upload")

    plain = signed_in_client.get(upload).context["form"].fields["incidents"].queryset
    from_old = signed_in_client.get(upload, {"incident": str(old.pk)}).context["form"]

    assert plain.count() == 2
    assert old not in plain
    assert old in from_old.fields["incidents"].queryset
    assert from_old.fields["incidents"].queryset.count() == 3
    assert set(plain) <= set(newest)


def test_an_emails_own_date_is_shown_in_plain_words(signed_in_client, tmp_path):
    email = fixtures.make_eml(tmp_path / "message.eml", date="Mon, 12 Oct 2026 23:11:00 +0100")

    with email.open("rb") as upload:
        response = signed_in_client.post(
            reverse("evidence:upload"), {"files": [upload]}, follow=True
        )

    page = visible_text(response)
    assert "12 October 2026 at 11:11pm (UTC+01:00)" in page
    assert "2026-10-12T23:11" not in page
