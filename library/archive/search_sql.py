"""The SQL of the search page (``library.query.search_all``): items matching an FTS5
expression over ``items_fts``, ranked or newest first, their counts and facets, and
the sentence pairs matching one over ``segments_fts``.

The build writes items in date order, so rowid order is date order: "newest first"
walks rowids backwards and a year is a range of rowids (:func:`year_ranges`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from ..caches import Kept
from ..model import LANGS
from .read import dicts
from .rows import FoundItem, FoundPair, ItemFacts, SnippetPair
from .schema import FTS_TABLE, SEGMENTS_FTS, database_file

SEARCH_ITEM_COLUMNS = (
    "id",
    "date",
    "year",
    "title_en",
    "title_zh",
    "category_en",
    "category_zh",
    "status",
)


def _in_language(expression: str, lang: str | None) -> str:
    """``expression`` restricted to one language's title and body columns."""
    if lang is None:
        return expression
    if lang not in LANGS:
        raise ValueError(lang)
    return f"{{title_{lang} body_{lang}}} : ({expression})"


def _in_titles(expression: str, lang: str | None) -> str:
    """``expression`` restricted to the titles (of one language, if given)."""
    columns = f"title_{lang}" if lang else "title_zh title_en"
    return f"{{{columns}}} : ({expression})"


def _item_filters(
    where: list[str], params: dict[str, object], year: int | None, category: str | None
) -> None:
    """Add the item filters (``items`` joined as ``i``) to a WHERE clause being built."""
    if year is not None:
        where.append("i.year = :year")
        params["year"] = year
    if category:
        where.append("i.category = :category")
        params["category"] = category


def _search_where(
    expression: str,
    lang: str | None,
    year: int | None,
    category: str | None,
    rowids: tuple[int, int] | None = None,
    join: bool = False,
) -> tuple[str, dict[str, object]]:
    """FROM/WHERE of an item search; the join to ``items`` (alias ``i``) when asked for
    or a filter needs it (a year given as ``rowids``, its range of rowids, needs none)."""
    where = [f"{FTS_TABLE} MATCH :match"]
    params: dict[str, object] = {"match": _in_language(expression, lang)}
    if rowids is not None:
        where.append(f"{FTS_TABLE}.rowid BETWEEN :lo AND :hi")
        params["lo"], params["hi"] = rowids
    _item_filters(where, params, None if rowids is not None else year, category)
    joined = join or bool(category) or (year is not None and rowids is None)
    on = f" JOIN items i ON i.rowid = {FTS_TABLE}.rowid" if joined else ""
    return f"FROM {FTS_TABLE}{on} WHERE {' AND '.join(where)}", params


def _items_by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, dict[str, Any]]:
    """Items by rowid, the columns a search result shows (all but its score)."""
    if not rowids:
        return {}
    cursor = conn.execute(
        f"SELECT rowid, {', '.join(SEARCH_ITEM_COLUMNS)} FROM items WHERE rowid IN "
        f"({','.join('?' * len(rowids))})",
        rowids,
    )
    names = ["rowid", *SEARCH_ITEM_COLUMNS]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor}


def search_items(
    conn: sqlite3.Connection,
    expression: str,
    *,
    lang: str | None = None,
    year: int | None = None,
    category: str | None = None,
    rowids: tuple[int, int] | None = None,
    limit: int = 20,
    offset: int = 0,
    boost: str | None = None,
) -> list[FoundItem]:
    """Items matching an FTS5 expression over ``items_fts`` (in ``lang``'s columns if
    given), ranked by bm25 with titles weighted 4× the bodies, newest first on ties;
    those that also match ``boost`` (the query's words as a phrase) first."""
    base, params = _search_where(expression, lang, year, category, rowids)
    first = ""
    if boost:
        first = (
            f"{FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} "
            f"MATCH :boost) DESC, "
        )
        params["boost"] = _in_language(boost, lang)
    ranked = conn.execute(
        f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}, 4.0, 4.0, 1.0, 1.0) AS score {base} "
        f"ORDER BY {first}score, {FTS_TABLE}.rowid DESC LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset},
    ).fetchall()
    found = _items_by_rowid(conn, [r for r, _ in ranked])
    return [cast(FoundItem, {**found[r], "score": score}) for r, score in ranked]


def search_items_newest(
    conn: sqlite3.Connection,
    expression: str,
    *,
    leading: bool,
    first: str | None = None,
    lang: str | None = None,
    year: int | None = None,
    category: str | None = None,
    rowids: tuple[int, int] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[FoundItem]:
    """The matching items that also match ``first`` (``leading``) or those that do not,
    newest first (the build writes items in date order, so by rowid, which FTS5 walks
    backwards without sorting): the ranking of queries too common for bm25 to pay.
    ``first`` defaults to the expression within the titles."""
    lead = _in_titles(expression, lang) if first is None else _in_language(first, lang)
    scoped = _in_language(expression, lang)
    match = f"({scoped}) AND ({lead})" if leading else f"({scoped}) NOT ({lead})"
    base, params = _search_where(match, None, year, category, rowids)
    ordered = conn.execute(
        f"SELECT {FTS_TABLE}.rowid {base} ORDER BY {FTS_TABLE}.rowid DESC "
        f"LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset},
    ).fetchall()
    found = _items_by_rowid(conn, [r for (r,) in ordered])
    return [cast(FoundItem, {**found[r], "score": None}) for (r,) in ordered]


def newest_matching(
    conn: sqlite3.Connection, expression: str, *, lang: str | None = None, limit: int = 30
) -> list[int]:
    """The rowids of the newest ``limit`` items matching ``expression`` (in ``lang``'s
    columns only, if given): FTS5 walks its rowids backwards, which is date order."""
    base, params = _search_where(expression, lang, None, None)
    return [
        r
        for (r,) in conn.execute(
            f"SELECT {FTS_TABLE}.rowid {base} ORDER BY {FTS_TABLE}.rowid DESC LIMIT :limit",
            {**params, "limit": limit},
        )
    ]


def count_items_matching(
    conn: sqlite3.Connection,
    expression: str,
    *,
    lang: str | None = None,
    titles: bool = False,
    category: str | None = None,
    year: int | None = None,
    rowids: tuple[int, int] | None = None,
) -> int:
    """How many items match (in ``lang``'s columns, or only their titles)."""
    if titles:
        expression, lang = _in_titles(expression, lang), None
    base, params = _search_where(expression, lang, year, category, rowids)
    return int(conn.execute(f"SELECT count(*) {base}", params).fetchone()[0])


def count_items_up_to(conn: sqlite3.Connection, expression: str, limit: int) -> int:
    """How many items match, counted up to ``limit`` (cheap however common the query)."""
    return int(
        conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT ?)",
            (expression, limit),
        ).fetchone()[0]
    )


_LONG_PREFIX = re.compile(r'"[^"]{2,}"\*')
"""A prefix term longer than the one-character prefix index covers."""


def year_facet(
    conn: sqlite3.Connection,
    expression: str,
    *,
    lang: str | None = None,
    year: int | None = None,
    category: str | None = None,
    rowids: tuple[int, int] | None = None,
) -> list[tuple[int | None, int]]:
    """Matching items by year, newest first, from the index alone. The build writes
    items in date order, so a year is a range of rowids and the FTS5 rowid tells the
    year without reading ``items`` (else, for an archive written in another order,
    each match is joined to its row)."""
    ranges = year_ranges(conn)
    joined = ranges is None or bool(category) or (year is not None and rowids is None)
    base, params = _search_where(expression, lang, year, category, rowids, join=joined)
    if joined:
        rows = conn.execute(f"SELECT i.year, count(*) {base} GROUP BY i.year", params).fetchall()
    elif _LONG_PREFIX.search(expression):
        # A prefix of more than one character merges the posting lists of every token
        # it covers, per query: one pass, bucketing each match by its rowid.
        assert ranges is not None  # else joined
        ranges = sorted(ranges, key=lambda r: r[1])
        bucket = (
            "CASE "
            + " ".join(
                f"WHEN {FTS_TABLE}.rowid <= {int(hi)} THEN {k}"
                for k, (_, _, hi) in enumerate(ranges)
            )
            + " END"
        )
        rows = [
            (ranges[k][0], n)
            for k, n in conn.execute(f"SELECT {bucket} AS k, count(*) {base} GROUP BY k", params)
            if k is not None
        ]
    else:
        # Otherwise a count per year's range of rowids is cheaper: FTS5 seeks to the
        # range and counts in C.
        rows = []
        for y, lo, hi in ranges or []:
            if rowids is not None:
                if hi < rowids[0] or lo > rowids[1]:
                    continue
                lo, hi = max(lo, rowids[0]), min(hi, rowids[1])
            rows.append((y, count_items_matching(conn, expression, lang=lang, rowids=(lo, hi))))
    return sorted(((y, n) for y, n in rows if n), key=lambda x: (x[0] is None, -(x[0] or 0)))


def item_texts(
    conn: sqlite3.Connection, item_ids: list[str]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(item id, language) → the version's (title, text)."""
    if not item_ids:
        return {}
    return {
        (i, lang): (title or "", text or "")
        for i, lang, title, text in conn.execute(
            f"SELECT item_id, lang, title, text FROM versions WHERE item_id IN "
            f"({','.join('?' * len(item_ids))})",
            item_ids,
        )
    }


def count_matching_either(
    conn: sqlite3.Connection,
    expression: str,
    *,
    year: int | None = None,
    category: str | None = None,
    rowids: tuple[int, int] | None = None,
) -> int:
    """How many items match ``expression`` within one language (either)."""
    return count_items_matching(
        conn,
        f"({_in_language(expression, 'zh')}) OR ({_in_language(expression, 'en')})",
        year=year,
        category=category,
        rowids=rowids,
    )


def category_facet(
    conn: sqlite3.Connection,
    expression: str,
    *,
    lang: str | None = None,
    year: int | None = None,
    category: str | None = None,
    rowids: tuple[int, int] | None = None,
    windows: list[tuple[int, int]] | None = None,
) -> dict[str | None, int]:
    """Matching items by category key (``items.category``; None for those without one);
    with ``windows``, counted only among the items whose rowids fall in those ranges
    (a sample: each match is joined to its row, which costs more than the index's own
    counting)."""
    counts: dict[str | None, int] = {}
    chosen: list[tuple[int, int] | None] = list(windows) if windows else [rowids]
    for window in chosen:
        base, params = _search_where(expression, lang, year, category, window, join=True)
        for c, n in conn.execute(f"SELECT i.category, count(*) {base} GROUP BY 1", params):
            counts[c] = counts.get(c, 0) + n
    return counts


def category_sizes(conn: sqlite3.Connection) -> dict[str | None, int]:
    """Items per category key (None for none) in the whole archive."""

    def sizes() -> dict[str | None, int]:
        return dict(conn.execute("SELECT category, count(*) FROM items GROUP BY 1").fetchall())

    return per_file(conn, "categories", sizes)


def category_labels(conn: sqlite3.Connection) -> dict[str, tuple[str | None, str | None]]:
    """Each category key's (English, Chinese) name."""
    return per_file(
        conn,
        "category_labels",
        lambda: {
            k: (en, zh) for k, en, zh in conn.execute("SELECT category, en, zh FROM categories")
        },
    )


def item_ids(conn: sqlite3.Connection) -> frozenset[str]:
    """Every item id (to link a query's item ids, and only those, to their items)."""
    return per_file(
        conn, "item_ids", lambda: frozenset(r[0] for r in conn.execute("SELECT id FROM items"))
    )


def find_category(conn: sqlite3.Connection, names: tuple[str, ...]) -> str | None:
    """The key of the category any of ``names`` is (its key, English or Chinese name)."""
    marks = ",".join("?" * len(names))
    row = conn.execute(
        f"SELECT category FROM categories WHERE category IN ({marks}) OR en IN ({marks}) "
        f"OR zh IN ({marks}) LIMIT 1",
        names * 3,
    ).fetchone()
    return row[0] if row else None


def matching_rowids(conn: sqlite3.Connection, expression: str, rowids: list[int]) -> set[int]:
    """Which of ``rowids`` (items) match ``expression``."""
    if not rowids:
        return set()
    return {
        r
        for (r,) in conn.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? AND rowid IN "
            f"({','.join('?' * len(rowids))})",
            [expression, *rowids],
        )
    }


def rowid_span(conn: sqlite3.Connection) -> tuple[int, int]:
    """The lowest and highest item rowid."""

    def span() -> tuple[int, int]:
        low, high = conn.execute(
            "SELECT coalesce(min(rowid), 0), coalesce(max(rowid), 0) FROM items"
        ).fetchone()
        return low, high

    return per_file(conn, "rowid_span", span)


T = TypeVar("T")
FileVersion = tuple[str | None, int, int | None]
"""(path, mtime in ns, size) of a database file (:func:`file_version`)."""

_SHAPES: Kept[tuple[str, str], object] = Kept(64)
"""Facts about a whole archive (:func:`per_file`): a few names per file served, each for
the file's present state."""


def file_version(conn: sqlite3.Connection) -> FileVersion:
    """(path, mtime, size) of the database file: what changes when the archive does
    (``None`` parts for a database in memory, which is never remembered)."""
    path = database_file(conn)
    if not path:
        return (None, id(conn), None)
    st = os.stat(path)
    return (path, st.st_mtime_ns, st.st_size)


def per_file(conn: sqlite3.Connection, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for this version of the database file: facts about the
    whole archive that searches need and that change only with it."""
    path, *state = file_version(conn)
    if path is None:
        return compute()
    stamp: Hashable = tuple(state)
    return cast(T, _SHAPES.made((name, path), compute, stamp, once=True))


def year_ranges(conn: sqlite3.Connection) -> list[tuple[int | None, int, int]] | None:
    """(year, first rowid, last rowid) of each year's items, or None when a year's items
    are not contiguous (an archive not written in date order)."""

    def compute() -> list[tuple[int | None, int, int]] | None:
        rows = conn.execute(
            "SELECT year, min(rowid), max(rowid), count(*) FROM items GROUP BY year"
        ).fetchall()
        return (
            [(y, lo, hi) for y, lo, hi, _ in rows]
            if all(hi - lo + 1 == n for _, lo, hi, n in rows)
            else None
        )

    return per_file(conn, "year_ranges", compute)


SNIPPET_SEGMENTS = 1000
"""Sentence pairs of an item read for its snippet: a news item has a few dozen; a page of
megabytes is read no further (its snippet comes from its first thousand pairs)."""


def item_segments(conn: sqlite3.Connection, item_ids: list[str]) -> dict[str, list[SnippetPair]]:
    """The first :data:`SNIPPET_SEGMENTS` body sentence pairs of some items, in order, by
    id (not the title pair, position 0: a result shows its titles already)."""
    out: dict[str, list[SnippetPair]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    cursor = conn.execute(
        f"SELECT item_id, position, zh, en FROM segments WHERE item_id IN "
        f"({','.join('?' * len(item_ids))}) AND position BETWEEN 1 AND ? "
        f"ORDER BY item_id, position",
        [*item_ids, SNIPPET_SEGMENTS],
    )
    for item_id, position, zh, en in cursor:
        out[item_id].append(SnippetPair(position=position, zh=zh, en=en))
    return out


def search_segments(
    conn: sqlite3.Connection,
    expression: str,
    limit: int,
    offset: int = 0,
    count_up_to: int = 10_000,
    *,
    lang: str | None = None,
    year: int | None = None,
    category: str | None = None,
) -> tuple[list[FoundPair], int]:
    """Sentence pairs matching an FTS5 expression (on ``lang``'s side, if given) in items
    of ``year`` and ``category``, most recently built first, and how many match
    (counted up to ``count_up_to``: a common word is in most of them)."""
    match = f"{lang} : ({expression})" if lang in LANGS else expression
    where = [f"{SEGMENTS_FTS} MATCH :match"]
    params: dict[str, object] = {"match": match}
    _item_filters(where, params, year, category)
    filtered = year is not None or bool(category)
    joins = (
        f"JOIN segment_spans p ON p.rowid = {SEGMENTS_FTS}.rowid JOIN items i ON i.id = p.item_id"
        if filtered
        else ""
    )
    cursor = conn.execute(
        f"SELECT s.item_id, s.position, s.zh, s.en, s.score, i.date, i.title_en, i.title_zh "
        f"FROM {SEGMENTS_FTS} JOIN segments s ON s.id = {SEGMENTS_FTS}.rowid "
        f"JOIN items i ON i.id = s.item_id WHERE {' AND '.join(where)} "
        f"ORDER BY {SEGMENTS_FTS}.rowid DESC LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset},
    )
    rows = cast("list[FoundPair]", list(dicts(cursor)))
    total = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {SEGMENTS_FTS} {joins} "
        f"WHERE {' AND '.join(where)} LIMIT :cap)",
        {**params, "cap": count_up_to + 1},
    ).fetchone()[0]
    return rows, int(total)


def item_facts(conn: sqlite3.Connection, item_ids: list[str]) -> dict[str, ItemFacts]:
    """Item id → its ``date``, ``original`` language and ``script_zh``, and its versions'
    URLs (``url_zh``, ``url_en``): what a TMX unit says of where a pair comes from."""
    marks = ",".join("?" * len(item_ids))
    facts = {
        r[0]: ItemFacts(date=r[1], original=r[2], script_zh=r[3])
        for r in conn.execute(
            f"SELECT id, date, original, script_zh FROM items WHERE id IN ({marks})", item_ids
        )
    }
    for item_id, lang, url in conn.execute(
        f"SELECT item_id, lang, url FROM versions WHERE item_id IN ({marks})", item_ids
    ):
        if item_id in facts:
            facts[item_id]["url_zh" if lang == "zh" else "url_en"] = url
    return facts
