"""Reading the archive: connections, and the rows the stages and the web pages need,
as dicts keyed by column name, each typed by its kind (``library.archive.rows``); the
glossary as :class:`~library.model.Term`."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from ..errors import LibraryError
from ..model import LANGS, Bead, Term, is_about, paragraph_needs_review
from .rows import (
    HistoryRow,
    ItemLine,
    ItemPage,
    MemoryRow,
    PageSegment,
    PageVersion,
    PairRow,
    ParagraphRow,
    SegmentRow,
    Summary,
    VersionRow,
    YearCount,
)
from .schema import SEGMENTS_FTS, TERM_COLUMNS, is_archive, register_functions


def dicts(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """A cursor's rows as dicts keyed by column name (as sqlite-utils' ``query`` gives);
    the functions below say which kind of row (``library.archive.rows``) each is."""
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def connect(path: Path) -> sqlite3.Connection:
    """A read connection with the archive's functions registered."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    register_functions(conn)
    return conn


def about(conn: sqlite3.Connection) -> dict[str, str]:
    """What the archive says of itself (``archive_info``'s title, description, licence,
    source and their URLs: ``library.model.is_about``)."""
    return {k: v for k, v in conn.execute("SELECT key, value FROM archive_info") if is_about(k)}


def built_from(conn: sqlite3.Connection) -> list[str]:
    """The folders (or files) the archive was built from, as the build recorded them."""
    row = conn.execute("SELECT value FROM archive_info WHERE key = 'sources'").fetchone()
    return list(json.loads(row[0])) if row else []


def table_names(conn: sqlite3.Connection) -> list[str]:
    """The archive's tables and views (FTS shadow tables among them)."""
    return [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    ]


@contextlib.contextmanager
def open_archive(path: Path) -> Iterator[sqlite3.Connection]:
    """:func:`connect` to a database ``bilib build`` wrote, closed after the block;
    :class:`LibraryError` naming the file when it is missing or something else."""
    path = Path(path)
    if not path.is_file():
        raise LibraryError("no such database", path=path, hint=f"run 'bilib build -o {path}' first")
    conn = connect(path)
    try:
        try:
            archive = is_archive(conn)
        except sqlite3.DatabaseError as exc:  # not SQLite at all, or damaged
            raise LibraryError(
                f"not a readable SQLite database ({exc})",
                path=path,
                hint="give the database that 'bilib build' wrote, or build it again",
            ) from None
        if not archive:
            raise LibraryError(
                "not an archive built by bilib",
                path=path,
                hint="give the database that 'bilib build' wrote",
            )
        yield conn
    finally:
        conn.close()


SEGMENTS_SQL = (
    "SELECT position, paragraph, bead, zh, en, score, review FROM segments "
    "WHERE item_id = :id AND paragraph >= :start AND paragraph < :end ORDER BY position"
)
"""An item's sentence pairs in the paragraph rows [start, end)."""
PARAGRAPH_COUNT_SQL = "SELECT paragraphs FROM items WHERE id = :id"
VERSIONS_SQL = (
    "SELECT lang, title, date, category, url, source, format, encoding, script "
    "FROM versions WHERE item_id = :id"
)
TM_SQL = """
SELECT s.item_id, s.position, s.bead, s.zh, s.en, s.score, i.date, i.original, i.script_zh,
       i.title_en, vz.url AS url_zh, ve.url AS url_en
FROM segments s
JOIN items i ON i.id = s.item_id
LEFT JOIN versions vz ON vz.item_id = s.item_id AND vz.lang = 'zh'
LEFT JOIN versions ve ON ve.item_id = s.item_id AND ve.lang = 'en'
WHERE s.zh IS NOT NULL AND s.en IS NOT NULL AND s.score >= :min_score
ORDER BY i.date IS NULL, i.date, s.item_id, s.position
"""


def item_paragraphs(
    conn: sqlite3.Connection, item_id: str, start: int = 0, limit: int = -1
) -> list[ParagraphRow]:
    """An item's aligned paragraph rows (``limit`` of them from ``start``; -1: all) with
    their text, joined from its versions' paragraphs (``versions.text`` is the
    paragraphs joined by blank lines), and whether each needs review
    (:func:`~library.model.paragraph_needs_review`)."""
    texts = {
        lang: (text or "").split("\n\n")
        for lang, text in conn.execute(
            "SELECT lang, text FROM versions WHERE item_id = ?", (item_id,)
        )
    }

    def text(lang: str, index: str | None) -> str | None:
        paragraphs = texts.get(lang, [])
        picked = [
            paragraphs[int(k)] for k in (index or "").split(",") if k and int(k) < len(paragraphs)
        ]
        return "\n\n".join(picked) or None

    def indices(index: str | None) -> tuple[int, ...]:
        return tuple(int(k) for k in (index or "").split(",") if k)

    return [
        ParagraphRow(
            position=position,
            bead=bead,
            zh=text("zh", zh),
            en=text("en", en),
            score=score,
            review=paragraph_needs_review(Bead(indices(zh), indices(en), score)),
        )
        for position, bead, zh, en, score in conn.execute(
            "SELECT position, bead, zh_index, en_index, score FROM paragraphs "
            "WHERE item_id = ? AND position >= ? ORDER BY position LIMIT ?",
            (item_id, start, limit),
        )
    ]


def tm_segments(conn: sqlite3.Connection, min_score: float) -> Iterator[MemoryRow]:
    """Sentence pairs with both sides and ``score >= min_score``, with their item's
    date, original language, script and URLs: what a translation memory carries."""
    cursor = conn.execute(TM_SQL, {"min_score": min_score})
    yield from cast("Iterator[MemoryRow]", dicts(cursor))


def fts_segments(conn: sqlite3.Connection, expression: str, limit: int) -> list[SegmentRow]:
    """Segments matching an FTS5 expression over ``segments_fts`` (column filters
    allowed), oldest item first, at most ``limit``, with their item's date."""
    cursor = conn.execute(
        f"SELECT s.id AS rowid, s.item_id, s.position, s.zh, s.en, s.score, i.date "
        f"FROM {SEGMENTS_FTS} f JOIN segments s ON s.id = f.rowid "
        f"JOIN items i ON i.id = s.item_id WHERE {SEGMENTS_FTS} MATCH ? "
        f"ORDER BY i.date IS NULL, i.date, s.item_id, s.position LIMIT ?",
        (expression, limit),
    )
    return cast("list[SegmentRow]", list(dicts(cursor)))


def fts_segments_newest(
    conn: sqlite3.Connection, expression: str, limit: int, offset: int = 0
) -> list[SegmentRow]:
    """A page of the segments matching an FTS5 expression, newest item first (the build
    writes items in date order, so segment rowids descend with the date; undated items
    come last), with their item's date."""
    cursor = conn.execute(
        f"SELECT s.id AS rowid, s.item_id, s.position, s.zh, s.en, s.score, i.date "
        f"FROM {SEGMENTS_FTS} f JOIN segments s ON s.id = f.rowid "
        f"JOIN items i ON i.id = s.item_id WHERE {SEGMENTS_FTS} MATCH ? "
        f"ORDER BY f.rowid DESC LIMIT ? OFFSET ?",
        (expression, limit, offset),
    )
    return cast("list[SegmentRow]", list(dicts(cursor)))


def fts_years(
    conn: sqlite3.Connection, expression: str
) -> list[tuple[int | None, int, str | None, str | None]]:
    """(year, segments, first date, last date) of the segments matching an FTS5
    expression, by their item's year (None for undated items), oldest first."""
    return conn.execute(
        f"SELECT i.year, count(*), min(i.date), max(i.date) FROM {SEGMENTS_FTS} f "
        f"JOIN segment_spans p ON p.rowid = f.rowid JOIN items i ON i.id = p.item_id "
        f"WHERE {SEGMENTS_FTS} MATCH ? GROUP BY i.year ORDER BY i.year IS NULL, i.year",
        (expression,),
    ).fetchall()


def _in_lists(values: list[Any], size: int = 900) -> Iterator[tuple[list[Any], str]]:
    """``values`` in chunks with their ``?, ?, …`` placeholders: an ``IN`` list each,
    within SQLite's limit on bound parameters."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def segment_sides(
    conn: sqlite3.Connection, item_id: str | None = None, rowids: tuple[int, int] | None = None
) -> list[tuple[int, str, int, str | None, str | None, float, str | None]]:
    """(rowid, item_id, position, zh, en, score, the item's date) of every segment of one
    item or one range of rowids (or all), in rowid order, cut from their versions' texts
    as the ``segments`` view does, each version read once: the whole read of term
    checks, which find every glossary form in one pass over the text."""
    sql = (
        "SELECT s.rowid, s.item_id, s.position, s.zh_start, s.zh_length, s.zh_text, "
        "s.en_start, s.en_length, s.en_text, s.score, i.date "
        "FROM segment_spans s JOIN items i ON i.id = s.item_id"
    )
    where: list[str] = []
    params: list[object] = []
    if item_id is not None:
        where.append("s.item_id = ?")
        params.append(item_id)
    if rowids is not None:
        where.append("s.rowid BETWEEN ? AND ?")
        params += list(rowids)
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " ORDER BY s.rowid", params).fetchall()
    texts: dict[tuple[str, str], str] = {}
    items = sorted({r[1] for r in rows if r[3] is not None or r[6] is not None})
    for chunk, marks in _in_lists(items):
        for item, lang, text in conn.execute(
            f"SELECT item_id, lang, text FROM versions WHERE lang IN ('zh', 'en') "
            f"AND item_id IN ({marks})",
            chunk,
        ):
            texts[item, lang] = text
    out = []
    for rowid, item, position, z_at, z_len, z_own, e_at, e_len, e_own, score, date in rows:
        zh = z_own if z_at is None else texts[item, "zh"][z_at : z_at + z_len]
        en = e_own if e_at is None else texts[item, "en"][e_at : e_at + e_len]
        out.append((rowid, item, position, zh, en, score, date))
    return out


def segment_rowid_blocks(
    conn: sqlite3.Connection, size: int, parts: int = 1
) -> list[tuple[int, int]]:
    """The segments' rowids cut into ranges of ``size`` (the last may be shorter), or
    into ``parts`` ranges if those are smaller."""
    low, high = conn.execute("SELECT min(rowid), max(rowid) FROM segment_spans").fetchone()
    if low is None:
        return []
    size = max(1, min(size, -(-(high - low + 1) // parts)))
    return [(lo, min(lo + size - 1, high)) for lo in range(low, high + 1, size)]


def segments_by_rowid(conn: sqlite3.Connection, rowids: Iterable[int]) -> dict[int, SegmentRow]:
    """Segments (with their item's date) by rowid."""
    out: dict[int, SegmentRow] = {}
    for chunk, marks in _in_lists(sorted(set(rowids))):
        cursor = conn.execute(
            f"SELECT s.id AS rowid, s.item_id, s.position, s.zh, s.en, s.score, i.date "
            f"FROM segments s JOIN items i ON i.id = s.item_id WHERE s.id IN ({marks})",
            chunk,
        )
        for row in cast("Iterator[SegmentRow]", dicts(cursor)):
            out[row["rowid"]] = row
    return out


def segments_with_token(conn: sqlite3.Connection, column: str, token: str) -> list[int]:
    """Rowids of the segments whose ``column`` shadow holds ``token`` (a posting list)."""
    if column not in LANGS:
        raise ValueError(column)
    return [
        r[0]
        for r in conn.execute(
            f"SELECT rowid FROM {SEGMENTS_FTS} WHERE {SEGMENTS_FTS} MATCH ?",
            (f'{column} : "{token}"',),
        )
    ]


def two_sided_by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> list[SegmentRow]:
    """Two-sided segments by rowid (:func:`segments_by_rowid`), in the order given."""
    found = segments_by_rowid(conn, rowids)
    return [found[r] for r in rowids if r in found and found[r]["zh"] and found[r]["en"]]


def segment_doc_frequencies(
    conn: sqlite3.Connection, column: str, tokens: Iterable[str]
) -> dict[str, int]:
    """How many segments hold each shadow token in ``column``, from the FTS index itself
    (an ``fts5vocab`` table made on first use, in ``temp``: works on read-only files)."""
    if column not in LANGS:
        raise ValueError(column)
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.segments_vocab USING "
        f"fts5vocab(main, {SEGMENTS_FTS}, 'col')"
    )
    tokens = sorted(set(tokens))
    if not tokens:
        return {}
    found = dict(
        conn.execute(
            f"SELECT term, doc FROM temp.segments_vocab WHERE col = ? AND term IN "
            f"({','.join('?' * len(tokens))})",
            [column, *tokens],
        )
    )
    return {t: found.get(t, 0) for t in tokens}


def two_sided_segments(conn: sqlite3.Connection, with_rowid: bool = False) -> Iterator[PairRow]:
    """Every segment with both sides (the TM oracle and preloads read them all)."""
    cursor = conn.execute(
        f"SELECT {'id AS rowid, ' if with_rowid else ''}item_id, position, "
        f"zh, en FROM segments WHERE zh IS NOT NULL AND en IS NOT NULL"
    )
    yield from cast("Iterator[PairRow]", dicts(cursor))


def item_versions(conn: sqlite3.Connection, item_id: str) -> list[VersionRow]:
    """The versions of an item: language, title, full text, source file, URL, date."""
    cursor = conn.execute(
        "SELECT lang, title, text, source, url, date, lang_from FROM versions WHERE item_id = ?",
        (item_id,),
    )
    return cast("list[VersionRow]", list(dicts(cursor)))


def item_page(conn: sqlite3.Connection, item_id: str, start: int, rows: int) -> ItemPage:
    """What an item's page shows, read at once: ``rows`` paragraph rows from ``start``
    (:func:`item_paragraphs`), their sentence pairs, the versions, the earlier versions
    (:func:`item_history`) and how many paragraph rows there are in all."""
    bounds = {"id": item_id, "start": start, "end": start + rows}
    paragraphs = item_paragraphs(conn, item_id, start, rows)
    total = conn.execute(PARAGRAPH_COUNT_SQL, bounds).fetchone()
    versions = cast("Iterator[PageVersion]", dicts(conn.execute(VERSIONS_SQL, bounds)))
    return ItemPage(
        paragraphs=paragraphs,
        segments=cast("list[PageSegment]", list(dicts(conn.execute(SEGMENTS_SQL, bounds)))),
        versions={v["lang"]: v for v in versions},
        history=item_history(conn, item_id),
        total=total[0] if total else len(paragraphs),
    )


def item_history(conn: sqlite3.Connection, item_id: str) -> list[HistoryRow]:
    """The versions of an item that imports replaced, newest first (none in an archive
    built before ``version_history`` existed)."""
    try:
        cursor = conn.execute(
            "SELECT lang, revision, superseded, title, text, source, lang_from, translator "
            "FROM version_history WHERE item_id = ? ORDER BY superseded DESC, revision DESC",
            (item_id,),
        )
    except sqlite3.OperationalError:  # no such table
        return []
    return cast("list[HistoryRow]", list(dicts(cursor)))


def items_missing(conn: sqlite3.Connection, lang: str) -> list[str]:
    """Ids of the items that have no version in ``lang``, oldest first."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM items WHERE missing = ? ORDER BY date IS NULL, date, id", (lang,)
        )
    ]


def fts_count(conn: sqlite3.Connection, expression: str) -> int:
    """How many segments match an FTS5 expression over ``segments_fts``."""
    return int(
        conn.execute(
            f"SELECT count(*) FROM {SEGMENTS_FTS} WHERE {SEGMENTS_FTS} MATCH ?", (expression,)
        ).fetchone()[0]
    )


def english_sentences(conn: sqlite3.Connection) -> list[str]:
    """The English side of every body segment (what term suggestions are drawn from):
    not the title pairs, whose title case makes every run of words look like a name."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT en FROM segments WHERE en IS NOT NULL AND position > 0 "
            "ORDER BY item_id, position"
        )
    ]


def english_sources(conn: sqlite3.Connection, item_ids: list[str]) -> list[str]:
    """Source files of the English versions of items (``#:`` references of proposals)."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    return [
        r[0]
        for r in conn.execute(
            f"SELECT source FROM versions WHERE lang = 'en' AND item_id IN ({marks}) "
            f"ORDER BY source",
            item_ids,
        )
    ]


def glossary_terms(conn: sqlite3.Connection) -> list[Term]:
    """The glossary the archive was built with (``terms``), by English form and context."""
    columns = ", ".join(f'"{k}"' for k in TERM_COLUMNS)
    cursor = conn.execute(f"SELECT {columns} FROM terms ORDER BY en, context")
    return [Term(**row) for row in dicts(cursor)]


def summary(conn: sqlite3.Connection, latest: int = 10) -> Summary:
    """What the archive holds, for its landing page: items by language status and by
    year (newest first), the ``latest`` items, and how many sentence pairs and glossary
    terms there are."""
    status = dict(conn.execute("SELECT status, count(*) FROM items GROUP BY status"))
    years = conn.execute(
        "SELECT year, count(*) FROM items GROUP BY year ORDER BY year IS NULL, year DESC"
    ).fetchall()
    # Items are written in date order (undated first): the last rowids are the newest, read
    # without sorting the table.
    items = cast(
        "list[ItemLine]",
        list(
            dicts(
                conn.execute(
                    "SELECT id, date, title_zh, title_en, status FROM items "
                    "ORDER BY rowid DESC LIMIT ?",
                    (latest,),
                )
            )
        ),
    )

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return Summary(
        items=sum(status.values()),
        status={k: status.get(k, 0) for k in ("both", "zh_only", "en_only")},
        years=[YearCount(year=y, count=n) for y, n in years],
        latest=items,
        segments=count("segment_spans"),
        terms=count("terms"),
        skipped=count("skipped_pages"),
    )
