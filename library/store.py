"""The archive database: the only module that knows table names or writes SQL.

Tables (made with sqlite-utils where it can; the FTS tables, the view and the
WITHOUT ROWID table by hand):

``items``       one row per news item, English and Chinese side by side; kept narrow
                (sources, URLs and hashes live in ``versions``) because Datasette's
                search sorts whole rows, and width is most of that cost
``versions``    one row per language of an item: source file, encoding, full text
``paragraphs``  aligned paragraph rows of an item (a bead each)
``segment_spans`` aligned sentence pairs, inside the aligned paragraph rows, as
                stretches of the versions' text; the ``segments`` view gives their text
``terms``       the glossary, one row per catalog entry
``term_uses``   where each glossary term occurs (segment, which languages)
``term_findings`` consistency findings: missing renderings, variants, deprecated forms
``items_fts``   FTS5 over the search shadow of titles and bodies, rowid = items.rowid
``segments_fts`` FTS5 over the shadow of each segment's two sentences, rowid = segments.id

A build writes a temporary file beside the target and renames it over the
target only once complete, so a failed build leaves the old archive intact.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import sqlite_utils

from .align import REVIEW_BELOW, Bead
from .chinese import fts_query, normalize, shadow
from .errors import LibraryError
from .glossary import Term
from .pairing import Item
from .sentence_align import Segment

FTS_TABLE = "items_fts"
SEGMENTS_VIEW = """CREATE VIEW segments AS
SELECT s.rowid AS id, s.item_id, s.position, s.paragraph, s.bead,
       CASE WHEN s.zh_start IS NULL THEN s.zh_text
            ELSE substr((SELECT v.text FROM versions v WHERE v.item_id = s.item_id
                         AND v.lang = 'zh'), s.zh_start + 1, s.zh_length) END AS zh,
       CASE WHEN s.en_start IS NULL THEN s.en_text
            ELSE substr((SELECT v.text FROM versions v WHERE v.item_id = s.item_id
                         AND v.lang = 'en'), s.en_start + 1, s.en_length) END AS en,
       s.score, s.review
FROM segment_spans s"""
"""Sentence pairs with their text (plain SQL: any SQLite client can read it); ``id`` is
the ``segment_spans`` rowid, which ``segments_fts`` shares."""
FTS_COLUMNS = ("title_zh", "title_en", "body_zh", "body_en")
SEGMENTS_FTS = "segments_fts"
SEGMENT_REVIEW_BELOW = 0.2
"""Segments of both languages whose lexical score is below this are flagged for review."""
TOKENIZER = "unicode61 remove_diacritics 2"
BATCH = 500
PAGE_SIZE = 8192


@contextlib.contextmanager
def building(target: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh database that replaces ``target`` only if the block completes."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    db = sqlite_utils.Database(tmp)
    try:
        # 8 KiB pages: a version row (one to three KiB of text) leaves less of a page
        # unused than with 4 KiB (the archive is about 3 % smaller).
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        create_schema(db)
        yield db
        db.conn.commit()
        # Compact with the journal still off (the file is ours until it is renamed:
        # a rollback journal of the whole database would double the writes).
        db.vacuum()
        db.execute("PRAGMA journal_mode = DELETE")
        db.close()
        os.replace(tmp, target)
    except BaseException:
        db.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def create_schema(db: sqlite_utils.Database) -> None:
    db["items"].create({
        "id": str, "date": str, "title_en": str, "title_zh": str, "category_en": str,
        "category_zh": str, "status": str, "missing": str, "year": int,
        "pair_method": str, "pair_score": float, "paragraphs": int, "review": int,
        "script_zh": str, "original": str,
    }, pk="id", not_null={"id", "status"})
    db["versions"].create({
        "item_id": str, "lang": str, "title": str, "date": str, "category": str,
        "breadcrumb": str, "url": str, "source": str, "format": str, "encoding": str,
        "script": str, "lang_from": str, "paragraphs": int, "chars": int, "text": str,
        "content_hash": str, "translator": str, "translated": str,
    }, pk=("item_id", "lang"), foreign_keys=[("item_id", "items", "id")])
    # The paragraph rows hold the alignment only: their text is the versions'
    # paragraphs (``item_paragraphs`` joins it), stored once.
    db["paragraphs"].create({
        "item_id": str, "position": int, "bead": str, "zh_index": str, "en_index": str,
        "score": float,
    }, pk=("item_id", "position"), foreign_keys=[("item_id", "items", "id")])
    # A sentence pair's text is a stretch of its versions' text: stored as where it
    # starts and how long it is, and read through the ``segments`` view, so the
    # archive holds its text once. A pair whose sentences are not one stretch of the
    # version (sentences joined across a paragraph break, or an edited worksheet
    # pair) keeps its own text in ``zh_text``/``en_text``.
    db["segment_spans"].create({
        "item_id": str, "position": int, "paragraph": int, "bead": str,
        "zh_start": int, "zh_length": int, "zh_text": str,
        "en_start": int, "en_length": int, "en_text": str, "score": float, "review": int,
    }, pk=("item_id", "position"), foreign_keys=[("item_id", "items", "id")])
    db.execute(SEGMENTS_VIEW)
    db["terms"].create({
        "id": str, "en": str, "zh": str, "context": str, "status": str, "note": str,
        "references": str, "domain": str, "source": str, "line": int,
    }, pk="id")
    # Many rows of short keys: WITHOUT ROWID keeps them in the primary key's own
    # B-tree, in term order (a term's uses and the term facet read a range of it),
    # instead of a table plus an index of the same columns.
    db.execute(
        "CREATE TABLE term_uses (item_id TEXT NOT NULL REFERENCES items(id), segment INTEGER "
        "NOT NULL, term_id TEXT NOT NULL REFERENCES terms(id), en INTEGER, zh INTEGER, "
        "PRIMARY KEY (term_id, item_id, segment)) WITHOUT ROWID")
    db["term_findings"].create({
        "kind": str, "term_id": str, "term_en": str, "expected": str, "found": str,
        "item_id": str, "segment": int, "zh": str, "en": str,
    }, foreign_keys=[("item_id", "items", "id")])
    # sqlite-utils' enable_fts() indexes a table's own columns; ours indexes a
    # derived shadow that is never shown, so the table is contentless and
    # written by hand (rowid = items.rowid).
    # prefix='1': a one-character query ("海"*, the start of any bigram) reads one
    # posting list instead of merging those of every token it begins.
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FTS_COLUMNS)}, "
        f"content='', prefix='1', tokenize='{TOKENIZER}')"
    )
    db.execute(f"CREATE VIRTUAL TABLE {SEGMENTS_FTS} USING fts5(zh, en, content='', "
               f"tokenize='{TOKENIZER}')")
    for table, columns in (("items", ["date"]), ("items", ["status"]), ("items", ["year"]),
                           ("items", ["category_en"]), ("terms", ["en"]), ("terms", ["zh"]),
                           ("term_findings", ["kind"]),
                           ("term_findings", ["term_id"])):
        db[table].create_index(columns, if_not_exists=True)


def _hash(*parts: str | None) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update((p or "").encode("utf-8") + b"\x00")
    return h.hexdigest()[:16]


def _item_row(item: Item, beads: list[Bead]) -> dict:
    en, zh = item.en, item.zh
    date = item.date
    return {
        "id": item.id, "date": date, "year": int(date[:4]) if date else None,
        "category_en": en.category if en else None, "category_zh": zh.category if zh else None,
        "title_en": en.title if en else None, "title_zh": zh.title if zh else None,
        "status": item.status,
        "missing": None if item.status == "both" else ("zh" if en else "en"),
        "pair_method": item.method, "pair_score": item.score, "paragraphs": len(beads),
        "review": sum(1 for b in beads if b.score < REVIEW_BELOW and b.zh and b.en),
        "script_zh": zh.script if zh else None, "original": item.original,
    }


def _paragraph_rows(item: Item, beads: list[Bead]) -> Iterator[dict]:
    for pos, b in enumerate(beads):
        yield {
            "item_id": item.id, "position": pos, "bead": b.kind,
            "zh_index": ",".join(map(str, b.zh)) or None,
            "en_index": ",".join(map(str, b.en)) or None,
            "score": b.score,
        }


def _version_rows(item: Item) -> Iterator[dict]:
    for v in item.versions:
        yield {
            "item_id": item.id, "lang": v.lang, "title": v.title, "date": v.date,
            "category": v.category, "breadcrumb": v.breadcrumb, "url": v.url, "source": v.rel,
            "format": v.format, "encoding": v.encoding, "script": v.script,
            "lang_from": v.lang_from, "paragraphs": len(v.paragraphs),
            "chars": sum(len(p) for p in v.paragraphs), "text": v.text,
            "content_hash": _hash(v.title, v.text),
        }


def _shadow_row(item: Item) -> tuple:
    en, zh = item.en, item.zh
    return (shadow(zh.title or "") if zh else "", shadow(en.title or "") if en else "",
            shadow(zh.text) if zh else "", shadow(en.text) if en else "")


def _spans(text: str | None, pieces: Iterable[str | None]) -> Iterator[tuple]:
    """(start, length, own text) of each piece of ``text``, found in order: a piece that
    is not a stretch of the text after the previous one keeps its own text."""
    at = 0
    for piece in pieces:
        found = text.find(piece, at) if piece and text else -1
        if found < 0:
            yield None, None, piece
        else:
            yield found, len(piece), None
            at = found + len(piece)


SEGMENT_SPANS_INSERT = (
    "INSERT INTO segment_spans (item_id, position, paragraph, bead, zh_start, zh_length, "
    "zh_text, en_start, en_length, en_text, score, review) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def segment_span_rows(item_id: str, texts: dict[str, str | None], segments: list[dict]
                      ) -> list[tuple]:
    """``segment_spans`` rows of an item's sentence pairs (dicts with ``position``,
    ``paragraph``, ``bead``, ``zh``, ``en``, ``score``, ``review``), located in the
    item's version ``texts`` by language."""
    zh = _spans(texts.get("zh"), (s["zh"] for s in segments))
    en = _spans(texts.get("en"), (s["en"] for s in segments))
    return [(item_id, s["position"], s["paragraph"], s["bead"], *next(zh), *next(en),
             s["score"], s["review"]) for s in segments]


def _segment_rows(item: Item, segments: list[Segment]) -> list[tuple]:
    return segment_span_rows(item.id, {v.lang: v.text for v in item.versions}, [{
        "position": pos, "paragraph": seg.paragraph, "bead": seg.kind,
        "zh": seg.zh, "en": seg.en, "score": seg.score,
        "review": int(bool(seg.zh and seg.en and seg.score < SEGMENT_REVIEW_BELOW)),
    } for pos, seg in enumerate(segments)])


def write_items(db: sqlite_utils.Database,
                aligned: Iterable[tuple[Item, list[Bead], list[Segment]]],
                progress=None) -> int:
    """Insert items with versions, paragraphs, segments and search shadows, in batches."""
    count = 0
    batch: list[tuple[Item, list[Bead], list[Segment]]] = []

    def flush() -> None:
        db["items"].insert_all((_item_row(i, b) for i, b, _ in batch), batch_size=BATCH)
        db["versions"].insert_all((r for i, _, _ in batch for r in _version_rows(i)),
                                  batch_size=BATCH)
        db["paragraphs"].insert_all((r for i, b, _ in batch for r in _paragraph_rows(i, b)),
                                    batch_size=BATCH)
        db.conn.executemany(SEGMENT_SPANS_INSERT,
                            [r for i, _, s in batch for r in _segment_rows(i, s)])
        ids = [i.id for i, _, _ in batch]
        marks = ",".join("?" * len(ids))
        rowids = dict(db.execute(f"SELECT id, rowid FROM items WHERE id IN ({marks})", ids))
        db.conn.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
            [(rowids[i.id], *_shadow_row(i)) for i, _, _ in batch],
        )
        spans = {(i, p): r for i, p, r in db.execute(
            f"SELECT item_id, position, rowid FROM segment_spans WHERE item_id IN ({marks})",
            ids)}
        db.conn.executemany(
            f"INSERT INTO {SEGMENTS_FTS}(rowid, zh, en) VALUES (?, ?, ?)",
            [(spans[i.id, pos], _shadow_or_empty(seg.zh), _shadow_or_empty(seg.en))
             for i, _, s in batch for pos, seg in enumerate(s)])
        if progress:
            progress(len(batch))
        batch.clear()

    for pair in aligned:
        batch.append(pair)
        count += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return count


def term_row(term: Term) -> dict:
    """A glossary term as a ``terms`` row (the dict form the term checks read too)."""
    return {k: getattr(term, k) for k in ("id", "en", "zh", "context", "status", "note",
                                          "references", "domain", "source", "line")}


def write_terms(db: sqlite_utils.Database, terms: Iterable[Term]) -> int:
    rows = [term_row(t) for t in terms]
    db["terms"].upsert_all(rows, pk="id")
    return len(rows)


TERM_USES_INSERT = ("INSERT INTO term_uses (item_id, segment, term_id, en, zh) "
                    "VALUES (?, ?, ?, ?, ?)")


def _use_rows(uses: Iterable) -> Iterator[tuple]:
    """``term_uses`` rows of term uses (:class:`library.termcheck.Use`), keyed by the
    segment's position in its item."""
    return ((u.item_id, u.position, u.term_id, int(u.en), int(u.zh)) for u in uses)


def write_term_uses(db: sqlite_utils.Database, uses: Iterable) -> None:
    """Uses of glossary terms (``library.termcheck.Use``)."""
    db.conn.executemany(TERM_USES_INSERT, _use_rows(uses))


@contextlib.contextmanager
def spooled_term_uses(db: sqlite_utils.Database) -> Iterator[Callable[[Iterable], None]]:
    """A writer of term uses into a scratch file beside the archive being built; when
    the block ends they are copied into its ``term_uses`` in one statement. Meanwhile
    the archive is read by worker processes, which a write to it would lock out."""
    db.conn.commit()  # the workers read what is written so far
    path = Path(database_file(db.conn) + ".uses")
    spool = sqlite3.connect(path)
    try:
        spool.execute("PRAGMA journal_mode = OFF")
        spool.execute("PRAGMA synchronous = OFF")
        spool.execute("CREATE TABLE term_uses (item_id, segment, term_id, en, zh)")
        yield lambda uses: spool.executemany(TERM_USES_INSERT, _use_rows(uses))
        spool.commit()
        spool.close()
        db.execute("ATTACH DATABASE ? AS spool", [str(path)])
        db.execute("INSERT INTO term_uses (item_id, segment, term_id, en, zh) SELECT item_id, "
                   "segment, term_id, en, zh FROM spool.term_uses "
                   "ORDER BY term_id, item_id, segment")
        db.conn.commit()
        db.execute("DETACH DATABASE spool")
    finally:
        spool.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def write_term_findings(db: sqlite_utils.Database, findings: Iterable) -> None:
    """The glossary's findings (``library.termcheck``), rows keyed by segment position
    within the item (the uses are written as they are found: :func:`write_term_uses`)."""
    db["term_findings"].insert_all(
        ({"kind": f.kind, "term_id": f.term_id, "term_en": f.term_en, "expected": f.expected,
          "found": f.found, "item_id": f.item_id, "segment": f.position, "zh": f.zh,
          "en": f.en} for f in findings), batch_size=BATCH)


def _shadow_or_empty(text: str | None) -> str:
    """A segment side's shadow as the build indexed it."""
    return shadow(text) if text else ""


def _text_shadows(titles: dict, texts: dict) -> tuple:
    return (shadow(titles.get("zh") or ""), shadow(titles.get("en") or ""),
            shadow(texts["zh"]) if texts.get("zh") is not None else "",
            shadow(texts["en"]) if texts.get("en") is not None else "")


def replace_translation(path: Path, item_id: str, lang: str, version: dict,
                        paragraphs: list[dict], segments: list[dict],
                        term_rows: Callable[[sqlite3.Connection], tuple[list, list]]) -> None:
    """Give an item its ``lang`` version (a worksheet's translation): the version row,
    the item's titles and status, its paragraph and segment rows, both search indexes,
    and its term uses and findings (``term_rows`` computes them inside the transaction).
    One transaction: on any error the archive is as it was.

    The FTS tables are contentless, so old rows are deleted with the shadows they
    were indexed with, recomputed from the stored text.
    """
    conn = sqlite3.connect(path)
    register_functions(conn)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            item = conn.execute("SELECT rowid, * FROM items WHERE id = ?", (item_id,)).fetchone()
            if item is None:
                raise KeyError(item_id)
            old = {r["lang"]: r for r in conn.execute(
                "SELECT lang, title, text FROM versions WHERE item_id = ?", (item_id,))}
            titles = {k: v["title"] for k, v in old.items()}
            texts = {k: v["text"] for k, v in old.items()}
            conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {', '.join(FTS_COLUMNS)}) "
                         f"VALUES ('delete', ?, ?, ?, ?, ?)",
                         (item["rowid"], *_text_shadows(titles, texts)))
            for seg in conn.execute("SELECT id, zh, en FROM segments WHERE item_id = ?",
                                    (item_id,)).fetchall():
                conn.execute(f"INSERT INTO {SEGMENTS_FTS}({SEGMENTS_FTS}, rowid, zh, en) "
                             f"VALUES ('delete', ?, ?, ?)",
                             (seg["id"], _shadow_or_empty(seg["zh"]),
                              _shadow_or_empty(seg["en"])))
            for table in ("segment_spans", "paragraphs", "term_uses", "term_findings"):
                conn.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
            conn.execute("DELETE FROM versions WHERE item_id = ? AND lang = ?", (item_id, lang))
            row = {"item_id": item_id, "lang": lang, **version}
            row["content_hash"] = _hash(row.get("title"), row.get("text"))
            conn.execute(f"INSERT INTO versions ({', '.join(row)}) VALUES "
                         f"({', '.join('?' * len(row))})", list(row.values()))
            titles[lang], texts[lang] = version.get("title"), version["text"]
            conn.execute(
                f"UPDATE items SET title_{lang} = ?, status = 'both', missing = NULL, "
                f"pair_method = 'worksheet', pair_score = NULL, paragraphs = ?, review = 0"
                + (", script_zh = ?" if lang == "zh" else "") + " WHERE id = ?",
                [version.get("title"), len(paragraphs)]
                + ([version.get("script")] if lang == "zh" else []) + [item_id])
            for r in paragraphs:
                conn.execute("INSERT INTO paragraphs (item_id, position, bead, zh_index, "
                             "en_index, score) VALUES (?, ?, ?, ?, ?, ?)",
                             (item_id, r["position"], r["bead"], r["zh_index"], r["en_index"],
                              r["score"]))
            for r, row in zip(segments, segment_span_rows(item_id, texts, segments),
                              strict=True):
                cur = conn.execute(SEGMENT_SPANS_INSERT, row)
                conn.execute(f"INSERT INTO {SEGMENTS_FTS}(rowid, zh, en) VALUES (?, ?, ?)",
                             (cur.lastrowid, _shadow_or_empty(r["zh"]),
                              _shadow_or_empty(r["en"])))
            conn.execute(f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) "
                         f"VALUES (?, ?, ?, ?, ?)", (item["rowid"], *_text_shadows(titles, texts)))
            uses, findings = term_rows(conn)
            conn.executemany(TERM_USES_INSERT, _use_rows(uses))
            conn.executemany("INSERT INTO term_findings (kind, term_id, term_en, expected, found, "
                             "item_id, segment, zh, en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [(f.kind, f.term_id, f.term_en, f.expected, f.found, f.item_id,
                               f.position, f.zh, f.en) for f in findings])
    finally:
        conn.close()


# --- reading: the plugin and the benchmarks use these -----------------------

SEGMENTS_SQL = (
    "SELECT position, paragraph, bead, zh, en, score, review FROM segments "
    "WHERE item_id = :id ORDER BY position"
)
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


def item_paragraphs(conn: sqlite3.Connection, item_id: str) -> list[dict]:
    """An item's aligned paragraph rows with their text, joined from its versions'
    paragraphs (``versions.text`` is the paragraphs joined by blank lines)."""
    texts = {lang: (text or "").split("\n\n") for lang, text in conn.execute(
        "SELECT lang, text FROM versions WHERE item_id = ?", (item_id,))}

    def text(lang: str, index: str | None) -> str | None:
        paragraphs = texts.get(lang, [])
        picked = [paragraphs[int(k)] for k in (index or "").split(",")
                  if k and int(k) < len(paragraphs)]
        return "\n\n".join(picked) or None

    return [{"position": position, "bead": bead, "zh": text("zh", zh), "en": text("en", en),
             "score": score}
            for position, bead, zh, en, score in conn.execute(
                "SELECT position, bead, zh_index, en_index, score FROM paragraphs "
                "WHERE item_id = ? ORDER BY position", (item_id,))]


def tm_segments(conn: sqlite3.Connection, min_score: float) -> Iterator[dict]:
    """Sentence pairs with both sides and ``score >= min_score``, with their item's
    date, original language, script and URLs: what a translation memory carries."""
    cursor = conn.execute(TM_SQL, {"min_score": min_score})
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def fts_segments(conn: sqlite3.Connection, expression: str, limit: int) -> list[dict]:
    """Segments matching an FTS5 expression over ``segments_fts`` (column filters
    allowed), oldest item first, at most ``limit``, with their item's date."""
    cursor = conn.execute(
        f"SELECT s.id AS rowid, s.item_id, s.position, s.zh, s.en, s.score, i.date "
        f"FROM {SEGMENTS_FTS} f JOIN segments s ON s.id = f.rowid "
        f"JOIN items i ON i.id = s.item_id WHERE {SEGMENTS_FTS} MATCH ? "
        f"ORDER BY i.date IS NULL, i.date, s.item_id, s.position LIMIT ?", (expression, limit))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def fts_side(conn: sqlite3.Connection, expression: str, column: str,
             item_id: str | None = None, rowids: tuple[int, int] | None = None,
             cache: dict[int, tuple] | None = None) -> list[tuple]:
    """(rowid, item_id, position, text of ``column``) of the segments matching an FTS5
    expression (of one item, or a range of rowids, if given): the lean read of term
    checks, unordered. ``cache`` (rowid → the rest) keeps what was read, so a pair
    that many terms match is cut from its version once."""
    if column not in ("zh", "en"):
        raise ValueError(column)
    sql = f"SELECT f.rowid FROM {SEGMENTS_FTS} f"
    params: list = [expression]
    if item_id is not None:
        sql += f" JOIN segment_spans s ON s.rowid = f.rowid WHERE {SEGMENTS_FTS} MATCH ? " \
               f"AND s.item_id = ?"
        params.append(item_id)
    else:
        sql += f" WHERE {SEGMENTS_FTS} MATCH ?"
    if rowids is not None:
        sql += " AND f.rowid BETWEEN ? AND ?"
        params += list(rowids)
    found = [r for (r,) in conn.execute(sql, params)]
    cache = {} if cache is None else cache
    missing = [r for r in found if r not in cache]
    if missing:
        cache.update(_segment_texts(conn, missing, column))
    return [(r, *cache[r]) for r in found]


def _in_lists(values: list, size: int = 900) -> Iterator[tuple[list, str]]:
    """``values`` in chunks with their ``?, ?, …`` placeholders: an ``IN`` list each,
    within SQLite's limit on bound parameters."""
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        yield chunk, ",".join("?" * len(chunk))


def _segment_texts(conn: sqlite3.Connection, rowids: list[int], column: str
                   ) -> dict[int, tuple]:
    """(item_id, position, text of ``column``) of segments by rowid, cut from their
    versions' text as the ``segments`` view does, each version read once a chunk."""
    out: dict[int, tuple] = {}
    for chunk, marks in _in_lists(rowids):
        rows = conn.execute(
            f"SELECT rowid, item_id, position, {column}_start, {column}_length, "
            f"{column}_text FROM segment_spans WHERE rowid IN ({marks})", chunk).fetchall()
        items = sorted({r[1] for r in rows if r[3] is not None})
        texts = dict(conn.execute(
            f"SELECT item_id, text FROM versions WHERE lang = ? AND item_id IN "
            f"({','.join('?' * len(items))})", [column, *items])) if items else {}
        for rowid, item, position, at, length, own in rows:
            out[rowid] = (item, position, own if at is None else texts[item][at:at + length])
    return out


def segment_rowid_blocks(conn: sqlite3.Connection, size: int) -> list[tuple[int, int]]:
    """The segments' rowids cut into ranges of ``size`` (the last may be shorter)."""
    low, high = conn.execute("SELECT min(rowid), max(rowid) FROM segment_spans").fetchone()
    if low is None:
        return []
    return [(lo, min(lo + size - 1, high)) for lo in range(low, high + 1, size)]


def segments_by_rowid(conn: sqlite3.Connection, rowids: Iterable[int]) -> dict[int, dict]:
    """Segments (with their item's date) by rowid."""
    out: dict[int, dict] = {}
    for chunk, marks in _in_lists(sorted(set(rowids))):
        cursor = conn.execute(
            f"SELECT s.id AS rowid, s.item_id, s.position, s.zh, s.en, s.score, i.date "
            f"FROM segments s JOIN items i ON i.id = s.item_id WHERE s.id IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            out[row[0]] = dict(zip(names, row, strict=True))
    return out


def segments_with_token(conn: sqlite3.Connection, column: str, token: str) -> list[int]:
    """Rowids of the segments whose ``column`` shadow holds ``token`` (a posting list)."""
    if column not in ("zh", "en"):
        raise ValueError(column)
    return [r[0] for r in conn.execute(
        f"SELECT rowid FROM {SEGMENTS_FTS} WHERE {SEGMENTS_FTS} MATCH ?",
        (f'{column} : "{token}"',))]


def two_sided_by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> list[dict]:
    """Two-sided segments by rowid (:func:`segments_by_rowid`), in the order given."""
    found = segments_by_rowid(conn, rowids)
    return [found[r] for r in rowids if r in found and found[r]["zh"] and found[r]["en"]]


def segment_doc_frequencies(conn: sqlite3.Connection, column: str, tokens: Iterable[str]
                            ) -> dict[str, int]:
    """How many segments hold each shadow token in ``column``, from the FTS index itself
    (an ``fts5vocab`` table made on first use, in ``temp``: works on read-only files)."""
    if column not in ("zh", "en"):
        raise ValueError(column)
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.segments_vocab USING "
                 f"fts5vocab(main, {SEGMENTS_FTS}, 'col')")
    tokens = sorted(set(tokens))
    if not tokens:
        return {}
    found = dict(conn.execute(
        f"SELECT term, doc FROM temp.segments_vocab WHERE col = ? AND term IN "
        f"({','.join('?' * len(tokens))})", [column, *tokens]))
    return {t: found.get(t, 0) for t in tokens}


def two_sided_segments(conn: sqlite3.Connection, with_rowid: bool = False) -> Iterator[dict]:
    """Every segment with both sides (the TM oracle and preloads read them all)."""
    cursor = conn.execute(f"SELECT {'id AS rowid, ' if with_rowid else ''}item_id, position, "
                          f"zh, en FROM segments WHERE zh IS NOT NULL AND en IS NOT NULL")
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def item_versions(conn: sqlite3.Connection, item_id: str) -> list[dict]:
    """The versions of an item: language, title, full text, source file, URL, date."""
    cursor = conn.execute("SELECT lang, title, text, source, url, date FROM versions "
                          "WHERE item_id = ?", (item_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def items_missing(conn: sqlite3.Connection, lang: str) -> list[str]:
    """Ids of the items that have no version in ``lang``, oldest first."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM items WHERE missing = ? ORDER BY date IS NULL, date, id", (lang,))]


def fts_count(conn: sqlite3.Connection, expression: str) -> int:
    """How many segments match an FTS5 expression over ``segments_fts``."""
    return conn.execute(f"SELECT count(*) FROM {SEGMENTS_FTS} WHERE {SEGMENTS_FTS} MATCH ?",
                        (expression,)).fetchone()[0]


def english_sentences(conn: sqlite3.Connection) -> list[str]:
    """The English side of every segment (what term suggestions are drawn from)."""
    return [r[0] for r in conn.execute("SELECT en FROM segments WHERE en IS NOT NULL "
                                       "ORDER BY item_id, position")]


def english_sources(conn: sqlite3.Connection, item_ids: list[str]) -> list[str]:
    """Source files of the English versions of items (``#:`` references of proposals)."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    return [r[0] for r in conn.execute(
        f"SELECT source FROM versions WHERE lang = 'en' AND item_id IN ({marks}) "
        f"ORDER BY source", item_ids)]


def glossary_terms(conn: sqlite3.Connection) -> list[dict]:
    """The ``terms`` table as dicts (the glossary the archive was built with)."""
    cursor = conn.execute('SELECT id, en, zh, context, status, note, "references", domain, '
                          "source, line FROM terms ORDER BY en, context")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def is_archive(conn: sqlite3.Connection) -> bool:
    """True for a database this project built (it has the shadow FTS table)."""
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone() is not None


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the archive's queries use: ``bilib_fts_query``, ``bilib_normalize``
    and ``bilib_reverse`` (the concordance sorts by left context read outwards)."""
    conn.create_function("bilib_fts_query", 1, fts_query, deterministic=True)
    conn.create_function("bilib_normalize", 1,
                         lambda s: None if s is None else normalize(str(s)).lower(),
                         deterministic=True)
    conn.create_function("bilib_reverse", 1, lambda s: None if s is None else str(s)[::-1],
                         deterministic=True)


def connect(path: Path) -> sqlite3.Connection:
    """A read connection with the archive's functions registered."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    register_functions(conn)
    return conn


@contextlib.contextmanager
def open_archive(path: Path) -> Iterator[sqlite3.Connection]:
    """:func:`connect` to a database ``bilib build`` wrote, closed after the block;
    :class:`LibraryError` naming the file when it is missing or something else."""
    path = Path(path)
    if not path.is_file():
        raise LibraryError("no such database", path=path,
                           hint=f"run 'bilib build -o {path}' first")
    conn = connect(path)
    try:
        if not is_archive(conn):
            raise LibraryError("not an archive built by bilib", path=path,
                               hint="give the database that 'bilib build' wrote")
        yield conn
    finally:
        conn.close()


def raw_fts_rowids(conn: sqlite3.Connection, expression: str) -> list[int]:
    """Rowids for an already compiled FTS5 expression: the floor of any search."""
    return [r[0] for r in conn.execute(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (expression,))]


def like_scan_item_ids(conn: sqlite3.Connection, needle: str) -> list[str]:
    """Items whose stored title or text contains ``needle`` by a plain LIKE scan.

    What a user without our index would run (and it misses Traditional forms):
    the baseline of the benchmarks.
    """
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT item_id FROM versions WHERE title LIKE ?1 OR text LIKE ?1",
        (f"%{needle}%",))]


def count_items(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM items").fetchone()[0]


def version_texts(conn: sqlite3.Connection) -> list[str]:
    """Every version's text, in a stable order (for query samplers)."""
    return [r[0] for r in conn.execute("SELECT text FROM versions ORDER BY item_id, lang")]


# --- the search page (library.search) -----------------------------------------

SEARCH_ITEM_COLUMNS = ("id", "date", "year", "title_en", "title_zh", "category_en",
                       "category_zh", "status")


def _in_language(expression: str, lang: str | None) -> str:
    """``expression`` restricted to one language's title and body columns."""
    if lang is None:
        return expression
    if lang not in ("zh", "en"):
        raise ValueError(lang)
    return f"{{title_{lang} body_{lang}}} : ({expression})"


def _in_titles(expression: str, lang: str | None) -> str:
    """``expression`` restricted to the titles (of one language, if given)."""
    columns = f"title_{lang}" if lang else "title_zh title_en"
    return f"{{{columns}}} : ({expression})"


def _search_where(expression: str, lang: str | None, year: int | None,
                  category: str | None, rowids: tuple[int, int] | None = None,
                  join: bool = False) -> tuple[str, dict]:
    """FROM/WHERE of an item search; the join to ``items`` (alias ``i``) when asked for
    or a filter needs it (a year given as ``rowids``, its range of rowids, needs none)."""
    where = [f"{FTS_TABLE} MATCH :match"]
    params: dict = {"match": _in_language(expression, lang)}
    if rowids is not None:
        where.append(f"{FTS_TABLE}.rowid BETWEEN :lo AND :hi")
        params["lo"], params["hi"] = rowids
    elif year is not None:
        where.append("i.year = :year")
        params["year"] = year
    if category:
        where.append("(i.category_en = :category OR i.category_zh = :category)")
        params["category"] = category
    joined = join or bool(category) or (year is not None and rowids is None)
    on = f" JOIN items i ON i.rowid = {FTS_TABLE}.rowid" if joined else ""
    return f"FROM {FTS_TABLE}{on} WHERE {' AND '.join(where)}", params


def _items_by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, dict]:
    if not rowids:
        return {}
    cursor = conn.execute(
        f"SELECT rowid, {', '.join(SEARCH_ITEM_COLUMNS)} FROM items WHERE rowid IN "
        f"({','.join('?' * len(rowids))})", rowids)
    names = ["rowid", *SEARCH_ITEM_COLUMNS]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor}


def search_items(conn: sqlite3.Connection, expression: str, *, lang: str | None = None,
                 year: int | None = None, category: str | None = None,
                 rowids: tuple[int, int] | None = None, limit: int = 20,
                 offset: int = 0) -> list[dict]:
    """Items matching an FTS5 expression over ``items_fts`` (in ``lang``'s columns if
    given), ranked by bm25 with titles weighted 4× the bodies, newest first on ties."""
    base, params = _search_where(expression, lang, year, category, rowids)
    ranked = conn.execute(
        f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}, 4.0, 4.0, 1.0, 1.0) AS score {base} "
        f"ORDER BY score, {FTS_TABLE}.rowid DESC LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset}).fetchall()
    found = _items_by_rowid(conn, [r for r, _ in ranked])
    return [{**found[r], "score": score} for r, score in ranked]


def search_items_newest(conn: sqlite3.Connection, expression: str, *, titles: bool,
                        lang: str | None = None, year: int | None = None,
                        category: str | None = None, rowids: tuple[int, int] | None = None,
                        limit: int = 20, offset: int = 0) -> list[dict]:
    """Items matching in their titles (``titles``) or only in their bodies, newest first
    (the build writes items in date order, so by rowid, which FTS5 walks backwards
    without sorting): the ranking of queries too common for bm25 to pay."""
    in_titles = _in_titles(expression, lang)
    match = in_titles if titles else f"({_in_language(expression, lang)}) NOT ({in_titles})"
    base, params = _search_where(match, None, year, category, rowids)
    ordered = conn.execute(
        f"SELECT {FTS_TABLE}.rowid {base} ORDER BY {FTS_TABLE}.rowid DESC "
        f"LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset}).fetchall()
    found = _items_by_rowid(conn, [r for (r,) in ordered])
    return [{**found[r], "score": None} for (r,) in ordered]


def count_items_matching(conn: sqlite3.Connection, expression: str, *,
                         lang: str | None = None, titles: bool = False,
                         category: str | None = None, year: int | None = None,
                         rowids: tuple[int, int] | None = None) -> int:
    """How many items match (in ``lang``'s columns, or only their titles)."""
    if titles:
        expression, lang = _in_titles(expression, lang), None
    base, params = _search_where(expression, lang, year, category, rowids)
    return conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]


_LONG_PREFIX = re.compile(r'"[^"]{2,}"\*')
"""A prefix term longer than the one-character prefix index covers."""


def year_facet(conn: sqlite3.Connection, expression: str, *, lang: str | None = None,
               year: int | None = None, category: str | None = None,
               rowids: tuple[int, int] | None = None) -> list[tuple]:
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
        ranges = sorted(ranges, key=lambda r: r[1])
        bucket = ("CASE " + " ".join(f"WHEN {FTS_TABLE}.rowid <= {int(hi)} THEN {k}"
                                     for k, (_, _, hi) in enumerate(ranges)) + " END")
        rows = [(ranges[k][0], n) for k, n in conn.execute(
            f"SELECT {bucket} AS k, count(*) {base} GROUP BY k", params) if k is not None]
    else:
        # Otherwise a count per year's range of rowids is cheaper: FTS5 seeks to the
        # range and counts in C.
        low, high = rowids if rowids else (None, None)
        rows = []
        for y, lo, hi in ranges:
            if low is not None and (hi < low or lo > high):
                continue
            lo, hi = (max(lo, low), min(hi, high)) if low is not None else (lo, hi)
            rows.append((y, count_items_matching(conn, expression, lang=lang, rowids=(lo, hi))))
    return sorted(((y, n) for y, n in rows if n), key=lambda x: (x[0] is None, -(x[0] or 0)))


def item_texts(conn: sqlite3.Connection, item_ids: list[str]
               ) -> dict[tuple[str, str], tuple[str, str]]:
    """(item id, language) → the version's (title, text)."""
    if not item_ids:
        return {}
    return {(i, lang): (title or "", text or "") for i, lang, title, text in conn.execute(
        f"SELECT item_id, lang, title, text FROM versions WHERE item_id IN "
        f"({','.join('?' * len(item_ids))})", item_ids)}


def count_matching_either(conn: sqlite3.Connection, expression: str, *,
                          year: int | None = None, category: str | None = None,
                          rowids: tuple[int, int] | None = None) -> int:
    """How many items match ``expression`` within one language (either)."""
    return count_items_matching(conn, f"({_in_language(expression, 'zh')}) OR "
                                      f"({_in_language(expression, 'en')})",
                                year=year, category=category, rowids=rowids)


def category_facet(conn: sqlite3.Connection, expression: str, *, lang: str | None = None,
                   year: int | None = None, category: str | None = None,
                   rowids: tuple[int, int] | None = None,
                   windows: list[tuple[int, int]] | None = None) -> dict[str, int]:
    """Matching items by category (English, else Chinese; None for those without one);
    with ``windows``, counted only among the items whose rowids fall in those ranges
    (a sample: each match is joined to its row, which costs more than the index's own
    counting)."""
    counts: dict[str, int] = {}
    for window in windows or [rowids]:
        base, params = _search_where(expression, lang, year, category, window, join=True)
        for c, n in conn.execute(f"SELECT coalesce(i.category_en, i.category_zh) AS c, "
                                 f"count(*) {base} GROUP BY c", params):
            counts[c] = counts.get(c, 0) + n
    return counts


def category_sizes(conn: sqlite3.Connection) -> dict[str | None, int]:
    """Items per category (English, else Chinese; None for none) in the whole archive."""
    return _per_file(conn, "categories", lambda: dict(conn.execute(  # type: ignore[return-value]
        "SELECT coalesce(category_en, category_zh), count(*) FROM items GROUP BY 1")))


def rowid_span(conn: sqlite3.Connection) -> tuple[int, int]:
    """The lowest and highest item rowid."""
    return _per_file(conn, "rowid_span", lambda: tuple(  # type: ignore[return-value]
        conn.execute("SELECT coalesce(min(rowid), 0), coalesce(max(rowid), 0) FROM items")
        .fetchone()))


_SHAPES: dict[tuple, object] = {}


def database_file(conn: sqlite3.Connection) -> str:
    """The file a connection's main database is in ("" for one in memory)."""
    return next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")


def _per_file(conn: sqlite3.Connection, name: str, compute: Callable[[], object]) -> object:
    """``compute()``, remembered for this version of the database file (path, mtime, size):
    facts about the whole archive that searches need and that change only with it."""
    path = database_file(conn)
    if not path:
        return compute()
    st = os.stat(path)
    key = (name, path, st.st_mtime_ns, st.st_size)
    if key not in _SHAPES:
        _SHAPES[key] = compute()
    return _SHAPES[key]


def year_ranges(conn: sqlite3.Connection) -> list[tuple] | None:
    """(year, first rowid, last rowid) of each year's items, or None when a year's items
    are not contiguous (an archive not written in date order)."""
    def compute():
        rows = conn.execute("SELECT year, min(rowid), max(rowid), count(*) FROM items "
                            "GROUP BY year").fetchall()
        return ([(y, lo, hi) for y, lo, hi, _ in rows]
                if all(hi - lo + 1 == n for _, lo, hi, n in rows) else None)

    return _per_file(conn, "year_ranges", compute)  # type: ignore[return-value]


def item_segments(conn: sqlite3.Connection, item_ids: list[str]) -> dict[str, list[dict]]:
    """The sentence pairs of some items, in order, by item id."""
    out: dict[str, list[dict]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    cursor = conn.execute(
        f"SELECT item_id, position, zh, en FROM segments WHERE item_id IN "
        f"({','.join('?' * len(item_ids))}) ORDER BY item_id, position", item_ids)
    for item_id, position, zh, en in cursor:
        out[item_id].append({"position": position, "zh": zh, "en": en})
    return out


def search_segments(conn: sqlite3.Connection, expression: str, limit: int, offset: int = 0,
                    count_up_to: int = 10_000) -> tuple[list[dict], int]:
    """Sentence pairs matching an FTS5 expression, most recently built first, and how
    many match (counted up to ``count_up_to``: a common word is in most of them)."""
    cursor = conn.execute(
        f"SELECT s.item_id, s.position, s.zh, s.en, s.score, i.date, i.title_en, i.title_zh "
        f"FROM {SEGMENTS_FTS} JOIN segments s ON s.id = {SEGMENTS_FTS}.rowid "
        f"JOIN items i ON i.id = s.item_id WHERE {SEGMENTS_FTS} MATCH ? "
        f"ORDER BY {SEGMENTS_FTS}.rowid DESC LIMIT ? OFFSET ?", (expression, limit, offset))
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    total = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {SEGMENTS_FTS} WHERE "
                         f"{SEGMENTS_FTS} MATCH ? LIMIT ?)",
                         (expression, count_up_to + 1)).fetchone()[0]
    return rows, total
