"""The user's side of a share: made from a ready pack, shown once, kept only as hashes, ended at
any time; another person's pack or share is a 404."""

import pytest
from django.db import connection
from django.urls import reverse

from evidence.handover.models import Share
from tests.check.packs import make_ready_pack
from tests.factories import UserFactory
from tests.handover.sharing import share_pack
from tests.security.held_helpers import choose_pack

RECIPIENT = "PC 7781 Okonkwo-Brackley, Merseyside Police"


@pytest.fixture
def pack(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks):
    return make_ready_pack(signed_in_client, user, tmp_path, django_capture_on_commit_callbacks)


def _row(share) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipient, token_sha256, code_hash FROM handover_share WHERE id = %s",
            [share.pk.hex if connection.vendor == "sqlite" else share.pk],
        )
        return cursor.fetchone()


def test_the_pack_page_offers_to_share_a_ready_pack(signed_in_client, pack):
    page = signed_in_client.get(reverse("packs:pack", args=[pack.pk])).content.decode()

    assert "Share with an officer" in page
    assert reverse("handover:share", args=[pack.pk]) in page


def test_the_link_and_code_are_shown_once_and_kept_only_as_hashes(signed_in_client, pack):
    share, path, code = share_pack(signed_in_client, pack, recipient=RECIPIENT, days="3")
    token = path.split("/")[2]
    recipient, token_sha256, code_hash = _row(share)
    pack_page = signed_in_client.get(reverse("packs:pack", args=[pack.pk])).content.decode()

    assert len(token) >= 32  # 24 random bytes in base64: 192 bits
    assert len(code.split()) == 4
    assert token not in token_sha256 and code not in code_hash
    assert RECIPIENT not in recipient and recipient.startswith("tink1:")
    assert share.recipient == RECIPIENT
    assert (share.expires_at - share.created_at).days == 3
    # The pack page lists the share but never shows the link or the code again.
    assert f"For {RECIPIENT}" in pack_page
    assert token not in pack_page and code not in pack_page
    assert "Not yet" in pack_page


@pytest.mark.parametrize(
    ("recipient", "days", "message"),
    [
        ("", "14", "Enter who the pack is for"),
        (RECIPIENT, "0", "at least 1 day"),
        (RECIPIENT, "31", "at most 30 days"),
        (RECIPIENT, "two", "Enter a whole number of days"),
    ],
)
def test_the_form_says_what_to_fix(signed_in_client, pack, recipient, days, message):
    response = signed_in_client.post(
        reverse("handover:share", args=[pack.pk]), {"recipient": recipient, "days": days}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Share.objects.exists()


def test_the_form_suggests_14_days(signed_in_client, pack):
    page = signed_in_client.get(reverse("handover:share", args=[pack.pk])).content.decode()

    assert 'value="14"' in page


def test_a_pack_that_is_not_ready_cannot_be_shared(signed_in_client, user):
    draft = choose_pack(signed_in_client)

    assert signed_in_client.get(reverse("handover:share", args=[draft.pk])).status_code == 404


def test_another_users_pack_and_share_are_a_404_and_stay_as_they_were(
    client, signed_in_client, pack
):
    share, path, _code = share_pack(signed_in_client, pack)
    client.force_login(UserFactory())

    answers = [
        client.get(reverse("handover:share", args=[pack.pk])).status_code,
        client.post(
            reverse("handover:share", args=[pack.pk]), {"recipient": "x", "days": "3"}
        ).status_code,
        client.post(reverse("handover:end", args=[pack.pk, share.pk])).status_code,
    ]
    share.refresh_from_db()

    assert answers == [404, 404, 404]
    assert share.ended_at is None
    assert Share.objects.count() == 1


def test_the_download_of_everything_lists_each_share_and_who_it_was_for(
    signed_in_client, user, pack, tmp_path
):
    from accounts.export import write_export

    share_pack(signed_in_client, pack, recipient=RECIPIENT, days="5")

    records = write_export(user, tmp_path / "everything.zip")

    assert records["shares"] == [
        {
            "pack_reference": pack.reference,
            "for": RECIPIENT,
            "made_at": records["shares"][0]["made_at"],
            "expires_at": records["shares"][0]["expires_at"],
            "state": "Open",
            "wrong_codes": 0,
        }
    ]


def test_who_it_is_for_is_shown_as_text_never_as_markup(signed_in_client, pack):
    from tests.security.held_helpers import live_markup, payload, shown_as_text

    hostile = payload("recipient", 200)
    made = signed_in_client.post(
        reverse("handover:share", args=[pack.pk]), {"recipient": hostile, "days": "2"}
    )
    pack_page = signed_in_client.get(reverse("packs:pack", args=[pack.pk]))

    for response in (made, pack_page):
        html = response.content.decode()
        assert live_markup(html) == []
        assert shown_as_text(html, hostile)
