"""The term page's content: each rendering of a term once, with how many sentence pairs
hold term and rendering, its glossary status, and examples with both marked.

Renderings come from the glossary (any status: a deprecated one is history worth
seeing) and from the term spotter, in the spotter's one order
(:func:`library.terms.spotting.rank`, which the CLI and the JSON show too). A spotted
candidate the spotter calls weak (seen in a single pair with a low score, translating
none of the term's words while often found without it: 举行 "hold", 表示 "said"; its
reason in ``weak``) is kept apart, for a "more" fold. Each
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
from . import concordance, equivalents
from .marks import Marked, spans

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
    weak: str | None
    """Why it is folded (a key of :data:`library.terms.spotting.WEAK`), None if offered."""
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
        return [r for r in self.renderings if r.weak is None]

    @property
    def weak(self) -> list[Rendering]:
        return [r for r in self.renderings if r.weak is not None]


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
    statuses = dict(glossary)
    facts: dict[str, tuple[str | None, str | None, float | None]] = {}  # status, weak, score
    for name in [t for t, _ in glossary] + [r.text for r in spotted.renderings]:
        found = by_text.get(name)
        status = statuses.get(name) or (found.status if found else None)
        weak = found.weak if found is not None and status is None else None
        facts.setdefault(name, (status, weak, found.score if found else None))
    names = sorted(facts, key=lambda n: spotting.rank(*facts[n], n))
    counted = {
        r.text: r.pairs for r in concordance.renderings(conn, term, lang, [(n, "") for n in names])
    }
    term_pattern = equivalents.rendering_pattern(term, lang)
    shown: set[tuple[str, int]] = set()
    out = []
    for name in names:
        found = by_text.get(name)
        status, weak, _ = facts[name]
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
