"""What two pages of a pair share, as evidence: dates, numbers, Latin tokens, glossary
renderings, length and what they say (lexical similarity), and the score that weighs it.

``library.pages.pairing`` decides who goes with whom from this (its docstring has the
table of features and weights).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Term, Version
from ..text.anchors import latin_tokens, numbers_en, numbers_zh
from ..text.chinese import han_count, normalize
from ..text.lexicon import Lexicon, en_stems, pinyin_windows, spells_pinyin
from ..text.termmatch import Forms
from .read import with_text

THRESHOLD = 0.6
MAX_DAYS = 7
VETO_NUMBERS = 3
WEIGHTS = {
    "date": 0.25,
    "numbers": 0.40,
    "latin": 0.10,
    "glossary": 0.10,
    "length": 0.15,
    "lexical": 0.60,
}


def _dice(a: set, b: set) -> float | None:
    if not a and not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


class GlossaryMatcher:
    """Finds which glossary renderings a page mentions, in either language: one pass of
    the glossary's automaton (:class:`~library.text.termmatch.Forms`) over the page,
    whatever the glossary's size."""

    def __init__(self, terms: Sequence[Term]) -> None:
        usable = [t for t in terms if t.status != "obsolete"]
        self._renderings: dict[str, set[str]] = defaultdict(set)  # English form → renderings
        for t in usable:
            self._renderings[t.en].add(normalize(t.zh))
        self._forms = Forms(en=self._renderings, zh={normalize(t.zh) for t in usable})

    def renderings_en(self, text: str) -> set[str]:
        return {zh for _, _, form in self._forms.en(text) for zh in self._renderings[form]}

    def renderings_zh(self, text: str) -> set[str]:
        return {form for _, _, form in self._forms.zh(normalize(text))}


@dataclass
class Features:
    version: Version
    day: int | None
    numbers: set[str]
    latin: set[str]
    glossary: set[str]
    length: int
    content: frozenset[str] = frozenset()
    """English: the content stems of its start; Chinese: the stems of the dictionary
    glosses of its start's words (what the page says, in one vocabulary)."""
    words: tuple[frozenset[str], ...] = ()
    """Chinese only: the gloss stems of each distinct dictionary word of its start."""
    names: frozenset[str] = frozenset()
    """English: its capitalised words that spell pinyin (Chengzihe, Xiaolu); Chinese: those
    of the English pages' names its start's characters spell (城子河 → chengzihe)."""


CONTENT_CHARS = {"zh": 1200, "en": 4000}
"""How much of a page (title first) its content evidence reads: enough to tell one
story from another on a busy day, bounded so pairing stays cheap on long pages."""
EVIDENCE_CHARS = 50_000
"""How much of a page its numbers, Latin tokens and glossary renderings are read from:
all of a news story, a bounded cost on a page of megabytes (its length, counted when it
was read, is the whole page's)."""
MAX_GLOSSES = 12
"""A Chinese word with more gloss stems than this is too ambiguous to count."""


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def page_features(
    v: Version,
    matcher: GlossaryMatcher,
    lexicon: Lexicon | None,
    names: tuple[set[str], set[str]] | None = None,
) -> Features:
    """A page's evidence for pairing; ``names`` (the English pages' pinyin names and
    their prefixes) lets a Chinese page say which of them its characters spell."""
    text = (v.title or "") + "\n" + (v.text if v.paragraphs else with_text(v).text)
    text = text[:EVIDENCE_CHARS]
    day = dt.date.fromisoformat(v.date).toordinal() if v.date else None
    start = text[: CONTENT_CHARS[v.lang]]
    if v.lang == "zh":
        words: tuple[frozenset[str], ...] = ()
        spelt: frozenset[str] = frozenset()
        if lexicon is not None:
            glossed = {lexicon.translations(w) for w in set(lexicon.segment(start))}
            words = tuple(g for g in glossed if g and len(g) <= MAX_GLOSSES)
        if names is not None and names[0]:
            spelt = frozenset(pinyin_windows(start, among=names[0], prefixes=names[1]))
        return Features(
            v,
            day,
            numbers_zh(text),
            latin_tokens(text),
            matcher.renderings_zh(text),
            v.han + han_count(v.title or ""),
            frozenset().union(*words) if words else frozenset(),
            words,
            spelt,
        )
    latin = {w.lower() for w in re.findall(r"[A-Za-z0-9&-]+", text)}
    return Features(
        v,
        day,
        numbers_en(text),
        latin,
        matcher.renderings_en(text),
        v.nonspace + sum(1 for c in v.title or "" if not c.isspace()),
        frozenset(en_stems(start)) if lexicon is not None else frozenset(),
        names=frozenset(w.lower() for w in _CAPITALISED.findall(start) if spells_pinyin(w.lower()))
        if lexicon is not None
        else frozenset(),
    )


class Weights:
    """Inverse document frequencies of English stems over the English pages being paired,
    so that what every page says ("customs", "meeting") counts for little; and what each
    page's side of :func:`lexical` needs, worked out once per page, not once per pair."""

    def __init__(self, en: Sequence[Features], known: set[str]) -> None:
        df: dict[str, int] = defaultdict(int)
        for f in en:
            for s in f.content | f.names:
                df[s] += 1
        n = len(en)
        self.idf = {s: math.log((n + 1) / (c + 1)) + 0.1 for s, c in df.items()}
        self.known = known
        """Stems some Chinese page's glosses give: the English words a dictionary can see."""
        self._en: dict[str, tuple[frozenset[str], float]] = {}
        self._zh: dict[str, dict[str, int]] = {}

    def english(self, f: Features) -> tuple[frozenset[str], float]:
        """(its content stems the dictionary can see, their and its names' total weight)."""
        found = self._en.get(f.version.rel)
        if found is None:
            visible = frozenset(s for s in f.content if s in self.known)
            total = sum(self.idf.get(s, 0.1) for s in visible | f.names)
            found = self._en[f.version.rel] = (visible, total)
        return found

    def chinese(self, f: Features) -> dict[str, int]:
        """Gloss stem → a bit mask of the Chinese page's words it glosses."""
        found = self._zh.get(f.version.rel)
        if found is None:
            found = defaultdict(int)
            for k, stems in enumerate(f.words):
                for s in stems:
                    found[s] |= 1 << k
            self._zh[f.version.rel] = found = dict(found)
        return found


def lexical(en: Features, zh: Features, weights: Weights) -> float | None:
    """How much the two pages say the same thing, in [0, 1]: the harmonic mean of the
    share of the English content (weighted by rarity, among the words the dictionary
    knows) that the Chinese words' glosses give, and the share of the Chinese
    dictionary words one of whose glosses the English has. The English pinyin names
    (places, people) count with the content, found when the Chinese characters spell
    them. None without evidence."""
    visible, total = weights.english(en)
    if not total or not zh.words:
        return None
    idf = weights.idf
    shared = en.content & zh.content
    cov_en = (
        sum(idf.get(s, 0.1) for s in shared & visible)
        + sum(idf.get(n, 0.1) for n in en.names & zh.names)
    ) / total
    masks = weights.chinese(zh)
    hit = 0
    for s in shared:
        hit |= masks[s]
    cov_zh = hit.bit_count() / len(zh.words)
    return 0.0 if cov_en + cov_zh == 0 else 2 * cov_en * cov_zh / (cov_en + cov_zh)


def pair_score(
    en: Features,
    zh: Features,
    ratio: float,
    weights: Weights | None = None,
    always_lexical: bool = False,
) -> tuple[float, dict] | None:
    """Score of pairing two versions, with its evidence; None when the dates or the
    numbers rule it out. Lexical similarity is worked out when it could lift the pair to
    the threshold, or ``always_lexical``."""
    evidence: dict[str, float] = {}
    if en.day is not None and zh.day is not None:
        days = abs(en.day - zh.day)
        if days > MAX_DAYS:
            return None
        evidence["date"] = 1.0 if days == 0 else 0.8 if days == 1 else 0.5 if days <= 3 else 0.2
    if (d := _dice(en.numbers, zh.numbers)) is not None:
        if min(len(en.numbers), len(zh.numbers)) >= VETO_NUMBERS and d < 0.4:
            return None
        if d == 0 and en.numbers and zh.numbers:  # numbers on both sides, none shared
            return None
        evidence["numbers"] = d
    if zh.latin:
        evidence["latin"] = len(zh.latin & en.latin) / len(zh.latin)
    if (d := _dice(en.glossary, zh.glossary)) is not None:
        evidence["glossary"] = d
    if en.length and zh.length:
        off = math.log(en.length / (zh.length * ratio))
        evidence["length"] = math.exp(-(off * off) / (2 * 0.35**2))
    if weights is not None:
        # Lexical similarity is the costly feature: not worked out when even a perfect
        # one could not lift the pair to the threshold.
        weight = sum(WEIGHTS[k] for k in evidence)
        upper = (sum(WEIGHTS[k] * v for k, v in evidence.items()) + WEIGHTS["lexical"]) / (
            weight + WEIGHTS["lexical"]
        )
        if (upper >= THRESHOLD or always_lexical) and (lex := lexical(en, zh, weights)) is not None:
            evidence["lexical"] = lex
    if not evidence:
        return 0.0, evidence
    total = sum(WEIGHTS[k] for k in evidence)
    score = sum(WEIGHTS[k] * v for k, v in evidence.items()) / total
    return round(score, 4), {k: round(v, 4) for k, v in evidence.items()}
