"""The pack an officer reads, measured on the committed six-week case (tests/evidence/pack/case.py):
at most 26 pages, and page 1 says who, the most serious incidents with their exhibits, the harm
and every police reference."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.evidence.pack.case import REFERENCES, SUSPECT, make_case
from tests.evidence.pack.test_document import pdftotext
from tests.factories import UserFactory
from tests.security.held_helpers import body_of, build_pack, choose_pack

pytestmark = pytest.mark.django_db
MOST_PAGES = 26


@pytest.fixture
def officer_pack(client, tmp_path, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Sarah Price", initials="SP")
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(user, tmp_path)
    client.force_login(user)
    draft = choose_pack(client)
    check_page = one_line(body_of(client.get(reverse("packs:check", args=[draft.pk]))).decode())
    estimate = int(re.search(r"about (\d+) pages", check_page)[1])
    pack = build_pack(client, draft, django_capture_on_commit_callbacks)

    pdf = body_of(client.get(reverse("packs:pdf", args=[pack.pk])))
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    return case, path, estimate


def pages_in(path) -> int:
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_six_week_case_packs_into_at_most_26_pages(officer_pack):
    _case, path, _estimate = officer_pack

    assert pages_in(path) <= MOST_PAGES


def test_the_check_page_says_about_how_many_pages_it_will_be(officer_pack):
    # "about 33 pages" for a 25-page pack would make someone printing it think twice.
    _case, path, estimate = officer_pack

    assert abs(estimate - pages_in(path)) <= 3


def test_page_one_is_the_case(officer_pack):
    case, path, _estimate = officer_pack

    first = one_line(pdftotext(path)[0])

    assert f"{SUSPECT} (ex-partner). Named in" in first
    for note in case.very_serious:
        day = note.occurred_on
        assert f"{day.day} {day:%b %Y}" in first
    assert "SP/5" in first  # the first voicemail, with the very serious note it belongs to
    assert "caused alarm, distress or fear of violence (alarm" in first
    for reference in REFERENCES:
        assert reference in first


def test_the_six_week_case_reads_as_an_officer_needs_after_page_one(officer_pack):
    _case, path, _estimate = officer_pack
    pages = [one_line(page) for page in pdftotext(path)]
    whole = " ".join(pages)

    # The log: short kinds, the series counted, and the clocks either side of 25 October.
    assert "Sun 4 Oct 2026, 1am to 3am BST" in whole
    assert "23 calls" in whole
    assert "Mon 26 Oct 2026, 6:30pm GMT" in whole
    # Every witness and every reference listed with the incidents, page 1 pointing at them.
    assert "Priya Shah, my colleague at Wellington Street 7 (7 Oct, page" in whole
    assert re.search(
        r"13/162210/26 DC Laura Morris 2290, West .*12–20 \(pages \d+ ?– ?\d+\)", whole
    )
    # The money spent, added up, and the effect on the author's daughter.
    assert "£743.00 in all." in whole
    assert "My daughter is now collected by her grandmother." in whole
    # The notes nobody changed on one line; the police links described once for each contact.
    assert "Notes 21–25: written once, never changed." in whole
    assert whole.count("Linked to the contact with the police on 14 October 2026") == 1
