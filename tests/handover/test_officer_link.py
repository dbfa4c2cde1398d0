"""The officer's side of a share: a link and a code, no account; five wrong codes lock it; every
opening and download is on the user's pack page; a bad link always gets a plain page."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Activity
from evidence.handover.models import Share
from evidence.pack.services import pack_delete
from tests.check.packs import download, make_ready_pack
from tests.handover.sharing import officer, share_pack
from tests.security.held_helpers import body_of


@pytest.fixture
def pack(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks):
    return make_ready_pack(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks)


@pytest.fixture
def shared(signed_in_client, pack):
    return share_pack(signed_in_client, pack)


def _pack_page(client, pack) -> str:
    return client.get(reverse("packs:pack", args=[pack.pk])).content.decode()


def _plain_and_private(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_the_right_code_opens_the_pack_page_with_its_reference_and_counts(shared, pack, user):
    _share, path, code = shared
    browser = officer()

    asked = browser.get(path)
    opened = browser.post(path, {"code": code.upper().replace(" ", "-")}, follow=True)
    page = opened.content.decode()

    assert "Enter the access code" in asked.content.decode()
    _plain_and_private(asked)
    assert pack.reference in page
    assert f"{pack.incident_count} note" in page and f"{pack.exhibit_count} exhibit" in page
    assert reverse("handover:pdf", args=[path.split("/")[2]]) in page
    _plain_and_private(opened)
    # The page never names the person who shared it.
    assert user.full_name not in page and user.email not in page
    assert "<title>Shared files" in page


def test_the_officer_downloads_the_very_files_the_user_would(signed_in_client, shared, pack):
    _share, path, code = shared
    browser = officer()
    browser.post(path, {"code": code})

    pdf = browser.get(path + "pdf/")
    bundle = browser.get(path + "zip/")

    assert pdf.status_code == bundle.status_code == 200
    assert pdf["Content-Disposition"].startswith('attachment; filename="notes-')
    _plain_and_private(pdf)
    assert body_of(pdf) == download(signed_in_client, pack, "pdf")
    assert body_of(bundle) == download(signed_in_client, pack, "zip")


def test_every_opening_and_download_is_shown_on_the_pack_page(signed_in_client, shared, pack):
    _share, path, code = shared
    browser = officer()
    browser.post(path, {"code": code})
    body_of(browser.get(path + "pdf/"))
    body_of(browser.get(path + "zip/"))

    page = _pack_page(signed_in_client, pack)

    assert page.count("A shared pack was downloaded (Firefox on Android)") == 2
    assert page.count("A shared pack was opened with its code (Firefox on Android)") == 1


def test_downloads_need_the_code_first(shared):
    _share, path, _code = shared
    browser = officer()

    response = browser.get(path + "pdf/")

    assert response.status_code == 302
    assert response.url == path


def test_five_wrong_codes_lock_the_link_and_the_pack_page_says_so(
    signed_in_client, shared, pack, user
):
    share, path, code = shared
    browser = officer()
    answers = [browser.post(path, {"code": "wrong words here now"}) for _ in range(5)]

    assert "4 tries left" in answers[0].content.decode()
    assert "1 try left" in answers[3].content.decode()
    assert answers[4].status_code == 403
    assert "This link is locked" in answers[4].content.decode()
    # Locked for good: not even the right code opens it now, in any browser.
    again = officer().post(path, {"code": code})
    assert again.status_code == 403 and pack.reference not in again.content.decode()
    page = _pack_page(signed_in_client, pack)
    assert "Locked after five wrong codes" in page
    assert "link locked after five wrong codes (Firefox on Android)" in page
    assert Activity.objects.filter(owner=user, kind="share_locked").count() == 1


def test_a_link_that_never_existed_gets_a_plain_page(db):
    response = officer().get("/s/not-a-real-link-at-all/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    _plain_and_private(response)


def test_an_ended_share_says_this_link_has_ended_even_to_a_browser_that_had_it_open(
    signed_in_client, shared, pack
):
    share, path, code = shared
    browser = officer()
    browser.post(path, {"code": code})

    ended = signed_in_client.post(reverse("handover:end", args=[pack.pk, share.pk]))
    page = browser.get(path)
    pdf = browser.get(path + "pdf/")

    assert ended.status_code == 302
    assert page.status_code == pdf.status_code == 410
    assert "This link has ended" in page.content.decode()
    assert "Ended by you" in _pack_page(signed_in_client, pack)


def test_a_share_ends_by_itself_at_expiry_and_housekeeping_records_it(
    signed_in_client, shared, pack
):
    share, path, code = shared
    Share.objects.filter(pk=share.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = officer().post(path, {"code": code})
    call_command("housekeeping", verbosity=0)
    share.refresh_from_db()

    assert response.status_code == 410
    assert "This link has ended" in response.content.decode()
    assert share.ended_at is not None and share.expired
    assert "when its time was up" in _pack_page(signed_in_client, pack)


def test_deleting_the_pack_ends_its_links(shared, pack):
    _share, path, code = shared
    browser = officer()
    browser.post(path, {"code": code})

    pack_delete(pack=pack)

    assert browser.get(path).status_code == 404
    assert browser.get(path + "zip/").status_code == 404
    assert not Share.objects.exists()


def test_code_guesses_are_limited_per_address_across_links(settings, signed_in_client, pack):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "shared_code": "6/10m/ip"}
    links = [share_pack(signed_in_client, pack)[1] for _ in range(3)]
    browser = officer()
    answers = [
        browser.post(link, {"code": "a b c d"}).status_code for link in links for _ in (1, 2)
    ]
    over = browser.post(links[0], {"code": "a b c d"})

    assert answers == [200] * 6
    assert over.status_code == 429
