"""Updates in seconds: a build over an existing archive that writes only what changed.

A news archive grows by today's pages, and now and then a page is corrected, taken down
or its translation arrives, or a glossary entry changes. When the archive at ``-o`` was
built by this version from the same folders and options, the update compares the page
files with those it was built from (``page_files``: size and modification time, as git's
index does) and the glossary with its ``terms``. The items touched are those holding a
page changed or gone, and those using a glossary entry added, removed or changed (their
alignment depends on it: the glossary is in the aligner's dictionary).

Items are stored in date order (rowid order is what "newest first" and a year's range
walk), so every item from the first touched one on is written again: its pages are read
again and paired with the new and changed pages and the archive's unpaired pages around
their dates; when that pairing reaches an archived item (a new page is its translation,
takes its name, sorts before it), the tail grows to hold it and the pairing is done
again. The items before the tail are left as they are; the tail's are taken out
(``archive.replace.drop_items``) and written again in a copy of the archive, their term
uses checked, the findings' variants, categories and retired ids computed again, and the
copy renamed over the archive. A correction of last week's page writes a week of items;
a page of years ago, more than half of a large archive, is a full build instead (as
fast, and simpler), as is anything the update cannot read again (a crawl's captures, a
worksheet imported since the build); the report says why.

That is the archive a full build over the same archive writes: the rows of every table,
and what the search indexes hold (``tests/test_update.py`` compares them over random
sequences of added, changed, re-dated, renamed and removed pages and glossary edits),
but for pairs made by score. Their score weighs each page against the whole corpus, so
a full build scores them all again while the update keeps those before its tail as
they were scored (the bundled sample: 0.9104 kept, 0.9112 again); and it weighs the
pages around the change only, where a full build weighs all: ``scripts/
eval_update_pairing.py`` measures how often the pairs differ. Either way the archive is
replaced only when the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import build as full
from .archive import ids, replace
from .archive import read as archive_read
from .archive import update as stored
from .archive import write as archive_write
from .errors import LibraryError
from .model import Item, KnownIds, Term, Version
from .pages.evidence import MAX_DAYS
from .pages.ids import retired_ids
from .pages.language import NO_NAME, version_stem
from .pages.links import normal_url, url_key, url_number
from .pages.pairing import explicit_pairs, pair
from .pages.read import MAX_PAGE_BYTES, base_of, read_page, stamped_pages, top_of
from .terms import check as termcheck
from .terms import glossary
from .text.lexicon import default_lexicon


class FullBuild(Exception):
    """Why the archive cannot be brought up to date in place (the update builds in full)."""


def _key(item: Item) -> tuple[bool, str, str]:
    return (item.date is not None, item.date or "", item.id)


def _group(version: Version) -> tuple[str, str]:
    """What pairs pages by name (``pairing._explicit``): their folder and stem."""
    return (version.rel.rsplit("/", 1)[0] if "/" in version.rel else "", version_stem(version))


def _day(date: str | None) -> int | None:
    return dt.date.fromisoformat(date).toordinal() if date else None


def _archived(row, roots: list[Path], read: dict[str, Version]) -> Version:
    """An archived version's file read again (a page of the tail, or an unpaired page a
    new one may pair with), once: ``read`` keeps what was, by source."""
    if row["source"] in read:
        return read[row["source"]]
    if "#" in row["source"] or row["source"].startswith("worksheet:"):
        raise FullBuild(f"{row['source']} is not a page file to read again")
    for root in roots:
        base = base_of(root)
        if (base / row["source"]).is_file():
            try:
                read[row["source"]] = read_page(base / row["source"], base)
                return read[row["source"]]
            except LibraryError as exc:
                raise FullBuild(f"{row['source']} cannot be read again ({exc.message})") from None
    raise FullBuild(f"{row['source']} is no longer under the folders given")


def _bare(path: Path, rel: str, lang: str = "en") -> Version:
    """A version known by its file alone (what its name says)."""
    return Version(path, rel, lang, None, None, [], "", "")


def _related(pool: list[Version], rows: list, roots: list[Path]) -> set[str]:
    """The archived items (of ``rows``, those outside the pages to pair again) that a page
    of ``pool`` could pair with, or whose pair it could break, in a full build: one it
    shares a name with, whose front matter id it claims, whose URL it resembles or that
    it links as its translation. The update pairs their pages again, too."""
    groups = {_group(v): v for v in pool}
    folders = {folder for folder, _ in groups}
    stems = tuple({stem for _, stem in groups})
    bases = [base_of(root) for root in roots]
    found: set[str] = set()
    for row in rows:
        rel = row["source"]
        if "#" in rel or rel.startswith("worksheet:"):
            continue
        folder, _, name = rel.rpartition("/")
        # Only a page of a pooled page's folder whose name begins with its stem (or that
        # is named by its folder, index.html) can share its name.
        first = name.split(".", 1)[0].lower()
        if folder not in folders or not (name.startswith(stems) or first in NO_NAME):
            continue
        base = next((b for b in bases if (b / rel).is_file()), bases[0])
        if _group(_bare(base / rel, rel, row["lang"])) in groups:
            found.add(row["item_id"])
    ids = {v.doc_id for v in pool if v.doc_id}
    keys = {url_key(v.url) for v in pool if v.url} - {None}
    numbers = {url_number(v.url) for v in pool if v.url} - {None}
    links = {normal_url(u) for v in pool for u in v.alternates.values()}
    for row in rows if ids or keys or numbers or links else ():
        url = row["url"]
        if row["item_id"] in ids or (
            url and (url_key(url) in keys or url_number(url) in numbers or normal_url(url) in links)
        ):
            found.add(row["item_id"])
    return found


def _nearby_singles(
    new: list[Version], rows: list, roots: list[Path], read: dict[str, Version]
) -> list[Version]:
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
            out.append(_archived(row, roots, read))
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
    ``library.build.build``, whose arguments these are): by writing again only what
    changed when it can (see the module docstring), else by a full build."""
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
        return _update(sources, output, locales, **arguments)  # type: ignore[arg-type]
    except FullBuild as why:
        report = full.build(sources, output, locales, **arguments)  # type: ignore[arg-type]
        report.note = str(why)
        return report


def _update(
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
    options = full.build_options(roots, mirrors, max_page_bytes, skip_bad)
    try:
        with archive_read.open_archive(output) as conn:
            info = stored.archive_info(conn)
            before = ids.page_files(conn)
            known = ids.known_ids(conn)
            rows = stored.version_rows(conn)
            keys = stored.item_keys(conn)
            glossed = stored.items_using(
                conn, _changed_forms(archive_read.glossary_terms(conn), terms)
            )
    except LibraryError:
        raise FullBuild("the file at -o is not an archive to update") from None
    if info.get("options") != options:
        raise FullBuild("it was built from other folders, options or version")
    if before is None:
        raise FullBuild("it was built before updates were possible")
    if "edited" in info:
        raise FullBuild("a worksheet was imported into it since it was built")
    mark = time.perf_counter()
    stamps = stamped_pages(roots)
    now = {path: (size, mtime) for path, size, mtime, _ in stamps}
    gone = [p for p in before if p not in now]
    fresh = {p for p, stamp in now.items() if before.get(p) != stamp}  # changed or added
    bases = list(dict.fromkeys(base for *_, base in stamps))  # the roots', in order
    versions, bad = full.read_all(  # in the order a full build reads them
        sorted(
            ((Path(path), base) for path, _, _, base in stamps if path in fresh),
            key=lambda page: (bases.index(page[1]), str(page[0])),
        ),
        jobs,
        max_page_bytes,
        warnings,
    )
    if bad:
        raise FullBuild(f"{len(bad):,} new or changed pages cannot be read")
    warnings.extend(full.page_warnings(versions))
    phases["read"] = time.perf_counter() - mark
    mark = time.perf_counter()
    lexicon = default_lexicon().add_terms(terms)
    files = _files_of(rows, roots, fresh | set(gone))  # the rows of files saved or gone
    versions, same = _saved_again(versions, rows, output)
    outdated = {key for key in files if key not in same}  # rows of pages changed or gone
    touched = {r["item_id"] for r in rows if id(r) in outdated}
    if any("#" in r["source"] for r in rows if r["item_id"] in touched):
        raise FullBuild("a crawl (WARC) file changed or is gone")
    touched |= glossed
    items, tail = _pair_tail(
        versions, rows, outdated, touched, keys, roots, terms, lexicon, mirrors, known
    )
    phases["pair"] = time.perf_counter() - mark
    if on_total:
        on_total(len(items))
    untouched = [i for i in keys if i not in tail]
    with stored.copy_to_update(output) as db:
        mark = time.perf_counter()
        replace.drop_items(db, tail)
        stored.clear_terms(db)
        archive_write.write_terms(db, terms)
        first = stored.last_segment(db.conn) + 1
        archive_write.write_items(db, full.aligned(items, lexicon, jobs), progress=on_progress)
        archive_write.categorize(db)
        stored.clear_retired(db)
        ids.write_retired(db, retired_ids(items, known, dt.date.today().isoformat(), untouched))
        stored.forget_pages(db, gone)
        stored.clear_about(db)
        pages = int(info.get("pages") or 0) + len(versions) - len(outdated)
        archive_write.write_build_info(
            db,
            {
                "pages": str(pages),
                "sources": info.get("sources", "[]"),
                **full.what_it_says(roots, about),
            },
            [],
        )
        ids.write_page_files(db, [s[:3] for s in stamps if s[0] in fresh])
        phases["align"] = time.perf_counter() - mark
        mark = time.perf_counter()
        missing = stored.missing_rows(db.conn)
        findings: list = []
        last_segment = stored.last_segment(db.conn)
        if last_segment >= first:
            uses, found, missed = termcheck.check_block(db.conn, terms, (first, last_segment))
            archive_write.write_term_uses(db, uses)
            findings += found
            for form, more in missed.items():
                missing[form] = missing.get(form, []) + more
        findings += termcheck.variant_findings(db.conn, terms, missing)
        stored.rewrite_findings(db, findings)
        counts = stored.counts(db.conn)
        phases["terms"] = time.perf_counter() - mark
    added = len(fresh - before.keys())
    resaved = {files[k] for k in same if k in files}  # touched or copied, not changed
    changed = len((fresh & before.keys()) - resaved)
    again = sum(1 for i in items if i.id in tail)
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
        note=f"{added:,} pages new, {changed:,} changed, {len(gone):,} gone"
        + (f", {len(resaved):,} saved again unchanged" if resaved else "")
        + f": {len(items) - again:,} items added, {again:,} written again",
    )


TERM_EFFECT = ("id", "en", "zh", "context", "status", "domain")
"""What of a glossary entry its uses, findings and the alignment depend on (its note,
references, file and line only show in the ``terms`` table, written whole)."""


def _changed_forms(old: Sequence[Term], new: Sequence[Term]) -> list[tuple[str, str]]:
    """The (side, form) of the glossary entries added, removed or changed since the
    archive was built: the items that use one are written again."""
    before = {tuple(getattr(t, k) for k in TERM_EFFECT) for t in old}
    after = {tuple(getattr(t, k) for k in TERM_EFFECT) for t in new}
    forms: set[tuple[str, str]] = set()
    for _, en, zh, *_ in before ^ after:
        forms.add(("en", str(en)))
        if zh:
            forms.add(("zh", str(zh)))
    return sorted(forms)


def _saved_again(
    versions: list[Version], rows: list, output: Path
) -> tuple[list[Version], set[int]]:
    """The versions read from files saved since the build, but those whose page is the
    one the archive has (a file copied or touched: its text and all its row says the
    same, and it names no id and links no translation the row does not show), and the
    ``id()`` of those pages' rows: their items stay as they are."""
    by_source = {r["source"]: r for r in rows}
    archived = [by_source[v.rel] for v in versions if v.rel in by_source]
    if not archived:
        return versions, set()
    with archive_read.open_archive(output) as conn:
        facts = stored.page_facts(conn, [(r["item_id"], r["lang"]) for r in archived])
    kept, same = [], set()
    for v in versions:
        row = by_source.get(v.rel)
        was = facts.get((row["item_id"], row["lang"])) if row is not None else None
        said = dict(_page_facts(v))
        if (
            row is not None
            and was is not None
            and not v.alternates
            and v.doc_id in (None, row["item_id"])
            and all(was[k] == said[k] for k in stored.SAME_PAGE)
        ):
            same.add(id(row))
        else:
            kept.append(v)
    return kept, same


def _page_facts(v: Version) -> Iterator[tuple[str, object]]:
    for name in stored.SAME_PAGE:
        yield name, v.digest if name == "content_hash" else getattr(v, name)


def _files_of(rows: list, roots: list[Path], paths: set[str]) -> dict[int, str]:
    """The archived version rows of these page files (absolute paths, as ``page_files``
    has them), by the row's ``id()``, each with its file; a crawl's captures all have
    their WARC file's."""
    tops = [top_of(root) for root in roots]
    sources: dict[str, str] = {}
    for path in paths:
        top = next((t for t in tops if path.startswith(t)), None)
        if top is not None:
            sources.setdefault(path[len(top) :], path)
    out = {}
    for row in rows:
        found = sources.get(row["source"].split("#", 1)[0])
        if found is not None:
            out[id(row)] = found
    return out


TAIL_SHARE, TAIL_MIN = 0.5, 1_000
"""An update that would write again more than this share of the archive's items, and
more than this many (a page of years ago changed or gone: every later item is written
again, to keep rowid order date order), is a full build: as fast, and simpler."""


def _pair_tail(
    versions: list[Version],
    rows: list,
    outdated: set[int],
    touched: set[str],
    keys: dict[str, tuple[bool, str, str]],
    roots: list[Path],
    terms: list,
    lexicon,
    mirrors: Sequence[tuple[str, str]],
    known: KnownIds,
) -> tuple[list[Item], set[str]]:
    """The items to write after the archive's untouched ones, and the archived items they
    replace (``tail``: every item from the first one that changes on, so that rowid
    order stays date order).

    The pages paired are the new and changed ones, those of the tail's items that did
    not change (read again), and the archived pages without a partner around their
    dates (``_nearby_singles``). What pairing then does may reach further back (a page
    pairs with an archived one, takes its name, or an item sorts earlier): the tail
    grows and pairing is done again, until nothing outside the tail changes."""
    read_again: dict[str, Version] = {}
    replaced = set(touched)
    floor: tuple[bool, str, str] | None = None
    while True:
        starts = [keys[i] for i in replaced] + ([floor] if floor else [])
        cut = min(starts) if starts else None
        tail = {i for i, k in keys.items() if cut is not None and k >= cut}
        if len(tail) > max(TAIL_MIN, TAIL_SHARE * len(keys)):
            raise FullBuild(
                f"the change reaches back to {cut[1] if cut and cut[1] else 'undated items'}: "
                f"{len(tail):,} of {len(keys):,} items would be written again"
            )
        again, partners = [], []  # the tail's pages read again; those of changed items
        for row in rows:
            if row["item_id"] in tail and id(row) not in outdated:
                again.append(_archived(row, roots, read_again))
                if row["item_id"] in replaced:
                    partners.append(again[-1])
        pool = versions + again
        outside = [r for r in rows if r["item_id"] not in tail]
        # The tail's other items were paired as they are and stay so: only new pages and
        # the partners of changed ones can reach an archived page outside.
        related = _related(versions + partners, outside, roots) - replaced
        if related:
            replaced |= related
            continue
        nearby = _nearby_singles(pool, outside, roots, read_again)
        archived = {v.rel: v for v in nearby}
        owner = {r["source"]: r["item_id"] for r in outside}
        items: list[Item] = []
        absorbed: set[str] = set()
        for item in pair(pool + nearby, terms, lexicon, mirrors, known) if pool else []:
            old = [v for v in item.versions if v.rel in archived]
            if not old:
                items.append(item)
            elif len(old) < len(item.versions):
                absorbed.add(owner[old[0].rel])  # an archived single pairs with a new page
            # Archived pages alone stay as the archive has them: what they are to each
            # other was weighed when they were built, and nothing of theirs changed.
        if absorbed:
            replaced |= absorbed
            continue
        untouched = set(keys) - tail
        clash = next((i.id for i in items if i.id in untouched), None)
        if clash:
            raise FullBuild(f"a changed page claims the id of the archived item {clash}")
        first = min(map(_key, items), default=None)
        below = max((keys[i] for i in untouched), default=None)
        if first is not None and below is not None and first < below:
            floor = first  # an item sorts among the untouched: write again from there
            continue
        return items, tail
