"""Held: every download is a file to save under a plain name, never a page a browser would run.

The routes are every original, every preview size and both files of a pack. Originals include
kinds a browser would happily open (a text export with markup in it, an email, a PDF that asks
to run JavaScript), so a wrong Content-Type or a missing header would show.
"""

import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from PIL import Image

from tests.evidence import fixtures
from tests.evidence.uploading import keep_file, small_jpeg, text_file
from tests.factories import make_incident
from tests.security.held_helpers import body_of, build_pack, choose_pack

FULL_NAME = "Jane Doubleday"
ORIGINAL_NAMES = {
    "photo": "Jane Doubleday - Marks threats IMG_0042.jpg",
    "text export": "messages from Mark Lowther.txt",
    "email": "from Mark Lowther.eml",
    "pdf": "Mark Lowther letter.pdf",
}
# Words that would tell someone looking at the downloads folder whose file it is, or what.
TELLING_WORDS = ["Jane", "Doubleday", "Mark", "Lowther", "IMG_0042", "threats", "messages"]
# Text that a browser would run, were the export ever shown as a page.
EXPORT_TEXT = "Text messages\n<img src=x onerror=alert(document.cookie)>\n"
PREVIEW_SIZES = ["display", "thumbnail"]


@pytest.fixture
def downloads(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks):
    """Every download route and the name it should save as: {label: (url, name or None)}."""
    user.full_name = FULL_NAME
    user.save()
    note = make_incident(user, narrative="Mark Lowther left a letter.")
    with django_capture_on_commit_callbacks(execute=True):
        kept = {
            "photo": keep_file(user, small_jpeg(tmp_path), incidents=[note]),
            "text export": keep_file(
                user, text_file(tmp_path, EXPORT_TEXT, name="export.txt"), incidents=[note]
            ),
            "email": keep_file(user, fixtures.make_eml(tmp_path / "message.eml"), incidents=[note]),
            "pdf": keep_file(
                user,
                fixtures.make_pdf_with_javascript(tmp_path / "letter.pdf"),
                incidents=[note],
            ),
        }
    for label, exhibit in kept.items():
        exhibit.original_name = ORIGINAL_NAMES[label]
        exhibit.save(update_fields=["original_name"])
    pack = build_pack(
        signed_in_client, choose_pack(signed_in_client), django_capture_on_commit_callbacks
    )
    # Dated the day the pack was made, where its owner is.
    day = pack.created_at.astimezone(ZoneInfo(user.timezone)).strftime("%Y-%m-%d")
    routes = {
        f"original of the {label}": (
            reverse("evidence:original", args=[exhibit.pk]),
            f"file-JS-{exhibit.reference_number}{exhibit.file_facts['extension']}",
        )
        for label, exhibit in kept.items()
    }
    for label in ("photo", "pdf"):
        for size in PREVIEW_SIZES:
            routes[f"{size} preview of the {label}"] = (
                reverse("evidence:preview", args=[kept[label].pk, size]),
                None,
            )
    routes["pack PDF"] = (reverse("packs:pdf", args=[pack.pk]), f"notes-{day}.pdf")
    routes["pack ZIP"] = (reverse("packs:zip", args=[pack.pk]), f"notes-{day}.zip")
    return routes


def _fetch_all(client, downloads) -> dict:
    fetched = {}
    for label, (url, _name) in downloads.items():
        response = client.get(url)
        fetched[label] = (response, body_of(response))
    return fetched


def _file_name(disposition: str) -> str | None:
    match = re.search(r'filename="([^"]*)"', disposition)
    return match.group(1) if match else None


def test_every_download_is_a_file_to_save_under_a_neutral_name(signed_in_client, user, downloads):
    fetched = _fetch_all(signed_in_client, downloads)

    problems = []
    for label, (response, body) in fetched.items():
        _url, expected = downloads[label]
        if expected is None:
            continue  # previews: see the next test
        disposition = response.get("Content-Disposition", "")
        name = _file_name(disposition)
        if response.status_code != 200 or not body:
            problems.append(f"{label}: {response.status_code}, {len(body)} bytes")
        if not disposition.startswith("attachment"):
            problems.append(f"{label}: {disposition!r} is not an attachment")
        if name != expected:
            problems.append(f"{label}: file name {name!r}")
        if "filename*" in disposition:
            problems.append(f"{label}: a second, encoded file name {disposition!r}")
        for word in [*TELLING_WORDS, user.email.split("@")[0]]:
            if word.lower() in disposition.lower():
                problems.append(f"{label}: {disposition!r} tells {word!r}")
    assert problems == []


def test_previews_are_pictures_the_app_made_shown_under_no_ones_name(
    signed_in_client, user, downloads
):
    fetched = _fetch_all(signed_in_client, downloads)
    previews = {label: value for label, value in fetched.items() if "preview" in label}

    assert len(previews) == 4
    for label, (response, body) in previews.items():
        disposition = response.get("Content-Disposition", "")
        assert response.status_code == 200, label
        # Shown in the file's page by <img>, so inline, but never under a name that tells.
        assert disposition == "" or disposition.startswith(("inline", "attachment")), label
        for word in [*TELLING_WORDS, user.email.split("@")[0]]:
            assert word.lower() not in disposition.lower(), (label, disposition)
        assert response["Content-Type"] == "image/jpeg", label
        with Image.open(io.BytesIO(body)) as picture:
            assert picture.format == "JPEG", label
            # A copy the app made: the photo's place and camera are not in it.
            assert not picture.getexif().get_ifd(0x8825), f"{label} still holds a location"


def test_every_download_carries_nosniff_no_store_and_a_sandboxing_policy(
    signed_in_client, downloads
):
    fetched = _fetch_all(signed_in_client, downloads)

    problems = []
    for label, (response, _body) in fetched.items():
        policy = response.get("Content-Security-Policy", "")
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(
                f"{label}: X-Content-Type-Options {response.get('X-Content-Type-Options')!r}"
            )
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{label}: Cache-Control {response.get('Cache-Control')!r}")
        # The site's own policy allows its scripts; a download's allows nothing at all.
        if "default-src 'none'" not in policy or "sandbox" not in policy:
            problems.append(f"{label}: Content-Security-Policy {policy!r}")
    assert problems == []


def test_no_download_is_ever_served_as_a_web_page_whatever_the_original_was(
    signed_in_client, downloads
):
    fetched = _fetch_all(signed_in_client, downloads)

    types = {label: response["Content-Type"] for label, (response, _body) in fetched.items()}
    for label, content_type in types.items():
        assert not content_type.startswith("text/"), (label, content_type)
        assert "html" not in content_type and "xml" not in content_type, (label, content_type)
    # Every original, whatever it is, leaves as plain bytes.
    assert {types[label] for label in types if label.startswith("original")} == {
        "application/octet-stream"
    }
    assert types["pack PDF"] == "application/pdf"
    assert types["pack ZIP"] == "application/zip"
    # The export really did hold markup, byte for byte as it arrived.
    assert fetched["original of the text export"][1] == EXPORT_TEXT.encode()


def test_someone_signed_out_is_sent_to_sign_in_not_given_the_file(client, user, downloads):
    signed_in = _fetch_all(client, downloads)  # the fixture's client, still signed in
    assert all(response.status_code == 200 for response, _body in signed_in.values())
    client.logout()

    fetched = _fetch_all(client, downloads)

    sign_in = reverse("account_login")
    for label, (response, body) in fetched.items():
        assert response.status_code == 302, label
        assert response.url.startswith(sign_in), label
        assert "Content-Disposition" not in response, label
        assert len(body) < 100 and body != signed_in[label][1], label
