"""Drawing the pack: its pieces cut into chunks, each drawn by WeasyPrint as a PDF of its own,
two at a time in forked processes, then joined into one (join.py).

A big pack is drawn in chunks so memory stays flat however many incidents there are. This
process reads each chunk's pictures from storage; a child touches neither the database nor
storage.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from evidence.pack.content import PackContent
from evidence.pack.pages import document_html, pack_pieces
from evidence.pack.pages.pieces import DEFAULT_CHUNK_SIZE, PICTURES_AT_ONCE, Piece
from evidence.pack.pdf.join import Bookmark, DrawnChunk, join_chunks, neutral_title
from evidence.pack.pdf.page_refs import find_page_refs

# Chunks drawn side by side; each process holds one chunk's layout.
DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))
CSS_PX = 0.75  # PDF points per CSS pixel

ProgressCallback = Callable[[float], None]


@dataclass
class RenderedPack:
    page_count: int
    # Every address the pages asked for and were refused (a missing picture, or hostile markup).
    refused: list[str] = field(default_factory=list)
    chunk_count: int = 1


def render_pack(
    content: PackContent,
    images: Mapping[str, bytes],
    target: Path,
    *,
    on_progress: ProgressCallback | None = None,
    chunk_size: float = DEFAULT_CHUNK_SIZE,
    workers: int | None = None,
) -> RenderedPack:
    """Draw the pack as a PDF at `target`, a chunk at a time, and say how many pages it has.

    `images` maps each exhibit's image token to its print copy (JPEG or PNG); it may read each
    picture from storage only when asked, and only the pictures of the chunks being drawn are
    held at once. `on_progress(fraction)` is called after each chunk and at the end. A big pack's
    chunks are drawn by `workers` processes side by side (by default one per core, at most 2).
    """
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

    with tempfile.TemporaryDirectory(prefix="pack-chunks-") as folder:
        paths = [Path(folder) / f"chunk-{number:04}.pdf" for number in range(len(chunks))]
        if workers > 1 and len(chunks) > 1 and _can_fork():
            # What this process holds when it forks is never garbage in a child. Frozen, it is
            # left out of the children's full collections, which otherwise walk all of it again
            # and again while a chunk is laid out (about a tenth of the drawing time) and write
            # to it, copying its memory pages into every child.
            gc.freeze()
            try:
                drawn = _draw_side_by_side(content, chunks, images, paths, workers, chunk_drawn)
            finally:
                gc.unfreeze()
        else:
            drawn = []
            for chunk, path in zip(chunks, paths, strict=True):
                drawn.append(draw_chunk(document_html(content, chunk), images, path))
                chunk_drawn()
        page_count = join_chunks(
            drawn, target, title=neutral_title(content), reference=content.reference
        )
    if on_progress:
        on_progress(1.0)
    refused = [address for chunk in drawn for address in chunk.refused]
    return RenderedPack(page_count=page_count, refused=refused, chunk_count=len(chunks))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _draw_side_by_side(
    content: PackContent,
    chunks: Sequence[Sequence[Piece]],
    images: Mapping[str, bytes],
    paths: Sequence[Path],
    workers: int,
    chunk_drawn: Callable[[], None],
) -> list[DrawnChunk]:
    """Draw chunks in forked processes, a few at a time.

    This process reads each chunk's pictures (storage may be S3, whose clients must not cross a
    fork) into files beside the chunk, one picture at a time, and the child reads them from there;
    a child touches neither the database nor storage. No more than `workers` + 1 chunks are in
    hand at once, so memory does not grow with the pack.
    """
    from evidence.pack.pdf.renderer import load_fonts

    # Unpacked once here, the fonts are inherited by every child instead of unpacked in each.
    load_fonts()
    context = multiprocessing.get_context("fork")
    drawn: dict[int, DrawnChunk] = {}
    # Heaviest first, so the last chunks to finish are short ones and neither worker sits idle
    # at the end waiting for the other's long chunk (the pack's tail sections are the heaviest).
    waiting = iter(sorted(enumerate(chunks), key=lambda item: -_chunk_weight(item[1])))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running = {}

        def submit_next() -> None:
            try:
                number, chunk = next(waiting)
            except StopIteration:
                return
            tokens = dict.fromkeys(token for piece in chunk for token in piece.image_tokens)
            chunk_images = PicturesOnDisk(paths[number].with_suffix(".pictures"))
            for token in tokens:
                chunk_images.keep(token, images.get(token))
            html = document_html(content, chunk)
            running[pool.submit(draw_chunk, html, chunk_images, paths[number])] = number

        # One more than there are workers, so a worker that finishes never waits for this
        # process to write out the next chunk.
        for _ in range(workers + 1):
            submit_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                drawn[running.pop(future)] = future.result()
                chunk_drawn()
                submit_next()
    return [drawn[number] for number in range(len(chunks))]


def _chunk_weight(chunk: Sequence[Piece]) -> float:
    return sum(piece.weight for piece in chunk)


class PicturesOnDisk(Mapping):
    """A chunk's pictures in files of their own, read back one at a time by the child drawing it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[str, Path] = {}

    def keep(self, token: str, body: bytes | None) -> None:
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
    """
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    weight = 0.0
    pictures = 0
    for piece in pieces:
        heavier = weight + piece.weight
        more_pictures = pictures + len(piece.image_tokens) > PICTURES_AT_ONCE
        runs_on = piece.runs_on and heavier <= chunk_size * RUN_ON_ALLOWANCE
        if current and (more_pictures or (heavier > chunk_size and not runs_on)):
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
