"""Concordance (keyword in context) over the aligned sentence pairs: the one engine
behind ``bilib concordance``, ``/-/concordance`` (page, JSON, CSV, TSV, TMX).

Every sentence pair whose side in the term's language contains it gives a line per
occurrence: left context, match, right context, with the aligned sentence of the
other language and, marked in it, the term's renderings. Chinese matches on the
normalised text (Traditional finds Simplified and the reverse; contexts are cut
from the text as published when normalisation kept its length, which t2s and NFKC
of CJK text do); English matches whole words, tolerating case, plurals and
hyphens (``custom`` finds "customs", ``right holder`` "right holders").

A page is ``limit`` lines (the API's ``size`` counts what it returns). Sorted by date
(newest first), a page reads the pairs up to its last line and counts the lines of at
most :data:`COUNT_PAIRS` pairs, however common the term (only its own lines are cut
and marked); sorted by the left or right context, up to :data:`LIMIT` pairs are read
and sorted. For each rendering (the glossary's, obsolete ones included, else the
spotter's), :func:`renderings` counts the pairs holding term and rendering by year,
with the first and last date: when one name replaced another.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from dataclasses import asdict, dataclass, field

from .. import budget, model
from ..archive import read as archive
from ..archive.rows import SegmentRow, side
from ..model import SENTENCE_CHARS
from ..text.chinese import has_han, normalize
from ..text.termmatch import en_fts, en_phrase_fts, en_spans, zh_fts, zh_spans
from . import equivalents
from .marks import scanned, spans

LIMIT = 10_000
"""Sentence pairs read at most for a sort by context (and for a full export)."""
COUNT_PAIRS = 1_000
"""Sentence pairs whose lines a page sorted by date counts at most beyond its own (the
``total`` of a more common term is then a lower bound, ``total_capped``)."""
PAIR_LINES = 20
"""Lines of one sentence pair at most (the first occurrences): every line carries the
pair's other side, and a pair holding the term more often is no sentence but a page
without sentence ends (see :data:`~library.model.SENTENCE_CHARS`)."""
SORTS = ("date", "left", "right")
MAX_CONTEXT = 500


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
    other_marks: list[tuple[int, int]] = field(default_factory=list)
    """Where the term's renderings stand in :attr:`other`."""
    sentence: str = ""
    """The whole sentence the line is cut from (for a TMX of the lines)."""


@dataclass
class Rendering:
    """One rendering of the term in the other language and when it is attested."""

    text: str
    status: str
    """The glossary's status (approved, fuzzy, obsolete), or "spotted"."""
    pairs: int
    first: str | None
    last: str | None
    years: list[tuple[int | None, int]]
    """(year, sentence pairs holding the term and this rendering), oldest first."""


@dataclass
class Concordance:
    term: str
    lang: str
    sort: str
    context: int
    offset: int
    limit: int
    """Lines a page holds at most (the API's ``size``)."""
    pairs: int
    """Sentence pairs the index finds for the term (a line per occurrence in them)."""
    lines: list[Line]
    total: int = 0
    """Lines counted: every line of the pairs read (see :attr:`total_capped`)."""
    total_capped: bool = False
    """Whether counting stopped before the last pair: sorted by date, after
    :data:`COUNT_PAIRS` pairs (and the page's); sorted by context, after :data:`LIMIT`
    (the lines beyond are then not in the sort either)."""
    renderings: list[Rendering] = field(default_factory=list)

    @property
    def next_offset(self) -> int | None:
        end = self.offset + self.limit
        more = end < self.total or (self.total_capped and self.sort == "date")
        return end if more and len(self.lines) == self.limit else None


def size(result: Concordance) -> int:
    """About how many characters a page of the concordance holds (what keeping it costs)."""
    return sum(
        len(x.left) + len(x.match) + len(x.right) + len(x.other or "") + len(x.sentence)
        for x in result.lines
    ) + sum(len(r.text) + 16 * len(r.years) for r in result.renderings)


def _check(term: str, sort: str, context: int) -> str:
    term = term.strip()
    if not term:
        raise ValueError("empty term")
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if not 0 <= context <= MAX_CONTEXT:
        raise ValueError(f"context must be between 0 and {MAX_CONTEXT}, not {context}")
    return term


def _found(row: SegmentRow, term: str, lang: str) -> tuple[str, list[tuple[int, int]]]:
    """The side of ``row`` in ``lang`` as shown, and where ``term`` occurs in it (at most
    :data:`PAIR_LINES` occurrences)."""
    text = scanned(side(row, lang)) or ""  # a page without sentence ends: its start
    if lang == "zh":
        norm = normalize(text)
        shown = text if len(norm) == len(text) else norm
        return shown, zh_spans(term, norm)[:PAIR_LINES]
    return text, en_spans(term, text)[:PAIR_LINES]


def _row_lines(
    row: SegmentRow,
    shown: str,
    found: list[tuple[int, int]],
    lang: str,
    context: int,
    marks: tuple[re.Pattern[str], ...],
) -> list[Line]:
    aligned = side(row, model.other(lang))
    if aligned and len(aligned) > SENTENCE_CHARS:
        aligned = aligned[:SENTENCE_CHARS] + "…"
    other_marks = spans(aligned, marks) if found and aligned else []
    return [
        Line(
            row["item_id"],
            row["position"],
            row["date"],
            shown[max(0, a - context) : a],
            shown[a:b],
            shown[b : b + context],
            aligned,
            other_marks,
            shown,
        )
        for a, b in found
    ]


def _lines(
    rows: list[SegmentRow],
    term: str,
    lang: str,
    context: int,
    marks: tuple[re.Pattern[str], ...],
) -> list[Line]:
    out = []
    for row in rows:
        budget.check()
        shown, found = _found(row, term, lang)
        out.extend(_row_lines(row, shown, found, lang, context, marks))
    return out


def _by_date(
    conn: sqlite3.Connection,
    expression: str,
    term: str,
    lang: str,
    context: int,
    marks: tuple[re.Pattern[str], ...],
    window: tuple[int, int],
    count_pairs: int,
) -> tuple[list[Line], int, int]:
    """The lines ``window`` = [offset, end) in date order, the lines counted and the pairs
    read: the pairs before and in the window, and on up to ``count_pairs`` in all (only
    the window's lines are cut out and marked)."""
    offset, end = window
    page: list[Line] = []
    seen = read = 0
    # A pair holds one line or more: the window's pairs come in one read, mostly.
    batch = min(max(end + 1, min(200, count_pairs)), 5_000)
    while seen < end or read < count_pairs:
        if seen >= end:  # counting only: no further than asked
            batch = min(batch, count_pairs - read)
        rows = archive.fts_segments_newest(conn, expression, batch, read)
        read += len(rows)
        for row in rows:
            budget.check()
            shown, found = _found(row, term, lang)
            if seen < end and seen + len(found) > offset:
                cut = found[max(0, offset - seen) : end - seen]
                page.extend(_row_lines(row, shown, cut, lang, context, marks))
            seen += len(found)
        if len(rows) < batch:
            break
        batch = min(2 * batch, 5_000)
    return page, seen, read


def _sorted(lines: list[Line], sort: str) -> list[Line]:
    if sort == "left":
        return sorted(lines, key=lambda x: (x.left[::-1].lower(), x.item_id, x.position))
    if sort == "right":
        return sorted(lines, key=lambda x: (x.right.lower(), x.item_id, x.position))
    return lines


def _expression(term: str, lang: str) -> str:
    return zh_fts(term) if lang == "zh" else en_fts(term)


def _candidates(conn: sqlite3.Connection, term: str, lang: str) -> list[tuple[str, str]]:
    """(rendering, status): the glossary's renderings of the term, else the spotter's."""
    other = model.other(lang)
    found = [
        (text, status)
        for text, side, status in equivalents.glossary_renderings(conn, term)
        if side == other
    ]
    if found:
        return found
    return [(text, "spotted") for text in equivalents.spotted(conn, term).get(other, [])]


def _patterns(candidates: list[tuple[str, str]], lang: str) -> tuple[re.Pattern[str], ...]:
    other = model.other(lang)
    meaning = equivalents.Meaning(spotted={other: [text for text, _ in candidates]})
    return meaning.patterns(other)


def lines(
    conn: sqlite3.Connection,
    term: str,
    lang: str | None = None,
    context: int = 40,
    sort: str = "date",
) -> list[Line]:
    """Every KWIC line for ``term`` (of the first :data:`LIMIT` pairs), sorted by ``date``
    (newest first), ``left`` context (read from the match outwards) or ``right``."""
    found, _ = chunk(conn, term, lang, context, 0, LIMIT)
    return _sorted(found, sort)


def chunk(
    conn: sqlite3.Connection,
    term: str,
    lang: str | None,
    context: int,
    start: int,
    pairs: int,
) -> tuple[list[Line], int]:
    """The lines of ``pairs`` sentence pairs holding ``term`` from the ``start``-th newest
    on, newest first, and how many pairs were read (fewer than ``pairs``: the last): a
    download of every line, a chunk at a time."""
    term = _check(term, "date", context)
    lang = lang or ("zh" if has_han(term) else "en")
    rows = archive.fts_segments_newest(conn, _expression(term, lang), pairs, start)
    marks = _patterns(_candidates(conn, term, lang), lang)
    return _lines(rows, term, lang, context, marks), len(rows)


def pair_count(conn: sqlite3.Connection, term: str, lang: str | None = None) -> int:
    """Sentence pairs the index finds for ``term`` (a line per occurrence in them)."""
    term = term.strip()
    return archive.fts_count(conn, _expression(term, lang or ("zh" if has_han(term) else "en")))


def concordance(
    conn: sqlite3.Connection,
    term: str,
    lang: str | None = None,
    context: int = 40,
    sort: str = "date",
    offset: int = 0,
    limit: int = 50,
    with_renderings: bool = True,
    count: bool = True,
) -> Concordance:
    """A page of the concordance of ``term``: ``limit`` lines from ``offset`` on, sorted by
    date (newest first) or by context, with the lines counted (``total``) and the term's
    renderings over time. Sorted by date, ``count=False`` counts no further than the page
    (what a reader's page needs: it shows the pairs, not the lines)."""
    term = _check(term, sort, context)
    lang = lang or ("zh" if has_han(term) else "en")
    expression = _expression(term, lang)
    candidates = _candidates(conn, term, lang)
    marks = _patterns(candidates, lang)
    pairs = archive.fts_count(conn, expression)
    if sort == "date":
        window = (offset, offset + limit)
        counted = COUNT_PAIRS if count else 0
        page, total, read = _by_date(conn, expression, term, lang, context, marks, window, counted)
        capped = read < pairs
    else:
        every = _lines(
            archive.fts_segments_newest(conn, expression, LIMIT), term, lang, context, marks
        )
        page = _sorted(every, sort)[offset : offset + limit]
        total, capped = len(every), pairs > LIMIT
    result = Concordance(term, lang, sort, context, offset, limit, pairs, page, total, capped)
    if with_renderings:
        result.renderings = renderings(conn, term, lang, candidates)
    return result


def renderings(
    conn: sqlite3.Connection,
    term: str,
    lang: str,
    candidates: list[tuple[str, str]] | None = None,
) -> list[Rendering]:
    """Each rendering of ``term`` with the sentence pairs holding both, by year, and the
    first and last date it is attested; most frequent first."""
    other = model.other(lang)
    term_side = _expression(term, lang)
    out = []
    for text, status in candidates if candidates is not None else _candidates(conn, term, lang):
        rendering_side = zh_fts(text) if other == "zh" else en_phrase_fts(text)
        years = archive.fts_years(conn, f"({term_side}) AND ({rendering_side})")
        dates = [d for _, _, first, last in years for d in (first, last) if d]
        out.append(
            Rendering(
                text,
                status,
                sum(n for _, n, _, _ in years),
                min(dates) if dates else None,
                max(dates) if dates else None,
                [(y, n) for y, n, _, _ in years],
            )
        )
    return sorted(out, key=lambda r: (-r.pairs, r.text))


TSV_BREAKS = re.compile(r"[\t\r\n]")
"""What a TSV cell may not hold (spaces at the ends of a context stay)."""
COLUMNS = ("item_id", "position", "date", "left", "match", "right", "other")


def to_csv(found: list[Line], delimiter: str = ",", header: bool = True) -> str:
    """The lines as CSV (or TSV with ``delimiter="\\t"``), one row per line, after a
    header row (``header``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow(COLUMNS)
    for line in found:
        row = asdict(line)
        writer.writerow(
            [
                TSV_BREAKS.sub(" ", str(row[c])) if delimiter == "\t" and row[c] else row[c]
                for c in COLUMNS
            ]
        )
    return out.getvalue()
