"""Finding a term in text: English forms tolerant of case, plurals and hyphens;
Chinese on the normalised (NFKC, Traditional→Simplified) text.

Each matcher has a cheap FTS5 pre-filter over the shadow index of
``segments_fts`` (:func:`en_fts`, :func:`zh_fts`) and an exact test in Python
(:func:`en_spans`, :func:`zh_spans`) that the candidates must pass.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence

import ahocorasick

from .chinese import normalize
from .query_compiler import phrase_query

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


def outer_forms(found: Sequence[tuple[int, int, str]]) -> set[str]:
    """The forms of ``found`` (as :class:`Forms` gives them: by start, longest first)
    that occur somewhere not strictly inside another occurrence: :func:`outermost`
    without its sort.

    >>> sorted(outer_forms([(4, 19, "deputy director"), (11, 19, "director")]))
    ['deputy director']
    """
    out = set()
    reach, group, group_end = -1, (-1, -1), -1
    for a, b, form in found:
        if (a, b) != group:
            reach, group, group_end = max(reach, group_end), (a, b), b
        if reach < b:
            out.add(form)
    return out


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


_EN_TOKEN = re.compile(r"\w+|[^\w\s\-\u2010\u2011\u2013]")
JOIN = "\x1f"
"""Between token keys: a form's keys match whole tokens only."""


@functools.lru_cache(maxsize=200_000)  # news has some tens of thousands of words
def _en_key(token: str) -> str:
    """A token as the automaton compares it: lower case, trailing s and e dropped and a
    final i read as y, so that every form :func:`en_regex` lets a word take (Director(s),
    Box(es), Authority/Authorities) has its key. It only pre-filters: two words with
    one key (shoe, shoes, sho) are told apart by the regex."""
    key = token.lower().rstrip("se")
    return key[:-1] + "y" if key.endswith("i") else key


def _en_keys(text: str) -> tuple[str, dict[int, int], list[re.Match]]:
    """The text's tokens' keys joined (with a separator before and after each), the token
    whose key follows each separator's offset, and the tokens."""
    tokens = list(_EN_TOKEN.finditer(text))
    keys = [_en_key(m.group()) for m in tokens]
    offsets = itertools.accumulate((len(k) + 1 for k in keys), initial=0)
    token_at = dict(zip(offsets, range(len(keys)), strict=False))  # offsets has one more
    return JOIN + JOIN.join(keys) + JOIN, token_at, tokens


def en_key_text(text: str) -> str:
    """The keys of ``text``'s tokens as the automaton reads them, each between
    separators: a form's key text found in a text's is where the form may be."""
    return _en_keys(text)[0]


def _word_char(text: str, at: int) -> bool:
    """Whether ``text[at]`` exists and is a regex word character (``\\w``)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


class Forms:
    """Many terms found in a text in one pass: an Aho–Corasick automaton (pyahocorasick)
    per language, built once for a glossary, so that the cost of a text is its length
    plus its matches, whatever the number of forms (a loop over forms, or one regex
    alternation, grows with every entry of a termbase of tens of thousands).

    English forms are matched as :func:`en_spans` matches them (case, plurals, hyphens):
    the automaton runs over the text's word keys (:func:`_en_key`) and each candidate is
    confirmed by the form's :func:`en_regex` where it starts. Chinese forms are matched
    as substrings of already normalised text, as :func:`zh_spans` does. Both report
    every occurrence, nested and overlapping ones too (the caller keeps the outermost).

    >>> f = Forms(en=["Deputy Director", "Director", "IPR"], zh=["司长", "副司长"])
    >>> f.en("Two deputy directors and a Director-General; IPRs.")
    [(4, 20, 'Deputy Director'), (11, 20, 'Director'), (27, 35, 'Director'), (45, 49, 'IPR')]
    >>> f.zh("副司长和司长")
    [(0, 3, '副司长'), (1, 3, '司长'), (4, 6, '司长')]
    """

    def __init__(self, en: Iterable[str] = (), zh: Iterable[str] = ()) -> None:
        self._en = ahocorasick.Automaton()
        for form in set(en):
            keys = [_en_key(t) for t in _EN_TOKEN.findall(form)]
            if keys:
                key = JOIN + JOIN.join(keys) + JOIN
                found = self._en.get(key, None)
                if found is None:
                    self._en.add_word(key, (len(keys), len(key), [form]))
                else:
                    found[2].append(form)
        self._zh = ahocorasick.Automaton()
        for form in set(zh):
            if form:
                self._zh.add_word(form, form)
        for automaton in (self._en, self._zh):
            if len(automaton):
                automaton.make_automaton()

    def en(self, text: str | None) -> list[tuple[int, int, str]]:
        """(start, end, form) of every English form in ``text``, in order of start."""
        if not text or not len(self._en):
            return []
        joined, token_at, tokens = _en_keys(text)
        out = []
        for end, (size, length, forms) in self._en.iter(joined):
            first = token_at[end + 1 - length]
            a, b = tokens[first].start(), tokens[first + size - 1].end()
            for form in forms:
                # As written (but for case): the regex would match; else ask it.
                if text[a:b].lower() == form.lower():
                    if not _word_char(text, a - 1) and not _word_char(text, b):
                        out.append((a, b, form))
                    continue
                m = en_regex(form).match(text, a)
                if m and m.end() == b:
                    out.append((a, b, form))
        out.sort(key=lambda s: (s[0], -s[1], s[2]))
        return out

    def zh(self, normalized_text: str | None) -> list[tuple[int, int, str]]:
        """(start, end, form) of every Chinese form in already normalised text, in order
        of start."""
        if not normalized_text or not len(self._zh):
            return []
        out = [(end + 1 - len(form), end + 1, form) for end, form in self._zh.iter(normalized_text)]
        out.sort(key=lambda s: (s[0], -s[1], s[2]))
        return out
