import re

from django.test import Client
from django.urls import reverse


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    # The one inline script (GOV.UK's js-enabled switch) runs only because it carries the nonce.
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    assert inline_scripts
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)


def test_pages_send_the_privacy_headers(client, db):
    response = client.get(reverse("account_login"))

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_never_stored(signed_in_client):
    for url in [reverse("home"), reverse("your_account"), reverse("profile")]:
        cache_control = signed_in_client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control, url


def test_the_sign_out_response_is_never_stored(signed_in_client):
    response = signed_in_client.post(reverse("account_logout"))

    assert "no-store" in response["Cache-Control"]


def test_public_advice_is_not_marked_no_store_for_visitors(db):
    response = Client().get(reverse("advice:landing"))

    assert "no-store" not in response.get("Cache-Control", "")


def test_no_page_loads_anything_from_another_site(client, signed_in_client):
    anonymous = Client()
    for page_client, url in [
        (anonymous, reverse("home")),
        (anonymous, reverse("account_signup")),
        (signed_in_client, reverse("home")),
        (signed_in_client, reverse("your_account")),
    ]:
        html = page_client.get(url).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
        assert external == [], (url, external)


def test_page_titles_never_say_what_the_site_is_about(client, signed_in_client):
    anonymous = Client()
    pages = [
        (anonymous, reverse("home")),
        (anonymous, reverse("account_login")),
        (anonymous, reverse("account_signup")),
        (anonymous, reverse("account_reset_password")),
        (anonymous, reverse("advice:landing")),
        (signed_in_client, reverse("home")),
        (signed_in_client, reverse("diary:timeline")),
        (signed_in_client, reverse("evidence:files")),
        (signed_in_client, reverse("mfa_index")),
        (signed_in_client, reverse("usersessions_list")),
    ]
    for page_client, url in pages:
        title = re.search(r"<title>(.*?)</title>", page_client.get(url).text, re.S).group(1)
        assert title.strip().endswith("Notes"), (url, title)
        for word in ("stalk", "harass", "abuse", "evidence", "police"):
            assert word not in title.lower(), (url, title)
