"""Sentence alignment: banded dynamic programming over beads, scored by length and words.

Beads 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1. A bead's cost is

    penalty(type) + LENGTH * Gale–Church length cost - LEXICAL * lexical coverage
                  - ANCHOR * shared numbers/acronyms

where lexical coverage is the share of the bead's Chinese dictionary words
whose CC-CEDICT (and glossary) glosses occur among its English stems, and of
its English content stems covered by those glosses (a Dice-like figure in
[0, 1]). The ratio of English to Chinese characters is estimated from the
document and re-estimated from its confident 1-1 beads. The DP keeps to a
band around the diagonal, so long documents stay near-linear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .align import Bead
from .anchors import anchors
from .lexicon import Lexicon, en_words, pinyin_windows

BEADS = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Params:
    """Weights of the bead cost, tuned on the mac-dev folder as a whole."""

    penalty_11: float = 0.0
    penalty_12: float = 1.2
    penalty_22: float = 3.0
    penalty_13: float = 3.0
    skip: float = 2.0
    length: float = 1.0
    lexical: float = 10.0
    anchor: float = 3.0
    variance: float = 25.0
    size_weight: float = 0.5
    """How much a bead's lexical reward grows with its size (0: flat, 1: per sentence pair)."""
    band: int = 12
    review_below: float = 0.2

    def penalty(self, di: int, dj: int) -> float:
        if di == 0 or dj == 0:
            return self.skip
        return {(1, 1): self.penalty_11, (1, 2): self.penalty_12, (2, 1): self.penalty_12,
                (2, 2): self.penalty_22}.get((di, dj), self.penalty_13)


DEFAULT = Params()


def _chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


class _Doc:
    """Per-sentence features, computed once per document."""

    def __init__(self, zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> None:
        self.lz = [_chars(s) for s in zh]
        self.le = [_chars(s) for s in en]
        self.az = [anchors(s, "zh") for s in zh]
        self.ae = [anchors(s, "en") for s in en]
        self.zwords = []
        for s in zh:
            words = [lexicon.translations(w) for w in lexicon.segment(s)]
            self.zwords.append([w for w in words if w])
        words = [en_words(s) for s in en]
        self.estems = [[w for w, _ in ws] for ws in words]
        self.enames = [{k for k, (_, name) in enumerate(ws) if name} for ws in words]
        self.eset = [set(s) for s in self.estems]
        self.zh = zh
        self._pinyin: dict[int, set[str]] = {}
        self._pairs: dict[tuple[int, int], tuple[int, int]] = {}

    def pinyin(self, i: int) -> set[str]:
        """Pinyin windows of Chinese sentence i, computed only if an English name needs them."""
        found = self._pinyin.get(i)
        if found is None:
            found = self._pinyin[i] = pinyin_windows(self.zh[i])
        return found

    def masks(self, i: int, j: int) -> tuple[int, int]:
        """Bitmasks of Chinese words of i matched in j, and English stems of j matched by i."""
        key = (i, j)
        found = self._pairs.get(key)
        if found is None:
            zmask = emask = 0
            eset = self.eset[j]
            glosses: set[str] = set()
            for k, tr in enumerate(self.zwords[i]):
                if tr & eset:
                    zmask |= 1 << k
                glosses |= tr
            names = self.enames[j]
            pinyin = self.pinyin(i) if names else ()
            for k, st in enumerate(self.estems[j]):
                if st in glosses or (k in names and st in pinyin):
                    emask |= 1 << k
            found = self._pairs[key] = (zmask, emask)
        return found

    def lexical(self, zs: range, es: range) -> float:
        nz = sum(len(self.zwords[i]) for i in zs)
        ne = sum(len(self.estems[j]) for j in es)
        if nz + ne == 0:
            return 0.0
        mz = me = 0
        emasks = {j: 0 for j in es}
        for i in zs:
            zm = 0
            for j in es:
                a, b = self.masks(i, j)
                zm |= a
                emasks[j] |= b
            mz += zm.bit_count()
        me = sum(m.bit_count() for m in emasks.values())
        return (mz + me) / (nz + ne)


def _length_cost(lz: int, le: int, ratio: float, variance: float) -> float:
    mean = (lz * ratio + le) / 2
    if mean <= 0:
        return 0.0
    delta = (le - lz * ratio) / math.sqrt(variance * mean)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))


def _dp(doc: _Doc, n: int, m: int, ratio: float, p: Params) -> list[Bead]:
    inf = float("inf")
    width = max(p.band, int(0.05 * max(n, m)))
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}

    def in_band(i: int, j: int) -> bool:
        centre = i * m / n if n else 0
        return abs(j - centre) <= width + 3

    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo, hi = max(0, int(centre) - width - 3), min(m, int(centre) + width + 4)
        for j in range(lo, hi + 1):
            here = cost.get((i, j))
            if here is None:
                continue
            for di, dj in BEADS:
                ni, nj = i + di, j + dj
                if ni > n or nj > m or not in_band(ni, nj):
                    continue
                c = p.penalty(di, dj)
                sim = 0.0
                if di and dj:
                    zs, es = range(i, ni), range(j, nj)
                    c += p.length * _length_cost(sum(doc.lz[i:ni]), sum(doc.le[j:nj]), ratio,
                                                 p.variance)
                    sim = doc.lexical(zs, es)
                    c -= p.lexical * sim * (1 + p.size_weight * ((di + dj) / 2 - 1))
                    za = set().union(*doc.az[i:ni])
                    ea = set().union(*doc.ae[j:nj])
                    if za and ea:
                        c -= p.anchor * 2 * len(za & ea) / (len(za) + len(ea))
                total = here + c
                if total < cost.get((ni, nj), inf):
                    cost[(ni, nj)] = total
                    back[(ni, nj)] = (i, j, sim)
    if (n, m) not in back and (n, m) != (0, 0):
        raise RuntimeError("alignment band too narrow")  # unreachable: the band covers (n, m)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, sim = back[(i, j)]
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), round(sim, 4)))
        i, j = pi, pj
    beads.reverse()
    return beads


def align_sentences(zh: Sequence[str], en: Sequence[str], lexicon: Lexicon | None = None,
                    params: Params = DEFAULT) -> list[Bead]:
    """Align Chinese and English sentences; every sentence ends up in exactly one bead.

    A bead's ``score`` is its lexical coverage (0–1): low scores deserve review.
    """
    if lexicon is None:
        from .lexicon import default_lexicon

        lexicon = default_lexicon()
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    doc = _Doc(zh, en, lexicon)
    ratio = sum(doc.le) / max(sum(doc.lz), 1)
    beads = _dp(doc, n, m, ratio, params)
    ones = [b for b in beads if b.kind == "1-1" and b.score >= 0.2]
    z1 = sum(doc.lz[b.zh[0]] for b in ones)
    e1 = sum(doc.le[b.en[0]] for b in ones)
    if z1 and e1 and abs(e1 / z1 - ratio) > 0.05 * ratio:
        beads = _dp(doc, n, m, e1 / z1, params)
    return beads


def sentences_of(text: str, lang: str, presplit: bool = False) -> list[str]:
    """The sentences of a whole text: one per line when ``presplit``, else split by language."""
    from .sentences import split
    from .sources import join_lines

    if presplit:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [s for block in text.split("\n\n") for s in split(join_lines(block.splitlines(), lang),
                                                             lang)]


def format_bead(bead: Bead) -> str:
    """A bead as vecalign and Bertalign write it: ``[3, 4]:[5]``, ``[7]:[]``.

    >>> format_bead(Bead((3, 4), (5,), 0.5)), format_bead(Bead((7,), (), 0.0))
    ('[3, 4]:[5]', '[7]:[]')
    """
    return f"{list(bead.zh)}:{list(bead.en)}"


@dataclass(frozen=True)
class Segment:
    """One aligned sentence pair (a sentence bead) inside one aligned paragraph row."""

    paragraph: int
    """Position of the paragraph row (``paragraphs.position``) it belongs to."""
    zh: str | None
    en: str | None
    kind: str
    score: float


def segment_item(rows: Sequence[tuple[str | None, str | None]], lexicon: Lexicon,
                 params: Params = DEFAULT) -> list[Segment]:
    """Sentence pairs of an item, aligned inside each aligned paragraph row.

    ``rows`` are the (Chinese, English) texts of the item's paragraph rows, in
    order; a missing side is None. Sentences of one-sided rows become 1-0 or
    0-1 segments, so every sentence of the archive is in exactly one segment.
    """
    from .sentences import split

    out = []
    for pos, (zh_text, en_text) in enumerate(rows):
        zh = [s for p in (zh_text or "").split("\n\n") for s in split(p, "zh")]
        en = [s for p in (en_text or "").split("\n\n") for s in split(p, "en")]
        for bead in align_sentences(zh, en, lexicon, params):
            out.append(Segment(pos, "".join(zh[i] for i in bead.zh) or None,
                               " ".join(en[j] for j in bead.en) or None, bead.kind, bead.score))
    return out
