"""Drawn chunks kept for the owner's next pack: a pack drawn again from kept chunks reads exactly
as one drawn from scratch, and a chunk is drawn again whenever anything it was drawn from changed
(a wrong hit would print stale words in evidence)."""

import shutil
from dataclasses import replace
from datetime import date, timedelta

import pytest
import weasyprint
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from accounts.deletion import account_destroy
from evidence.models import PackCacheSecret, PackChunk
from evidence.pack import services
from evidence.pack.cache import ChunkCache
from evidence.pack.content import PackOptions
from evidence.pack.pdf import chunk_key, renderer
from evidence.pack.pdf.chunks import render_pack
from tests.evidence.pack.test_document import (
    REFERENCE,
    make_content,
    make_exhibit,
    make_incident,
    outline_titles,
    pdftotext,
    photo_bytes,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONTHS = (date(2026, 3, 2), date(2026, 4, 6), date(2026, 5, 4), date(2026, 6, 1))
# Small enough that each month of the log and of the incidents is a chunk of its own.
CHUNK_SIZE = 2


def incidents_by_month(extra=()):
    incidents = [
        make_incident(
            1 + month * 3 + day,
            occurred_on=start + timedelta(days=day),
            exhibit_references=("JS/1",) if (month, day) == (0, 0) else (),
            witnesses="Ann at number 4" if day == 1 else "",
        )
        for month, start in enumerate(MONTHS)
        for day in range(3)
    ]
    return incidents + list(extra)


def photo():
    return make_exhibit("JS/1", image_token="print-1", incident_numbers=(1,))


def content_of(incidents, **fields):
    return make_content(incidents, exhibits=(photo(),), **fields)


def draw(content, pictures, path, owner=None, **options):
    cache = ChunkCache(owner.pk) if owner is not None else None
    rendered = render_pack(
        content,
        pictures,
        path,
        chunk_size=options.pop("chunk_size", CHUNK_SIZE),
        cache=cache,
        **options,
    )
    return rendered


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def pictures():
    return {"print-1": photo_bytes(seed=1)}


def test_a_pack_drawn_again_takes_every_chunk_from_the_cache_and_reads_the_same(
    owner, pictures, tmp_path
):
    content = content_of(incidents_by_month())
    first = draw(content, pictures, tmp_path / "first.pdf", owner, workers=2)
    again = draw(content, pictures, tmp_path / "again.pdf", owner, workers=2)

    assert first.reused == 0 and first.chunk_count > 6
    assert again.reused == again.chunk_count == first.chunk_count
    assert pdftotext(tmp_path / "again.pdf") == pdftotext(tmp_path / "first.pdf")
    assert outline_titles(tmp_path / "again.pdf") == outline_titles(tmp_path / "first.pdf")


def test_a_new_note_redraws_only_its_own_month_and_the_pages_that_count_every_note(
    owner, pictures, tmp_path
):
    before = content_of(incidents_by_month())
    draw(before, pictures, tmp_path / "before.pdf", owner)
    new_note = make_incident(13, occurred_on=date(2026, 6, 20), witnesses="Ann at number 4")
    after = content_of(incidents_by_month([new_note]))

    remade = draw(after, pictures, tmp_path / "remade.pdf", owner, workers=2)
    fresh = draw(after, pictures, tmp_path / "fresh.pdf")

    # The months before June, of the log and of the incidents, are reused.
    assert remade.reused >= 6
    assert remade.reused < remade.chunk_count
    assert pdftotext(tmp_path / "remade.pdf") == pdftotext(tmp_path / "fresh.pdf")
    assert remade.page_count == fresh.page_count


def test_page_numbers_references_and_outline_stay_right_when_reused_chunks_move(
    owner, pictures, tmp_path
):
    draw(content_of(incidents_by_month()), pictures, tmp_path / "before.pdf", owner)
    # A long narrative added to the second note pushes every later chunk onto later pages.
    incidents = incidents_by_month()
    incidents[1] = replace(incidents[1], narrative="He waited by the gate again. " * 400)
    after = content_of(incidents)

    remade = draw(after, pictures, tmp_path / "remade.pdf", owner)
    draw(after, pictures, tmp_path / "fresh.pdf")

    remade_pages = pdftotext(tmp_path / "remade.pdf", layout=True)
    assert remade.reused >= 4
    assert remade.page_count > PdfReader(tmp_path / "before.pdf").get_num_pages()
    assert remade_pages == pdftotext(tmp_path / "fresh.pdf", layout=True)
    assert outline_titles(tmp_path / "remade.pdf") == outline_titles(tmp_path / "fresh.pdf")
    for number, page in enumerate(remade_pages, start=1):
        assert f"Page {number} of {remade.page_count}" in page
        assert f"Evidence pack — {REFERENCE}" in page
    # The outline entries lead to the pages the sections are on now.
    fresh_reader, remade_reader = (
        PdfReader(tmp_path / "fresh.pdf"),
        PdfReader(tmp_path / "remade.pdf"),
    )
    assert [
        fresh_reader.get_destination_page_number(item) for item in _flat(fresh_reader.outline)
    ] == [remade_reader.get_destination_page_number(item) for item in _flat(remade_reader.outline)]


def _flat(items):
    for item in items:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


# Every input of a chunk, changed in turn -------------------------------------------------------


def one_chunk_pack(**fields):
    """Two notes and a photo: one chunk, drawn in one go."""
    incidents = [make_incident(1, exhibit_references=("JS/1",)), make_incident(2)]
    return make_content(incidents, exhibits=(photo(),), **fields)


def drawn_twice(owner, tmp_path, first, second, pictures, second_pictures=None):
    draw(first, pictures, tmp_path / "first.pdf", owner, chunk_size=60)
    return draw(second, second_pictures or pictures, tmp_path / "second.pdf", owner, chunk_size=60)


def test_the_same_chunk_is_reused(owner, pictures, tmp_path):
    again = drawn_twice(owner, tmp_path, one_chunk_pack(), one_chunk_pack(), pictures)

    assert (again.chunk_count, again.reused) == (1, 1)


def test_a_changed_word_is_drawn_again(owner, pictures, tmp_path):
    changed = one_chunk_pack()
    changed = replace(
        changed,
        incidents=(
            replace(changed.incidents[0], narrative="He waited by the back door."),
            changed.incidents[1],
        ),
    )

    again = drawn_twice(owner, tmp_path, one_chunk_pack(), changed, pictures)

    assert again.reused == 0
    assert "He waited by the back door." in " ".join(pdftotext(tmp_path / "second.pdf"))


def test_a_remade_print_copy_under_the_same_name_is_drawn_again(owner, pictures, tmp_path):
    remade = {"print-1": photo_bytes(seed=7)}

    again = drawn_twice(owner, tmp_path, one_chunk_pack(), one_chunk_pack(), pictures, remade)

    assert again.reused == 0
    assert remade["print-1"] in (tmp_path / "second.pdf").read_bytes()
    assert pictures["print-1"] not in (tmp_path / "second.pdf").read_bytes()


def test_other_words_to_hide_draw_the_chunk_again(owner, pictures, tmp_path):
    hiding = one_chunk_pack(options=PackOptions(redactions=("Quentin",)))

    again = drawn_twice(owner, tmp_path, one_chunk_pack(), hiding, pictures)

    assert again.reused == 0


@pytest.fixture
def drawn_again_with(owner, pictures, tmp_path, monkeypatch):
    """The one-chunk pack drawn, then drawn again with each (object, name, value) of `patches`
    set and the chunk key's cached `fingerprint` worked out afresh; all put back afterwards."""

    def drawn(fingerprint, *patches):
        draw(one_chunk_pack(), pictures, tmp_path / "first.pdf", owner, chunk_size=60)
        for target, name, value in patches:
            monkeypatch.setattr(target, name, value)
        fingerprint.cache_clear()
        try:
            return draw(one_chunk_pack(), pictures, tmp_path / "second.pdf", owner, chunk_size=60)
        finally:
            monkeypatch.undo()
            fingerprint.cache_clear()

    return drawn


def test_another_font_draws_the_chunk_again(drawn_again_with, tmp_path):
    fonts = tmp_path / "fonts"
    shutil.copytree(renderer.FONTS_DIR, fonts)
    with (fonts / "NotoSans-Regular.ttf").open("ab") as font:
        font.write(b"\0\0\0\0")  # padding after the last table: the same font, other bytes
    moved = {url: fonts / path.name for url, path in renderer.PACK_FONTS.items()}

    again = drawn_again_with(chunk_key.fonts_fingerprint, (renderer, "PACK_FONTS", moved))

    assert again.reused == 0


def test_another_weasyprint_draws_the_chunk_again(drawn_again_with):
    newer = weasyprint.__version__ + ".1"

    again = drawn_again_with(chunk_key.renderer_versions, (weasyprint, "__version__", newer))

    assert again.reused == 0


@pytest.mark.parametrize("changed", ["templates", "code"])
def test_a_changed_template_or_drawing_code_draws_the_chunk_again(
    drawn_again_with, tmp_path, changed
):
    name = "PACK_TEMPLATES" if changed == "templates" else "PACK_CODE"
    copy = tmp_path / changed
    shutil.copytree(getattr(chunk_key, name), copy)
    touched = next(copy.rglob("*.css" if changed == "templates" else "join.py"))
    touched.write_text(
        touched.read_text() + "\n/* changed */\n"
        if changed == "templates"
        else touched.read_text() + "\n# changed\n"
    )

    again = drawn_again_with(chunk_key.code_fingerprint, (chunk_key, name, copy))

    assert again.reused == 0


def test_another_owner_never_gets_a_chunk_drawn_for_someone_else(owner, pictures, tmp_path):
    draw(one_chunk_pack(), pictures, tmp_path / "first.pdf", owner, chunk_size=60)

    other = draw(one_chunk_pack(), pictures, tmp_path / "other.pdf", UserFactory(), chunk_size=60)

    assert other.reused == 0
    lookups = list(PackChunk.objects.values_list("lookup", flat=True))
    assert len(lookups) == len(set(lookups)) == 2  # the same chunk, a different lookup each


# Kept sealed, and not kept for ever ------------------------------------------------------------


def test_kept_chunks_and_the_lookup_secret_are_sealed(owner, pictures, tmp_path):
    draw(one_chunk_pack(), pictures, tmp_path / "first.pdf", owner, chunk_size=60)

    chunk = PackChunk.objects.get(owner=owner)
    with default_storage.open(chunk.pdf_key, "rb") as stored:
        assert not stored.read().startswith(b"%PDF")
    with connection.cursor() as cursor:
        cursor.execute("SELECT layout FROM evidence_packchunk")
        assert cursor.fetchone()[0].startswith("tink1:")
        cursor.execute("SELECT secret FROM evidence_packcachesecret")
        assert cursor.fetchone()[0].startswith("tink1:")


def test_deleting_the_account_leaves_no_chunk_or_secret(owner, pictures, tmp_path):
    draw(one_chunk_pack(), pictures, tmp_path / "first.pdf", owner, chunk_size=60)
    key = PackChunk.objects.get(owner=owner).pdf_key

    account_destroy(owner.pk)

    assert not PackChunk.objects.exists() and not PackCacheSecret.objects.exists()
    assert not default_storage.exists(key)


def test_the_cache_goes_with_the_owners_last_pack(owner, pictures, tmp_path):
    first, second = (
        services.Pack.objects.create(owner=owner, reference=f"EP-TEST-{n}") for n in (1, 2)
    )
    draw(one_chunk_pack(), pictures, tmp_path / "first.pdf", owner, chunk_size=60)
    key = PackChunk.objects.get(owner=owner).pdf_key

    services.pack_delete(pack=first)
    assert PackChunk.objects.filter(owner=owner).exists()
    past = timezone.now() - timedelta(days=1)
    services.Pack.objects.filter(pk=second.pk).update(expires_at=past)
    services.packs_delete_expired()

    assert not PackChunk.objects.exists() and not default_storage.exists(key)


def test_housekeeping_drops_unused_chunks_and_can_clear_them_all(owner, pictures, tmp_path):
    draw(one_chunk_pack(), pictures, tmp_path / "first.pdf", owner, chunk_size=60)
    draw(
        one_chunk_pack(options=PackOptions(redactions=("x",))),
        pictures,
        tmp_path / "b.pdf",
        owner,
        chunk_size=60,
    )
    old = PackChunk.objects.order_by("created_at").first()
    PackChunk.objects.filter(pk=old.pk).update(used_at=timezone.now() - timedelta(days=31))

    call_command("housekeeping", verbosity=0)
    assert list(PackChunk.objects.all()) != [] and not PackChunk.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.pdf_key)

    call_command("housekeeping", "--clear-pack-cache", verbosity=0)
    assert not PackChunk.objects.exists()


def test_a_pack_made_by_the_worker_keeps_its_chunks_for_the_next(
    client, tmp_path, django_capture_on_commit_callbacks
):
    from tests.evidence.pack.case import make_case
    from tests.security.held_helpers import build_pack, choose_pack

    user = UserFactory(full_name="Sarah Price", initials="SP")
    with django_capture_on_commit_callbacks(execute=True):
        make_case(user, tmp_path)
    client.force_login(user)

    pack = build_pack(client, choose_pack(client), django_capture_on_commit_callbacks)

    assert pack.chunk_count >= 1 and pack.chunks_reused == 0
    assert PackChunk.objects.owned_by(user).count() == pack.chunk_count
