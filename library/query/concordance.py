"""Concordance (keyword in context) over the aligned sentence pairs.

Every sentence pair whose side in the term's language contains it, as left
context, match, right context, with the aligned sentence of the other
language. Chinese matches on the normalised text (Traditional finds
Simplified and the reverse; contexts are cut from the text as published when
normalisation kept its length, which t2s and NFKC of CJK text do); English
matches whole words, tolerating case, plurals and hyphens.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import asdict, dataclass

from ..archive import read as archive
from ..text.chinese import has_han, normalize
from ..text.termmatch import en_fts, en_spans, zh_fts, zh_spans

LIMIT = 10_000


@dataclass
class Line:
    item_id: str
    position: int
    date: str | None
    left: str
    match: str
    right: str
    other: str | None
    """The aligned sentence in the other language."""


def concordance(
    conn: sqlite3.Connection,
    term: str,
    lang: str | None = None,
    context: int = 40,
    sort: str = "date",
) -> list[Line]:
    """KWIC lines for ``term``, sorted by ``date`` (then item), ``left`` context (read from
    the match outwards) or ``right`` context."""
    term = term.strip()
    if not term:
        raise ValueError("empty term")
    if sort not in ("date", "left", "right"):
        raise ValueError(f"sort must be date, left or right, not {sort!r}")
    lang = lang or ("zh" if has_han(term) else "en")
    other = "en" if lang == "zh" else "zh"
    expr = zh_fts(term) if lang == "zh" else en_fts(term)
    lines = []
    for row in archive.fts_segments(conn, expr, LIMIT):
        text = row[lang] or ""
        if lang == "zh":
            norm = normalize(text)
            shown = text if len(norm) == len(text) else norm
            spans = zh_spans(term, norm)
        else:
            shown, spans = text, en_spans(term, text)
        for a, b in spans:
            lines.append(
                Line(
                    row["item_id"],
                    row["position"],
                    row["date"],
                    shown[max(0, a - context) : a],
                    shown[a:b],
                    shown[b : b + context],
                    row[other],
                )
            )
    if sort == "left":
        lines.sort(key=lambda x: (x.left[::-1].lower(), x.item_id, x.position))
    elif sort == "right":
        lines.sort(key=lambda x: (x.right.lower(), x.item_id, x.position))
    return lines


def to_csv(lines: list[Line]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(Line.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    for line in lines:
        writer.writerow(asdict(line))
    return out.getvalue()
