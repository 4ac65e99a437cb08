"""The build: pages and glossary in, ``library.db`` out.

Orchestration only: pages (read) → pairing → align (paragraphs, then sentences) →
archive (write) → terms (uses and findings). Reading, aligning and checking run in
forked worker processes; this process writes the archive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
import multiprocessing as mp
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TypeVar

from . import __version__
from .align.paragraphs import align_paragraphs
from .align.sentences import segment_item, title_segment
from .archive import read as archive_read
from .archive import write as archive_write
from .archive.ids import (
    carry_versions,
    earlier_versions,
    known_ids,
    write_page_files,
    write_retired,
)
from .archive.schema import database_file
from .errors import BadPages, LibraryError, SourceError, counted
from .files import project_file, translations_folder
from .model import Bead, Finding, Item, KnownIds, Segment, Term, Version
from .pages.about import about_file, read_about
from .pages.ids import retired_ids
from .pages.pairing import pair
from .pages.read import (
    MAX_PAGE_BYTES,
    pages_under,
    read_file,
    read_page,
    stamped_pages,
    with_text,
)
from .pages.warc import Capture
from .terms import check as termcheck
from .terms import glossary
from .terms.index import index_of
from .text.anchors import anchors
from .text.lexicon import Lexicon, default_lexicon


@dataclass
class BuildReport:
    """What a build did, for the CLI to print and benchmarks to read."""

    output: Path
    pages: int
    items: int
    both: int
    en_only: int
    zh_only: int
    auto_pairs: int
    terms: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds of each step: read, pair, align (and write), terms (check), compact."""
    warnings: list[str] = field(default_factory=list)
    """What the build skipped and why ("file:line: …"), for the CLI to print."""
    skipped: list[LibraryError] = field(default_factory=list)
    """Pages left out by ``skip_bad`` (also in the archive's ``skipped_pages``)."""
    mode: str = "full"
    """'full' (every page read and aligned), or 'update' (only what changed written
    again: ``library.update``)."""
    note: str = ""
    """What an update wrote, or why it read every page again."""


def sample_dir() -> Path:
    """The bundled sample corpus (package data)."""
    return Path(__file__).resolve().parent / "sample"


def roots_of(sources: Sequence[Path] | None, output: Path) -> list[Path]:
    """The folders and files a build of ``output`` reads: ``sources`` (none: the bundled
    sample), and the archive's translations folder, where imported worksheets are pages
    of their own (``library.files.translations_folder``): every build of it reads them."""
    roots = [Path(s) for s in sources] if sources else [sample_dir()]
    translated = translations_folder(output)
    if translated.is_dir() and any(translated.rglob("*.md")):
        roots.append(translated)
    return roots


def what_it_says(roots: list[Path], about: dict[str, str] | None) -> dict[str, str]:
    """What the archive says of itself: ``about`` (the build's options) over a
    ``metadata.yml`` beside the pages. Said by each build, not carried over: pages built
    over the sample's archive must not wear the sample's licence."""
    about_path = about_file(roots)
    return {**(read_about(about_path) if about_path else {}), **(about or {})}


def default_locales() -> Path:
    """``./locales`` if present, else the project's ``locales/`` beside the package."""
    here = Path("locales")
    if here.is_dir():
        return here
    return project_file("locales")


_WORK: tuple[list[Item], Lexicon] | None = None
"""The items and dictionary the alignment workers read (inherited when they fork)."""
PARALLEL_FROM = 200
"""Fewer tasks than this are done in the building process itself. A task is a page or an
item, a long one counting once per :data:`TASK_CHARS` characters."""
TASK_CHARS = 5_000
CHECK_TASK = 2_000
"""Sentence pairs a term-check worker takes at least (fewer: checked here)."""
"""About the characters of a news item, both languages."""
LONG_ITEM = 200_000
"""An item of more characters than this is a long item: its pages are read, and its
sentences aligned, by all the workers in blocks of about :data:`BLOCK_CHARS` characters
(one 10 MB page would otherwise keep one worker busy while the others wait)."""
BLOCK_CHARS = 25_000
"""About the characters of one block of a long item's work (its paragraphs, its rows)."""
P = TypeVar("P")
Row = tuple[str | None, str | None]
"""The Chinese and English texts of one aligned paragraph row (None: a missing side)."""


def _paragraphs(
    item: Item, lexicon: Lexicon, pool: Pool | None = None
) -> tuple[Item, list[Bead], list[Row], list[Segment]]:
    """An item with its text read again, its paragraph beads, the texts of its paragraph
    rows, and its title pair (if it has titles). With a ``pool`` (a long item), its
    pages are read, and its paragraphs' anchors found, by the pool's workers."""
    sides = [v for v in (item.zh, item.en) if v]
    read = {v.lang: v for v in (pool.map(with_text, sides) if pool else map(with_text, sides))}
    item = replace(item, zh=read.get("zh"), en=read.get("en"))
    zh = item.zh.paragraphs if item.zh else []
    en = item.en.paragraphs if item.en else []
    found = None
    if pool is not None:
        tasks = (
            [(lang, ps) for _, ps in _blocks(texts, len)]
            for lang, texts in (("zh", zh), ("en", en))
        )
        az, ae = ([a for block in pool.imap(_anchor_block, t) for a in block] for t in tasks)
        found = (az, ae)
    beads = align_paragraphs(zh, en, found)
    rows = [
        ("\n\n".join(zh[i] for i in b.zh) or None, "\n\n".join(en[j] for j in b.en) or None)
        for b in beads
    ]
    title = title_segment(
        item.zh.title if item.zh else None, item.en.title if item.en else None, lexicon
    )
    return item, beads, rows, [title] if title else []


def _blocks(pieces: list[P], chars: Callable[[P], int]) -> list[tuple[int, list[P]]]:
    """Consecutive pieces (a long page's paragraphs, a long item's rows) in blocks of about
    :data:`BLOCK_CHARS` characters, each with the index of its first piece."""
    out: list[tuple[int, list[P]]] = []
    filled = BLOCK_CHARS
    for k, piece in enumerate(pieces):
        if filled >= BLOCK_CHARS:
            out.append((k, []))
            filled = 0
        out[-1][1].append(piece)
        filled += chars(piece)
    return out


def _anchor_block(task: tuple[str, list[str]]) -> list[set[str]]:
    """The anchors of a block of one language's paragraphs."""
    lang, paragraphs = task
    return [anchors(p, lang) for p in paragraphs]


def _align(index: int) -> tuple[Item, list[Bead], list[Segment]]:
    """One item (``_WORK[0][index]``) with its text read again, its paragraph beads and
    its sentence pairs, the title pair first."""
    assert _WORK is not None
    items, lexicon = _WORK
    item, beads, rows, title = _paragraphs(items[index], lexicon)
    return item, beads, title + segment_item(rows, lexicon)


def _segment_rows(task: tuple[int, list[Row]]) -> list[Segment]:
    """The sentence pairs of a block of one long item's paragraph rows (the first at
    position ``task[0]``)."""
    assert _WORK is not None
    first, rows = task
    return segment_item(rows, _WORK[1], first=first)


def _size(item: Item) -> int:
    """An item's characters, both languages (white space left out)."""
    return sum(v.nonspace for v in (item.en, item.zh) if v)


def _align_long(index: int, pool: Pool) -> tuple[Item, list[Bead], Iterator[Segment]]:
    """:func:`_align` for a long item: its paragraphs aligned here, the rest shared by the
    pool's workers (the sentences of its rows a block of rows each), its sentence pairs
    an iterator that the writer drains while the workers align the next blocks."""
    assert _WORK is not None
    items, lexicon = _WORK
    item, beads, rows, title = _paragraphs(items[index], lexicon, pool)
    tasks = _blocks(rows, lambda row: len(row[0] or "") + len(row[1] or ""))
    blocks = pool.imap(_segment_rows, tasks)
    return item, beads, itertools.chain(title, itertools.chain.from_iterable(blocks))


def _read(task: tuple[Path, Path | None, int, Capture | None]) -> Version | SourceError:
    """One page's metadata, or why it cannot be read (reported with all the others)."""
    page, base, max_bytes, capture = task
    try:
        return read_page(page, base, max_bytes, capture).without_text()
    except SourceError as exc:
        return exc


def _bytes(page: Path) -> int:
    """A page file's size (0 if it cannot be read: reading it will say why)."""
    try:
        return page.stat().st_size
    except OSError:
        return 0


def _tasks(size: int) -> int:
    """How many tasks a page or an item of ``size`` bytes or characters counts as."""
    return max(1, size // TASK_CHARS)


@contextlib.contextmanager
def _forked(workers: int) -> Iterator[Pool]:
    """A pool of forked workers, closed and joined when the work is done: ``Pool``'s own
    exit terminates them, and a worker killed while it holds the task queue's lock
    leaves the other waiting on it and the build hanging (seen once in four builds
    whose term check ran in two workers). Terminated on an error. The building
    process's objects are frozen out of the garbage collector's reach meanwhile, so
    that a collection does not write to (and so copy) the pages it shares with its
    workers."""
    gc.freeze()
    pool = mp.get_context("fork").Pool(workers)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
        gc.unfreeze()


def _workers(jobs: int | None, tasks: int) -> int:
    """How many processes to fork for ``tasks`` independent tasks (1: none)."""
    jobs = jobs or os.cpu_count() or 1
    if tasks < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return 1
    return jobs


UNDATED_SHOWN = 5
"""Undated pages named in the build's warning (the rest are counted)."""


def page_warnings(versions: list[Version]) -> list[str]:
    """What the build says of the pages it read and files anyway: each page whose text is
    in another language than it claimed, and the undated pages (counted, the first few
    named: an undated page is placed by content alone and sorts before every date)."""
    out = [
        f"{v.rel}: says it is {v.lang_claim} but its text is "
        f"{'Chinese' if v.lang == 'zh' else 'English'}; filed as {v.lang}"
        for v in versions
        if v.lang_claim
    ]
    undated = [v.rel for v in versions if not v.date]
    if undated:
        more = len(undated) - UNDATED_SHOWN
        out.append(
            f"{counted(len(undated), 'page')} without a date: {', '.join(undated[:UNDATED_SHOWN])}"
            + (f" and {more:,} more" if more > 0 else "")
            + " (give each a date line or front matter 'date')"
        )
    return out


def read_all(
    files: list[tuple[Path, Path]], jobs: int | None, max_bytes: int, notes: list[str]
) -> tuple[list[Version], list[SourceError]]:
    """The metadata of every page of ``files`` (``pages_under``'s (file, folder) pairs) in
    a stable order, read by ``jobs`` forked workers, and the errors of the pages that
    cannot be read; what WARC files skipped goes to ``notes``."""
    tasks: list[tuple[Path, Path | None, int, Capture | None]] = []
    errors: list[SourceError] = []
    for file, base in files:
        try:  # a WARC file is listed here and its pages read by the workers
            pages, note = read_file(file, base, max_bytes)
        except SourceError as exc:
            errors.append(exc)
            continue
        tasks.extend((path, root, max_bytes, capture) for path, root, capture in pages)
        if note:
            notes.append(note)
    # A long page counts as many tasks (of TASK_CHARS bytes), so that two 10 MB pages
    # are read side by side.
    workers = _workers(
        jobs, sum(_tasks(_bytes(page) if c is None else 1) for page, _, _, c in tasks)
    )
    if workers <= 1:
        read = [_read(t) for t in tasks]
    else:
        with _forked(workers) as pool:
            read = pool.map(_read, tasks, chunksize=max(1, min(256, len(tasks) // 4 // workers)))
    versions = [v for v in read if isinstance(v, Version)]
    return versions, errors + [e for e in read if isinstance(e, SourceError)]


def aligned(
    items: list[Item], lexicon: Lexicon, jobs: int | None
) -> Iterator[archive_write.Aligned]:
    """Items with their alignment, in order. Alignment is most of a build's time and each
    item is independent, so ``jobs`` forked workers share it (they inherit the items
    and the loaded dictionary; only indexes go out and alignments come back) while
    this process writes the database. Each item's text is read from its files again
    there, so neither the workers nor this process hold the corpus. A long item's
    paragraphs are aligned here and its rows' sentences by all the workers."""
    global _WORK
    _WORK = (items, lexicon)
    sizes = [_size(item) for item in items]
    workers = _workers(jobs, sum(_tasks(size) for size in sizes))
    try:
        if workers <= 1:
            for k in range(len(items)):
                yield _align(k)
            return
        with _forked(workers) as pool:
            k = 0
            while k < len(items):  # runs of ordinary items, then a long one
                end = next((e for e in range(k, len(items)) if sizes[e] > LONG_ITEM), len(items))
                yield from pool.imap(_align, range(k, end), chunksize=16)
                if end < len(items):
                    yield _align_long(end, pool)
                k = end + 1
    finally:
        _WORK = None


_CHECK: tuple[list[Term], str] | None = None
"""The glossary and the archive file the term-check workers read."""


def _check_block(rowids: tuple[int, int]) -> tuple[list[tuple], list[Finding], dict]:
    """Term uses (as ``term_uses`` rows) and findings of one block of segments, read
    from the archive file."""
    assert _CHECK is not None
    terms, path = _CHECK
    conn = archive_read.connect(Path(path))
    try:
        uses, findings, missing = termcheck.check_block(conn, terms, rowids)
        return list(archive_write.use_rows(uses)), findings, missing
    finally:
        conn.close()


def _variant(job: termcheck.VariantJob) -> Finding | None:
    """One variant job (:func:`library.terms.check.variant_of`), on the archive file."""
    assert _CHECK is not None
    terms, path = _CHECK
    conn = archive_read.connect(Path(path))
    try:
        return termcheck.variant_of(conn, terms, job)
    finally:
        conn.close()


def _check_terms(db, terms: list[Term], jobs: int | None) -> list[Finding]:
    """The archive's term findings, its term uses written. The blocks of segments are
    checked by forked workers reading the archive written so far (their uses are
    spooled beside it, then copied in), a block each at least; then the variants,
    a form at a time. The glossary's automaton is made before the fork, once."""
    global _CHECK
    workers = _workers(jobs, PARALLEL_FROM)
    blocks = archive_read.segment_rowid_blocks(db.conn, termcheck.BLOCK, workers)
    if workers <= 1 or len(blocks) <= 1 or blocks[-1][1] - blocks[0][0] < 2 * CHECK_TASK:
        return termcheck.check(
            db.conn, terms, on_uses=lambda uses: archive_write.write_term_uses(db, uses)
        )[1]
    _CHECK = (terms, database_file(db.conn))
    index_of(terms)
    try:
        with (
            archive_write.spooled_term_uses(db) as spool,
            _forked(workers) as pool,
        ):
            return termcheck.check(
                db.conn,
                terms,
                on_uses=spool,
                checked=pool.imap(_check_block, blocks),
                variants_in=lambda jobs: pool.imap(_variant, jobs),
            )[1]
    finally:
        _CHECK = None


def build_options(
    roots: list[Path],
    mirrors: Sequence[tuple[str, str]],
    max_page_bytes: int,
    skip_bad: bool,
) -> str:
    """What besides the pages and the glossary decides a build's output (JSON, in
    ``archive_info``): an update is made only when these are the same (the glossary it
    compares entry by entry with the archive's ``terms``)."""
    return json.dumps(
        {
            "version": __version__,
            "sources": [str(r.resolve()) for r in roots],
            "mirrors": sorted(map(list, mirrors)),
            "max_page_bytes": max_page_bytes,
            "skip_bad": skip_bad,
        },
        sort_keys=True,
    )


def previous(output: Path) -> tuple[KnownIds, list[tuple]] | None:
    """The ids of the archive at ``output`` and its earlier versions (``version_history``),
    if there is one (None: no file); a file there that is not an archive is refused, so
    a build never overwrites a researcher's own database, nor silently gives new ids to
    a damaged archive's items."""
    if not output.exists():
        return None
    try:
        with archive_read.open_archive(output) as conn:
            return known_ids(conn), earlier_versions(conn)
    except sqlite3.DatabaseError as exc:
        raise LibraryError(
            f"cannot read the archive's ids ({exc})",
            path=output,
            hint="give another -o, or --new to build a new archive over it (new ids)",
        ) from None
    except LibraryError as exc:
        exc.hint = "give another -o, or --new to replace it with a new archive"
        raise


def build(
    sources: Sequence[Path] | None,
    output: Path,
    locales: Path | None = None,
    *,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    jobs: int | None = None,
    skip_bad: bool = False,
    max_page_bytes: int = MAX_PAGE_BYTES,
    mirrors: Sequence[tuple[str, str]] = (),
    new: bool = False,
    about: dict[str, str] | None = None,
) -> BuildReport:
    """Build the archive at ``output`` from page folders/files and the glossary.

    ``sources`` empty or None means the bundled sample. ``on_total`` is called
    once with the number of items, ``on_progress`` with each batch written.
    ``jobs`` processes read the pages, align the items and check the terms (default:
    one per CPU); the output is the same for any number.
    Raises :class:`LibraryError` subclasses for bad input (:class:`BadPages` listing
    every page that cannot be read, unless ``skip_bad``: then they are left out and
    listed in the report and the archive); ``output`` is untouched unless the build
    completes. A page over ``max_page_bytes`` is a bad page. ``mirrors``: pairs of hosts
    that are one site, for pairing on one-way links (``library.pages.pairing.pair``).
    An archive already at ``output`` gives its ids: each item keeps the id its pages had
    there, and the ids no item keeps are retired (``library.pages.ids``), unless ``new``.
    What the archive says of itself (``library.pages.about``: title, licence, source…)
    is ``about``, else a ``metadata.yml`` beside the pages.
    """
    started = time.perf_counter()
    today = dt.date.today().isoformat()
    roots = roots_of(sources, Path(output))
    before = None if new else previous(Path(output))
    known = before[0] if before else None
    said = what_it_says(roots, about)
    warnings: list[str] = []
    terms = glossary.terms_under(Path(locales or default_locales()), warnings)
    # Only the versions' metadata stays in memory (the text is read again when the
    # item is aligned), so a build's memory does not grow with the text.
    phases: dict[str, float] = {}
    mark = time.perf_counter()
    files = list(pages_under(roots))
    # Taken before the pages are read: a page saved again while the build reads it is
    # then newer than its stamp, and the next update reads it again.
    stamps = [s[:3] for s in stamped_pages(roots)]
    versions, bad = read_all(files, jobs, max_page_bytes, warnings)
    phases["read"] = time.perf_counter() - mark
    if bad and not skip_bad:
        raise BadPages(bad)
    warnings.extend(page_warnings(versions))
    if not versions:
        raise LibraryError(
            "no pages found",
            path=", ".join(map(str, roots)),
            hint="pages are .txt, .html or .md files, or crawls in .warc or .warc.gz files",
        )
    # Items are written in date order, undated first, so that rowid order is date
    # order: the search walks rowids backwards for "newest first" and counts a
    # year's items by its range of rowids (``archive.search_sql.year_ranges``).
    mark = time.perf_counter()
    lexicon = default_lexicon().add_terms(terms)  # pairing weighs what pages say, too
    items = pair(versions, terms, lexicon, mirrors, known)
    phases["pair"] = time.perf_counter() - mark
    if on_total:
        on_total(len(items))

    with archive_write.building(Path(output)) as db:
        mark = time.perf_counter()
        archive_write.write_terms(db, terms)
        archive_write.write_items(db, aligned(items, lexicon, jobs), progress=on_progress)
        archive_write.categorize(db)
        write_retired(db, retired_ids(items, known, today) if known else [])
        if before:
            carry_versions(db, before[1], {item.id for item in items})
        archive_write.write_build_info(
            db,
            {
                "version": __version__,
                "pages": str(len(versions)),
                "skipped": str(len(bad)),
                "sources": json.dumps([str(r.resolve()) for r in roots]),
                "options": build_options(roots, mirrors, max_page_bytes, skip_bad),
                **said,
            },
            bad,
        )
        write_page_files(db, stamps)
        phases["align"] = time.perf_counter() - mark
        mark = time.perf_counter()
        findings = _check_terms(db, terms, jobs)
        archive_write.write_term_findings(db, findings)
        phases["terms"] = time.perf_counter() - mark
        mark = time.perf_counter()
    phases["compact"] = time.perf_counter() - mark
    return BuildReport(
        output=Path(output),
        pages=len(versions),
        items=len(items),
        both=sum(1 for i in items if i.status == "both"),
        en_only=sum(1 for i in items if i.status == "en_only"),
        zh_only=sum(1 for i in items if i.status == "zh_only"),
        auto_pairs=sum(1 for i in items if i.method == "auto"),
        terms=len(terms),
        seconds=time.perf_counter() - started,
        phases=phases,
        warnings=warnings,
        skipped=list(bad),
    )
