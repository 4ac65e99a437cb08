"""What readers ask of the archive, answered as data (text and match spans, no HTML):
search everything, concordance."""

from __future__ import annotations

import sqlite3


def warm_up(conn: sqlite3.Connection) -> None:
    """Make the per-process caches a first search needs (the lexicon, pinyin syllables,
    the stemmer, the archive's glossary index and facts) by searching once in each
    language: a server does this before its first reader, whose search would otherwise
    spend a second of its time budget on them."""
    from .search_all import search

    search(conn, "customs 海关", size=1)
