"""What a query means in the other language: the glossary's renderings of the terms
it holds (to search for them too, and to mark them), else the rendering the term
spotter finds with confidence.

A query *holds* a glossary term when some of its plain words, side by side, or one
quoted phrase, are exactly the term's English form (as words, case aside) or its
Chinese form (normalised). ``q=General Administration of Customs`` holds the
approved entry ``General Administration of Customs = 海关总署``; the search then
also finds items with 海关总署 and without the English words (a Chinese-only item),
and marks 海关总署 on the Chinese side of every hit.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import model
from ..archive import read as archive
from ..archive import search_sql as sql
from ..caches import Kept
from ..terms import spotting
from ..text.chinese import CJK, has_han, normalize
from ..text.query_compiler import Query, Term
from ..text.termmatch import en_regex

MAX_WORDS = 12
"""Longest glossary form (in words) looked for in a query."""
SPOT_CONFIDENT = 0.3
"""A spotted rendering at least this good is marked (when the glossary has none)."""
_WORDS = re.compile(f"[{CJK}]+|[^\\W_]+")


@dataclass
class Expansion:
    """A glossary term found in a query: its form there and its renderings."""

    form: str
    lang: str
    """The language of :attr:`form` (the renderings are in the other one)."""
    renderings: list[str]
    status: str
    start: int
    """The query's groups ``start:end`` spell the form."""
    end: int


@dataclass
class Meaning:
    """A query's renderings in the other language."""

    expansions: list[Expansion] = field(default_factory=list)
    spotted: dict[str, list[str]] = field(default_factory=dict)
    """Renderings the spotter found, by their language (used where no glossary term is)."""

    def renderings(self, lang: str) -> list[str]:
        """Every rendering in ``lang`` (glossary first, then spotted)."""
        out = [r for e in self.expansions if e.lang != lang for r in e.renderings]
        return out + [r for r in self.spotted.get(lang, []) if r not in out]

    def patterns(self, lang: str) -> tuple[re.Pattern[str], ...]:
        """Regexes finding the renderings in ``lang`` in normalised, lower-cased text."""
        return tuple(rendering_pattern(r, lang) for r in self.renderings(lang))


def glossary_renderings(conn: sqlite3.Connection, term: str) -> list[tuple[str, str, str]]:
    """(rendering, its language, status) of every glossary entry whose English or Chinese
    form is ``term``, obsolete ones too (a term's history)."""
    out: dict[tuple[str, str], str] = {}
    order = model.STATUS_ORDER
    for e in _index(conn).get(_key(term), []):
        other = model.other(e.lang)
        key = (e.form(other), other)
        if key not in out or order.get(e.term.status, 3) < order.get(out[key], 3):
            out[key] = e.term.status
    return [(text, lang, status) for (text, lang), status in out.items()]


def spotted(conn: sqlite3.Connection, term: str) -> dict[str, list[str]]:
    """The spotter's confident renderings of ``term``, by their language."""
    return _spotted(conn, term)


@functools.lru_cache(maxsize=4096)
def rendering_pattern(text: str, lang: str) -> re.Pattern[str]:
    """A regex finding ``text`` (a term or rendering in ``lang``) in normalised, lower-cased
    text: Chinese as a substring, English as whole words with plurals."""
    if lang == "zh":
        return re.compile(re.escape(normalize(text).lower()))
    return en_regex(normalize(text).lower())


def _key(text: str) -> str:
    """A form as the index compares it: its words, normalised, lower case, one space, each
    word once. The query parser keeps a repeated word once (``parse``), so a form that
    repeats one ("General Administration of Customs of P. R. China") reaches the index
    without the repeats, and is stored so."""
    return _joined(_WORDS.findall(normalize(text).lower()))


def _joined(words: list[str]) -> str:
    return " ".join(dict.fromkeys(words))


class _Entry(NamedTuple):
    """A glossary term found by its form in ``lang``."""

    lang: str
    term: model.Term

    def form(self, lang: str) -> str:
        return self.term.zh if lang == "zh" else self.term.en


def _index(conn: sqlite3.Connection) -> dict[str, list[_Entry]]:
    """Glossary entries by the key of each form (English and Chinese), any status."""

    def build() -> dict[str, list[_Entry]]:
        out: dict[str, list[_Entry]] = {}
        for t in archive.glossary_terms(conn):
            if not t.zh:
                continue
            for lang in ("en", "zh"):
                entry = _Entry(lang, t)
                key = _key(entry.form(lang))
                if key:
                    out.setdefault(key, []).append(entry)
        return out

    return sql.per_file(conn, "glossary_index", build)


def _spans(query: Query) -> list[tuple[int, int, str]]:
    """(start, end, key) of every run of the query's groups that could spell a form:
    one quoted phrase, or plain single-term groups side by side."""
    out = []
    groups = query.groups
    for i, g in enumerate(groups):
        if len(g) != 1 or g[0].prefix:
            continue
        if g[0].quoted:
            out.append((i, i + 1, _key(g[0].text)))
            continue
        words: list[str] = []
        for j in range(i, min(len(groups), i + MAX_WORDS)):
            h = groups[j]
            if len(h) != 1 or h[0].quoted or h[0].prefix:
                break
            words.extend(_WORDS.findall(h[0].text))
            out.append((i, j + 1, _joined(words)))
            if all(has_han(w) for w in words):
                out.append((i, j + 1, "".join(words)))
    return out


def understand(
    conn: sqlite3.Connection, query: Query, fuzzy: bool = False, spot: bool = True
) -> Meaning:
    """The glossary terms ``query`` holds (approved ones; ``fuzzy`` too if asked), longest
    first and not overlapping; else, for a query that is one term, what the spotter
    finds for it."""
    index = _index(conn)
    allowed = ("approved", "fuzzy") if fuzzy else ("approved",)
    found: list[Expansion] = []
    taken: set[int] = set()
    for start, end, key in sorted(_spans(query), key=lambda s: (s[0] - s[1], s[0])):
        entries = [e for e in index.get(key, []) if e.term.status in allowed]
        if not entries or taken & set(range(start, end)):
            continue
        lang = entries[0].lang
        other = model.other(lang)
        renderings = list(dict.fromkeys(e.form(other) for e in entries if e.lang == lang))
        status = "approved" if any(e.term.status == "approved" for e in entries) else "fuzzy"
        found.append(Expansion(entries[0].form(lang), lang, renderings, status, start, end))
        taken.update(range(start, end))
    meaning = Meaning(sorted(found, key=lambda e: e.start))
    if not found and spot and not query.excluded and all(len(g) == 1 for g in query.groups):
        term = query.together or (query.groups[0][0] if len(query.groups) == 1 else None)
        if term is not None and _spottable(term):
            meaning.spotted = _spotted(conn, term.text)
    return meaning


def _spottable(term: Term) -> bool:
    """Whether the spotter is worth asking about ``term``: not a function word, a prefix
    or a single character (月, "x": found in most sentence pairs, rendered by nothing in
    particular, and the most expensive to spot)."""
    if term.function_word or term.prefix:
        return False
    return len(term.text) >= (2 if has_han(term.text) else 3)


SPOTTED_KEPT = 512
_SPOTTED: Kept[tuple[str, str], dict[str, list[str]]] = Kept(SPOTTED_KEPT)
"""Spotter answers: per archive file and query, for the file's present state; the least
recently asked go first."""


def _spotted(conn: sqlite3.Connection, text: str) -> dict[str, list[str]]:
    """The spotter's confident renderings of ``text``."""
    path, *state = sql.file_version(conn)

    def spot() -> dict[str, list[str]]:
        result = spotting.lookup(conn, text, limit=3)
        other = model.other(result.lang)
        good = [
            r.text
            for r in result.renderings
            if r.score >= SPOT_CONFIDENT and r.status != "obsolete"
        ]
        return {other: good[:2]} if good else {}

    if path is None:  # a database in memory: no state to key on
        return spot()
    return _SPOTTED.made((path, text), spot, tuple(state))


def alternatives(query: Query, meaning: Meaning) -> tuple[str, ...]:
    """FTS5 expressions for the query with a glossary term replaced by a rendering."""
    out = []
    for e in meaning.expansions:
        for r in e.renderings:
            expression = query.without(e.start, e.end, Term(normalize(r).lower(), quoted=True))
            if expression:
                out.append(expression)
    return tuple(out)
