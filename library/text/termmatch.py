"""Finding a term in text: English forms tolerant of case, plurals and hyphens;
Chinese on the normalised (NFKC, Traditional→Simplified) text.

Each matcher has a cheap FTS5 pre-filter over the shadow index of
``segments_fts`` (:func:`en_fts`, :func:`zh_fts`) and an exact test in Python
(:func:`en_spans`, :func:`zh_spans`) that the candidates must pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .chinese import normalize
from .query import phrase_query

_SEP = r"[\s\-\u2010\u2011\u2013]+"
_TOKEN = re.compile(r"[a-z0-9]+")


def _word_pattern(word: str) -> str:
    """A word of a term, with its plural: Director(s), Authority/Authorities, Box(es)."""
    if not word[-1:].isalpha() or len(word) < 2:
        return re.escape(word)
    if len(word) > 2 and word[-1] in "yY" and word[-2].lower() not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word[-1] in "sxzSXZ" or word.lower().endswith(("ch", "sh")):
        return re.escape(word) + "(?:es)?"
    return re.escape(word) + "(?:s|es)?"


@functools.lru_cache(maxsize=8192)
def en_regex(term: str) -> re.Pattern:
    """The English form as a case-insensitive pattern; words may take a plural and be
    joined by spaces or hyphens.

    >>> bool(en_regex("Deputy Director").search("two deputy directors said"))
    True
    >>> bool(en_regex("cross-border e-commerce").search("cross border e commerce"))
    True
    >>> bool(en_regex("IPR").search("IPRS and iprs")), bool(en_regex("IPR").search("IPRX"))
    (True, False)
    """
    words = [w for w in re.split(_SEP, term.strip()) if w]
    body = _SEP.join(_word_pattern(w) for w in words)
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)


def en_spans(term: str, text: str | None) -> list[tuple[int, int]]:
    """Where the English term occurs in ``text`` (character offsets)."""
    if not text:
        return []
    return [m.span() for m in en_regex(term).finditer(text)]


def outermost(spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each (start, end) span, whether it is not strictly inside a longer one (another
    span (c, d) with c <= start and end <= d): Director inside Deputy Director is the
    longer term's. Sorting makes it n log n, not n²: a page without sentence ends can
    hold a term tens of thousands of times.

    >>> outermost([(4, 19), (11, 19), (28, 36), (28, 36)])
    [True, False, True, True]
    """
    keep = [True] * len(spans)
    reach = -1  # the furthest end of the spans before this one's (start, -end) group
    order = sorted(range(len(spans)), key=lambda k: (spans[k][0], -spans[k][1]))
    group, group_end = None, -1
    for k in order:
        if spans[k] != group:
            reach, group = max(reach, group_end), spans[k]
            group_end = spans[k][1]
        keep[k] = reach < spans[k][1]
    return keep


@functools.lru_cache(maxsize=8192)
def _normalized_term(term: str) -> str:
    return normalize(term)


def zh_spans(term: str, normalized_text: str | None) -> list[tuple[int, int]]:
    """Where the Chinese term occurs in already :func:`normalize`-d text."""
    if not normalized_text:
        return []
    needle = _normalized_term(term)
    if not needle:
        return []
    out, start = [], normalized_text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = normalized_text.find(needle, start + 1)
    return out


def en_fts(term: str) -> str:
    """FTS5 pre-filter for an English term on the ``en`` column: every word as a prefix
    (``director*`` finds directors; ``authorit*`` authorities).

    >>> en_fts("Deputy Director")
    'en : ("deput"* AND "director"*)'
    """
    tokens = []
    for tok in _TOKEN.findall(normalize(term).lower()):
        if len(tok) > 3 and tok.endswith("y"):
            tok = tok[:-1]
        tokens.append(f'"{tok}"*')
    return f"en : ({' AND '.join(tokens)})" if tokens else 'en : ""'


def zh_fts(term: str) -> str:
    """FTS5 pre-filter for a Chinese term (or any n-gram) on the ``zh`` column.

    >>> zh_fts("綜合業務司")
    'zh : ("综合 合业 业务 务司")'
    """
    return f"zh : ({phrase_query(term)})"


def en_phrase_fts(words: str) -> str:
    """FTS5 query for an exact English word sequence on the ``en`` column."""
    tokens = _TOKEN.findall(normalize(words).lower())
    return f'en : ("{" ".join(tokens)}")' if tokens else 'en : ""'
