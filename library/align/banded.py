"""The sentence aligner's passes in numpy: which words match across every sentence pair
(found by joining arrays of token ids, :class:`_Matches`), the costs of every 1-1 bead
(:class:`OneToOne`), a coarse 1-1/skip pass over the whole grid (:func:`coarse`), and
a fine pass with every bead type inside a band around a path (:func:`fine`), a bead's
coverage the popcount of OR-ed bitmasks of matched words.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..model import Bead
from .features import BEADS, Features, Params
from .gale_church import length_costs


def _popcount(masks):
    """Set bits per row of a (rows, lanes) uint64 array."""
    import numpy as np

    return np.bitwise_count(masks).sum(axis=1, dtype=np.int64)


def _bead_costs(
    doc: Features, ones: OneToOne, lookup, si, sj, di: int, dj: int, ratio: float, p: Params
):
    """(cost, lexical similarity) arrays of the beads (di, dj) starting at cells (si, sj):
    :func:`~library.align.features.bead_cost` for many cells at once."""
    import numpy as np

    if not (di and dj):
        return np.full(len(si), p.skip), np.zeros(len(si))
    if di == 1 and dj == 1:
        c = ones.fixed[si, sj] + p.length * length_costs(
            ones.zh_lengths[si] * ratio, ones.en_lengths[sj], p.variance
        )
        return c, ones.sim[si, sj].astype(np.float64)
    zh_sums, en_sums = np.asarray(doc.zh_length_sums), np.asarray(doc.en_length_sums)
    c = p.penalty(di, dj) + p.length * length_costs(
        (zh_sums[si + di] - zh_sums[si]) * ratio, en_sums[sj + dj] - en_sums[sj], p.variance
    )
    zmasks: list[list[Any]] = [[None] * dj for _ in range(di)]
    emasks: list[list[Any]] = [[None] * dj for _ in range(di)]
    for a in range(di):
        for b in range(dj):
            zmasks[a][b], emasks[a][b] = lookup(si + a, sj + b)
    matched = sum(_popcount(np.bitwise_or.reduce(zmasks[a], axis=0)) for a in range(di))
    matched += sum(
        _popcount(np.bitwise_or.reduce([emasks[a][b] for a in range(di)], axis=0))
        for b in range(dj)
    )
    nz, ne = np.asarray(doc.zh_word_sums), np.asarray(doc.en_stem_sums)
    words = (nz[si + di] - nz[si]) + (ne[sj + dj] - ne[sj])
    sim = np.divide(matched, words, out=np.zeros(len(si)), where=words > 0)
    c -= p.lexical * sim * (1 + p.size_weight * ((di + dj) / 2 - 1))
    zh_side = np.bitwise_or.reduce([ones.zh_anchor_masks[si + a] for a in range(di)], axis=0)
    en_side = np.bitwise_or.reduce([ones.en_anchor_masks[sj + b] for b in range(dj)], axis=0)
    sizes = _popcount(zh_side) + _popcount(en_side)
    c -= p.anchor * np.divide(
        2 * _popcount(zh_side & en_side), sizes, out=np.zeros(len(si)), where=sizes > 0
    )
    return c, sim


def fine(
    doc: Features,
    ones: OneToOne,
    n: int,
    m: int,
    ratio: float,
    p: Params,
    ranges: list[tuple[int, int]],
) -> list[Bead]:
    """Best path with every bead type through the cells ranges[i][0] <= j <= ranges[i][1].

    The cells of the band are numbered row by row; each bead type's costs are
    computed for all of them at once (:func:`_bead_costs`), then the programme
    runs row by row in numpy: every bead from an earlier row in one vector step
    per type, the 0-1 beads along the row as a running minimum.
    """
    import numpy as np

    lo = np.array([r[0] for r in ranges], dtype=np.int64)
    hi = np.array([r[1] for r in ranges], dtype=np.int64)
    width = hi - lo + 1
    off = np.concatenate(([0], np.cumsum(width)))
    rows = np.repeat(np.arange(n + 1), width)
    cols = np.arange(off[-1]) - off[rows] + lo[rows]
    # Larger beads read the word matches of the cells they span, which can lie
    # a little outside the band: from start rows up to two above, to end rows
    # up to three below.
    los, his = lo.tolist(), hi.tolist()
    spans = [
        (min(los[max(0, r - 2) : r + 1]), max(his[r + 1 : min(n, r + 3) + 1])) for r in range(n)
    ]
    lookup = ones.matches.masks(spans)
    # For every cell of the band and every bead type from an earlier row: the
    # cell the bead starts at (``total``: none, a cell of infinite cost) and its cost.
    total = int(off[-1])
    kinds = [t for t, (di, _) in enumerate(BEADS) if di]
    source = np.full((len(kinds), total), total, dtype=np.int64)
    costs = np.zeros((len(kinds), total))
    sims = np.zeros((len(kinds) + 1, total))
    for row, t in enumerate(kinds):
        di, dj = BEADS[t]
        ti, tj = rows + di, cols + dj
        ti_ok = np.minimum(ti, n)
        start = np.nonzero((ti <= n) & (tj <= m) & (tj >= lo[ti_ok]) & (tj <= hi[ti_ok]))[0]
        si, sj = rows[start], cols[start]
        target = off[si + di] + (sj + dj - lo[si + di])
        source[row, target] = start
        costs[row, target], sims[row, target] = _bead_costs(
            doc, ones, lookup, si, sj, di, dj, ratio, p
        )
    cost = np.full(total + 1, np.inf)
    back = np.full(total, len(kinds), dtype=np.int64)  # len(kinds): a 0-1 bead
    columns = np.arange(int(width.max()))
    cost[: off[1]] = p.skip * columns[: off[1]]  # row 0 (from column 0): 0-1 beads only
    for r in range(1, n + 1):
        a, b = off[r], off[r + 1]
        cand = cost[source[:, a:b]] + costs[:, a:b]
        best = cand.argmin(axis=0)
        row = cand[best, columns[: b - a]]
        walk = p.skip * columns[: b - a]
        run = walk + np.minimum.accumulate(row - walk)
        moved = run < row - 1e-9  # not rounding noise of cells that keep their own cost
        best[moved] = len(kinds)
        row[moved] = run[moved]
        cost[a:b] = row
        back[a:b] = best
    kinds.append(BEADS.index((0, 1)))
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        cell = off[i] + j - lo[i]
        k = back[cell]
        di, dj = BEADS[kinds[k]]
        out.append(
            Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(float(sims[k, cell]), 4))
        )
        i, j = i - di, j - dj
    out.reverse()
    return out


def _index(token_sets) -> dict[str, list[int]]:
    """Inverted index: token → positions of the sets that hold it, in order."""
    index: dict[str, list[int]] = {}
    for pos, tokens in enumerate(token_sets):
        for token in tokens:
            index.setdefault(token, []).append(pos)
    return index


def _count_shared(counts, index: dict[str, list[int]], token_lists) -> None:
    """counts[k, p] += 1 for every token of list k found at position p of ``index``."""
    for k, tokens in enumerate(token_lists):
        for token in tokens:
            hits = index.get(token)
            if hits:
                counts[k, hits] += 1


def _sorted_unique(keys):
    """np.unique for int arrays by sorting (numpy 2's hash-based unique is tens of
    times slower on the sizes met here)."""
    import numpy as np

    keys = np.sort(keys)
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys


def _equal_pairs(left, right):
    """Indices (li, ri) of every pair of positions where two int arrays hold the same key."""
    import numpy as np

    order = np.argsort(right, kind="stable")
    ordered = right[order]
    lo = np.searchsorted(ordered, left, "left")
    counts = np.searchsorted(ordered, left, "right") - lo
    li = np.repeat(np.arange(len(left)), counts)
    ri = order[np.arange(int(counts.sum())) + np.repeat(lo - np.cumsum(counts) + counts, counts)]
    return li, ri


def _token_rows(groups):
    """(group, position, id) arrays of ``groups[g][k]``, a sequence of ids."""
    import numpy as np

    per_group = [len(positions) for positions in groups]
    per_position = [ids for positions in groups for ids in positions]
    counts = np.array([len(x) for x in per_position], dtype=np.int64)
    token = np.fromiter(
        itertools.chain.from_iterable(per_position), dtype=np.int64, count=int(counts.sum())
    )
    group = np.repeat(np.arange(len(per_group)), per_group)
    starts = np.cumsum(per_group) - per_group
    position = np.arange(len(group)) - np.repeat(starts, per_group)
    return np.repeat(group, counts), np.repeat(position, counts), token


def _joined(left, right, keys, chunk: int = 1 << 14):
    """Sorted unique ``keys(li, ri)`` over the pairs of equal values of ``left`` and
    ``right`` (:func:`_equal_pairs`), a slice of ``left`` at a time so that a long
    document's intermediate arrays stay small."""
    import numpy as np

    parts = []
    for start in range(0, len(left), chunk):
        li, ri = _equal_pairs(left[start : start + chunk], right)
        parts.append(_sorted_unique(keys(li + start, ri)))
    return _sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


class _Matches:
    """Which words match across every sentence pair, as sorted int64 keys.

    A Chinese key ``(i * m + j) * kz + k`` says word k of Chinese sentence i has a
    gloss among English sentence j's stems; an English key ``(i * m + j) * ke + k``
    says stem k of English sentence j is among sentence i's glosses (or, for a
    name, its pinyin). These are the bits of :meth:`Features.masks`, found for all
    pairs at once by joining token ids instead of pair by pair.
    """

    def __init__(self, doc: Features, n: int, m: int) -> None:
        import numpy as np

        self.m = m
        self.kz = max((len(w) for w in doc.zh_glosses), default=0) + 1
        self.ke = max((len(s) for s in doc.en_stems), default=0) + 1
        ej, ek, es = _token_rows([[(i,) for i in ids] for ids in doc.en_stem_ids])
        size = max(len(doc.lexicon._ids), 1)
        # Chinese words: word k of sentence i matches sentence j when one of its
        # gloss stems is among j's stems (counted once however many are).
        pairs = _sorted_unique(ej * size + es)
        zi, zk, zs = _token_rows(doc.zh_gloss_ids)
        self.z = _joined(
            zs, pairs % size, lambda li, ri: (zi[li] * m + pairs[ri] // size) * self.kz + zk[li]
        )
        # English stems: stem k of j matches Chinese sentence i when it is among
        # the glosses of i's words, or, for a name, among i's pinyin.
        glosses = _sorted_unique(zi * size + zs)
        keys = [
            _joined(
                es,
                glosses % size,
                lambda li, ri: (glosses[ri] // size * m + ej[li]) * self.ke + ek[li],
            )
        ]
        if any(doc.en_names):
            named = np.zeros(len(es), dtype=bool)
            for j, names in enumerate(doc.en_names):
                for k in names:
                    named[doc.en_stem_sums[j] + k] = True
            known = doc.lexicon.known_id
            pi, _, ps = _token_rows([[[known(w) for w in doc.pinyin[i]]] for i in range(n)])
            li, ri = _equal_pairs(es[named], ps)
            keys.append((pi[ri] * m + ej[named][li]) * self.ke + ek[named][li])
        self.e = _sorted_unique(np.concatenate(keys))

    def counts(self, n: int):
        """n × m float32 array: matched Chinese words plus matched English stems per pair."""
        import numpy as np

        out = np.zeros(n * self.m, dtype=np.float32)
        for keys, width in ((self.z, self.kz), (self.e, self.ke)):
            cells = keys // width  # sorted: count each run
            if len(cells):
                starts = np.flatnonzero(np.concatenate(([True], cells[1:] != cells[:-1])))
                out[cells[starts]] += np.diff(np.append(starts, len(cells)))
        return out.reshape(n, self.m)

    def masks(self, rows):
        """Bitmask lookups for the pairs inside ``rows`` (row i → (lo, hi) columns):
        a function (I, J) → (Chinese masks, English masks), each (len(I), lanes) uint64."""
        import numpy as np

        lo = np.array([r[0] for r in rows], dtype=np.int64)
        hi = np.array([r[1] for r in rows], dtype=np.int64)
        tables = []
        for keys, width in ((self.z, self.kz), (self.e, self.ke)):
            kept = []
            for start in range(0, len(keys), 1 << 18):  # bounded temporaries
                cell, k = np.divmod(keys[start : start + (1 << 18)], width)
                i, j = np.divmod(cell, self.m)
                keep = (j >= lo[i]) & (j <= hi[i])
                kept.append((cell[keep], k[keep]))
            cell = np.concatenate([c for c, _ in kept]) if kept else np.zeros(0, np.int64)
            k = np.concatenate([k for _, k in kept]) if kept else np.zeros(0, np.int64)
            cells = _sorted_unique(cell)  # keys are sorted, so cell is too
            which = np.searchsorted(cells, cell)
            lanes = max((width + 63) // 64, 1)
            table = np.zeros((len(cells) + 1, lanes), dtype=np.uint64)  # last row: no match
            np.bitwise_or.at(
                table, (which, k // 64), np.left_shift(np.uint64(1), (k % 64).astype(np.uint64))
            )
            tables.append((cells, table))

        def lookup(si, sj):
            out = []
            for cells, table in tables:
                key = si * self.m + sj
                pos = np.searchsorted(cells, key)
                pos = np.where(
                    (pos < len(cells)) & (cells[np.minimum(pos, len(cells) - 1)] == key),
                    pos,
                    len(cells),
                )
                out.append(table[pos])
            return out

        return lookup


class OneToOne:
    """Cost and lexical similarity of every 1-1 bead, as n × m arrays, and the word
    matches behind them (:class:`_Matches`) for the fine pass's larger beads.
    The same figures as :meth:`Features.lexical` gives a 1-1 bead."""

    def __init__(self, doc: Features, n: int, m: int, p: Params) -> None:
        import numpy as np

        self.matches = _Matches(doc, n, m)
        # In place where possible: a 2,000-sentence pair's n × m float32 is 16 MB.
        sim = self.matches.counts(n)
        nz = np.diff(np.array(doc.zh_word_sums, dtype=np.float32))
        ne = np.diff(np.array(doc.en_stem_sums, dtype=np.float32))
        words = nz[:, None] + ne[None, :]
        np.divide(sim, words, out=sim, where=words > 0)  # no words: no matches, sim stays 0
        del words
        self.sim = sim
        dice = np.zeros_like(sim)
        _count_shared(dice, _index(doc.en_anchors), doc.zh_anchors)
        sizes = (
            np.array([len(a) for a in doc.zh_anchors], dtype=np.float32)[:, None]
            + np.array([len(a) for a in doc.en_anchors], dtype=np.float32)[None, :]
        )
        dice *= 2
        np.divide(dice, sizes, out=dice, where=sizes > 0)
        del sizes
        dice *= -p.anchor
        for start in range(0, n, 256):
            dice[start : start + 256] -= p.lexical * sim[start : start + 256]
        dice += p.penalty_11
        self.fixed = dice  # penalty - lexical - anchor terms
        self.zh_anchor_masks, self.en_anchor_masks = _anchor_masks(doc.zh_anchors, doc.en_anchors)
        self.zh_lengths = np.array(doc.zh_lengths, dtype=np.float64)
        self.en_lengths = np.array(doc.en_lengths, dtype=np.float64)
        self.p = p

    def block_costs(self, start: int, stop: int, ratio: float) -> Any:
        """Costs of the 1-1 beads of Chinese sentences start..stop at this English/Chinese
        length ratio: a block of rows at a time, so a long document never holds more
        than its n × m float32 arrays (similarity, fixed costs, the coarse pass's)."""
        return self.fixed[start:stop] + self.p.length * length_costs(
            self.zh_lengths[start:stop, None] * ratio, self.en_lengths[None, :], self.p.variance
        )


def _anchor_masks(zh_anchors: list[set[str]], en_anchors: list[set[str]]):
    """Each sentence's anchors as a bitmask over the document's anchors, (sentences,
    lanes) uint64 per side: unions and intersections of a bead's anchors in numpy."""
    import numpy as np

    ids: dict[str, int] = {}
    for a in itertools.chain(zh_anchors, en_anchors):
        for x in a:
            ids.setdefault(x, len(ids))
    lanes = max((len(ids) + 63) // 64, 1)
    out = []
    for side in (zh_anchors, en_anchors):
        masks = np.zeros((len(side), lanes), dtype=np.uint64)
        rows = [(s, ids[x]) for s, a in enumerate(side) for x in a]
        if rows:
            s_, k = np.array(rows, dtype=np.int64).T
            np.bitwise_or.at(
                masks, (s_, k // 64), np.left_shift(np.uint64(1), (k % 64).astype(np.uint64))
            )
        out.append(masks)
    return out


def coarse(ones: OneToOne, n: int, m: int, ratio: float, p: Params) -> list[Bead]:
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
    for i in range(0, n, 256):
        c11[i : i + 256] = ones.block_costs(i, i + 256, ratio)
    for i in range(1, n + 1):
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


def around(path: list[Bead], n: int, m: int, radius: int) -> list[tuple[int, int]]:
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
