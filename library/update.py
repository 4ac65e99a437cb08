"""Updates in seconds: a build over an existing archive that appends what is new.

A news archive grows by today's pages. When the archive at ``-o`` was built by this
version from the same folders, glossary and options, and since then page files were
only added (``page_files``: none changed or removed), the new pages are read and paired
among themselves and with the archive's unpaired pages of their dates; when none of
them joins an archived item and their items all sort after the archive's last (today's
news does), those items are aligned and appended to a copy of the archive, their term
uses checked, the findings' variants and the categories computed again, and the copy
renamed over the archive. That is the archive a full build would write: the rows of
every table, and what the search indexes hold, are the same (``tests/test_update.py``
compares them over random sequences of changes). Anything else (a changed, renamed or
removed page, a page older than the archive's newest, a translation arriving for an
archived item, another glossary) is a full build, which keeps every item's id; the
report says why. Either way the archive is replaced only when the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import build as full
from .archive import append, ids
from .archive import read as archive_read
from .archive import write as archive_write
from .errors import LibraryError
from .model import Item, KnownIds, Version
from .pages.evidence import MAX_DAYS
from .pages.language import NO_NAME, version_stem
from .pages.links import normal_url, url_key, url_number
from .pages.pairing import explicit_pairs, pair
from .pages.read import MAX_PAGE_BYTES, pages_under, read_page
from .terms import check as termcheck
from .terms import glossary
from .text.lexicon import default_lexicon


class FullBuild(Exception):
    """Why the new pages cannot simply be appended (the update builds in full)."""


def _key(item: Item) -> tuple[bool, str, str]:
    return (item.date is not None, item.date or "", item.id)


def _group(version: Version) -> tuple[str, str]:
    """What pairs pages by name (``pairing._explicit``): their folder and stem."""
    return (version.rel.rsplit("/", 1)[0] if "/" in version.rel else "", version_stem(version))


def _day(date: str | None) -> int | None:
    return dt.date.fromisoformat(date).toordinal() if date else None


def _archived(row: dict, roots: list[Path]) -> Version:
    """An archived version's file read again (an unpaired page a new one may pair with)."""
    if "#" in row["source"] or row["source"].startswith("worksheet:"):
        raise FullBuild(f"{row['source']} is not a page file to read again")
    for root in roots:
        base = root if root.is_dir() else root.parent
        if (base / row["source"]).is_file():
            try:
                return read_page(base / row["source"], base)
            except LibraryError as exc:
                raise FullBuild(f"{row['source']} cannot be read again ({exc.message})") from None
    raise FullBuild(f"{row['source']} is no longer under the folders given")


def _bare(path: Path, rel: str, lang: str = "en") -> Version:
    """A version known by its file alone (what its name says)."""
    return Version(path, rel, lang, None, None, [], "", "")


def _conflicts(new: list[Version], rows: list[dict], roots: list[Path], known: KnownIds) -> None:
    """A new page that names, links or numbers itself like an archived page could pair
    with it, or break its pair, in a full build: then the update builds in full."""
    groups = {_group(v): v for v in new}
    folders = {folder for folder, _ in groups}
    stems = tuple({stem for _, stem in groups})
    bases = [root if root.is_dir() else root.parent for root in roots]
    for row in rows:
        rel = row["source"]
        if "#" in rel or rel.startswith("worksheet:"):
            continue
        folder, _, name = rel.rpartition("/")
        # Only a page of a new page's folder whose name begins with a new page's stem
        # (or that is named by its folder, index.html) can share its name.
        first = name.split(".", 1)[0].lower()
        if folder not in folders or not (name.startswith(stems) or first in NO_NAME):
            continue
        base = next((b for b in bases if (b / rel).is_file()), bases[0])
        hit = groups.get(_group(_bare(base / rel, rel, row["lang"])))
        if hit is not None:
            raise FullBuild(f"{hit.rel} is named like the archived {rel}")
    urls = {normal_url(r["url"]) for r in rows if r["url"]}
    keys = {url_key(r["url"]) for r in rows if r["url"]} - {None}
    numbers = {url_number(r["url"]) for r in rows if r["url"]} - {None}
    for v in new:
        if v.doc_id and v.doc_id in known.taken:
            raise FullBuild(f"{v.rel}'s front matter id {v.doc_id!r} is an archived item's")
        if v.url and (url_key(v.url) in keys or url_number(v.url) in numbers):
            raise FullBuild(f"{v.rel}'s URL is like an archived page's")
        if any(normal_url(u) in urls for u in v.alternates.values()):
            raise FullBuild(f"{v.rel} links an archived page as its translation")


def _nearby_singles(new: list[Version], rows: list[dict], roots: list[Path]) -> list[Version]:
    """The archived pages without a partner that pairing would weigh against the new
    ones left unpaired by id or name: those of their dates (``MAX_DAYS`` around), and
    the undated (read with their text: pairing reads it)."""
    days = [_day(v.date) for v in explicit_pairs(new)[1]]
    if not days:
        return []
    if any(d is None for d in days):
        window = None  # an undated page is a candidate of every page
    else:
        window = {d + k for d in days if d is not None for k in range(-MAX_DAYS, MAX_DAYS + 1)}
    out = []
    for row in rows:
        if row["status"] == "both":
            continue
        day = _day(row["date"])
        if window is None or day is None or day in window:
            out.append(_archived(row, roots))
    return out


def update(
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
    about: dict[str, str] | None = None,
) -> full.BuildReport:
    """Bring the archive at ``output`` up to date with ``sources`` (as
    ``library.build.build``, whose arguments these are): by appending the new pages'
    items when it can (see the module docstring), else by a full build."""
    output = Path(output)
    arguments = dict(
        on_total=on_total,
        on_progress=on_progress,
        jobs=jobs,
        skip_bad=skip_bad,
        max_page_bytes=max_page_bytes,
        mirrors=mirrors,
        about=about,
    )
    if not output.exists():
        return full.build(sources, output, locales, **arguments)  # type: ignore[arg-type]
    try:
        return _append(sources, output, locales, **arguments)  # type: ignore[arg-type]
    except FullBuild as why:
        report = full.build(sources, output, locales, **arguments)  # type: ignore[arg-type]
        report.note = str(why)
        return report


def _append(
    sources: Sequence[Path] | None,
    output: Path,
    locales: Path | None,
    *,
    on_total: Callable[[int], None] | None,
    on_progress: Callable[[int], None] | None,
    jobs: int | None,
    skip_bad: bool,
    max_page_bytes: int,
    mirrors: Sequence[tuple[str, str]],
    about: dict[str, str] | None,
) -> full.BuildReport:
    started = time.perf_counter()
    phases: dict[str, float] = {}
    roots = full.roots_of(sources, output)
    warnings: list[str] = []
    terms = glossary.terms_under(Path(locales or full.default_locales()), warnings)
    options = full.build_options(roots, terms, mirrors, max_page_bytes, skip_bad)
    try:
        with archive_read.open_archive(output) as conn:
            info = append.archive_info(conn)
            before = ids.page_files(conn)
            known = ids.known_ids(conn)
            rows = append.version_rows(conn)
            last = append.last_key(conn)
    except LibraryError:
        raise FullBuild("the file at -o is not an archive to update") from None
    if info.get("options") != options:
        raise FullBuild("it was built from other folders, glossary, options or version")
    if before is None:
        raise FullBuild("it was built before updates were possible")
    if "edited" in info:
        raise FullBuild("a worksheet was imported into it since it was built")
    mark = time.perf_counter()
    files = list(pages_under(roots))
    stamps = full.file_stamps(files)
    now = {path: (size, mtime) for path, size, mtime in stamps}
    gone = [p for p in before if p not in now]
    changed = [p for p, stamp in now.items() if p in before and before[p] != stamp]
    if gone or changed:
        raise FullBuild(
            f"{len(changed):,} page files changed and {len(gone):,} are gone since it was built"
        )
    added = {p for p in now if p not in before}
    new_files = [(f, b) for f, b in files if os.path.abspath(f) in added]
    versions, bad = full.read_all(new_files, jobs, max_page_bytes, warnings)
    if bad:
        raise FullBuild(f"{len(bad):,} new pages cannot be read")
    warnings.extend(full.page_warnings(versions))
    phases["read"] = time.perf_counter() - mark
    mark = time.perf_counter()
    lexicon = default_lexicon().add_terms(terms)
    items: list[Item] = []
    if versions:
        _conflicts(versions, rows, roots, known)
        nearby = _nearby_singles(versions, rows, roots)
        archived = {v.rel for v in nearby}
        for item in pair(versions + nearby, terms, lexicon, mirrors, known):
            old = [v for v in item.versions if v.rel in archived]
            if old and len(old) < len(item.versions):
                fresh = next(v for v in item.versions if v.rel not in archived)
                raise FullBuild(f"{fresh.rel} pairs with the archived {old[0].rel}")
            if not old:
                items.append(item)
            elif item.method != "single" or known.keys.get(f"source:{old[0].rel}") != item.id:
                raise FullBuild(f"the archived {old[0].rel} would change its item")
    if items and last is not None and min(map(_key, items)) <= last:
        raise FullBuild("new pages are older than the archive's newest (or undated)")
    phases["pair"] = time.perf_counter() - mark
    if on_total:
        on_total(len(items))
    term_rows = [archive_write.term_row(t) for t in terms]
    with append.appending(output) as db:
        mark = time.perf_counter()
        first = append.last_segment(db.conn) + 1
        archive_write.write_items(db, full.aligned(items, lexicon, jobs), progress=on_progress)
        archive_write.categorize(db)
        append.clear_about(db)
        pages = int(info.get("pages") or 0) + len(versions)
        archive_write.write_build_info(
            db,
            {
                "pages": str(pages),
                "sources": info.get("sources", "[]"),
                **full.what_it_says(roots, about),
            },
            [],
        )
        ids.write_page_files(db, [s for s in stamps if s[0] in added])
        phases["align"] = time.perf_counter() - mark
        mark = time.perf_counter()
        missing = append.missing_rows(db.conn)
        findings = append.earlier_findings(db.conn)
        last_segment = append.last_segment(db.conn)
        if last_segment >= first:
            uses, found, missed = termcheck.check_block(db.conn, term_rows, (first, last_segment))
            archive_write.write_term_uses(db, uses)
            findings += found
            for form, more in missed.items():
                missing[form] = missing.get(form, []) + more
        findings += termcheck.variant_findings(db.conn, term_rows, missing)
        append.clear_findings(db)
        archive_write.write_term_findings(db, findings)
        counts = append.counts(db.conn)
        phases["terms"] = time.perf_counter() - mark
    return full.BuildReport(
        output=output,
        pages=pages,
        items=counts["items"],
        both=counts["both"],
        en_only=counts["en_only"],
        zh_only=counts["zh_only"],
        auto_pairs=counts["auto"],
        terms=len(terms),
        seconds=time.perf_counter() - started,
        phases=phases,
        warnings=warnings,
        mode="update",
        note=f"{len(items):,} new items appended",
    )
