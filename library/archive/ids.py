"""Across builds: what a previous archive says of its ids (to keep them), the ids no
live item has any more (``retired_items``: the web answers 410 or 301 for them), its
earlier versions, and the page files it was built from (``page_files``: what an update
compares to find the new ones).

The rules that give and keep ids are ``library.pages.ids``'; this module only reads and
writes their rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Literal

import sqlite_utils

from ..model import KnownIds, Retired
from .rows import Gone, Moved
from .schema import HISTORY_COLUMNS, RETIRED_TABLE


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return found is not None


def known_ids(conn: sqlite3.Connection) -> KnownIds:
    """The ids of the archive on ``conn``: each version key's item (front matter id,
    source, URL, content hash), each live item's titles, the retired ids."""
    known = KnownIds()
    for item_id, title_en, title_zh in conn.execute("SELECT id, title_en, title_zh FROM items"):
        known.titles[item_id] = (title_en, title_zh)
    rows = conn.execute(  # items in rowid order, each one's versions by its key's index
        "SELECT v.item_id, v.source, v.url, v.content_hash, i.pair_method FROM items i "
        "JOIN versions v ON v.item_id = i.id ORDER BY i.rowid, v.lang"
    )
    keep = known.keys.setdefault  # the first version to hold a key keeps it
    for item_id, source, url, digest, method in rows:
        if method == "id":  # the front matter id is not stored: it is the item's id
            keep("id:" + item_id, item_id)
        keep("source:" + source, item_id)
        if url:
            keep("url:" + url, item_id)
        keep(f"hash:{digest}", item_id)
    if _has_table(conn, "retired_items"):
        for row in conn.execute(
            "SELECT id, title_en, title_zh, merged_into, retired, keys FROM retired_items"
        ):
            known.retired[row[0]] = Retired(
                row[0], row[1], row[2], row[3], row[4] or "", tuple(json.loads(row[5] or "[]"))
            )
    return known


def write_retired(db: sqlite_utils.Database, retired: Iterable[Retired]) -> None:
    db.execute(RETIRED_TABLE)
    db.conn.executemany(
        "INSERT INTO retired_items (id, title_en, title_zh, merged_into, retired, keys) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (r.id, r.title_en, r.title_zh, r.into, r.retired, json.dumps(list(r.keys)))
            for r in sorted(retired, key=lambda r: r.id)
        ],
    )


MAX_HOPS = 50
"""Merges followed at most (an item merged into one later merged into another…)."""


def retired_item(
    conn: sqlite3.Connection, item_id: str
) -> tuple[Literal["moved"], Moved] | tuple[Literal["gone"], Gone] | None:
    """What an id no live item has answers: ``("moved", {"id": live id})`` for an item
    merged into another (the chain of merges followed to a live item), ``("gone",
    {"title_en", "title_zh", "retired"})`` for one whose story left the archive (or
    whose merges end in one that did); None for an id the archive never gave."""
    if not _has_table(conn, "retired_items"):
        return None
    first = None
    seen = item_id
    for _ in range(MAX_HOPS):
        row = conn.execute(
            "SELECT title_en, title_zh, merged_into, retired FROM retired_items WHERE id = ?",
            [seen],
        ).fetchone()
        if row is None:
            break
        first = first or row
        if not row[2]:
            break
        if conn.execute("SELECT 1 FROM items WHERE id = ?", [row[2]]).fetchone():
            return "moved", Moved(id=row[2])
        seen = row[2]
    if first is None:
        return None
    return "gone", Gone(title_en=first[0], title_zh=first[1], retired=first[3])


def earlier_versions(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The archive's ``version_history`` rows (none in one built before it existed)."""
    if not _has_table(conn, "version_history"):
        return []
    return conn.execute(
        f"SELECT item_id, lang, revision, {HISTORY_COLUMNS} FROM version_history"
    ).fetchall()


def carry_versions(
    db: sqlite_utils.Database, rows: list[tuple[object, ...]], live: set[str]
) -> None:
    """An earlier archive's ``version_history`` rows of the items still in this one (a
    translation a worksheet replaced is never lost to a rebuild)."""
    kept = [r for r in rows if r[0] in live]
    if kept:
        marks = ", ".join("?" * len(kept[0]))
        db.conn.executemany(
            f"INSERT OR IGNORE INTO version_history (item_id, lang, revision, {HISTORY_COLUMNS}) "
            f"VALUES ({marks})",
            kept,
        )


def write_page_files(db: sqlite_utils.Database, stamps: Iterable[tuple[str, int, int]]) -> None:
    """Each page file's (absolute path, size, modification time in ns)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO page_files (path, size, mtime_ns) VALUES (?, ?, ?)", stamps
    )


def page_files(conn: sqlite3.Connection) -> dict[str, tuple[int, int]] | None:
    """The page files the archive was built from, by absolute path: (size, mtime in ns);
    None for an archive built before they were recorded."""
    if not _has_table(conn, "page_files"):
        return None
    return {path: (size, mtime) for path, size, mtime in conn.execute("SELECT * FROM page_files")}
