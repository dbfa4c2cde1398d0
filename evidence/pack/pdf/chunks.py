"""Drawing the pack: its pieces cut into chunks, each drawn by WeasyPrint as a PDF of its own,
two at a time in forked processes, then joined into one (join.py).

A big pack is drawn in chunks so memory stays flat however many incidents there are. This
process reads each chunk's pictures from storage; a child touches neither the database nor
storage.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from evidence.pack.content import PackContent
from evidence.pack.pages import document_html, pack_pieces
from evidence.pack.pages.pieces import DEFAULT_CHUNK_SIZE, PICTURES_AT_ONCE, Piece
from evidence.pack.pdf.chunk_key import chunk_lookup, drawing_inputs
from evidence.pack.pdf.join import Bookmark, DrawnChunk, join_chunks, neutral_title
from evidence.pack.pdf.page_refs import find_page_refs

# Chunks drawn side by side; each process holds one chunk's layout.
DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))
CSS_PX = 0.75  # PDF points per CSS pixel

ProgressCallback = Callable[[float], None]


class DrawnChunks(Protocol):
    """Chunks drawn for an owner's earlier packs (cache.ChunkCache keeps them sealed)."""

    secret: bytes  # the owner's key for chunk lookups
    lookups: frozenset[str]  # the lookups of every chunk kept, read before drawing starts

    def open(self, wanted: Mapping[str, Path]) -> dict[str, DrawnChunk]:
        """Write each kept chunk's PDF to its path (lookup: path); those no longer kept are
        left out."""

    def keep(self, lookup: str, drawn: DrawnChunk) -> None:
        """Keep a chunk just drawn."""


@dataclass
class RenderedPack:
    page_count: int
    # Every address the pages asked for and were refused (a missing picture, or hostile markup).
    refused: list[str] = field(default_factory=list)
    chunk_count: int = 1
    # Chunks taken from those drawn for an earlier pack instead of drawn again.
    reused: int = 0


@dataclass(frozen=True)
class _Job:
    """What every chunk of one pack is drawn from; set before the drawing processes fork, so
    they inherit it instead of each being sent the whole pack."""

    content: PackContent
    chunks: Sequence[Sequence[Piece]]
    secret: bytes | None
    inputs: bytes
    lookups: frozenset[str]


@dataclass(frozen=True)
class _Reusable:
    """A chunk whose key matched one already kept: not drawn."""

    lookup: str


_job: _Job | None = None


def render_pack(
    content: PackContent,
    images: Mapping[str, bytes],
    target: Path,
    *,
    on_progress: ProgressCallback | None = None,
    chunk_size: float = DEFAULT_CHUNK_SIZE,
    workers: int | None = None,
    cache: DrawnChunks | None = None,
) -> RenderedPack:
    """Draw the pack as a PDF at `target`, a chunk at a time, and say how many pages it has.

    `images` maps each exhibit's image token to its print copy (JPEG or PNG); it may read each
    picture from storage only when asked, and only the pictures of the chunks being drawn are
    held at once. `on_progress(fraction)` is called after each chunk and at the end. A big pack's
    chunks are drawn by `workers` processes side by side (by default one per core, at most 2).
    Given a `cache`, a chunk whose every input is the same as one drawn before is taken from it,
    and each chunk drawn is kept in it.
    """
    global _job
    chunks = group_pieces(pack_pieces(content, chunk_size), chunk_size)
    if workers is None:
        workers = DEFAULT_WORKERS
    steps = len(chunks) + 1  # joining them is one more step
    done = 0

    def chunk_drawn() -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done / steps)

    _job = _Job(
        content,
        chunks,
        cache.secret if cache is not None else None,
        drawing_inputs(content.options.redactions) if cache is not None else b"",
        cache.lookups if cache is not None else frozenset(),
    )
    try:
        with tempfile.TemporaryDirectory(prefix="pack-chunks-") as folder:
            paths = [Path(folder) / f"chunk-{number:04}.pdf" for number in range(len(chunks))]
            outcomes = _Outcomes(cache, chunk_drawn)
            if workers > 1 and len(chunks) > 1 and _can_fork():
                _draw_side_by_side(images, paths, workers, outcomes)
            else:
                for number, path in enumerate(paths):
                    pictures = _pictures_of(chunks[number], images, path)
                    outcomes.add(number, _draw_or_reuse(number, pictures, path))
            drawn = outcomes.in_order(len(chunks), images, paths)
            page_count = join_chunks(
                drawn, target, title=neutral_title(content), reference=content.reference
            )
    finally:
        _job = None
    if on_progress:
        on_progress(1.0)
    refused = [address for chunk in drawn for address in chunk.refused]
    return RenderedPack(
        page_count=page_count, refused=refused, chunk_count=len(chunks), reused=outcomes.reused
    )


class _Outcomes:
    """Each chunk as it comes back: drawn (and kept in the cache), or to be taken from it."""

    def __init__(self, cache: DrawnChunks | None, chunk_drawn: Callable[[], None]) -> None:
        self.cache = cache
        self.chunk_drawn = chunk_drawn
        self.drawn: dict[int, DrawnChunk | _Reusable] = {}
        self.reused = 0

    def add(self, number: int, outcome: DrawnChunk | _Reusable) -> None:
        if isinstance(outcome, DrawnChunk) and outcome.lookup and self.cache is not None:
            self.cache.keep(outcome.lookup, outcome)
        self.drawn[number] = outcome
        self.chunk_drawn()

    def in_order(
        self, count: int, images: Mapping[str, bytes], paths: Sequence[Path]
    ) -> list[DrawnChunk]:
        reusable = {
            outcome.lookup: paths[number]
            for number, outcome in self.drawn.items()
            if isinstance(outcome, _Reusable)
        }
        kept = self.cache.open(reusable) if reusable and self.cache else {}
        chunks = []
        for number in range(count):
            outcome = self.drawn[number]
            if isinstance(outcome, _Reusable):
                opened = kept.get(outcome.lookup)
                if opened is None:
                    # Deleted since the lookups were read (housekeeping, another build): draw it.
                    pictures = _pictures_of(_job.chunks[number], images, paths[number])
                    opened = _draw_or_reuse(number, pictures, paths[number], reuse=False)
                else:
                    self.reused += 1
                outcome = opened
            chunks.append(outcome)
        return chunks


def _draw_or_reuse(
    number: int, pictures: PicturesOnDisk, path: Path, *, reuse: bool = True
) -> DrawnChunk | _Reusable:
    """Chunk `number` of the pack being drawn: its HTML and lookup key worked out, and drawn
    unless a chunk with the same key is kept. Runs in a drawing process (or this one)."""
    job = _job
    html = document_html(job.content, job.chunks[number])
    lookup = ""
    if job.secret is not None:
        lookup = chunk_lookup(job.secret, job.inputs, html, pictures.hashes.items())
        if reuse and lookup in job.lookups:
            return _Reusable(lookup)
    drawn = draw_chunk(html, pictures, path)
    if _in_drawer:
        _let_go()
    return replace(drawn, lookup=lookup)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pictures_of(chunk: Sequence[Piece], images: Mapping[str, bytes], path: Path) -> PicturesOnDisk:
    """The chunk's pictures, read from storage one at a time into files beside the chunk."""
    tokens = dict.fromkeys(token for piece in chunk for token in piece.image_tokens)
    pictures = PicturesOnDisk(path.with_suffix(".pictures"))
    for token in tokens:
        pictures.keep(token, images.get(token))
    return pictures


def _draw_side_by_side(
    images: Mapping[str, bytes],
    paths: Sequence[Path],
    workers: int,
    outcomes: _Outcomes,
) -> None:
    """Draw chunks in forked processes, a few at a time.

    This process reads each chunk's pictures (storage may be S3, whose clients must not cross a
    fork) into files beside the chunk, one picture at a time, and the child reads them from there;
    a child touches neither the database nor storage. No more than `workers` + 1 chunks are in
    hand at once, so memory does not grow with the pack. Each child also writes its chunk's HTML
    and works out its key, so this process spends its time only on storage and the cache.
    """
    from evidence.pack.pdf.renderer import load_fonts

    # Unpacked once here, the fonts are inherited by every child instead of unpacked in each.
    load_fonts()
    context = multiprocessing.get_context("fork")
    # In order: heaviest first put the chunks with the most photos side by side and raised the
    # peak memory of a pack with 100 photos by some 30 MB. In a pack made again, the chunks
    # before the changed ones are reused in a few milliseconds each, so nothing waits long.
    waiting = iter(enumerate(_job.chunks))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_drawer_started
    ) as pool:
        running = {}

        def submit_next() -> None:
            try:
                number, chunk = next(waiting)
            except StopIteration:
                return
            pictures = _pictures_of(chunk, images, paths[number])
            running[pool.submit(_draw_or_reuse, number, pictures, paths[number])] = number

        # One more than there are workers, so a worker that finishes never waits for this
        # process to write out the next chunk.
        for _ in range(workers + 1):
            submit_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                number = running.pop(future)
                submit_next()
                outcomes.add(number, future.result())


# True in a drawing process (set as it starts), which draws one chunk after another.
_in_drawer = False

try:
    _malloc_trim = ctypes.CDLL(None).malloc_trim  # glibc's
except (AttributeError, OSError):
    _malloc_trim = None


def _drawer_started() -> None:
    """Run first in each drawing process.

    Everything inherited from this process is set aside from the garbage collector: its passes
    wrote to every inherited object, so each drawer came to hold a private copy of pages it could
    have shared (some 30 MB each), and its full collections walked all of it again and again
    while a chunk was laid out. Only what the drawer makes itself is collected. Frozen here, not
    in this process around the pool, so the process that makes pack after pack never keeps what
    one pack held out of collection.
    """
    global _in_drawer
    _in_drawer = True
    gc.freeze()


def _let_go() -> None:
    """After each chunk, hand the layout's memory back, so a drawer that has drawn many chunks
    is no bigger than one that has drawn a few (its heap kept growing by some 20 MB over a pack).
    Quick: the collector sees only the drawer's own objects (see _drawer_started)."""
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


class PicturesOnDisk(Mapping):
    """A chunk's pictures in files of their own, read back one at a time by the child drawing it,
    with the SHA-256 of each (None for a picture that is missing) for the chunk's key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[str, Path] = {}
        self.hashes: dict[str, str | None] = {}

    def keep(self, token: str, body: bytes | None) -> None:
        self.hashes[token] = hashlib.sha256(body).hexdigest() if body is not None else None
        if body is None:
            return  # refused when the chunk asks for it, like any missing picture
        self.folder.mkdir(exist_ok=True)
        path = self.folder / f"{len(self.paths)}.picture"
        path.write_bytes(body)
        self.paths[token] = path

    def __getitem__(self, token: str) -> bytes:
        return self.paths[token].read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


# How much heavier than its size a chunk may grow to keep a section that runs on beside the one
# before it. At 1.5 the 200-note pack's last incidents and every section after them (index,
# people, police, declaration, history) made one chunk half again as heavy as the rest, the one
# that set the pack's peak memory; a section that does not fit starts its own page instead.
RUN_ON_ALLOWANCE = 1.1


def group_pieces(pieces: Sequence[Piece], chunk_size: float) -> list[list[Piece]]:
    """Consecutive pieces, a chunk's worth at a time; a piece never straddles two chunks.

    Each chunk starts a new page, so a section that runs on after the one before is kept in the
    same chunk while the chunk stays within RUN_ON_ALLOWANCE of its size: cut before it, the rest
    of the page above it would print blank.

    A pack too heavy for one chunk draws each piece cut by month (a month or so of the log, the
    incidents or the hash table) as a chunk of its own, with only sections that run on after
    it, so the chunk is the same from one pack to the next until a note of its months changes,
    and its drawing can be used again (chunk_key.py). So are the sections after the incidents
    that pieces.OWN_CHUNK names: there each starts a new page rather than running on.

    A chunk holds at most PICTURES_AT_ONCE pictures, even if that leaves the rest of a page
    blank. In a pack too heavy for one chunk this moves no cut, as split already cut each
    month's pieces to that many and every piece with pictures starts a chunk of its own; it
    keeps a light pack with many photos from being drawn in one go with all of them.
    """
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    weight = 0.0
    pictures = 0
    fenced = sum(piece.weight for piece in pieces) > chunk_size
    for piece in pieces:
        heavier = weight + piece.weight
        more_pictures = pictures + len(piece.image_tokens) > PICTURES_AT_ONCE
        starts = fenced and piece.alone
        runs_on = piece.runs_on and heavier <= chunk_size * RUN_ON_ALLOWANCE and not starts
        alone = fenced and bool(current) and (starts or current[0].alone)
        if current and (more_pictures or ((heavier > chunk_size or alone) and not runs_on)):
            chunks.append(current)
            current, weight, pictures = [], 0.0, 0
        current.append(piece)
        weight += piece.weight
        pictures += len(piece.image_tokens)
    if current:
        chunks.append(current)
    return chunks


def draw_chunk(html: str, images: Mapping[str, bytes], path: Path) -> DrawnChunk:
    """Lay out one chunk and write it as a PDF of its own, keeping only what the join needs."""
    from evidence.pack.pdf.renderer import PackURLFetcher, layout_pdf

    fetcher = PackURLFetcher(images)
    document = layout_pdf(html, fetcher)
    bookmarks = tuple(
        Bookmark(level, label, number, x * CSS_PX, (page.height - y) * CSS_PX)
        for number, page in enumerate(document.pages)
        for level, label, (x, y), _state in page.bookmarks
    )
    page_refs, anchors = find_page_refs(document)
    # The outline is rebuilt, and page references filled in, when the chunks are joined.
    document.write_pdf(path)
    return DrawnChunk(
        path, len(document.pages), bookmarks, tuple(fetcher.refused), page_refs, anchors
    )
