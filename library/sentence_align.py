"""Sentence alignment: banded dynamic programming over beads, scored by length and words.

Beads 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1. A bead's cost is

    penalty(type) + LENGTH * Gale–Church length cost - LEXICAL * lexical coverage
                  - ANCHOR * shared numbers/acronyms

where lexical coverage is the share of the bead's Chinese dictionary words
whose CC-CEDICT (and glossary) glosses occur among its English stems, and of
its English content stems covered by those glosses (a Dice-like figure in
[0, 1]). The ratio of English to Chinese characters is estimated from the
document and re-estimated from its confident 1-1 beads. Long documents are
aligned in two passes (a vectorised 1-1/skip pass over the whole grid, then
every bead type near its path); paragraph-sized ones in exact passes over
the whole grid.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .align import Bead, length
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
    radius: int = 3
    """How far the fine pass may stray from the coarse path, in sentences."""

    def penalty(self, di: int, dj: int) -> float:
        if di == 0 or dj == 0:
            return self.skip
        if di == dj:
            return self.penalty_11 if di == 1 else self.penalty_22
        return self.penalty_12 if di + dj == 3 else self.penalty_13


DEFAULT = Params()


class Features:
    """Per-sentence features of a document pair (lengths, dictionary words, stems, anchors),
    computed once; :func:`align_features` runs the dynamic programme over them."""

    def __init__(self, zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> None:
        self.lz = [length(s) for s in zh]
        self.le = [length(s) for s in en]
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
        ranges: list[tuple[int, int]], ones: _OneToOne | None) -> list[Bead]:
    """Best path from (0, 0) to (n, m) with every bead type, through cells with
    ranges[i][0] <= j <= ranges[i][1]; 1-1 costs come from ``ones`` when given."""
    inf = float("inf")
    cost = [dict() for _ in range(n + 1)]
    back = [dict() for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        lo, hi = ranges[i]
        if i < n and ones is not None:
            c11_row = ones.row_costs(i, ratio, lo, min(hi + 1, m)).tolist()
            sim_row = ones.sim[i, lo:hi + 1].tolist()
        for j in range(lo, hi + 1):
            here = row.get(j)
            if here is None:
                continue
            for di, dj in BEADS:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                nlo, nhi = ranges[ni]
                if nj < nlo or nj > nhi:
                    continue
                if di == 1 and dj == 1 and ones is not None:
                    c, sim = c11_row[j - lo], sim_row[j - lo]
                else:
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


def _erfc(x):
    """Complementary error function for arrays (Abramowitz–Stegun 7.1.26, error < 2e-7)."""
    import numpy as np

    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                           + t * 1.061405429))))
    return poly * np.exp(-x * x)


def _index(token_sets) -> dict[str, list[int]]:
    """Inverted index: token → positions of the sets that hold it, in order."""
    index: dict[str, list[int]] = {}
    for pos, tokens in enumerate(token_sets):
        for token in tokens:
            index.setdefault(token, []).append(pos)
    return index


def _count_shared(counts, index: dict[str, list[int]], token_lists) -> None:
    """counts[k, p] += 1 for every token of list k found at position p of ``index``.

    ``counts`` may be a transposed view, so one helper serves both directions.
    """
    for k, tokens in enumerate(token_lists):
        for token in tokens:
            hits = index.get(token)
            if hits:
                counts[k, hits] += 1


class _OneToOne:
    """Cost and lexical similarity of every 1-1 bead, as n × m arrays.

    Built from inverted indexes (English stem → sentences, gloss stem → Chinese
    sentences, anchor → sentences), so only pairs sharing something are
    touched. The same figures as :meth:`Features.lexical` gives a 1-1 bead.
    """

    def __init__(self, doc: Features, n: int, m: int, p: Params) -> None:
        import numpy as np

        zc = np.zeros((n, m), dtype=np.float32)
        ec = np.zeros((n, m), dtype=np.float32)
        postings = _index(doc.eset)
        for i, words in enumerate(doc.zwords):
            for tr in words:
                hit: set[int] = set()
                for st in tr:
                    hit.update(postings.get(st, ()))
                if hit:
                    zc[i, list(hit)] += 1
        _count_shared(ec.T, _index(doc.glosses), doc.estems)
        if any(doc.enames):
            pinyin_index = _index(doc.pinyin(i) for i in range(n))
            for j, names in enumerate(doc.enames):
                for k in names:
                    st = doc.estems[j][k]
                    for i in pinyin_index.get(st, ()):
                        if st not in doc.glosses[i]:
                            ec[i, j] += 1
        nz = np.diff(np.array(doc.nz, dtype=np.float32))
        ne = np.diff(np.array(doc.ne, dtype=np.float32))
        denom = nz[:, None] + ne[None, :]
        self.sim = np.divide(zc + ec, denom, out=np.zeros_like(zc), where=denom > 0)
        shared = np.zeros((n, m), dtype=np.float32)
        _count_shared(shared, _index(doc.ae), doc.az)
        sizes = (np.array([len(a) for a in doc.az], dtype=np.float32)[:, None]
                 + np.array([len(a) for a in doc.ae], dtype=np.float32)[None, :])
        dice = np.divide(2 * shared, sizes, out=np.zeros_like(shared), where=sizes > 0)
        del zc, ec, shared, denom, sizes
        dice *= -p.anchor
        dice -= p.lexical * self.sim
        dice += p.penalty_11
        self.fixed = dice  # penalty - lexical - anchor terms, float32, reused in place
        self.lz = np.array(doc.lz, dtype=np.float64)
        self.le = np.array(doc.le, dtype=np.float64)
        self.p = p

    def row_costs(self, i: int, ratio: float, lo: int = 0, hi: int | None = None):
        """Costs of the 1-1 beads (i, lo..hi) at this English/Chinese length ratio.

        Row by row, so a long document never holds more than its two n × m
        float32 arrays (similarity and fixed costs).
        """
        import numpy as np

        le = self.le[lo:hi]
        lz = self.lz[i] * ratio
        mean = np.maximum((lz + le) / 2, 1e-9)
        delta = np.abs(le - lz) / np.sqrt(self.p.variance * mean)
        length = -np.log(np.maximum(_erfc(delta / math.sqrt(2)), 1e-12))
        return self.fixed[i, lo:hi] + self.p.length * length


def _coarse(ones: _OneToOne, n: int, m: int, ratio: float, p: Params) -> list[Bead]:
    """The best path with 1-1, 1-0 and 0-1 beads only, over the whole grid, in numpy:
    each row of the DP is a few vector operations, the 0-1 run along a row a running
    minimum."""
    import numpy as np

    sim = ones.sim
    skip = p.skip
    steps = skip * np.arange(m + 1)
    cost = np.empty((n + 1, m + 1))
    cost[0] = steps
    c11 = np.empty((n, m), dtype=np.float32)  # kept for the backtrace
    for i in range(1, n + 1):
        c11[i - 1] = ones.row_costs(i - 1, ratio)
        row = cost[i - 1] + skip
        row[1:] = np.minimum(row[1:], cost[i - 1, :-1] + c11[i - 1])
        cost[i] = steps + np.minimum.accumulate(row - steps)
    beads = []
    i, j = n, m
    while i or j:
        if i and j and abs(cost[i, j] - (cost[i - 1, j - 1] + c11[i - 1, j - 1])) < 1e-6:
            beads.append(Bead((i - 1,), (j - 1,), round(float(sim[i - 1, j - 1]), 4)))
            i, j = i - 1, j - 1
        elif i and abs(cost[i, j] - (cost[i - 1, j] + skip)) < 1e-6:
            beads.append(Bead((i - 1,), (), 0.0))
            i -= 1
        else:
            beads.append(Bead((), (j - 1,), 0.0))
            j -= 1
    beads.reverse()
    return beads


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


def align_sentences(zh: Sequence[str], en: Sequence[str], lexicon: Lexicon | None = None,
                    params: Params = DEFAULT) -> list[Bead]:
    """Align Chinese and English sentences; every sentence ends up in exactly one bead.

    Two passes: a coarse one with 1-1, 1-0 and 0-1 beads over the whole grid
    (vectorised) finds the path; the fine one, with every bead type, searches only
    a few cells around it, with the length ratio re-estimated from the coarse
    path's confident 1-1 beads. A bead's ``score`` is its lexical coverage
    (0–1): low scores deserve review.
    """
    if lexicon is None:
        from .lexicon import default_lexicon

        lexicon = default_lexicon()
    return align_features(Features(zh, en, lexicon), params)


SMALL = 400
"""Documents of at most this many sentence pairs (n × m) skip the coarse pass."""


def align_features(doc: Features, params: Params = DEFAULT) -> list[Bead]:
    """The alignment of a prepared document pair (see :func:`align_sentences`)."""
    n, m = len(doc.lz), len(doc.le)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    ratio = doc.ce[-1] / max(doc.cz[-1], 1)
    small = n * m <= SMALL
    if small:
        # A paragraph's worth of sentences: exact passes over the whole grid are
        # cheaper than setting up arrays.
        ones = None
        coarse = _dp(doc, n, m, ratio, params, [(0, m)] * (n + 1), None)
    else:
        ones = _OneToOne(doc, n, m, params)
        coarse = _coarse(ones, n, m, ratio, params)
    confident = [b for b in coarse if b.kind == "1-1" and b.score >= 0.2]
    z1 = sum(doc.lz[b.zh[0]] for b in confident)
    e1 = sum(doc.le[b.en[0]] for b in confident)
    if small:
        if not (z1 and e1) or abs(e1 / z1 - ratio) <= 0.05 * ratio:
            return coarse
        return _dp(doc, n, m, e1 / z1, params, [(0, m)] * (n + 1), None)
    if z1 and e1:
        ratio = e1 / z1
    return _dp(doc, n, m, ratio, params, _around(coarse, n, m, params.radius), ones)


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
