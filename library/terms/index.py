"""A glossary made ready to search once: its entries by form, and every form in one
automaton (:class:`~library.text.termmatch.Forms`), so that finding the entries a text
holds costs the text's length plus its matches, and finding an entry by its form or the
entries holding a term costs a lookup or one scan in C, whatever the glossary's size
(a termbase holds tens of thousands of official titles).

Forms are compared as everywhere else: English by :func:`~library.text.termmatch.en_regex`
(case, plurals, hyphens), Chinese on the normalised text (``normalize``: NFKC and
Traditional → Simplified), case as written.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from ..archive import read as archive
from ..archive.search_sql import per_file
from ..caches import Kept
from ..model import Term
from ..text.chinese import normalize
from ..text.termmatch import JOIN, Forms, en_key_text, en_spans


class GlossaryIndex:
    """The glossary's terms by English form (lower case) and by normalised rendering
    (:meth:`zh_norm`).

    >>> g = GlossaryIndex([Term("t1", "Director", "司長", "approved"),
    ...                    Term("t2", "Deputy Director", "副司长", "approved")])
    >>> [(a, b, f) for a, b, f in g.forms.en("The deputy directors met.")]
    [(4, 20, 'deputy director'), (11, 20, 'director')]
    >>> [e.en for e in g.zh_entries("副司长和司长")]
    ['Deputy Director', 'Director']
    >>> [e.en for e in g.holding("director", "en")], [e.en for e in g.holding("司长", "zh")]
    (['Deputy Director'], ['Deputy Director'])
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.entries = list(terms)
        self._norm = {t.zh: normalize(t.zh or "") for t in self.entries}
        by_en: dict[str, list[Term]] = defaultdict(list)
        by_zh: dict[str, list[Term]] = defaultdict(list)
        for t in self.entries:
            if t.en:
                by_en[t.en.lower()].append(t)
            if self._norm[t.zh]:
                by_zh[self._norm[t.zh]].append(t)
        self.by_en, self.by_zh = dict(by_en), dict(by_zh)
        self.forms = Forms(en=self.by_en, zh=self.by_zh)
        self.derived: dict[str, object] = {}
        """What a user of the index computes from it once (``check._Glossary``)."""
        # Every form once, one to a line, for the entries holding a term (longer names):
        # one regex or substring scan of the lines in C instead of a loop over entries.
        # Lines end in NUL, which neither a form nor a regex's separator (\s) holds.
        # English lines are the forms' token keys (the automaton's pre-filter), confirmed
        # by the term's regex on the few lines found.
        self._lines = {"en": sorted(self.by_en), "zh": sorted(self.by_zh)}
        searched = {"en": [en_key_text(f) for f in self._lines["en"]], "zh": self._lines["zh"]}
        self._text = {lang: "\0".join(lines) + "\0" for lang, lines in searched.items()}
        self._starts = {lang: _line_starts(lines) for lang, lines in searched.items()}

    def zh_norm(self, term: Term) -> str:
        """A term's rendering normalised (``normalize``), as the index holds it."""
        return self._norm[term.zh]

    def en_entries(self, text: str | None) -> list[Term]:
        """The entries whose English form ``text`` holds (each once, in text order)."""
        return self._once(self.by_en[f] for _, _, f in self.forms.en(text))

    def zh_entries(self, normalized_text: str | None) -> list[Term]:
        """The entries whose rendering the normalised ``normalized_text`` holds."""
        return self._once(self.by_zh[f] for _, _, f in self.forms.zh(normalized_text))

    def places(self, text: str | None, lang: str) -> dict[str, list[tuple[int, int]]]:
        """Where each form occurs in ``text`` (Chinese: normalised), by form (English in
        lower case): every occurrence, nested ones too."""
        out: dict[str, list[tuple[int, int]]] = {}
        found = self.forms.en(text) if lang == "en" else self.forms.zh(text)
        for a, b, form in found:
            out.setdefault(form, []).append((a, b))
        return out

    def holding(self, term: str, lang: str) -> list[Term]:
        """The entries whose form in ``lang`` holds ``term`` (English as words, Chinese
        normalised, as a substring) and is not the term itself: the longer names it can
        stand inside."""
        own = term.lower() if lang == "en" else normalize(term)
        needle = en_key_text(term) if lang == "en" else own
        if not needle.strip(JOIN):
            return []
        lines, starts = self._lines[lang], self._starts[lang]
        found = _find_all(self._text[lang], needle)
        forms = {lines[bisect.bisect_right(starts, at) - 1] for at in found}
        if lang == "en":
            forms = {f for f in forms if en_spans(term, f)}
        index = self.by_en if lang == "en" else self.by_zh
        return self._once(index[f] for f in sorted(forms) if f != own)

    @staticmethod
    def _once(groups: Iterable[list[Term]]) -> list[Term]:
        out: list[Term] = []
        seen: set[int] = set()
        for group in groups:
            for t in group:
                if id(t) not in seen:
                    seen.add(id(t))
                    out.append(t)
        return out


def _line_starts(lines: list[str]) -> list[int]:
    out: list[int] = []
    at = 0
    for line in lines:
        out.append(at)
        at += len(line) + 1
    return out


def _find_all(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


_MADE: Kept[int, tuple[Sequence[Term], GlossaryIndex]] = Kept(16)
"""Indexes of the glossary lists last asked about, by the list's identity and length."""


def index_of(terms: Sequence[Term] | GlossaryIndex) -> GlossaryIndex:
    """``terms`` as an index, made once for the same list: a check or an export asks
    for it sentence by sentence. The cache holds the list itself, so its ``id`` is not
    given to another while it is remembered (the glossary lists we pass are not changed
    in place)."""
    if isinstance(terms, GlossaryIndex):
        return terms
    found = _MADE.made(id(terms), lambda: (terms, GlossaryIndex(terms)), len(terms))
    if found[0] is not terms:  # another list of the same length, given a freed id
        found = (terms, GlossaryIndex(terms))
        _MADE.put(id(terms), found, len(terms))
    return found[1]


def archive_index(conn: sqlite3.Connection) -> GlossaryIndex:
    """The index of the glossary an archive was built with, made once per version of
    the database file."""
    return per_file(conn, "glossary_entries", lambda: GlossaryIndex(archive.glossary_terms(conn)))
