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

import itertools
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
    """Half-width of the coarse pass's band around the diagonal (at least 5% of the text)."""
    radius: int = 3
    """How far the fine pass may stray from the coarse path, in sentences."""
    review_below: float = 0.2

    def penalty(self, di: int, dj: int) -> float:
        if di == 0 or dj == 0:
            return self.skip
        return {(1, 1): self.penalty_11, (1, 2): self.penalty_12, (2, 1): self.penalty_12,
                (2, 2): self.penalty_22}.get((di, dj), self.penalty_13)


DEFAULT = Params()


def _chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


class Features:
    """Per-sentence features of a document pair (lengths, dictionary words, stems, anchors),
    computed once; :func:`align_features` runs the dynamic programme over them."""

    def __init__(self, zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> None:
        self.lz = [_chars(s) for s in zh]
        self.le = [_chars(s) for s in en]
        self.cz = list(itertools.accumulate(self.lz, initial=0))
        self.ce = list(itertools.accumulate(self.le, initial=0))
        self.az = [anchors(s, "zh") for s in zh]
        self.ae = [anchors(s, "en") for s in en]
        self.has_az = list(itertools.accumulate((bool(a) for a in self.az), initial=0))
        self.has_ae = list(itertools.accumulate((bool(a) for a in self.ae), initial=0))
        self.zwords = []
        for s in zh:
            words = [lexicon.translations(w) for w in lexicon.segment(s)]
            self.zwords.append([w for w in words if w])
        self.glosses = [set().union(*ws) for ws in self.zwords]
        self.nz = list(itertools.accumulate((len(w) for w in self.zwords), initial=0))
        words = [en_words(s) for s in en]
        self.estems = [[w for w, _ in ws] for ws in words]
        self.enames = [{k for k, (_, name) in enumerate(ws) if name} for ws in words]
        self.eset = [set(s) for s in self.estems]
        self.ne = list(itertools.accumulate((len(s) for s in self.estems), initial=0))
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
        if found is not None:
            return found
        zmask = emask = 0
        eset = self.eset[j]
        for k, tr in enumerate(self.zwords[i]):
            if not tr.isdisjoint(eset):
                zmask |= 1 << k
        if zmask or self.enames[j]:
            glosses = self.glosses[i]
            names = self.enames[j]
            pinyin = self.pinyin(i) if names else ()
            for k, st in enumerate(self.estems[j]):
                if st in glosses or (k in names and st in pinyin):
                    emask |= 1 << k
        found = self._pairs[key] = (zmask, emask)
        return found

    def lexical(self, i: int, di: int, j: int, dj: int) -> float:
        """Lexical coverage of Chinese sentences i..i+di against English j..j+dj."""
        nz = self.nz[i + di] - self.nz[i]
        ne = self.ne[j + dj] - self.ne[j]
        if nz + ne == 0:
            return 0.0
        if di == 1 and dj == 1:
            a, b = self.masks(i, j)
            return (a.bit_count() + b.bit_count()) / (nz + ne)
        mz = 0
        emasks = [0] * dj
        for zi in range(i, i + di):
            zm = 0
            for k in range(dj):
                a, b = self.masks(zi, j + k)
                zm |= a
                emasks[k] |= b
            mz += zm.bit_count()
        return (mz + sum(e.bit_count() for e in emasks)) / (nz + ne)


def _length_cost(lz: int, le: int, ratio: float, variance: float) -> float:
    mean = (lz * ratio + le) / 2
    if mean <= 0:
        return 0.0
    delta = (le - lz * ratio) / math.sqrt(variance * mean)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))


def _bead_cost(doc: Features, i: int, j: int, di: int, dj: int, ratio: float,
               p: Params) -> tuple[float, float]:
    """(cost, lexical similarity) of the bead taking Chinese i..i+di and English j..j+dj."""
    if not (di and dj):
        return p.skip, 0.0
    c = p.penalty(di, dj)
    lz = doc.cz[i + di] - doc.cz[i]
    le = doc.ce[j + dj] - doc.ce[j]
    c += p.length * _length_cost(lz, le, ratio, p.variance)
    sim = doc.lexical(i, di, j, dj)
    c -= p.lexical * sim * (1 + p.size_weight * ((di + dj) / 2 - 1))
    if doc.has_az[i + di] - doc.has_az[i] and doc.has_ae[j + dj] - doc.has_ae[j]:
        za = set().union(*doc.az[i:i + di])
        ea = set().union(*doc.ae[j:j + dj])
        c -= p.anchor * 2 * len(za & ea) / (len(za) + len(ea))
    return c, sim


def _dp(doc: Features, n: int, m: int, ratio: float, p: Params,
        ranges: list[tuple[int, int]], beads: Sequence[tuple[int, int]]) -> list[Bead]:
    """Best path from (0, 0) to (n, m) through cells with ranges[i][0] <= j <= ranges[i][1]."""
    inf = float("inf")
    cost = [dict() for _ in range(n + 1)]
    back = [dict() for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        lo, hi = ranges[i]
        for j in range(lo, hi + 1):
            here = row.get(j)
            if here is None:
                continue
            for di, dj in beads:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                nlo, nhi = ranges[ni]
                if nj < nlo or nj > nhi:
                    continue
                c, sim = _bead_cost(doc, i, j, di, dj, ratio, p)
                total = here + c
                if total < cost[ni].get(nj, inf):
                    cost[ni][nj] = total
                    back[ni][nj] = (i, j, sim)
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, sim = back[i][j]
        out.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), round(sim, 4)))
        i, j = pi, pj
    out.reverse()
    return out


def _diagonal_band(n: int, m: int, width: int) -> list[tuple[int, int]]:
    return [(max(0, int(i * m / n) - width), min(m, int(i * m / n) + width + 1))
            for i in range(n + 1)]


def _around(path: list[Bead], n: int, m: int, radius: int) -> list[tuple[int, int]]:
    """Cells within ``radius`` rows and columns of a path's corners."""
    lo, hi = [m] * (n + 1), [0] * (n + 1)
    i = j = 0
    corners = [(0, 0)]
    for b in path:
        i, j = i + len(b.zh), j + len(b.en)
        corners.append((i, j))
    for ci, cj in corners:
        for r in range(max(0, ci - radius), min(n, ci + radius) + 1):
            lo[r] = min(lo[r], max(0, cj - radius))
            hi[r] = max(hi[r], min(m, cj + radius))
    for r in range(n + 1):  # rows between far-apart corners of a long skip run
        if lo[r] > hi[r]:
            lo[r], hi[r] = 0, m
    return list(zip(lo, hi, strict=True))


COARSE_BEADS = ((1, 1), (1, 0), (0, 1))


def align_sentences(zh: Sequence[str], en: Sequence[str], lexicon: Lexicon | None = None,
                    params: Params = DEFAULT) -> list[Bead]:
    """Align Chinese and English sentences; every sentence ends up in exactly one bead.

    Two passes: a coarse one with 1-1, 1-0 and 0-1 beads in a band around the
    diagonal finds the path; the fine one, with every bead type, searches only
    a few cells around it, with the length ratio re-estimated from the coarse
    path's confident 1-1 beads. A bead's ``score`` is its lexical coverage
    (0–1): low scores deserve review.
    """
    if lexicon is None:
        from .lexicon import default_lexicon

        lexicon = default_lexicon()
    return align_features(Features(zh, en, lexicon), params)


def align_features(doc: Features, params: Params = DEFAULT) -> list[Bead]:
    """The alignment of a prepared document pair (see :func:`align_sentences`)."""
    n, m = len(doc.lz), len(doc.le)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    ratio = doc.ce[-1] / max(doc.cz[-1], 1)
    width = max(params.band, int(0.05 * max(n, m))) + abs(n - m)
    coarse = _dp(doc, n, m, ratio, params, _diagonal_band(n, m, width), COARSE_BEADS)
    ones = [b for b in coarse if b.kind == "1-1" and b.score >= 0.2]
    z1 = sum(doc.lz[b.zh[0]] for b in ones)
    e1 = sum(doc.le[b.en[0]] for b in ones)
    if z1 and e1:
        ratio = e1 / z1
    return _dp(doc, n, m, ratio, params, _around(coarse, n, m, params.radius), BEADS)


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
