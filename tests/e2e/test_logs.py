"""The logs at INFO after a full walk: a line per request and per task, and nothing personal."""

import io
import json
import logging

import pytest
from django.conf import settings
from playwright.sync_api import expect

from operations.logs import JsonFormatter
from tests.e2e.helpers import sign_in_to_notes
from tests.evidence.fixtures import make_jpeg
from tests.factories import UserFactory
from tests.operations.tasks import fail_quoting

NAME = "Rosalind Quennell"
EMAIL = "rosalind.quennell@example.org"
NARRATIVE = "Saw the blue van outside the bakery on Pellow Street at dusk"
PERSON = "Garrick Thistlewood"
FILE_NAME = "garrick-van-outside-bakery.jpg"
CAPTION = "Photo of the van by the lamp post"


@pytest.fixture
def log_lines(settings):
    """Everything the app logs at INFO, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**_formatter_options()))
    names = ["", "django", "django.request", "evidence.requests", "evidence.tasks"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def _formatter_options() -> dict:
    options = dict(settings.LOGGING["formatters"]["json"])
    options.pop("()")
    return options


def test_a_full_walk_logs_each_request_and_task_and_no_diary_text_names_emails_or_file_names(
    page, tmp_path, log_lines
):
    user = UserFactory(email=EMAIL, full_name=NAME, initials="RQ")
    photo = make_jpeg(tmp_path / FILE_NAME, size=(800, 600))

    sign_in_to_notes(page, user.email)
    page.goto("/people/new/")
    page.get_by_label("Their name, or what you call them").fill(PERSON)
    page.get_by_role("button", name="Save").click()
    page.goto("/notes/new/")
    page.get_by_label("Day").first.fill("12")
    page.get_by_label("Month").first.fill("11")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_label("Time", exact=True).fill("7:40pm")
    page.get_by_label(PERSON, exact=True).check()
    page.get_by_label("Describe what happened, in your own words").fill(NARRATIVE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your note has been saved.")).to_be_visible()
    page.get_by_role("button", name="Add a photo or file").click()
    page.set_input_files("#id_files", str(photo))
    page.get_by_label("What is this? (optional)").fill(CAPTION)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Kept 1 file: RQ/1.")).to_be_visible()
    page.goto("/notes/")
    expect(page.get_by_text(NARRATIVE)).to_be_visible()
    # A task that fails and quotes its input in the error, as a careless one might.
    fail_quoting.enqueue(f"{NARRATIVE} ({EMAIL})")

    lines = log_lines()
    requests = [line for line in lines if line.get("logger") == "evidence.requests"]
    tasks = [line for line in lines if line.get("logger") == "evidence.tasks"]
    assert {"/accounts/login/", "/notes/new/", "/files/upload/", "/notes/"} <= {
        line["path"] for line in requests
    }
    assert all(line["request_id"] and line["duration_ms"] >= 0 for line in requests)
    assert any(line["method"] == "POST" and line["status"] == 302 for line in requests)
    previews = [line for line in tasks if line["task"].endswith("make_previews")]
    assert previews and previews[0]["status"] == "SUCCESSFUL"
    failed = [line for line in tasks if line["task"].endswith("fail_quoting")]
    assert len(failed) == 1
    assert failed[0]["status"] == "FAILED"
    assert failed[0]["level"] == "ERROR"
    assert failed[0]["error"] == "builtins.ValueError"

    written = "\n".join(json.dumps(line) for line in lines)
    for personal in [
        NAME,
        EMAIL,
        "rosalind",
        "Quennell",
        NARRATIVE,
        "Pellow",
        PERSON,
        "Thistlewood",
        FILE_NAME,
        "garrick-van",
        CAPTION,
    ]:
        assert personal.lower() not in written.lower(), f"{personal!r} is in the logs"
