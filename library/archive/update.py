"""What an update reads of the archive it brings up to date (``library.update``), the
copy it writes, and the tables it rewrites whole: the term findings, the retired ids
and what the archive says of itself (``replace.drop_items`` takes out the items it
writes again)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from ..files import replacing
from ..model import Finding, is_about
from ..text.chinese import normalize
from ..text.termmatch import Forms, en_fts, zh_fts
from .read import dicts, segment_rowid_blocks, segment_sides
from .rows import Stub
from .schema import RETIRED_TABLE, SEGMENTS_FTS, VERSION_HISTORY, register_functions


def archive_info(conn: sqlite3.Connection) -> dict[str, str]:
    """The ``archive_info`` rows: the build's facts and options, what the archive says."""
    return dict(conn.execute("SELECT key, value FROM archive_info").fetchall())


def item_keys(conn: sqlite3.Connection) -> dict[str, tuple[bool, str, str]]:
    """Each item's sort key (dated, date, id), in rowid order: items are written in that
    order, so the items from any key on are the archive's last rows."""
    return {
        item_id: (date is not None, date or "", item_id)
        for item_id, date in conn.execute("SELECT id, date FROM items ORDER BY rowid")
    }


def version_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every version's item, the item's status, language, source, URL and date, as rows
    read by name (an update reads those of the whole archive: a dict each costs more)."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        "SELECT v.item_id, i.status, v.lang, v.source, v.url, v.date FROM versions v "
        "JOIN items i ON i.id = v.item_id"
    ).fetchall()


def page_facts(
    conn: sqlite3.Connection, versions: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """What these versions ((item id, language) pairs) say of their pages (``SAME_PAGE``),
    by (item id, language)."""
    out = {}
    for item_id, lang in versions:
        cursor = conn.execute(
            f"SELECT {', '.join(SAME_PAGE)} FROM versions WHERE item_id = ? AND lang = ?",
            (item_id, lang),
        )
        for row in dicts(cursor):
            out[item_id, lang] = row
    return out


SAME_PAGE = ("lang", "title", "date", "category", "breadcrumb", "url", "format", "encoding",
             "script", "lang_from", "content_hash", "translator", "translated")  # fmt: skip
"""What a version row says of its page besides its text: a page file saved again whose
version says the same (its text by ``content_hash``) is the page the archive has."""


def last_segment(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(rowid), 0) FROM segment_spans").fetchone()[0])


def missing_rows(conn: sqlite3.Connection) -> dict[str, list[Stub]]:
    """The sentence pairs lacking an approved rendering, by English form, as
    ``terms.check`` collects them for its variants (from the ``missing_zh`` findings),
    each a stub, ``{"rowid": …}``: the variants read the few they sample."""
    out: dict[str, list[Stub]] = defaultdict(list)
    for form, rowid in conn.execute(
        "SELECT lower(f.term_en), s.rowid FROM term_findings f JOIN segment_spans s "
        "ON s.item_id = f.item_id AND s.position = f.segment WHERE f.kind = 'missing_zh'"
    ):
        out[form].append(Stub(rowid=rowid))
    return dict(out)


FINDING_COLUMNS = "kind, term_id, term_en, expected, found, item_id, segment, zh, en"
FINDING_ORDER = "item_id, coalesce(segment, -1), kind, term_id, expected, coalesce(found, '')"
"""``Finding.sort_key`` in SQL (UTF-8 sorts as Python sorts code points)."""


def rewrite_findings(db: sqlite_utils.Database, new: list[Finding]) -> None:
    """The archive's findings but the variants (those of items taken out went with them)
    and ``new`` ones, stored again in ``Finding.sort_key`` order: sorted by SQLite, not
    read into Python (an update changes few of an archive's tens of thousands)."""
    db.execute(f"CREATE TEMP TABLE findings AS SELECT {FINDING_COLUMNS} FROM term_findings "
               "WHERE kind != 'variant'")  # fmt: skip
    db.conn.executemany(
        f"INSERT INTO temp.findings ({FINDING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(f.kind, f.term_id, f.term_en, f.expected, f.found, f.item_id, f.position, f.zh, f.en)
         for f in new],
    )  # fmt: skip
    db.execute("DELETE FROM term_findings")
    db.execute(
        f"INSERT INTO term_findings ({FINDING_COLUMNS}) SELECT {FINDING_COLUMNS} FROM "
        f"temp.findings ORDER BY {FINDING_ORDER}"
    )
    db.execute("DROP TABLE temp.findings")


SCAN_FROM = 200
"""Glossary forms changed beyond which the sentence pairs are read once, not queried once
a form (a termbase replaced whole changes tens of thousands)."""


def items_using(conn: sqlite3.Connection, forms: list[tuple[str, str]]) -> set[str]:
    """The items with a sentence pair that the search index matches for any of ``forms``
    ((side, term) pairs, matched as the term checks pre-filter them, ``en_fts`` and
    ``zh_fts``): every item that uses one, and perhaps a few more. Beyond
    :data:`SCAN_FROM` forms, every pair is read once and the forms found in it in one
    pass of their automaton (``text.termmatch.Forms``): the items that use one."""
    if len(forms) > SCAN_FROM:
        return _items_scanned(conn, forms)
    found: set[str] = set()
    for side, form in forms:
        expression = en_fts(form) if side == "en" else zh_fts(form)
        found.update(
            item_id
            for (item_id,) in conn.execute(
                f"SELECT s.item_id FROM {SEGMENTS_FTS} f JOIN segment_spans s ON s.rowid = "
                f"f.rowid WHERE {SEGMENTS_FTS} MATCH ?",
                [expression],
            )
        )
    return found


def _items_scanned(conn: sqlite3.Connection, forms: list[tuple[str, str]]) -> set[str]:
    matcher = Forms(
        en=[f for side, f in forms if side == "en"],
        zh=[normalize(f) for side, f in forms if side == "zh"],
    )
    found: set[str] = set()
    for rowids in segment_rowid_blocks(conn, SCAN_BLOCK):
        for _, item, _, zh, en, *_ in segment_sides(conn, rowids=rowids):
            if item not in found and (matcher.en(en) or zh and matcher.zh(normalize(zh))):
                found.add(item)
    return found


SCAN_BLOCK = 50_000
"""Sentence pairs read at a time by :func:`_items_scanned`."""


def clear_terms(db: sqlite_utils.Database) -> None:
    db.execute("DELETE FROM terms")


def clear_retired(db: sqlite_utils.Database) -> None:
    """Forget the retired ids (the update writes them all again)."""
    db.execute(RETIRED_TABLE)
    db.execute("DELETE FROM retired_items")


def forget_pages(db: sqlite_utils.Database, paths: list[str]) -> None:
    """Take page files that are gone out of ``page_files``, and the ``version_history``
    of the items no longer in the archive (a build carries only the live items')."""
    db.conn.executemany("DELETE FROM page_files WHERE path = ?", [(p,) for p in paths])
    db.execute(VERSION_HISTORY)
    db.execute("DELETE FROM version_history WHERE item_id NOT IN (SELECT id FROM items)")


def clear_about(db: sqlite_utils.Database) -> None:
    """Forget what the archive said of itself (an update says it again)."""
    keys = [k for (k,) in db.execute("SELECT key FROM archive_info") if is_about(k)]
    db.conn.executemany("DELETE FROM archive_info WHERE key = ?", [(k,) for k in keys])


@contextlib.contextmanager
def copy_to_update(target: Path) -> Iterator[sqlite_utils.Database]:
    """A copy of the archive at ``target`` to bring up to date, renamed over it only if the
    block completes (readers of the old file keep reading it; a kill leaves it whole)."""
    with replacing(Path(target)) as tmp:
        shutil.copyfile(target, tmp)
        db = sqlite_utils.Database(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # the copy is ours until it is renamed
            db.execute("PRAGMA synchronous = OFF")
            register_functions(db.conn)
            yield db
            db.conn.commit()
            db.execute("PRAGMA journal_mode = DELETE")
        finally:
            db.close()


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Items in all, by status, and paired by score: what a build reports."""
    by_status = dict(conn.execute("SELECT status, count(*) FROM items GROUP BY status").fetchall())
    (auto,) = conn.execute("SELECT count(*) FROM items WHERE pair_method = 'auto'").fetchone()
    return {
        "items": sum(by_status.values()),
        "both": by_status.get("both", 0),
        "en_only": by_status.get("en_only", 0),
        "zh_only": by_status.get("zh_only", 0),
        "auto": auto,
    }
