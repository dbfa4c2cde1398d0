"""Sharing a pack the way the pages do it: the user presses the button, reads the link and code
off the page, and an officer with another browser (another test client) uses them."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from evidence.handover.models import Share

ANDROID_FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def share_pack(client, pack, *, recipient="PC 1234 Khan, West Yorkshire Police", days="14"):
    """Press "Make the link and code"; the share, the link's path and the code as shown."""
    response = client.post(
        reverse("handover:share", args=[pack.pk]), {"recipient": recipient, "days": days}
    )
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    link = re.search(r'id="share-link">([^<]+)<', page).group(1).strip()
    code = re.search(r'id="share-code">([^<]+)<', page).group(1).strip()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    share = Share.objects.filter(pack=pack).order_by("-created_at").first()
    return share, path, code


def officer() -> Client:
    """A browser that has never signed in: the officer's."""
    return Client(HTTP_USER_AGENT=ANDROID_FIREFOX)
