"""Search-all: items, sentence pairs and glossary terms for one query, with snippets.

The FTS tables index only the shadow (bigrams of the normalised text), so
snippets and highlights are found here, on the stored text, with patterns that
match exactly what the compiled query matches (``library.text.query_compiler``).
Results are data: each piece of text comes as a :class:`~.marks.Marked` (the text,
where the query matches it and where its rendering in the other language stands);
``library.web`` turns them into HTML.

The query's glossary terms are searched in both languages (``expand``): an item
that has only the rendering (海关总署 for "General Administration of Customs") is
found too and says so (:attr:`ItemHit.via_glossary`). Without expansion the
results are exactly the items holding the query (the substring oracle's).
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from .. import budget, model
from ..archive import read as archive
from ..archive import search_sql as sql
from ..archive.rows import FoundItem, SnippetPair
from ..model import LANGS, SENTENCE_CHARS, Term
from ..text.chinese import normalize, normalized
from ..text.query_compiler import NO_MATCH, Query, parse
from .equivalents import Meaning, alternatives, understand
from .marks import Marked, mark, scanned, spans

SNIPPET = {"zh": 80, "en": 200}
"""Characters of a snippet, by language (a Chinese character carries about a word)."""
LONG_PAIR = {"zh": SENTENCE_CHARS, "en": SENTENCE_CHARS}
"""A matching sentence pair's side longer than this (no sentence: a page without sentence
ends) is shown cut around its best match, like a snippet."""


class UnknownCategory(ValueError):
    """A category the archive does not have (by key, English or Chinese name): the
    asker's mistake, not an empty answer."""

    def __init__(self, category: str, known: list[str]) -> None:
        super().__init__(f"no category {category!r} here")
        self.category, self.known = category, known


PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
RANK_UP_TO = 5_000
"""Up to this many matching items are ranked by bm25 (beyond, see :func:`_page`)."""
FACET_UP_TO = 5_000
"""Matches counted exactly by category; beyond, the category facet is estimated."""
WINDOWS = 16
CATEGORIES = 30
COUNT_UP_TO = 10_000
"""Sentence pairs are counted up to this many (a common word is in most of them)."""


class Filters(TypedDict):
    """An item search's filters, as the SQL functions take them (``**filters``)."""

    year: int | None
    category: str | None
    rowids: tuple[int, int] | None
    """The year's range of rowids, when the archive is in date order."""


class Where(Filters):
    """The filters and the language whose columns are searched (None: both)."""

    lang: str | None


@dataclass
class ItemHit:
    id: str
    date: str | None
    year: int | None
    status: str
    category_en: str | None
    category_zh: str | None
    title_en: str | None
    title_zh: str | None
    title_en_marked: Marked
    title_zh_marked: Marked
    snippet_zh: Marked
    """The best matching sentence pair's Chinese side, cut around its first match."""
    snippet_en: Marked
    segment: int | None
    """Position of the sentence pair the snippets come from."""
    found_in: list[str]
    """The languages whose title or body match the whole query by themselves."""
    score: float | None
    """bm25 (lower is better), None when the query was too common to rank."""
    via_glossary: list[str] = field(default_factory=list)
    """For an item found only through the glossary, the renderings it holds."""


@dataclass
class SegmentHit:
    item_id: str
    position: int
    date: str | None
    zh: Marked
    en: Marked
    score: float | None


@dataclass
class Results:
    q: str
    expression: str
    lang: str | None
    year: int | None
    category: str | None
    offset: int
    size: int
    total: int
    ranking: str
    """``bm25`` (the query's words as a phrase first, titles weighing 4× the bodies,
    newest first on ties), or for a query matching more than :data:`RANK_UP_TO` items,
    ``phrase, then newest`` (several plain words) or ``titles, then newest``."""
    items: list[ItemHit]
    facets: dict[str, list[dict[str, Any]]]
    """``year``, ``category`` and ``lang``: each a list of ``{"value", "count"}`` (and a
    category's ``en`` and ``zh`` names)."""
    segments: list[SegmentHit]
    segments_total: int
    segments_count_capped: bool
    """Whether :attr:`segments_total` stopped counting at :data:`COUNT_UP_TO`."""
    terms: list[Term] = field(default_factory=list)
    expanded: list[dict[str, Any]] = field(default_factory=list)
    """The glossary terms the query holds and the renderings searched with them."""
    spotted: dict[str, list[str]] = field(default_factory=dict)
    """Renderings the term spotter found (marked where no glossary term applies)."""
    approximate: list[str] = field(default_factory=list)
    """Facets estimated from a sample of the matches (see :func:`_categories`)."""

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.size if self.offset + self.size < self.total else None


def _best_segment(segments: list[SnippetPair], query: Query) -> SnippetPair | None:
    """The sentence pair matching the most of the query's groups (either side), then
    holding its words as a phrase, earliest on ties; the first pair when none matches
    (a match in the title)."""
    patterns = query.patterns
    together = query.together
    phrase = [re.compile(together.pattern)] if together else []
    best: SnippetPair | None = None
    best_hits = (0, 0)
    for seg in segments:
        texts = (seg["zh"], seg["en"])
        hits = (_terms_found(texts, patterns), _terms_found(texts, phrase))
        if hits > best_hits:
            best, best_hits = seg, hits
            if hits == (len(patterns), len(phrase)):
                break
    return best or (segments[0] if segments else None)


def _terms_found(texts: tuple[str | None, ...], patterns: Sequence[re.Pattern[str]]) -> int:
    """How many of the query's terms occur in ``texts``, each term inside one text (as
    the index matches: a phrase never spans a title and a body)."""
    norms = [normalized(scanned(t))[0] for t in texts if t]
    return sum(1 for p in patterns if any(p.search(n) for n in norms))


TERMS_SHOWN = 20
"""Glossary entries a search lists (those whose forms hold every word of the query)."""


def _glossary_text(conn: sqlite3.Connection) -> tuple[list[Term], str, list[int]]:
    """The glossary in its order, each entry's two forms as search compares them
    (normalised, lower case) one to a line (lines end in NUL) and where each line
    starts: made once per version of the database file."""

    def build() -> tuple[list[Term], str, list[int]]:
        terms = archive.glossary_terms(conn)
        lines = [normalize(f"{t.en} {t.zh or ''}").lower().replace("\0", " ") for t in terms]
        starts: list[int] = []
        at = 0
        for line in lines:
            starts.append(at)
            at += len(line) + 1
        return terms, "\0".join(lines) + "\0", starts

    return sql.per_file(conn, "glossary_text", build)


def _terms(conn: sqlite3.Connection, query: Query) -> list[Term]:
    """Glossary entries whose English or Chinese form contains every word of the query
    (its terms that are not excluded), in glossary order: the rarest word's occurrences
    are found in the glossary's text in C, and only their lines tested for the others,
    so a termbase of tens of thousands costs a search a few scans, not a loop."""
    words = [w for g in query.groups for t in g for w in t.text.split()]
    if not words:
        return []
    terms, text, starts = _glossary_text(conn)
    rarest = min(set(words), key=text.count)  # a scan each: a hostile query repeats words
    out: list[Term] = []
    at = text.find(rarest)
    while at >= 0 and len(out) < TERMS_SHOWN:
        k = bisect.bisect_right(starts, at) - 1
        end = text.index("\0", at)
        if all(w in text[starts[k] : end] for w in words):
            out.append(terms[k])
        at = text.find(rarest, end + 1)
    return out


def _empty(
    q: str,
    expression: str,
    lang: str | None,
    year: int | None,
    category: str | None,
    offset: int,
    size: int,
) -> Results:
    return Results(
        q,
        expression,
        lang,
        year,
        category,
        offset,
        size,
        0,
        "bm25",
        [],
        {"year": [], "category": [], "lang": []},
        [],
        0,
        False,
    )


def _categories(
    conn: sqlite3.Connection,
    expression: str,
    total: int,
    where: Where,
    exact_up_to: int = FACET_UP_TO,
) -> tuple[list[tuple[str, int]], list[str]]:
    """The category facet, largest first, and ``["category"]`` when it is estimated.

    Counting categories joins every match to its row. Up to ``exact_up_to`` matches
    that is done; beyond, the items in :data:`WINDOWS` evenly spread ranges of
    rowids (dates) holding about that many matches are counted and the counts scaled
    to the total. An archive with one category needs no counting at all."""
    sizes = sql.category_sizes(conn)
    named: list[str] = [c for c in sizes if c is not None]
    if not total or not named:
        return [], []
    if where["category"]:
        return [(where["category"], total)], []
    if len(sizes) == 1:
        return [(named[0], total)], []
    if total <= exact_up_to:
        counts = sql.category_facet(conn, expression, **where)
        named_counts = {c: n for c, n in counts.items() if c is not None}
        return sorted(named_counts.items(), key=lambda c: (-c[1], c[0]))[:CATEGORIES], []
    lo, hi = where["rowids"] or sql.rowid_span(conn)
    width = max(1, (hi - lo + 1) * exact_up_to // total // WINDOWS)
    step = (hi - lo + 1) / WINDOWS
    windows = [
        (int(lo + k * step), min(hi, int(lo + k * step) + width - 1)) for k in range(WINDOWS)
    ]
    anywhere: Where = {**where, "rowids": None}
    counts = sql.category_facet(conn, expression, **anywhere, windows=windows)
    sampled = sum(counts.values())
    scale = total / sampled if sampled else 0
    estimated = {c: max(1, round(n * scale)) for c, n in counts.items() if c is not None}
    return sorted(estimated.items(), key=lambda c: (-c[1], c[0]))[:CATEGORIES], ["category"]


def _page(
    conn: sqlite3.Connection,
    expression: str,
    total: int,
    *,
    lang: str | None,
    year: int | None,
    category: str | None,
    rowids: tuple[int, int] | None,
    offset: int,
    size: int,
    boost: str | None = None,
    rank_up_to: int = RANK_UP_TO,
) -> tuple[str, list[FoundItem]]:
    """A page of matching items: by bm25 up to :data:`RANK_UP_TO` matches (those holding
    ``boost``, the query's words as a phrase, first); beyond, those holding the phrase
    (else the title matches) first, then the rest, each newest first (FTS5 walks its
    rowids backwards in date order, so the cost no longer grows with the number of
    matches)."""
    where = Where(
        lang=lang, year=year if rowids is None else None, category=category, rowids=rowids
    )
    if total <= rank_up_to:
        return "bm25", sql.search_items(
            conn, expression, limit=size, offset=offset, boost=boost, **where
        )
    rows = sql.search_items_newest(
        conn, expression, leading=True, first=boost, limit=size, offset=offset, **where
    )
    if len(rows) < size:  # the leading matches end on this page (or before it)
        if rows:
            leading = offset + len(rows)
        elif boost:
            leading = sql.count_items_matching(conn, f"({expression}) AND ({boost})", **where)
        else:
            leading = sql.count_items_matching(conn, expression, titles=True, **where)
        rows += sql.search_items_newest(
            conn,
            expression,
            leading=False,
            first=boost,
            limit=size - len(rows),
            offset=max(0, offset - leading),
            **where,
        )
    return ("phrase, then newest" if boost else "titles, then newest"), rows


def _category_facet(
    conn: sqlite3.Connection, counts: list[tuple[str, int]]
) -> list[dict[str, Any]]:
    """Category facet rows: the key, its count and its name in each language."""
    labels = sql.category_labels(conn)
    return [
        {
            "value": v,
            "count": n,
            "en": labels.get(v, (None, None))[0],
            "zh": labels.get(v, (None, None))[1],
        }
        for v, n in counts
    ]


def search(
    conn: sqlite3.Connection,
    q: str,
    *,
    lang: str | None = None,
    year: int | None = None,
    category: str | None = None,
    offset: int = 0,
    size: int = PAGE_SIZE,
    segments: int = 10,
    exact_categories_up_to: int = FACET_UP_TO,
    rank_up_to: int = RANK_UP_TO,
    expand: bool = True,
    fuzzy: bool = False,
    equivalents: bool = True,
) -> Results:
    """Everything in the archive matching ``q``: a page of items (bm25, the query's words
    as a phrase first, titles weighing more, newest on ties) with snippets in both
    languages, the facets, the first ``segments`` sentence pairs and the glossary
    terms. ``expand`` also finds the renderings of the glossary terms ``q`` holds
    (approved ones; ``fuzzy`` adds those not yet approved); ``equivalents`` marks the
    query's renderings in the other language. ``year``, ``category`` (its key or either
    name) and ``lang`` filter items and sentence pairs alike."""
    query = parse(q)
    size = max(1, min(size, MAX_PAGE_SIZE))
    offset = max(0, offset)
    direct = query.expression
    if direct == NO_MATCH:
        return _empty(q, direct, lang, year, category, offset, size)
    meaning = (
        understand(conn, query, fuzzy=fuzzy, spot=equivalents)
        if expand or equivalents
        else Meaning()
    )
    alts = alternatives(query, meaning) if expand else ()
    expression = query.expression_with(alts)
    if category:
        key = sql.find_category(conn, (category, normalize(category)))
        if key is None:
            raise UnknownCategory(category, sorted(sql.category_labels(conn)))
        category = key
    ranges = sql.year_ranges(conn)
    rowids = None
    if year is not None and ranges is not None:
        rowids = next(((lo, hi) for y, lo, hi in ranges if y == year), None)
        if rowids is None:
            return _empty(q, expression, lang, year, category, offset, size)
    where = Where(lang=lang, year=year, category=category, rowids=rowids)
    years = sql.year_facet(conn, expression, **where)
    total = sum(n for _, n in years)
    categories, approximate = _categories(conn, expression, total, where, exact_categories_up_to)
    patterns = query.patterns
    langs: list[tuple[str, int]] = []
    if total and lang is not None:
        langs = [(lang, total)]
    elif total:
        within = Filters(year=year, category=category, rowids=rowids)
        counts = {
            side: sql.count_items_matching(conn, expression, lang=side, **within) for side in LANGS
        }
        # One term always matches within one column; only several can be split.
        either = (
            total
            if len(patterns) < 2 and not alts
            else sql.count_matching_either(conn, expression, **within)
        )
        langs = [("zh", counts["zh"]), ("en", counts["en"]), ("zh+en", total - either)]
    together = query.together
    ranking, rows = _page(
        conn,
        expression,
        total,
        lang=lang,
        year=year,
        category=category,
        rowids=rowids,
        offset=offset,
        size=size,
        boost=together.expression if together else None,
        rank_up_to=rank_up_to,
    )
    ids = [r["id"] for r in rows]
    segs = sql.item_segments(conn, ids)
    hit_rowids = [r["rowid"] for r in rows]
    found_directly = sql.matching_rowids(conn, direct, hit_rowids) if alts else None
    # Which language holds the query: asked of the index, one query a side (reading the
    # texts would cost their length: a page of megabytes is a second).
    found_in = {
        side: sql.matching_rowids(conn, f"{{title_{side} body_{side}}} : ({direct})", hit_rowids)
        if direct != NO_MATCH
        else set()
        for side in LANGS
    }
    texts = (
        sql.item_texts(conn, [r["id"] for r in rows if r["rowid"] not in found_directly])
        if found_directly is not None
        else {}
    )
    marker = _Marker(query, meaning if equivalents else Meaning())
    items = []
    for r in rows:
        budget.check()
        best = _best_segment(segs[r["id"]], query)
        zh, en = marker.pair(r["title_zh"], r["title_en"])
        snippet_zh, snippet_en = marker.pair(
            best["zh"] if best else None, best["en"] if best else None, SNIPPET
        )
        via: list[str] = []
        if found_directly is not None and r["rowid"] not in found_directly:
            via = marker.renderings_in(
                [t for side in LANGS for t in texts.get((r["id"], side), ())]
            )
        items.append(
            ItemHit(
                id=r["id"],
                date=r["date"],
                year=r["year"],
                status=r["status"],
                category_en=r["category_en"],
                category_zh=r["category_zh"],
                title_en=r["title_en"],
                title_zh=r["title_zh"],
                title_en_marked=en,
                title_zh_marked=zh,
                snippet_zh=snippet_zh,
                snippet_en=snippet_en,
                segment=best["position"] if best else None,
                found_in=[s for s in LANGS if r["rowid"] in found_in[s]],
                score=r["score"],
                via_glossary=via,
            )
        )
    pairs, pairs_total = (
        sql.search_segments(
            conn,
            expression,
            segments,
            count_up_to=COUNT_UP_TO,
            lang=lang,
            year=year,
            category=category,
        )
        if segments
        else ([], 0)
    )
    hits = []
    for p in pairs:
        budget.check()
        zh, en = marker.pair(p["zh"], p["en"], LONG_PAIR)
        hits.append(SegmentHit(p["item_id"], p["position"], p["date"], zh, en, p["score"]))
    return Results(
        q=q,
        expression=expression,
        lang=lang,
        year=year,
        category=category,
        offset=offset,
        size=size,
        total=total,
        ranking=ranking,
        items=items,
        facets={
            "year": [{"value": v, "count": n} for v, n in years],
            "category": _category_facet(conn, categories),
            "lang": [{"value": v, "count": n} for v, n in langs],
        },
        approximate=approximate,
        segments=hits,
        segments_total=min(pairs_total, COUNT_UP_TO),
        segments_count_capped=pairs_total > COUNT_UP_TO,
        terms=_terms(conn, query),
        expanded=[
            {"form": e.form, "lang": e.lang, "renderings": e.renderings, "status": e.status}
            for e in meaning.expansions
        ]
        if expand
        else [],
        spotted=meaning.spotted,
    )


def size(results: Results) -> int:
    """About how many characters a page of results holds (what keeping it costs)."""
    texts = [
        m.text
        for hit in results.items
        for m in (hit.title_zh_marked, hit.title_en_marked, hit.snippet_zh, hit.snippet_en)
    ]
    texts += [m.text for hit in results.segments for m in (hit.zh, hit.en)]
    return sum(map(len, texts)) + 200 * (len(results.items) + len(results.segments))


class _Marker:
    """Marks a pair of texts: the query's matches on both sides; on each side the
    renderings of the query in that language: the glossary's everywhere, the
    spotter's only where the other side holds the query (in that very pair)."""

    def __init__(self, query: Query, meaning: Meaning) -> None:
        self.highlights = query.highlights
        self.phrase = query.phrase
        self.glossary = bool(meaning.expansions)
        self.renderings = {side: meaning.patterns(side) for side in LANGS}

    def pair(
        self, zh: str | None, en: str | None, width: dict[str, int] | None = None
    ) -> tuple[Marked, Marked]:
        out = {}
        texts = {"zh": zh, "en": en}
        for side in LANGS:
            other = model.other(side)
            equivalents = self.renderings[side]
            if (
                equivalents
                and not self.glossary
                and not spans(scanned(texts[other]), self.highlights)
            ):
                equivalents = ()
            out[side] = mark(
                texts[side],
                self.highlights,
                width[side] if width else None,
                equivalents,
                self.phrase,
            )
        return out["zh"], out["en"]

    def renderings_in(self, texts: list[str]) -> list[str]:
        """The renderings (as written in ``texts``) that ``texts`` hold."""
        found: dict[str, None] = {}
        for text in texts:
            for side in LANGS:
                for a, b in spans(text, self.renderings[side]):
                    found[text[a:b]] = None
        return list(found)


def newest_matching(
    conn: sqlite3.Connection, q: str, *, lang: str | None = None, limit: int = 30
) -> list[int]:
    """The rowids of the newest ``limit`` items matching ``q`` as the search page finds
    them (the glossary's approved renderings too): a saved search's feed follows what
    is new, not what ranks first."""
    query = parse(q)
    if query.expression == NO_MATCH:
        return []
    alts = alternatives(query, understand(conn, query, fuzzy=False, spot=False))
    return sql.newest_matching(conn, query.expression_with(alts), lang=lang, limit=limit)
