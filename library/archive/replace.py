"""Changing an archive in place: a worksheet's translation replacing a version (one
transaction, ``library.translation.worksheet_import``), and an update taking out the
items it writes again (``library.update``, on a copy of the archive).

The search indexes are contentless, so a row leaves them only as the ``'delete'`` of
the shadows it was indexed with (:func:`unindex`, recomputed from the stored text)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

import sqlite_utils

from ..errors import LibraryError
from ..model import Bead, Finding, Segment, Use, Version, paragraph_needs_review
from .schema import (
    FTS_COLUMNS,
    FTS_TABLE,
    HISTORY_COLUMNS,
    SEGMENTS_FTS,
    VERSION_HISTORY,
    register_functions,
)
from .write import (
    FINDINGS_INSERT,
    PARAGRAPHS_INSERT,
    SEGMENT_SPANS_INSERT,
    TERM_USES_INSERT,
    VERSIONS_INSERT,
    _finding_rows,
    _item_shadows,
    _paragraph_rows,
    _segment_shadows,
    _version_row,
    segment_span_rows,
    use_rows,
)

ITEM_TABLES = (
    "versions",
    "paragraphs",
    "segment_spans",
    "pair_evidence",
    "term_uses",
    "term_findings",
)
"""The tables whose rows belong to an item (by ``item_id``), besides ``items``."""


def unindex(conn: sqlite3.Connection, item_ids: Collection[str]) -> None:
    """Take items and their sentence pairs out of both search indexes."""
    for item_id in item_ids:
        row = conn.execute("SELECT rowid FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            continue
        titles: dict[str, str | None] = {}
        texts: dict[str, str | None] = {}
        for lang, title, text in conn.execute(
            "SELECT lang, title, text FROM versions WHERE item_id = ?", (item_id,)
        ):
            titles[lang], texts[lang] = title, text
        conn.execute(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {', '.join(FTS_COLUMNS)}) "
            f"VALUES ('delete', ?, ?, ?, ?, ?)",
            (row[0], *_item_shadows(titles, texts)),
        )
        conn.executemany(
            f"INSERT INTO {SEGMENTS_FTS}({SEGMENTS_FTS}, rowid, zh, en) VALUES ('delete', ?, ?, ?)",
            [
                (rowid, *_segment_shadows(Segment(0, zh, en, "", 0.0)))
                for rowid, zh, en in conn.execute(
                    "SELECT id, zh, en FROM segments WHERE item_id = ?", (item_id,)
                ).fetchall()
            ],
        )


def drop_items(db: sqlite_utils.Database, item_ids: Collection[str]) -> None:
    """Remove items and all that is theirs (``ITEM_TABLES``, both search indexes); their
    ``version_history`` stays, for as long as the items are live (the update's caller
    drops that of items gone)."""
    if not item_ids:
        return
    unindex(db.conn, item_ids)
    db.conn.execute("CREATE TEMP TABLE dropped (id TEXT PRIMARY KEY)")
    db.conn.executemany("INSERT INTO temp.dropped VALUES (?)", [(i,) for i in item_ids])
    for table in ITEM_TABLES:
        db.conn.execute(f"DELETE FROM {table} WHERE item_id IN (SELECT id FROM temp.dropped)")
    db.conn.execute("DELETE FROM items WHERE id IN (SELECT id FROM temp.dropped)")
    db.conn.execute("DROP TABLE temp.dropped")


def _keep_replaced(conn: sqlite3.Connection, item_id: str, lang: str) -> None:
    """Copy the version about to be replaced into ``version_history`` (its next
    revision, stamped with the time it was superseded)."""
    conn.execute(VERSION_HISTORY)
    conn.execute(
        f"INSERT INTO version_history (item_id, lang, revision, superseded, {HISTORY_COLUMNS}) "
        f"SELECT item_id, lang, (SELECT coalesce(max(revision), 0) + 1 FROM version_history "
        f"WHERE item_id = :id AND lang = :lang), :now, {HISTORY_COLUMNS} FROM versions "
        f"WHERE item_id = :id AND lang = :lang",
        {
            "id": item_id,
            "lang": lang,
            "now": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )


BUSY_SECONDS = 30.0
"""How long a worksheet import waits for the archive's readers (a served archive's
queries last a second at most) before giving up with a message. The archive keeps a
rollback journal, not WAL: WAL would spare the wait, but every reader, a public
read-only copy included, would then need a writable folder for its shared-memory file."""


def replace_translation(
    path: Path,
    item_id: str,
    version: Version,
    beads: Sequence[Bead],
    segments: Sequence[Segment],
    term_rows: Callable[[sqlite3.Connection], tuple[list[Use], list[Finding]]],
) -> None:
    """Give an item ``version`` (a :class:`~library.model.Version`, a worksheet's
    translation): the version row, the item's titles and status, its paragraph and
    segment rows, both search indexes, and its term uses and findings (``term_rows``
    computes them inside the transaction). One transaction: on any error the archive
    is as it was.

    The FTS tables are contentless, so old rows are deleted with the shadows they
    were indexed with, recomputed from the stored text.
    """
    lang = version.lang
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS)
    register_functions(conn)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            item = conn.execute("SELECT rowid, * FROM items WHERE id = ?", (item_id,)).fetchone()
            if item is None:
                raise KeyError(item_id)
            old = {
                r["lang"]: r
                for r in conn.execute(
                    "SELECT lang, title, text FROM versions WHERE item_id = ?", (item_id,)
                )
            }
            titles = {k: v["title"] for k, v in old.items()}
            texts = {k: v["text"] for k, v in old.items()}
            unindex(conn, [item_id])
            for table in ("segment_spans", "paragraphs", "term_uses", "term_findings"):
                conn.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
            _keep_replaced(conn, item_id, lang)
            conn.execute("DELETE FROM versions WHERE item_id = ? AND lang = ?", (item_id, lang))
            conn.execute(VERSIONS_INSERT, _version_row(item_id, version))
            titles[lang], texts[lang] = version.title, version.text
            conn.execute(
                f"UPDATE items SET title_{lang} = ?, status = 'both', missing = NULL, "
                f"pair_method = 'worksheet', pair_score = NULL, paragraphs = ?, review = ?"
                + (", script_zh = ?" if lang == "zh" else "")
                + " WHERE id = ?",
                [version.title, len(beads), sum(1 for b in beads if paragraph_needs_review(b))]
                + ([version.script] if lang == "zh" else [])
                + [item_id],
            )
            conn.executemany(PARAGRAPHS_INSERT, list(_paragraph_rows(item_id, beads)))
            for seg, row in zip(segments, segment_span_rows(item_id, texts, segments), strict=True):
                cur = conn.execute(SEGMENT_SPANS_INSERT, (None, *row))
                conn.execute(
                    f"INSERT INTO {SEGMENTS_FTS}(rowid, zh, en) VALUES (?, ?, ?)",
                    (cur.lastrowid, *_segment_shadows(seg)),
                )
            conn.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
                (item["rowid"], *_item_shadows(titles, texts)),
            )
            uses, findings = term_rows(conn)
            conn.executemany(TERM_USES_INSERT, use_rows(uses))
            conn.executemany(FINDINGS_INSERT, _finding_rows(findings))
            # Changed since its build: an update builds it in full (``library.update``).
            conn.execute("INSERT OR REPLACE INTO archive_info VALUES ('edited', ?)", (item_id,))
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise LibraryError(
            f"the archive stayed busy for {BUSY_SECONDS:g} s (another program is reading or "
            "writing it); nothing was changed",
            path=path,
            hint="try again; if it stays busy, stop the long-running reader or writer",
        ) from None
    finally:
        conn.close()
