"""The build: pages and glossary in, ``library.db`` out (sources → pairing → align → store)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import glossary, store, termcheck
from .align import align_paragraphs
from .errors import LibraryError
from .lexicon import default_lexicon
from .pairing import pair
from .sentence_align import segment_item
from .sources import read_pages


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


def sample_dir() -> Path:
    """The bundled sample corpus (package data)."""
    return Path(__file__).resolve().parent / "sample"


def default_locales() -> Path:
    """``./locales`` if present, else the project's ``locales/`` beside the package."""
    here = Path("locales")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "locales"


def build(
    sources: Sequence[Path] | None,
    output: Path,
    locales: Path | None = None,
    *,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BuildReport:
    """Build the archive at ``output`` from page folders/files and the glossary.

    ``sources`` empty or None means the bundled sample. ``on_total`` is called
    once with the number of items, ``on_progress`` with each batch written.
    Raises :class:`LibraryError` subclasses for bad input; ``output`` is
    untouched unless the build completes.
    """
    started = time.perf_counter()
    roots = [Path(s) for s in sources] if sources else [sample_dir()]
    terms = glossary.terms_under(Path(locales or default_locales()))
    versions = list(read_pages(roots))
    if not versions:
        raise LibraryError("no pages found", path=", ".join(map(str, roots)),
                           hint="pages are .txt, .html or .md files")
    # Items are written in date order, undated first, so that rowid order is date
    # order: the search walks rowids backwards for "newest first" and counts a
    # year's items by its range of rowids (``store.year_ranges``).
    items = sorted(pair(versions, terms), key=lambda i: (i.date is not None, i.date or "", i.id))
    if on_total:
        on_total(len(items))

    lexicon = default_lexicon().add_terms(terms)

    def aligned():
        for item in items:
            zh = item.zh.paragraphs if item.zh else []
            en = item.en.paragraphs if item.en else []
            beads = align_paragraphs(zh, en)
            rows = [("\n\n".join(zh[i] for i in b.zh) or None,
                     "\n\n".join(en[j] for j in b.en) or None) for b in beads]
            yield item, beads, segment_item(rows, lexicon)

    with store.building(Path(output)) as db:
        store.write_terms(db, terms)
        store.write_items(db, aligned(), progress=on_progress)
        uses, findings = termcheck.check(db.conn, [store.term_row(t) for t in terms])
        store.write_term_checks(db, uses, findings)
    return BuildReport(
        output=Path(output), pages=len(versions), items=len(items),
        both=sum(1 for i in items if i.status == "both"),
        en_only=sum(1 for i in items if i.status == "en_only"),
        zh_only=sum(1 for i in items if i.status == "zh_only"),
        auto_pairs=sum(1 for i in items if i.method == "auto"),
        terms=len(terms), seconds=time.perf_counter() - started,
    )
