"""What the benchmarks and evaluations measure the library against: plain scans that a
user without our indexes would run. Not part of the library (it never needs them)."""

from __future__ import annotations

import random
import sqlite3

from rapidfuzz import fuzz

from library.archive import read
from library.translation import tm


def raw_fts_rowids(conn: sqlite3.Connection, expression: str) -> list[int]:
    """Rowids for an already compiled FTS5 expression: the floor of any search."""
    return [
        r[0]
        for r in conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (expression,))
    ]


def like_scan_item_ids(conn: sqlite3.Connection, needle: str) -> list[str]:
    """Items whose stored title or text contains ``needle`` by a plain LIKE scan.

    What a user without our index would run (and it misses Traditional forms):
    the baseline of the benchmarks.
    """
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT item_id FROM versions WHERE title LIKE ?1 OR text LIKE ?1",
            (f"%{needle}%",),
        )
    ]


def count_items(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM items").fetchone()[0]


def version_texts(conn: sqlite3.Connection) -> list[str]:
    """Every version's text, in a stable order (for query samplers)."""
    return [r[0] for r in conn.execute("SELECT text FROM versions ORDER BY item_id, lang")]


def tm_brute_force(
    conn: sqlite3.Connection, text: str, lang: str, threshold: float = tm.THRESHOLD
) -> tm.Match | None:
    """The best translation-memory match by scoring every two-sided segment: the oracle
    :class:`library.translation.tm.Memory` is compared with."""
    wanted = tm.key(text)
    other = "en" if lang == "zh" else "zh"
    best = None
    for row in read.two_sided_segments(conn):
        score = fuzz.ratio(wanted, tm.key(row[lang]), score_cutoff=threshold)
        if score and (best is None or score > best.score):
            best = tm.Match(round(score, 1), row[lang], row[other], row["item_id"], row["position"])
    return best


HOSTILE_PIECES = [
    # FTS5 and SQL syntax, control and invisible characters, emoji, other scripts, long runs
    '"',
    "'",
    "*",
    "-",
    "+",
    "(",
    ")",
    "NEAR(",
    "NEAR",
    "AND",
    "OR",
    "NOT",
    "^",
    ":",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "%",
    "_",
    ";",
    "--",
    "/*",
    "title_zh:",
    "zh:",
    "😀",
    "👍🏽",
    "海",
    "關",
    "综合",
    "QBPC",
    "customs",
    "\u200b",
    "\u3000",
    "ＡＢＣ",
    "\t",
    " ",
    "''",
    '""',
    "a" * 300,
    "%00",
    "\x01",
    "é",
    "ß",
    "İ",
    "\ufffd",
    "𠀀",
    "NEAR(a b, 3)",
    "items_fts",
    "rank",
    "bm25(",
    "MATCH",
    "?",
    "&",
    "=",
    "#",
    "<script>",
    "\n",
    "0",
    "1e9",
    "-1",
    "ＱＢＰＣ",
    "e-commerce",
    "'; DROP TABLE items; --",
]


def selectivity(conn: sqlite3.Connection, n: int, rng: random.Random) -> list[float]:
    """For ``n`` random Chinese substrings (1–4 characters of a random item's Chinese
    text), the share of all items that match: how much of the archive a typical query
    finds (real news pages: a median of about 1.4 %, p75 about 18 %)."""
    from library.text.chinese import HAN_RUN
    from library.text.query_compiler import fts_query

    total = count_items(conn)
    texts = [
        r[0]
        for r in conn.execute(
            "SELECT text FROM versions WHERE lang = 'zh' ORDER BY item_id LIMIT 5000"
        )
    ]
    out = []
    while len(out) < n and texts:
        runs = HAN_RUN.findall(rng.choice(texts))
        if not runs:
            continue
        run = rng.choice(runs)
        size = rng.randint(1, min(4, len(run)))
        start = rng.randrange(len(run) - size + 1)
        out.append(len(raw_fts_rowids(conn, fts_query(run[start : start + size]))) / total)
    return out


def hostile_query(rng: random.Random) -> str:
    """A query a hostile or careless user might send: pieces of FTS5 and SQL syntax, or a
    run of random code points (surrogates excluded)."""
    if rng.random() < 0.2:
        return "".join(
            chr(rng.choice([rng.randrange(32, 0xD800), rng.randrange(0xE000, 0x30000)]))
            for _ in range(rng.randint(1, 12))
        )
    return "".join(rng.choice(HOSTILE_PIECES) for _ in range(rng.randint(1, 8)))


def hostile_queries(n: int, rng: random.Random) -> list[str]:
    return [hostile_query(rng) for _ in range(n)]
