"""The Files page: newest first, filtered by type or note, pages that cost the same at any depth."""

from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence import services
from evidence.models import Exhibit
from evidence.selectors import FILES_PAGE_SIZE
from tests.diary.pages import visible_text
from tests.evidence import fixtures
from tests.evidence.uploading import FILES, keep_file, small_jpeg, text_file
from tests.factories import UserFactory, make_incident

START = datetime.fromisoformat("2026-03-01T09:00:00+00:00")
FILTER = reverse("evidence:file_filter")


def _texts(owner, tmp_path, count, *, same_time=False, **values) -> list[Exhibit]:
    """``count`` small text exhibits, received one minute apart (or all at once)."""
    made = []
    for n in range(count):
        exhibit = keep_file(owner, text_file(tmp_path, f"message {n}\n", f"text{n}.txt"), **values)
        received = START if same_time else START + timedelta(minutes=n)
        Exhibit.objects.filter(pk=exhibit.pk).update(received_at=received)
        made.append(exhibit)
    return made


def _filtered(client, **query):
    """Filters are posted and kept in the session; the address stays /files/."""
    client.post(FILTER, query)
    return client.get(FILES)


def _shown(client, **query) -> list[Exhibit]:
    return list(_filtered(client, **query).context["exhibits"])


def _every_page(client, **query) -> list[Exhibit]:
    seen = []
    response = _filtered(client, **query)
    while True:
        seen.extend(response.context["exhibits"])
        if not response.context["next_cursor"]:
            return seen
        response = client.get(f"{FILES}?after={response.context['next_cursor']}")


def test_files_are_listed_newest_first(signed_in_client, user, tmp_path):
    oldest, middle, newest = _texts(user, tmp_path, 3)

    response = signed_in_client.get(FILES)

    assert list(response.context["exhibits"]) == [newest, middle, oldest]
    page = visible_text(response)
    assert page.index("JS/3") < page.index("JS/2") < page.index("JS/1")


def test_each_row_shows_reference_type_caption_and_date(signed_in_client, user, tmp_path):
    keep_file(user, small_jpeg(tmp_path), caption="Car outside the house")
    Exhibit.objects.update(received_at=START)

    page = visible_text(signed_in_client.get(FILES))

    assert "JS/1 · Photo or screenshot" in page
    assert "Car outside the house" in page
    assert "Added 1 March 2026" in page


def test_each_row_names_the_notes_the_file_is_linked_to(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    keep_file(user, small_jpeg(tmp_path), incidents=[incident])

    response = signed_in_client.get(FILES)

    assert reverse("diary:incident", args=[incident.pk]) in response.text


def test_the_page_says_how_much_room_is_used(signed_in_client, user, tmp_path, settings):
    settings.EVIDENCE_QUOTA_BYTES = 10 * 1024 * 1024
    keep_file(user, text_file(tmp_path, "x" * 2047 + "\n"))

    page = visible_text(signed_in_client.get(FILES))

    assert "2.0 KB of 10.0 MB used." in page


def test_someone_with_no_files_is_told_so(signed_in_client, user):
    page = visible_text(signed_in_client.get(FILES))

    assert "You have not added any files yet." in page
    assert "0 bytes of" in page


def test_filtering_by_type_shows_only_that_type(signed_in_client, user, tmp_path):
    photo = keep_file(user, small_jpeg(tmp_path))
    letter = keep_file(user, fixtures.make_pdf(tmp_path / "letter.pdf"))
    voicemail = keep_file(user, fixtures.make_mp3(tmp_path / "voicemail.mp3", seconds=0.3))
    email = keep_file(user, fixtures.make_eml(tmp_path / "mail.eml"))
    item = services.item_save(owner=user, values={"caption": "Parcel"}, incidents=[])

    assert _shown(signed_in_client, media_kind="image") == [photo]
    assert _shown(signed_in_client, media_kind="pdf") == [letter]
    assert _shown(signed_in_client, media_kind="audio") == [voicemail]
    assert _shown(signed_in_client, media_kind="email") == [email]
    assert _shown(signed_in_client, media_kind="item") == [item]
    assert _shown(signed_in_client, media_kind="video") == []
    assert "No files match these filters." in visible_text(
        _filtered(signed_in_client, media_kind="video")
    )


def test_filtering_by_note_shows_only_the_files_linked_to_it(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    other = make_incident(user)
    linked = keep_file(user, small_jpeg(tmp_path, "a.jpg"), incidents=[incident])
    keep_file(user, small_jpeg(tmp_path, "b.jpg"), incidents=[other])
    keep_file(user, small_jpeg(tmp_path, "c.jpg"))

    assert _shown(signed_in_client, incident=str(incident.pk)) == [linked]


def test_both_filters_together_narrow_the_list(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    photo = keep_file(user, small_jpeg(tmp_path), incidents=[incident])
    keep_file(user, fixtures.make_pdf(tmp_path / "letter.pdf"), incidents=[incident])

    assert _shown(signed_in_client, incident=str(incident.pk), media_kind="image") == [photo]


def test_another_persons_note_in_the_filter_shows_none_of_their_files(
    signed_in_client, user, tmp_path
):
    stranger = UserFactory(initials="XY")
    their_note = make_incident(stranger)
    keep_file(stranger, small_jpeg(tmp_path), incidents=[their_note])
    mine = keep_file(user, text_file(tmp_path, "mine\n"))

    response = _filtered(signed_in_client, incident=str(their_note.pk))

    # The filter cannot name their note, so it is dropped and only your own files are listed.
    assert response.status_code == 200
    assert list(response.context["exhibits"]) == [mine]
    assert "XY/1" not in visible_text(response)


def test_pages_of_files_cover_every_file_once_in_order(signed_in_client, user, tmp_path):
    created = _texts(user, tmp_path, FILES_PAGE_SIZE * 2 + 3)

    seen = _every_page(signed_in_client)

    assert seen == list(reversed(created))


def test_files_received_at_the_same_moment_are_still_each_shown_once(
    signed_in_client, user, tmp_path
):
    created = _texts(user, tmp_path, FILES_PAGE_SIZE + 5, same_time=True)

    seen = _every_page(signed_in_client)

    assert len(seen) == len(created)
    assert set(seen) == set(created)


def test_the_next_page_keeps_the_filters(signed_in_client, user, tmp_path):
    incident = make_incident(user)
    linked = _texts(user, tmp_path, FILES_PAGE_SIZE + 2, incidents=[incident])
    _texts(user, tmp_path, 3)

    seen = _every_page(signed_in_client, incident=str(incident.pk))

    assert seen == list(reversed(linked))


def test_a_damaged_page_marker_starts_again_from_the_newest(signed_in_client, user, tmp_path):
    _texts(user, tmp_path, 2)

    for cursor in ("not-a-cursor!", "MjAyNi1ub3Q", "%00"):
        response = signed_in_client.get(FILES, {"after": cursor})
        assert response.status_code == 200
        assert len(response.context["exhibits"]) == 2


def _evidence_queries(client, url) -> list[str]:
    """The queries a page makes for its rows (no session, user or savepoint bookkeeping)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["exhibits"]) == FILES_PAGE_SIZE
    return [
        query["sql"]
        for query in captured.captured_queries
        if "evidence_exhibit" in query["sql"]
        and not query["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]


def test_a_files_page_costs_the_same_few_queries_at_any_depth(signed_in_client, user, tmp_path):
    incidents = [make_incident(user), make_incident(user)]
    _texts(user, tmp_path, FILES_PAGE_SIZE * 3, incidents=incidents)
    first = signed_in_client.get(FILES)
    second = signed_in_client.get(f"{FILES}?after={first.context['next_cursor']}")
    deep_url = f"{FILES}?after={second.context['next_cursor']}"

    first_page = _evidence_queries(signed_in_client, FILES)
    deep_page = _evidence_queries(signed_in_client, deep_url)

    # The rows, the notes they link to, and the room used: the same at any depth.
    assert len(first_page) == len(deep_page) <= 3
    assert " OFFSET " not in " ".join(deep_page).upper()


def test_deleted_files_leave_the_list(signed_in_client, user, tmp_path):
    kept_file, deleted = _texts(user, tmp_path, 2)
    services.exhibit_delete(exhibit=deleted)

    assert _shown(signed_in_client) == [kept_file]
