"""What feeds and sitemaps read: the newest items with the start of each version's text,
and every item's id and date. Items are written in date order, so the newest are the
last rowids, read without sorting the table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, cast

from .rows import FeedItem

SUMMARY_CHARS = 300
"""A feed entry's summary: the first paragraph of a version, at most this long."""

_START = (
    f"(SELECT substr(v.text, 1, {SUMMARY_CHARS * 4}) FROM versions v "
    "WHERE v.item_id = i.id AND v.lang = '{}')"
)
_COLUMNS = (
    "i.rowid, i.id, i.date, i.title_en, i.title_zh, i.status, "
    + _START.format("en")
    + ", "
    + _START.format("zh")
)
_NAMES = ("rowid", "id", "date", "title_en", "title_zh", "status", "text_en", "text_zh")


def _summary(text: str | None) -> str | None:
    if not text:
        return None
    first = text.split("\n\n", 1)[0].strip()
    return first if len(first) <= SUMMARY_CHARS else first[: SUMMARY_CHARS - 1] + "\u2026"


def newest_items(
    conn: sqlite3.Connection,
    limit: int,
    lang: str | None = None,
    rowids: list[int] | None = None,
) -> list[FeedItem]:
    """The newest ``limit`` items (those with a ``lang`` version, if given; those of
    ``rowids``, if given), newest first, each with the first paragraph of each version
    (``summary_en``, ``summary_zh``)."""
    where: list[str] = []
    params: list[object] = []
    if lang is not None:
        where.append("i.status IN ('both', ?)")
        params.append(f"{lang}_only")
    if rowids is not None:
        where.append(f"i.rowid IN ({','.join('?' * len(rowids))})")
        params.extend(rowids)
    sql = f"SELECT {_COLUMNS} FROM items i"
    sql += f" WHERE {' AND '.join(where)}" if where else ""
    sql += " ORDER BY i.rowid DESC LIMIT ?"
    out = []
    for row in conn.execute(sql, [*params, limit]):
        item: dict[str, Any] = dict(zip(_NAMES, row, strict=True))
        item["summary_en"] = _summary(item.pop("text_en"))
        item["summary_zh"] = _summary(item.pop("text_zh"))
        out.append(cast(FeedItem, item))
    return out


def item_dates(
    conn: sqlite3.Connection, offset: int = 0, limit: int = -1
) -> Iterator[tuple[str, str | None]]:
    """(id, date) of every item, in rowid (date) order, ``limit`` from ``offset``."""
    yield from conn.execute(
        "SELECT id, date FROM items ORDER BY rowid LIMIT ? OFFSET ?", (limit, offset)
    )


def item_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
