"""The term page's content: each rendering of a term once, with how many sentence pairs
hold term and rendering, its glossary status, and examples with both marked.

Renderings come from the glossary (any status: a deprecated one is history worth
seeing) and from the term spotter. A spotted candidate that is weak (its score below
:data:`WEAK_SCORE`, or translating none of the term's words while often found
without it: 举行 "hold", 表示 "said") is kept apart, for a "more" fold. Each
rendering's examples are the spotter's sentence pairs that hold it, those already
shown for a better rendering last, so the page does not repeat one pair under every
rendering.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .. import model
from ..terms import spotting
from ..text.chinese import has_han
from ..text.lexicon import FUNCTION_WORDS, ZH_FUNCTION, default_lexicon
from . import concordance, equivalents
from .marks import Marked, spans

WEAK_SCORE = 0.2
"""A spotted rendering scoring less is weak."""
WEAK_DICE = 0.5
"""A spotted rendering that translates none of the term's words and whose Dice
coefficient with the term is lower is weak (a common word of such sentences)."""
EXAMPLES = 2


@dataclass
class Example:
    item_id: str
    position: int
    date: str | None
    zh: Marked
    en: Marked


@dataclass
class Rendering:
    text: str
    pairs: int
    """Sentence pairs holding the term and this rendering."""
    status: str | None
    """The glossary's status (approved, fuzzy, obsolete), None for a spotted one."""
    score: float | None
    """The spotter's score (None when the spotter did not propose it)."""
    weak: bool
    examples: list[Example] = field(default_factory=list)


@dataclass
class TermPage:
    term: str
    lang: str
    positives: int
    """Sentence pairs holding the term."""
    renderings: list[Rendering]
    inside: list[spotting.Inside] = field(default_factory=list)
    """Longer names the term stands inside, with their renderings."""
    alone: int | None = None
    """Pairs where it stands on its own (0: only ever inside longer names)."""

    @property
    def strong(self) -> list[Rendering]:
        return [r for r in self.renderings if not r.weak]

    @property
    def weak(self) -> list[Rendering]:
        return [r for r in self.renderings if r.weak]


def _is_weak(r: spotting.Rendering, lang: str, glossary: list[str]) -> bool:
    """A spotted candidate to fold away: a bare function word, a low score, a common word
    that translates none of the term (举行 "hold", 成员 "member", "said"), or a piece of
    a glossary rendering (业务司 in 综合业务司)."""
    text = r.text
    if text.lower() in FUNCTION_WORDS or (len(text) == 1 and text in ZH_FUNCTION):
        return True
    if r.score < WEAK_SCORE or (r.fit == 0 and r.dice < WEAK_DICE):
        return True
    if any(text != g and text.lower() in g.lower() for g in glossary):
        return True
    if r.fit == 0:
        if lang == "zh":  # the rendering is Chinese: a dictionary word translating nothing
            return bool(default_lexicon().translations(text))
        return len(text.split()) == 1 and text[:1].islower()
    return False


def term_page(conn: sqlite3.Connection, term: str, limit: int = 10) -> TermPage:
    """The renderings of ``term`` (English or Chinese): the glossary's first, then the
    spotter's, strong before weak, each once with its examples."""
    term = term.strip()
    if not term:
        raise ValueError("empty term")
    lang = "zh" if has_han(term) else "en"
    other = model.other(lang)
    spotted = spotting.lookup(conn, term, limit)
    glossary = [
        (text, status)
        for text, side, status in equivalents.glossary_renderings(conn, term)
        if side == other
    ]
    by_text = {r.text: r for r in spotted.renderings}
    order = {"approved": 0, "fuzzy": 1, "obsolete": 2}
    names = [t for t, _ in sorted(glossary, key=lambda g: order.get(g[1], 3))]
    names_glossary = list(names)
    names += [r.text for r in spotted.renderings if r.text not in names]
    statuses = dict(glossary)
    counted = {
        r.text: r.pairs for r in concordance.renderings(conn, term, lang, [(n, "") for n in names])
    }
    term_pattern = equivalents.rendering_pattern(term, lang)
    shown: set[tuple[str, int]] = set()
    out = []
    for name in names:
        found = by_text.get(name)
        status = statuses.get(name) or (found.status if found else None)
        weak = found is not None and status is None and _is_weak(found, other, names_glossary)
        pattern = equivalents.rendering_pattern(name, other)
        pool = [
            e
            for e in (found.examples if found else [])
            if spans(e.zh if other == "zh" else e.en, [pattern])
        ]
        pool.sort(key=lambda e: (e.item_id, e.position) in shown)
        examples = []
        for e in pool[:EXAMPLES]:
            shown.add((e.item_id, e.position))
            marks = {lang: [term_pattern], other: [pattern]}
            zh = Marked(e.zh or "", spans(e.zh, marks["zh"]) if lang == "zh" else [])
            en = Marked(e.en or "", spans(e.en, marks["en"]) if lang == "en" else [])
            if other == "zh":
                zh.equivalents = spans(e.zh, marks["zh"])
            else:
                en.equivalents = spans(e.en, marks["en"])
            examples.append(Example(e.item_id, e.position, e.date, zh, en))
        out.append(
            Rendering(
                name,
                counted.get(name, 0),
                status,
                found.score if found else None,
                weak,
                examples,
            )
        )
    return TermPage(term, lang, spotted.positives, out, spotted.inside, spotted.alone)
