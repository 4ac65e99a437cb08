"""Writing the archive: the rows of items, terms and findings, used by the build, the
update and worksheet import (``replace``).

All write an item's rows with the same functions (:func:`_version_row`,
:func:`_paragraph_rows`, :func:`segment_span_rows`, :func:`_item_shadows`), so an
imported translation is stored exactly as a built one would be.

A build writes a temporary file beside the target and renames it over the
target only once complete (``library.files.replacing``), so a failed build
leaves the old archive intact; a worksheet import is one transaction.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from ..errors import LibraryError
from ..files import replacing
from ..model import (
    Bead,
    Finding,
    Item,
    Segment,
    Term,
    Use,
    Version,
    content_hash,
    paragraph_needs_review,
)
from ..text.chinese import normalize, shadow
from .schema import (
    FTS_COLUMNS,
    FTS_TABLE,
    PAGE_SIZE,
    SEGMENTS_FTS,
    TERM_COLUMNS,
    create_schema,
    database_file,
)

BATCH = 500
"""Items written per batch of inserts."""

Aligned = tuple[Item, list[Bead], Sequence[Segment] | Iterator[Segment]]
"""An item with its paragraph beads and its sentence pairs: what the build writes."""


@contextlib.contextmanager
def building(target: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh database that replaces ``target`` only if the block completes."""
    with replacing(Path(target)) as tmp:
        tmp.unlink()  # SQLite makes the file itself, with the page size set below
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
        finally:
            db.close()


def _item_row(item: Item, beads: list[Bead]) -> dict[str, object]:
    en, zh = item.en, item.zh
    date = item.date
    return {
        "id": item.id,
        "date": date,
        "year": int(date[:4]) if date else None,
        "category_en": en.category if en else None,
        "category_zh": zh.category if zh else None,
        "category": None,  # see categorize()
        "title_en": en.title if en else None,
        "title_zh": zh.title if zh else None,
        "status": item.status,
        "missing": None if item.status == "both" else ("zh" if en else "en"),
        "pair_method": item.method,
        "pair_score": item.score,
        "paragraphs": len(beads),
        "review": sum(1 for b in beads if paragraph_needs_review(b)),
        "script_zh": zh.script if zh else None,
        "original": item.original,
    }


PARAGRAPHS_INSERT = (
    "INSERT INTO paragraphs (item_id, position, bead, zh_index, en_index, "
    "score) VALUES (:item_id, :position, :bead, :zh_index, :en_index, :score)"
)


def _paragraph_rows(item_id: str, beads: Sequence[Bead]) -> Iterator[dict[str, object]]:
    for pos, b in enumerate(beads):
        yield {
            "item_id": item_id,
            "position": pos,
            "bead": b.kind,
            "zh_index": ",".join(map(str, b.zh)) or None,
            "en_index": ",".join(map(str, b.en)) or None,
            "score": b.score,
        }


VERSION_COLUMNS = (
    "item_id",
    "lang",
    "title",
    "date",
    "category",
    "breadcrumb",
    "url",
    "source",
    "format",
    "encoding",
    "script",
    "lang_from",
    "paragraphs",
    "chars",
    "text",
    "content_hash",
    "translator",
    "translated",
)
VERSIONS_INSERT = (
    f"INSERT INTO versions ({', '.join(VERSION_COLUMNS)}) VALUES "
    f"({', '.join(':' + c for c in VERSION_COLUMNS)})"
)


def _version_row(item_id: str, v: Version) -> dict[str, object]:
    """The ``versions`` row of a :class:`~library.model.Version`."""
    return {
        "item_id": item_id,
        "lang": v.lang,
        "title": v.title,
        "date": v.date,
        "category": v.category,
        "breadcrumb": v.breadcrumb,
        "url": v.url,
        "source": v.rel,
        "format": v.format,
        "encoding": v.encoding,
        "script": v.script,
        "lang_from": v.lang_from,
        "paragraphs": len(v.paragraphs),
        "chars": sum(len(p) for p in v.paragraphs),
        "text": v.text,
        "content_hash": content_hash(v.title, v.text),
        "translator": v.translator,
        "translated": v.translated,
    }


def _item_shadows(titles: dict[str, str | None], texts: dict[str, str | None]) -> tuple[str, ...]:
    """The ``items_fts`` row (shadows of the titles and bodies) of an item whose versions
    have these titles and texts, by language."""
    return (
        shadow(titles.get("zh") or ""),
        shadow(titles.get("en") or ""),
        shadow(texts.get("zh") or ""),
        shadow(texts.get("en") or ""),
    )


def _segment_shadows(segment: Segment) -> tuple[str, str]:
    """The ``segments_fts`` row of a sentence pair (an empty side indexes nothing)."""
    return (shadow(segment.zh) if segment.zh else "", shadow(segment.en) if segment.en else "")


SPANS_UP_TO = 65_536
"""Versions up to this many characters hold their sentence pairs as spans; the pairs of
a longer one keep their own text. The ``segments`` view cuts a span out of the whole
version text, so each row of a version costs its length: a 10 MB page's 50,000 pairs
would read 500 GB. Past this length the text is stored twice instead (a news page is a
few thousand characters: the archive still holds its text once)."""


class _Locator:
    """Finds the pieces of a text in order: (start, length, own text) of each piece, a
    piece that is not a stretch of the text after the previous one keeping its own
    text, as does every piece of a text longer than :data:`SPANS_UP_TO`."""

    def __init__(self, text: str | None) -> None:
        self.text = None if text is not None and len(text) > SPANS_UP_TO else text
        self.at = 0

    def __call__(self, piece: str | None) -> tuple[int | None, int | None, str | None]:
        found = self.text.find(piece, self.at) if piece and self.text else -1
        if found < 0 or piece is None:
            return None, None, piece
        self.at = found + len(piece)
        return found, len(piece), None


SEGMENT_SPANS_INSERT = (
    "INSERT INTO segment_spans (rowid, item_id, position, paragraph, bead, zh_start, "
    "zh_length, zh_text, en_start, en_length, en_text, score, review) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
"""Its first value, the rowid (which ``segments_fts`` shares), is None to let SQLite
choose it."""


def numbered(segments: Iterable[Segment]) -> Iterator[tuple[int, Segment]]:
    """(position, segment) of an item's sentence pairs: the title pair is 0, the body's
    pairs 1, 2, … (whether or not the item has a title pair, so a body pair keeps its
    position when a worksheet adds the missing title)."""
    body = 0
    for s in segments:
        if s.is_title:
            yield 0, s
        else:
            body += 1
            yield body, s


def segment_span_rows(
    item_id: str, texts: Mapping[str, str | None], segments: Iterable[Segment]
) -> Iterator[tuple[object, ...]]:
    """``segment_spans`` rows (without the rowid) of an item's sentence pairs, located in
    the item's version ``texts`` by language (the title pair is not in the text: it
    keeps its own), as the pairs come."""
    zh, en = _Locator(texts.get("zh")), _Locator(texts.get("en"))
    for pos, s in numbered(segments):
        yield (
            item_id,
            pos,
            s.paragraph,
            s.kind,
            *((None, None, s.zh) if s.is_title else zh(s.zh)),
            *((None, None, s.en) if s.is_title else en(s.en)),
            s.score,
            int(s.needs_review),
        )


SEGMENT_CHUNK = 5_000
"""Sentence pairs written per batch of inserts (a long item's come in several)."""


def write_items(
    db: sqlite_utils.Database,
    aligned: Iterable[Aligned],
    progress: Callable[[int], object] | None = None,
) -> int:
    """Insert items with versions, paragraphs, segments and search shadows, in batches.
    An item whose sentence pairs come as an iterator (a long item's, aligned by several
    processes) is written at once, its pairs as they come, so that writing them overlaps
    aligning the rest."""
    count = 0
    batch: list[Aligned] = []
    (last,) = db.execute("SELECT coalesce(max(rowid), 0) FROM segment_spans").fetchone()
    rowids = itertools.count(last + 1)

    def flush() -> None:
        db.table("items").insert_all((_item_row(i, b) for i, b, _ in batch), batch_size=BATCH)
        db.conn.executemany(
            VERSIONS_INSERT, [_version_row(i.id, v) for i, _, _ in batch for v in i.versions]
        )
        db.conn.executemany(
            "INSERT INTO pair_evidence (item_id, method, evidence) VALUES (?, ?, ?)",
            [
                (i.id, i.method, json.dumps(i.evidence, ensure_ascii=False, sort_keys=True))
                for i, _, _ in batch
                if i.evidence
            ],
        )
        db.conn.executemany(
            PARAGRAPHS_INSERT, [r for i, b, _ in batch for r in _paragraph_rows(i.id, b)]
        )
        ids = [i.id for i, _, _ in batch]
        marks = ",".join("?" * len(ids))
        item_rowids = dict(db.execute(f"SELECT id, rowid FROM items WHERE id IN ({marks})", ids))
        db.conn.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    item_rowids[i.id],
                    *_item_shadows(
                        {v.lang: v.title for v in i.versions}, {v.lang: v.text for v in i.versions}
                    ),
                )
                for i, _, _ in batch
            ],
        )
        # Pairs and their shadows, a chunk at a time, each with the rowid given here.
        pairs = (
            (next(rowids), row, seg)
            for i, _, segments in batch
            for row, seg in _with_rows(i, segments)
        )
        while chunk := list(itertools.islice(pairs, SEGMENT_CHUNK)):
            db.conn.executemany(SEGMENT_SPANS_INSERT, [(rowid, *row) for rowid, row, _ in chunk])
            db.conn.executemany(
                f"INSERT INTO {SEGMENTS_FTS}(rowid, zh, en) VALUES (?, ?, ?)",
                [(rowid, *_segment_shadows(seg)) for rowid, _, seg in chunk],
            )
        if progress:
            progress(len(batch))
        batch.clear()

    for pair in aligned:
        batch.append(pair)
        count += 1
        if len(batch) >= BATCH or isinstance(pair[2], Iterator):
            flush()
    if batch:
        flush()
    return count


def _with_rows(
    item: Item, segments: Iterable[Segment]
) -> Iterator[tuple[tuple[object, ...], Segment]]:
    """Each of an item's sentence pairs with its ``segment_spans`` row, as they come."""
    texts = {v.lang: v.text for v in item.versions}
    segments, pairs = itertools.tee(segments)
    return zip(segment_span_rows(item.id, texts, pairs), segments, strict=True)


def write_build_info(
    db: sqlite_utils.Database, info: dict[str, str], skipped: Iterable[LibraryError]
) -> None:
    """The build's own facts in ``archive_info`` (beside the format written with the
    schema) and the pages it left out in ``skipped_pages``."""
    db.table("archive_info").insert_all(
        [{"key": k, "value": v} for k, v in info.items()], replace=True
    )
    db.table("skipped_pages").insert_all(
        [
            {"source": e.path or "", "line": e.line, "problem": e.message, "hint": e.hint}
            for e in skipped
        ],
        replace=True,
    )


def categorize(db: sqlite_utils.Database) -> None:
    """Give every item one category key and fill ``categories``: a Chinese category
    (Simplified or Traditional) is the same category as the English one that its
    items' page pairs name most often beside it (品保委新闻 = 品保委新聞 = QBPC News),
    so a facet counts it once and a filter finds all of its items."""
    # Counted by distinct (English, Chinese, key) names: a few hundred groups, however
    # many items (an update changes the key of few, and writes only those).
    rows = db.execute(
        "SELECT category_en, category_zh, category, count(*) FROM items GROUP BY 1, 2, 3"
    ).fetchall()
    beside: dict[str, Counter[str]] = {}
    for en, zh, _, n in rows:
        if en and zh:
            beside.setdefault(normalize(zh), Counter())[en] += n
    english = {zh: c.most_common(1)[0][0] for zh, c in beside.items()}
    changes: list[tuple[str | None, str | None, str | None, str | None]] = []
    labels: dict[str, dict[str, Any]] = {}
    for en, zh, was, n in rows:
        zh_form = normalize(zh) if zh else None
        key = en or (english.get(zh_form) if zh_form else None) or zh_form
        if key != was:
            changes.append((key, en, zh, was))
        if key is not None:
            label = labels.setdefault(key, {"en": Counter(), "zh": Counter(), "items": 0})
            label["items"] += n
            if en:
                label["en"][en] += n
            if zh_form:
                label["zh"][zh_form] += n
    if changes:  # one pass over the items, each looked up among the changed groups
        db.conn.execute("CREATE TEMP TABLE new_keys (key, en, zh, was)")
        db.conn.executemany("INSERT INTO temp.new_keys VALUES (?, ?, ?, ?)", changes)
        db.conn.execute(
            "UPDATE items SET category = (SELECT key FROM temp.new_keys k WHERE k.en IS "
            "items.category_en AND k.zh IS items.category_zh AND k.was IS items.category) "
            "WHERE EXISTS (SELECT 1 FROM temp.new_keys k WHERE k.en IS items.category_en "
            "AND k.zh IS items.category_zh AND k.was IS items.category)"
        )
        db.conn.execute("DROP TABLE temp.new_keys")
    db.conn.execute("DELETE FROM categories")
    db.conn.executemany(
        "INSERT INTO categories (category, en, zh, items) VALUES (?, ?, ?, ?)",
        [
            (
                key,
                label["en"].most_common(1)[0][0] if label["en"] else None,
                label["zh"].most_common(1)[0][0] if label["zh"] else None,
                label["items"],
            )
            for key, label in sorted(labels.items())
        ],
    )


def write_terms(db: sqlite_utils.Database, terms: Iterable[Term]) -> int:
    """Write the glossary's entries (a later one with an id already written replaces
    it, as an upsert would), in one statement: a termbase has tens of thousands."""
    rows = [tuple(getattr(t, k) for k in TERM_COLUMNS) for t in terms]
    columns = ", ".join(f'"{k}"' for k in TERM_COLUMNS)
    db.conn.executemany(
        f"INSERT OR REPLACE INTO terms ({columns}) VALUES ({', '.join('?' * len(TERM_COLUMNS))})",
        rows,
    )
    return len(rows)


TERM_USES_INSERT = (
    "INSERT INTO term_uses (item_id, segment, term_id, en, zh) VALUES (?, ?, ?, ?, ?)"
)


def use_rows(uses: Iterable[Use]) -> Iterator[tuple[str, int, str, int, int]]:
    """``term_uses`` rows of term uses, keyed by the segment's position in its item."""
    return ((u.item_id, u.position, u.term_id, int(u.en), int(u.zh)) for u in uses)


def write_term_uses(db: sqlite_utils.Database, uses: Iterable[Use]) -> None:
    db.conn.executemany(TERM_USES_INSERT, use_rows(uses))


@contextlib.contextmanager
def spooled_term_uses(
    db: sqlite_utils.Database,
) -> Iterator[Callable[[Iterable[tuple[object, ...]]], object]]:
    """A writer of term uses, as :func:`use_rows` gives them (what workers send: plain
    tuples pickle several times as fast as objects), into a scratch file beside the
    archive being built; when the block ends they are copied into its ``term_uses`` in
    one statement. Meanwhile the archive is read by worker processes, which a write to
    it would lock out."""
    db.conn.commit()  # the workers read what is written so far
    path = Path(database_file(db.conn) + ".uses")
    spool = sqlite3.connect(path)
    try:
        spool.execute("PRAGMA journal_mode = OFF")
        spool.execute("PRAGMA synchronous = OFF")
        spool.execute("CREATE TABLE term_uses (item_id, segment, term_id, en, zh)")
        yield lambda rows: spool.executemany(TERM_USES_INSERT, rows)
        spool.commit()
        spool.close()
        db.execute("ATTACH DATABASE ? AS spool", [str(path)])
        db.execute(
            "INSERT INTO term_uses (item_id, segment, term_id, en, zh) SELECT item_id, "
            "segment, term_id, en, zh FROM spool.term_uses "
            "ORDER BY term_id, item_id, segment"
        )
        db.conn.commit()
        db.execute("DETACH DATABASE spool")
    finally:
        spool.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


FINDINGS_INSERT = (
    "INSERT INTO term_findings (kind, term_id, term_en, expected, found, "
    "item_id, segment, zh, en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _finding_rows(findings: Iterable[Finding]) -> list[tuple[object, ...]]:
    """``term_findings`` rows, in :meth:`Finding.sort_key` order (so two builds of the
    same pages store the same rows in the same order), keyed by segment position."""
    return [
        (f.kind, f.term_id, f.term_en, f.expected, f.found, f.item_id, f.position, f.zh, f.en)
        for f in sorted(findings, key=Finding.sort_key)
    ]


def write_term_findings(db: sqlite_utils.Database, findings: Iterable[Finding]) -> None:
    """The glossary's findings (``library.terms.check``); the uses are written as they
    are found (:func:`write_term_uses`)."""
    db.conn.executemany(FINDINGS_INSERT, _finding_rows(findings))
