"""The archive's schema: its tables, view and FTS indexes, and the SQL functions its
queries use. ``library.archive`` is the only package that knows table names or
writes SQL (canned queries in metadata.yml aside); it imports no pipeline stage,
only ``library.model``, ``library.text``, ``library.errors`` and ``library.files``.

Tables (made with sqlite-utils where it can; the FTS tables, the view and the
WITHOUT ROWID table by hand):

``items``       one row per news item, English and Chinese side by side; kept narrow
                (sources, URLs and hashes live in ``versions``) because Datasette's
                search sorts whole rows, and width is most of that cost
``pair_evidence`` what pairing an item's versions rested on (JSON): the pages' links
                or URLs, or the scored features
``versions``    one row per language of an item: source file, encoding, full text
``paragraphs``  aligned paragraph rows of an item (a bead each): positions of the
                versions' paragraphs, whose text is ``versions.text`` cut at blank lines
``segment_spans`` aligned sentence pairs, inside the aligned paragraph rows, as
                stretches of the versions' text; the ``segments`` view gives their text.
                Position 0 is the item's title pair (bead ``title``, no paragraph, its
                own text), the body's pairs are 1, 2, …
``terms``       the glossary, one row per catalog entry
``term_uses``   where each glossary term occurs (segment, which languages)
``term_findings`` consistency findings: missing renderings, variants, deprecated forms
``items_fts``   FTS5 over the search shadow of titles and bodies, rowid = items.rowid
``segments_fts`` FTS5 over the shadow of each segment's two sentences, rowid = segments.id
``archive_info`` what only a build writes: the format's name and version, when it was
                built (how a served database is known to be an archive, not by its
                table names: a researcher's own ``items`` table is left alone)
``page_files``  each page file's absolute path, size and modification time: what an update
                compares to find the files added, changed or gone since (``library.update``)
``skipped_pages`` pages a ``--skip-bad`` build left out, each with its problem
``retired_items`` ids no live item has any more, each with its last titles and the item
                it was merged into (the web answers 301) or none (410); never given again
``version_history`` versions a worksheet import replaced, each with its revision and the
                time it was superseded: no translation is lost

The search shadow and the query compiler are ``library.text.chinese``'s: the FTS
tables are contentless and index that shadow, never the stored text.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from ..text.chinese import normalize
from ..text.query_compiler import fts_query

FTS_TABLE = "items_fts"
FORMAT = "bilingual-library"
SCHEMA_VERSION = "6"
"""``archive_info``'s ``schema``: raised when the tables change (2: ``archive_info`` and
``skipped_pages`` added; 3: each item's title pair is sentence pair 0, bead ``title``,
and body pairs are numbered from 1; ``pair_evidence`` added; 4: ``retired_items``;
5: ``page_files``; 6: ``paragraphs`` WITHOUT ROWID, the same columns in their key's
B-tree. An update of an earlier archive keeps its layout: both are read and written
alike)."""
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
TOKENIZER = "unicode61 remove_diacritics 2"
PAGE_SIZE = 8192


VERSION_HISTORY = """CREATE TABLE IF NOT EXISTS version_history (
    item_id TEXT NOT NULL, lang TEXT NOT NULL, revision INTEGER NOT NULL, superseded TEXT,
    title TEXT, date TEXT, source TEXT, format TEXT, encoding TEXT, script TEXT,
    lang_from TEXT, text TEXT, content_hash TEXT, translator TEXT, translated TEXT,
    PRIMARY KEY (item_id, lang, revision))"""
"""Made by every build, and by an import into an archive built before it existed."""
HISTORY_COLUMNS = (
    "title, date, source, format, encoding, script, lang_from, text, content_hash, "
    "translator, translated"
)
"""``version_history``'s columns besides its key (item, language, revision)."""


RETIRED_TABLE = """CREATE TABLE IF NOT EXISTS retired_items (
    id TEXT PRIMARY KEY, title_en TEXT, title_zh TEXT, merged_into TEXT, retired TEXT,
    keys TEXT)"""
"""``keys``: JSON, the retired item's versions' keys (``library.model.version_keys``)."""


TERM_COLUMNS = ("id", "en", "zh", "context", "status", "note", "references", "domain",
                "source", "line")  # fmt: skip
"""The ``terms`` table's columns: :class:`~library.model.Term`'s fields, stored and read
by name (``Term(**row)``), so a column and a field cannot part without an error."""


def create_schema(db: sqlite_utils.Database) -> None:
    db.execute(VERSION_HISTORY)
    db.execute(RETIRED_TABLE)
    db.execute(
        "CREATE TABLE page_files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER) "
        "WITHOUT ROWID"
    )
    db.table("archive_info").create({"key": str, "value": str}, pk="key")
    db.table("archive_info").insert_all(
        [{"key": "format", "value": FORMAT}, {"key": "schema", "value": SCHEMA_VERSION}]
    )
    db.table("skipped_pages").create(
        {"source": str, "line": int, "problem": str, "hint": str}, pk="source"
    )
    db.table("items").create(
        {
            "id": str,
            "date": str,
            "title_en": str,
            "title_zh": str,
            "category_en": str,
            "category_zh": str,
            "category": str,
            "status": str,
            "missing": str,
            "year": int,
            "pair_method": str,
            "pair_score": float,
            "paragraphs": int,
            "review": int,
            "script_zh": str,
            "original": str,
        },
        pk="id",
        not_null={"id", "status"},
    )
    # What each pairing rests on, beside the items (which stay narrow: search sorts
    # their whole rows): the links or URLs, or each scored feature's value.
    db.table("pair_evidence").create(
        {"item_id": str, "method": str, "evidence": str},
        pk="item_id",
        foreign_keys=[("item_id", "items", "id")],
    )
    # One row per category, whatever language and script its pages name it in: the
    # items' ``category`` is its key (the English name where any page pair gives one).
    db.table("categories").create(
        {"category": str, "en": str, "zh": str, "items": int}, pk="category"
    )
    db.table("versions").create(
        {
            "item_id": str,
            "lang": str,
            "title": str,
            "date": str,
            "category": str,
            "breadcrumb": str,
            "url": str,
            "source": str,
            "format": str,
            "encoding": str,
            "script": str,
            "lang_from": str,
            "paragraphs": int,
            "chars": int,
            "text": str,
            "content_hash": str,
            "translator": str,
            "translated": str,
        },
        pk=("item_id", "lang"),
        foreign_keys=[("item_id", "items", "id")],
    )
    # The paragraph rows hold the alignment only: their text is the versions'
    # paragraphs (``item_paragraphs`` joins it), stored once. Short rows read by their
    # key: WITHOUT ROWID keeps them in the key's own B-tree, not a table and an index of
    # the same columns (2.8 MB of a 20,000-item archive's 110 MB).
    db.execute(
        "CREATE TABLE paragraphs (item_id TEXT REFERENCES items(id), position INTEGER, "
        "bead TEXT, zh_index TEXT, en_index TEXT, score FLOAT, "
        "PRIMARY KEY (item_id, position)) WITHOUT ROWID"
    )
    # A sentence pair's text is a stretch of its versions' text: stored as where it
    # starts and how long it is, and read through the ``segments`` view, so the
    # archive holds its text once. A pair whose sentences are not one stretch of the
    # version (sentences joined across a paragraph break, or an edited worksheet
    # pair) keeps its own text in ``zh_text``/``en_text``, as do the pairs of a version
    # too long to cut spans from row by row (``write.SPANS_UP_TO``).
    db.table("segment_spans").create(
        {
            "item_id": str,
            "position": int,
            "paragraph": int,
            "bead": str,
            "zh_start": int,
            "zh_length": int,
            "zh_text": str,
            "en_start": int,
            "en_length": int,
            "en_text": str,
            "score": float,
            "review": int,
        },
        pk=("item_id", "position"),
        foreign_keys=[("item_id", "items", "id")],
    )
    db.execute(SEGMENTS_VIEW)
    db.table("terms").create(  # the columns of TERM_COLUMNS
        {
            "id": str,
            "en": str,
            "zh": str,
            "context": str,
            "status": str,
            "note": str,
            "references": str,
            "domain": str,
            "source": str,
            "line": int,
        },
        pk="id",
    )
    # Many rows of short keys: WITHOUT ROWID keeps them in the primary key's own
    # B-tree, in term order (a term's uses and the term facet read a range of it),
    # instead of a table plus an index of the same columns.
    db.execute(
        "CREATE TABLE term_uses (item_id TEXT NOT NULL REFERENCES items(id), segment INTEGER "
        "NOT NULL, term_id TEXT NOT NULL REFERENCES terms(id), en INTEGER, zh INTEGER, "
        "PRIMARY KEY (term_id, item_id, segment)) WITHOUT ROWID"
    )
    db.table("term_findings").create(
        {
            "kind": str,
            "term_id": str,
            "term_en": str,
            "expected": str,
            "found": str,
            "item_id": str,
            "segment": int,
            "zh": str,
            "en": str,
        },
        foreign_keys=[("item_id", "items", "id")],
    )
    # sqlite-utils' enable_fts() indexes a table's own columns; ours indexes a
    # derived shadow that is never shown, so the table is contentless and
    # written by hand (rowid = items.rowid).
    # prefix='1': a one-character query ("海"*, the start of any bigram) reads one
    # posting list instead of merging those of every token it begins. It is 8.8 MB of a
    # 20,000-item archive's 104 MB, and without it the search page took 205 ms instead of
    # 19 for "关" (its p95 100 ms instead of 26): kept.
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FTS_COLUMNS)}, "
        f"content='', prefix='1', tokenize='{TOKENIZER}')"
    )
    # Not columnsize=0 (2.2 MB of that archive; nothing ranks pairs by bm25): a
    # contentless table without column sizes cannot be scanned, so SELECT count(*) FROM
    # segments_fts, a dump or Datasette's row count of it would fail.
    db.execute(
        f"CREATE VIRTUAL TABLE {SEGMENTS_FTS} USING fts5(zh, en, content='', "
        f"tokenize='{TOKENIZER}')"
    )
    for table, columns in (
        ("items", ["date"]),
        ("items", ["status"]),
        ("items", ["year"]),
        ("items", ["category"]),
        ("terms", ["en"]),
        ("terms", ["zh"]),
        ("term_findings", ["kind"]),
        ("term_findings", ["term_id"]),
        # The segments table page's facets (bead, review) count these on every view.
        ("segment_spans", ["bead"]),
        ("segment_spans", ["review"]),
    ):
        db.table(table).create_index(columns, if_not_exists=True)


def is_archive(conn: sqlite3.Connection) -> bool:
    """True for a database this project built: its ``archive_info`` names the format
    (a table only a build writes; any other database is left as it is). A file that is
    not SQLite raises ``sqlite3.DatabaseError``."""
    info = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'archive_info'"
    if conn.execute(info).fetchone() is None:
        return False
    row = conn.execute("SELECT value FROM archive_info WHERE key = 'format'").fetchone()
    return row is not None and row[0] == FORMAT


MAX_VALUE_BYTES = 64_000_000
"""The largest string or blob a served archive's SQL may make (``SQLITE_LIMIT_LENGTH``):
a 10 MB page's text fits; ``randomblob(1000000000)`` is refused at once ("string or
blob too big") instead of allocating a gigabyte."""
HEAP_LIMIT_BYTES = 1_000_000_000
"""SQLite's heap in the serving process (``PRAGMA hard_heap_limit``, process-wide): a
query that would need more fails with "out of memory" instead of taking the machine."""


def bound_memory(conn: sqlite3.Connection) -> None:
    """Cap what one query on ``conn`` can allocate (:data:`MAX_VALUE_BYTES`,
    :data:`HEAP_LIMIT_BYTES`)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT_BYTES}")


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the archive's queries use: ``bilib_fts_query``, ``bilib_normalize``
    and ``bilib_reverse`` (the concordance sorts by left context read outwards)."""
    conn.create_function("bilib_fts_query", 1, fts_query, deterministic=True)
    conn.create_function(
        "bilib_normalize",
        1,
        lambda s: None if s is None else normalize(str(s)).lower(),
        deterministic=True,
    )
    conn.create_function(
        "bilib_reverse", 1, lambda s: None if s is None else str(s)[::-1], deterministic=True
    )


def database_file(conn: sqlite3.Connection) -> str:
    """The file a connection's main database is in ("" for one in memory)."""
    return next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
