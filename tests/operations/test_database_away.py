"""When the database is away mid-save: a plain "try again" page showing what was posted, nothing
half-saved, and the next save works. (The prod-like drill restarts a real PostgreSQL.)"""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from diary.models import Incident
from tests.diary.pages import note_form

WORDS = "He waited by the school gate again at 3pm."


def _refuse_writes(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


@pytest.fixture
def away_client(signed_in_client):
    signed_in_client.raise_request_exception = False
    return signed_in_client


def test_a_save_the_database_drops_shows_the_posted_text_and_keeps_nothing(away_client):
    with connection.execute_wrapper(_refuse_writes):
        response = away_client.post(
            reverse("diary:incident_new"),
            # A stray secret in the same form is never shown back.
            note_form(narrative=WORDS, password="hunter2 secret words"),
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "This was not saved – try again" in page
    assert WORDS in page
    assert "hunter2" not in page
    assert not Incident.objects.exists()

    again = away_client.post(reverse("diary:incident_new"), note_form(narrative=WORDS))
    assert again.status_code == 302
    assert Incident.objects.get().narrative == WORDS


def test_other_server_errors_keep_the_ordinary_page(away_client, monkeypatch):
    import diary.views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(diary.views, "render", broken)
    response = away_client.get(reverse("diary:timeline"))

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
