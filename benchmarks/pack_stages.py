"""Where the big pack's time goes, stage by stage: the 1,000-note, 100-photo owner of pack.py,
made as build.py makes it (in this process, not through the worker), first on a cold cache and
then again after one new note.

Run with `.venv/bin/python benchmarks/pack_stages.py` (about 2 minutes, most of it seeding).
Stages timed in this process: gather (and the manifest), cutting the pack into chunks, the
drawing processes (each writes its chunk's HTML, works out its key and draws it unless it is
kept), opening and keeping cached chunks, the join with pypdf (stamping and writing the PDF),
the ZIP (its originals written by a thread while the PDF is drawn), and storing both sealed.
"""

import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pack as bench  # noqa: E402  (sets up the throw-away folder, database and Django)
from django.core.management import call_command  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)


@contextmanager
def timed(stage: str):
    began = time.perf_counter()
    try:
        yield
    finally:
        SPENT[stage] += time.perf_counter() - began


def timing(module, name: str, stage: str) -> None:
    """Wrap module.name so every call adds to the stage's time."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        with timed(stage):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)


def make_pack(owner) -> dict:
    """build._build's stages for one pack of everything, each timed; the figures."""
    import tempfile

    from evidence import storage
    from evidence.models import Pack
    from evidence.pack import build
    from evidence.pack.selectors import Selection
    from evidence.pack.services import new_reference

    SPENT.clear()
    pack = Pack.objects.create(
        owner=owner,
        reference=new_reference(bench.timezone.now().date()),
        selection=Selection().to_json(),
    )
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        build._build(pack, Path(folder))
        total = time.perf_counter() - began
    storage.delete_stored(pack.pdf_key, pack.zip_key)
    pack.refresh_from_db()
    return {
        "total": total,
        "stages": dict(SPENT),
        "chunks": pack.chunk_count,
        "reused": pack.chunks_reused,
        "pages": pack.page_count,
    }


def main() -> None:
    from accounts.models import User
    from evidence import storage
    from evidence.pack import build, bundle, cache, gather
    from evidence.pack.pdf import chunks

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    began = time.perf_counter()
    bench.seed(Path(bench.os.environ[bench.SCRATCH_VARIABLE]))
    print(f"seeded in {time.perf_counter() - began:.0f} s")

    timing(build, "gather", "gather")
    timing(build, "build_manifest", "manifest and signature")
    timing(build, "sign_manifest", "manifest and signature")
    timing(chunks, "pack_pieces", "pieces (page modules)")
    timing(chunks, "group_pieces", "cutting into chunks")
    timing(chunks, "_draw_side_by_side", "drawing processes (HTML, keys, drawing), with pictures")
    timing(chunks, "_pictures_of", "pictures read from storage for the chunks")
    timing(cache.ChunkCache, "__init__", "cache: lookups read")
    timing(chunks, "join_chunks", "join, stamp and write the PDF")
    timing(bundle.BundleWriter, "add_originals", "ZIP: originals (a thread, while drawing)")
    timing(bundle.BundleWriter, "finish", "ZIP: the PDF and manifest added, after drawing")
    timing(build._Bundling, "finish", "ZIP: waiting for the originals' thread, and finishing")
    timing(storage.SealedUpload, "save", "ZIP: stored (sealed as written)")
    timing(storage, "store_pack_file", "PDF stored sealed")
    timing(storage, "store_pack_chunk", "cache: keep drawn chunks (inside drawing)")
    timing(cache.ChunkCache, "open", "cache: open kept chunks")
    del gather

    keep_in = bench.os.environ.get("BENCH_KEEP_CHUNKS")
    if keep_in:
        # The re-made pack's drawn chunks and what the join knew of them, to try joins on.
        import pickle
        import shutil

        join = chunks.join_chunks

        def keeping(drawn, target, **kwargs):
            folder = Path(keep_in)
            folder.mkdir(exist_ok=True)
            for chunk in drawn:
                shutil.copy(chunk.path, folder / chunk.path.name)
            (folder / "drawn.pickle").write_bytes(pickle.dumps((drawn, kwargs)))
            return join(drawn, target, **kwargs)

        chunks.join_chunks = keeping

    log_to = bench.os.environ.get("BENCH_CHUNK_TIMES")
    if log_to:
        # Each drawing process says, per chunk, how long its HTML took and how long in all.
        import functools

        draw_or_reuse, document_html = chunks._draw_or_reuse, chunks.document_html
        html_took = [0.0]

        def html(*args, **kwargs):
            began = time.perf_counter()
            try:
                return document_html(*args, **kwargs)
            finally:
                html_took[0] += time.perf_counter() - began

        @functools.wraps(draw_or_reuse)
        def logged(number, pictures, path, **kwargs):
            began, html_took[0] = time.perf_counter(), 0.0
            outcome = draw_or_reuse(number, pictures, path, **kwargs)
            kind = "reused" if isinstance(outcome, chunks._Reusable) else "drawn"
            with open(log_to, "a") as log:
                log.write(
                    f"{number} {kind} html {html_took[0]:.3f} s, all "
                    f"{time.perf_counter() - began:.3f} s, pid {bench.os.getpid()}\n"
                )
            return outcome

        chunks.document_html = html
        chunks._draw_or_reuse = logged

        # And what each chunk holds: its pieces' templates, weights and how many items.
        group_pieces = chunks.group_pieces

        def described(pieces, chunk_size):
            grouped = group_pieces(pieces, chunk_size)
            with open(log_to, "a") as log:
                for number, chunk in enumerate(grouped):
                    parts = ", ".join(
                        f"{piece.template.rsplit('/', 1)[-1]}"
                        f"{'+' if piece.continued else ''}{'@' if piece.own_chunk else ''}"
                        f" {piece.weight:.1f}"
                        for piece in chunk
                    )
                    log.write(f"chunk {number}: {parts}\n")
            return grouped

        chunks.group_pieces = described

    owner = User.objects.get(email=bench.OWNERS["big"])
    first = make_pack(owner)
    bench.add_note_now()
    again = make_pack(owner)
    stages = list(dict.fromkeys([*first["stages"], *again["stages"]]))
    print(f"{'stage':<60} {'first':>8} {'re-made':>8}")
    for stage in stages:
        print(
            f"{stage:<60} {first['stages'].get(stage, 0):>7.2f}s "
            f"{again['stages'].get(stage, 0):>7.2f}s"
        )
    print(f"{'whole build (build._build)':<60} {first['total']:>7.2f}s {again['total']:>7.2f}s")
    for label, run in (("first", first), ("re-made", again)):
        print(f"{label}: {run['pages']} pages, {run['chunks']} chunks, {run['reused']} reused")
    print(f"re-made / first = {again['total'] / first['total']:.0%}")


if __name__ == "__main__":
    try:
        main()
    finally:
        bench.shutil.rmtree(bench.os.environ[bench.SCRATCH_VARIABLE], ignore_errors=True)
