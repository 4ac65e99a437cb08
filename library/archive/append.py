"""What an update reads of the archive it appends to (``library.update``), and the
tables it rewrites whole: the term findings and what the archive says of itself."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from ..files import replacing
from ..model import Finding, is_about
from .read import dicts, segments_by_rowid
from .schema import register_functions


def archive_info(conn: sqlite3.Connection) -> dict[str, str]:
    """The ``archive_info`` rows: the build's facts and options, what the archive says."""
    return dict(conn.execute("SELECT key, value FROM archive_info").fetchall())


def last_key(conn: sqlite3.Connection) -> tuple[bool, str, str] | None:
    """The sort key (dated, date, id) of the archive's last item: items are written in
    that order, so an item sorting after it can be appended."""
    row = conn.execute("SELECT date, id FROM items ORDER BY rowid DESC LIMIT 1").fetchone()
    return None if row is None else (row[0] is not None, row[0] or "", row[1])


def version_rows(conn: sqlite3.Connection) -> list[dict]:
    """Every version's item, the item's status, language, source, URL and date."""
    return list(
        dicts(
            conn.execute(
                "SELECT v.item_id, i.status, v.lang, v.source, v.url, v.date FROM versions v "
                "JOIN items i ON i.id = v.item_id"
            )
        )
    )


def last_segment(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(rowid), 0) FROM segment_spans").fetchone()[0])


def earlier_findings(conn: sqlite3.Connection) -> list[Finding]:
    """The archive's findings but the variants (which depend on the whole archive)."""
    rows = conn.execute(
        "SELECT kind, term_id, term_en, expected, found, item_id, segment, zh, en "
        "FROM term_findings WHERE kind != 'variant'"
    )
    return [Finding(*row) for row in rows]


def missing_rows(conn: sqlite3.Connection) -> dict[str, list[dict]]:
    """The sentence pairs lacking an approved rendering, by English form, as
    ``terms.check`` collects them for its variants (from the ``missing_zh`` findings)."""
    places = conn.execute(
        "SELECT lower(f.term_en), s.rowid FROM term_findings f JOIN segment_spans s "
        "ON s.item_id = f.item_id AND s.position = f.segment WHERE f.kind = 'missing_zh'"
    ).fetchall()
    rows = segments_by_rowid(conn, [rowid for _, rowid in places])
    out: dict[str, list[dict]] = defaultdict(list)
    for form, rowid in places:
        out[form].append(rows[rowid])
    return dict(out)


def clear_findings(db: sqlite_utils.Database) -> None:
    db.execute("DELETE FROM term_findings")


def clear_about(db: sqlite_utils.Database) -> None:
    """Forget what the archive said of itself (an update says it again)."""
    keys = [k for (k,) in db.execute("SELECT key FROM archive_info") if is_about(k)]
    db.conn.executemany("DELETE FROM archive_info WHERE key = ?", [(k,) for k in keys])


@contextlib.contextmanager
def appending(target: Path) -> Iterator[sqlite_utils.Database]:
    """A copy of the archive at ``target`` to append to, renamed over it only if the
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
