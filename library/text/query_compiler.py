"""What a reader types into a search box, understood: terms, ``OR``, ``-excluded``,
``"phrases"`` and ``prefix*``, compiled to a safe FTS5 expression over the shadow
index (``library.text.chinese.shadow``) and to regexes that find in stored text
exactly what the expression matches (FTS5 stores no text to highlight from).

The syntax, the same in both languages:

- whitespace separates terms; every term must occur (AND);
- ``A OR B`` (upper-case ``OR`` between two terms): either;
- ``-word`` or ``-"a phrase"``: items holding it are left out (only beside a term
  that is not excluded: a query of exclusions alone reads them as plain words);
- ``"double quotes"``: the words in this order, side by side;
- ``word*``: any word starting so (Latin words; a one-character Chinese term is
  already a prefix of its bigrams).

Anything else (FTS5 operators, brackets, stray quotes, emoji) is plain text: every
token is quoted before it reaches ``MATCH``, so no query is ever an error. Several
plain words written side by side also form :attr:`Query.together`, the phrase search
ranks first and highlights as one span; a function word ("of", "的") is highlighted
only inside it, or when the query is nothing else.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import LibraryError
from .chinese import CJK, PIECES, WORD, normalize
from .lexicon import FUNCTION_WORDS, ZH_FUNCTION

MAX_CHARS = 500
"""The longest query read: a search box holds words and phrases, not an article."""
MAX_TERMS = 24
"""Most distinct terms in one query (after repeated ones are collapsed): each is one
more posting list to merge and one more pattern to look for in every result."""


class QueryTooBig(LibraryError):
    """A query beyond :data:`MAX_CHARS` or :data:`MAX_TERMS`, refused before any work."""


NO_MATCH = '""'
"""An FTS5 expression that is valid and matches no row (an empty phrase)."""
_TOKENS = re.compile(r'(-?)"([^"]*)"|(\S+)')
_TOKEN_CHAR = f"(?:(?![{CJK}])[^\\W_])"
"""A character of a Latin/number token: what unicode61 keeps, apart from CJK."""
_CJK_EDGE = re.compile(f"[{CJK}]")


@dataclass(frozen=True)
class Term:
    """One term of a query, normalised (NFKC, Simplified, lower case)."""

    text: str
    quoted: bool = False
    prefix: bool = False

    @property
    def expression(self) -> str | None:
        """The term as one quoted FTS5 phrase over shadows (None if it has no token)."""
        return _phrase(self.text, self.prefix)

    @property
    def pattern(self) -> str:
        """A regex finding, in normalised text, exactly what :attr:`expression` matches."""
        return _pattern(self.text, self.prefix)

    @property
    def function_word(self) -> bool:
        """A bare function word ("of", "the", "的"), not worth a highlight alone."""
        return (
            not self.quoted
            and not self.prefix
            and (self.text in FUNCTION_WORDS or (len(self.text) == 1 and self.text in ZH_FUNCTION))
        )


@dataclass(frozen=True)
class Query:
    """A parsed query: every group must match (one of its terms), none of ``excluded``."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def expression(self) -> str:
        """The FTS5 ``MATCH`` expression (:data:`NO_MATCH` when nothing is searchable)."""
        return self.expression_with(())

    def expression_with(self, alternatives: tuple[str, ...]) -> str:
        """The expression, or any of ``alternatives`` (FTS5 expressions for the same
        query said another way), still without what is excluded."""
        positive = _and(_or(t.expression for t in g) for g in self.groups)
        if positive is None:
            return NO_MATCH
        if alternatives:
            positive = " OR ".join(f"({e})" for e in (positive, *alternatives))
        excluded = _or(t.expression for t in self.excluded)
        if excluded is None:
            return positive
        return f"({positive}) NOT ({excluded})"

    def without(self, start: int, end: int, instead: Term) -> str | None:
        """The positive expression with groups ``start:end`` replaced by ``instead``."""
        groups = [*self.groups[:start], (instead,), *self.groups[end:]]
        return _and(_or(t.expression for t in g) for g in groups)

    @property
    def together(self) -> Term | None:
        """The longest run of two or more plain words written side by side, as one phrase
        (words joined as the text would join them: a space between Latin words, none
        between Chinese ones); None when there is no such run."""
        best: list[Term] = []
        run: list[Term] = []
        for group in (*self.groups, ()):
            term = group[0] if len(group) == 1 else None
            if term is not None and not term.quoted and not term.prefix:
                run.append(term)
                continue
            if len(run) > len(best):
                best = run
            run = []
        if len(best) < 2:
            return None
        text = best[0].text
        for t in best[1:]:
            joined = _CJK_EDGE.match(text[-1:]) and _CJK_EDGE.match(t.text[:1])
            text += ("" if joined else " ") + t.text
        return Term(text, quoted=True)

    @property
    def patterns(self) -> tuple[re.Pattern, ...]:
        """One regex per group: a text "has" the group where it matches."""
        return tuple(re.compile("|".join(f"(?:{t.pattern})" for t in g)) for g in self.groups)

    @property
    def highlights(self) -> tuple[re.Pattern, ...]:
        """What to highlight where the words do not stand together: every term that is
        not excluded, function words only when the query holds nothing else."""
        terms = [t for g in self.groups for t in g]
        content = [t for t in terms if not t.function_word] or terms
        return tuple(re.compile(t.pattern) for t in content)

    @property
    def phrase(self) -> tuple[re.Pattern, ...]:
        """What to highlight alone where it occurs: :attr:`together`, as one span."""
        together = self.together
        return (re.compile(together.pattern),) if together else ()


def _and(parts) -> str | None:
    parts = [p for p in parts if p]
    return " AND ".join(parts) if parts else None


def _or(parts) -> str | None:
    parts = [p for p in parts if p]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _phrase(text: str, prefix: bool) -> str | None:
    """One quoted FTS5 phrase for one term, or None if it has no token."""
    pieces = PIECES.findall(text)
    tokens: list[str] = []
    open_end = False
    for i, (run, other) in enumerate(pieces):
        if other:
            tokens.extend(WORD.findall(other))
            continue
        at_end = i == len(pieces) - 1
        bigrams = [run[j : j + 2] for j in range(len(run) - 1)]
        if not at_end:
            # Something non-CJK follows in the query, so the text's run ends
            # here too: its run-final token must be present.
            tokens.extend(bigrams + [run[-1]])
        elif len(run) == 1:
            tokens.append(run)
            open_end = True  # "海" is the start of a bigram or a run's last char
        else:
            tokens.extend(bigrams)
    if not tokens:
        return None
    if prefix and pieces and pieces[-1][1] and WORD.findall(pieces[-1][1]):
        open_end = True
    return '"' + " ".join(tokens) + '"' + ("*" if open_end else "")


def phrase_query(text: str) -> str:
    """The FTS5 phrase for ``text`` (a glossary term, a spotted n-gram) as a quoted
    query would give it, without :func:`parse`'s limits, which are for what a reader
    types: a term found in a reader's 500-character query is itself up to 500 characters.

    >>> phrase_query("綜合業務司")
    '"综合 合业 业务 务司"'
    """
    return _phrase(normalize(text), prefix=False) or '""'


def _pattern(text: str, prefix: bool) -> str:
    pieces = PIECES.findall(text)
    parts: list[str] = []
    for i, (run, other) in enumerate(pieces):
        if run:
            at_end = i == len(pieces) - 1
            parts.append(re.escape(run) + ("" if at_end else f"(?![{CJK}])"))
            continue
        words = WORD.findall(other)
        if not words:
            continue
        body = r"[\W_]+".join(re.escape(w) for w in words)
        open_end = prefix and i == len(pieces) - 1
        parts.append(
            f"(?<!{_TOKEN_CHAR}){body}" + (f"{_TOKEN_CHAR}*" if open_end else f"(?!{_TOKEN_CHAR})")
        )
    return r"[\W_]*".join(parts) if parts else r"(?!)"


def _term(text: str, quoted: bool) -> Term | None:
    prefix = not quoted and text.endswith("*")
    term = Term(text.rstrip("*") if prefix else text, quoted, prefix)
    return term if term.expression else None


@functools.lru_cache(maxsize=4096)
def parse(query: object) -> Query:
    """A reader's query, understood (see the module's docstring).

    >>> q = parse('customs OR police -"fake goods" 海關*')
    >>> [[t.text for t in g] for g in q.groups], [t.text for t in q.excluded]
    ([['customs', 'police'], ['海关']], ['fake goods'])
    >>> parse("-alone").groups
    ((Term(text='-alone', quoted=False, prefix=False),),)
    >>> len(parse("customs " * 60).groups)  # repeated terms collapse
    1
    """
    if query is None:
        return Query(())
    if len(str(query)) > MAX_CHARS:
        raise QueryTooBig(
            f"the query is {len(str(query)):,} characters long; at most {MAX_CHARS} are read",
            hint="search for a few words or a phrase",
        )
    raw = normalize(str(query))
    pieces: list[tuple[bool, Term] | None] = []  # None: an OR
    for minus, quoted, word in _TOKENS.findall(raw):
        if word == "OR":
            pieces.append(None)
            continue
        excluded = bool(minus) or (len(word) > 1 and word[0] == "-" and word[1] != "-")
        text = quoted if minus or quoted else (word[1:] if excluded else word)
        term = _term(text.lower(), quoted=bool(minus or quoted))
        if term is not None:
            pieces.append((excluded, term))
    positive = any(p is not None and not p[0] for p in pieces)

    def plain(k: int) -> bool:
        piece = pieces[k] if 0 <= k < len(pieces) else None
        return piece is not None and not piece[0]

    groups: list[list[Term]] = []
    excluded_terms: list[Term] = []
    joining = False
    for k, piece in enumerate(pieces):
        if piece is None:
            if plain(k - 1) and plain(k + 1) and groups:
                joining = True
            else:
                groups.append([Term("or")])
            continue
        excluded, term = piece
        if excluded and positive:
            excluded_terms.append(term)
        elif excluded:
            groups.append([Term(term.text if term.quoted else "-" + term.text, term.quoted)])
        elif joining:
            groups[-1].append(term)
            joining = False
        else:
            groups.append([term])
    # A repeated term or group adds nothing but work: each is kept once.
    unique = tuple(dict.fromkeys(tuple(dict.fromkeys(g)) for g in groups))
    found = Query(unique, tuple(dict.fromkeys(excluded_terms)))
    terms = {t for g in found.groups for t in g} | set(found.excluded)
    if len(terms) > MAX_TERMS:
        raise QueryTooBig(
            f"the query has {len(terms)} different terms; at most {MAX_TERMS} are read",
            hint="search for fewer words, or put a phrase in quotes",
        )
    return found


@functools.lru_cache(maxsize=4096)
def fts_query(query: object) -> str:
    """Compile what a user typed into a safe FTS5 ``MATCH`` expression over shadows.

    >>> fts_query("海關")
    '"海关"'
    >>> fts_query("综合业务司")
    '"综合 合业 业务 务司"'
    >>> fts_query("QBPC 海")
    '"qbpc" AND "海"*'
    >>> fts_query('NEAR( "customs filing" -x*')
    '("near" AND "customs filing") NOT ("x"*)'
    >>> fts_query("customs OR police")
    '("customs" OR "police")'
    >>> fts_query("😀 ((")
    '""'
    """
    return parse(query).expression


def query_patterns(query: object) -> tuple[re.Pattern, ...]:
    """One regex per group of ``query`` that finds, in :func:`normalized` text, exactly
    the occurrences :func:`fts_query` matches.

    >>> [p.findall("qbpc与海关总署；xqbpc") for p in query_patterns("QBPC 海關")]
    [['qbpc'], ['海关']]
    >>> query_patterns('"customs filing" protect*')[1].findall("protection, protected")
    ['protection', 'protected']
    """
    return parse(query).patterns
