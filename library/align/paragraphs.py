"""Paragraph alignment inside a pair: Gale–Church style dynamic programming over lengths.

Beads 1-1, 1-2, 2-1, 1-0 and 0-1. The length cost compares English
characters with Chinese characters times the pair's own ratio (its total
English over total Chinese length), so each item calibrates itself. Shared
numbers and Latin tokens (QBPC, 2022) lower a bead's cost: they are the
anchors news text is full of. Sentence alignment is a later stage.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from typing import Any

from ..model import DEFAULT_RATIO, Bead
from ..text.anchors import anchors
from .gale_church import BeadCost, best_path, length, length_cost, length_costs

# -log of Gale and Church's bead priors (1-1 .89, 2-1/1-2 .089, 1-0/0-1 .0099).
PENALTY = {(1, 1): 0.12, (1, 2): 2.42, (2, 1): 2.42, (1, 0): 4.62, (0, 1): 4.62}
VARIANCE = 12.0
"""Variance of English characters per unit of length; wider than Gale–Church's 6.8
because Chinese and English lengths vary more than two European languages'."""
ANCHOR_WEIGHT = 1.5
"""How far anchors (numbers, acronyms, names) that both sides of a bead share lower its
cost: by this times their share of the two sides' anchors (1.5 when all are shared)."""
NONE_SHARED = 0.5
"""The cost of a bead whose sides both have anchors and share none (a dated paragraph
beside another date is more likely another paragraph)."""


def anchor_cost(shared: Any, zh_count: Any, en_count: Any) -> Any:
    """A bead's anchor term, for numbers (the whole-grid pass) and numpy arrays (the
    banded pass) alike: nothing unless both sides have anchors; then the shared share's
    bonus, or :data:`NONE_SHARED` when nothing is shared.

    >>> anchor_cost(2, 2, 2), anchor_cost(0, 1, 3), anchor_cost(0, 0, 3)
    (-1.5, 0.5, 0.0)
    """
    both = (zh_count > 0) * (en_count > 0)
    sizes = zh_count + en_count
    share = 2 * shared / (sizes + (sizes == 0))
    return both * (NONE_SHARED * (shared == 0) - ANCHOR_WEIGHT * share) + 0.0


def align_paragraphs(
    zh: Sequence[str],
    en: Sequence[str],
    found: tuple[list[set[str]], list[set[str]]] | None = None,
) -> list[Bead]:
    """Align two lists of paragraphs; every paragraph ends up in exactly one bead.
    ``found``: each side's paragraphs' :func:`~library.text.anchors.anchors`, if
    already known (a long page's are found by several processes).

    Two passes: the first uses the ratio of the whole texts, which an
    untranslated paragraph skews; the second re-estimates it from the 1-1
    beads of the first.

    >>> zh = ["海关总署召开会议。", "双方交流了2022年的计划。"]
    >>> en = ["GACC held a meeting.", "They discussed plans for 2022."]
    >>> [b.kind for b in align_paragraphs(zh, en)]
    ['1-1', '1-1']
    >>> [b.kind for b in align_paragraphs(["只有中文。"], [])]
    ['1-0']
    """
    zh_lengths = [length(p) for p in zh]
    en_lengths = [length(p) for p in en]
    zh_anchors, en_anchors = found or (
        [anchors(p, "zh") for p in zh],
        [anchors(p, "en") for p in en],
    )
    ratio = (
        (sum(en_lengths) / sum(zh_lengths))
        if sum(zh_lengths) and sum(en_lengths)
        else DEFAULT_RATIO
    )
    beads = _dp(zh_lengths, en_lengths, zh_anchors, en_anchors, ratio)
    for _ in range(3):
        ones = [b for b in beads if b.kind == "1-1"]
        z1, e1 = sum(zh_lengths[b.zh[0]] for b in ones), sum(en_lengths[b.en[0]] for b in ones)
        if not (z1 and e1) or abs(e1 / z1 - ratio) <= 0.05 * ratio:
            break
        ratio = e1 / z1
        beads = _dp(zh_lengths, en_lengths, zh_anchors, en_anchors, ratio)
    return beads


BAND_FROM = 250_000
"""Paragraph grids of more cells than this (a page of 500 paragraphs a side) are aligned
in a band around the diagonal (:func:`_dp_banded`): the whole grid costs its area, and
a 10 MB page has 40,000 paragraphs a side."""
BAND = 64
"""Half the band's width, in paragraphs, beyond the diagonal's own slope."""


def _dp(
    zh_lengths: list[int],
    en_lengths: list[int],
    zh_anchors: list[set[str]],
    en_anchors: list[set[str]],
    ratio: float,
) -> list[Bead]:
    cost = _cost(zh_lengths, en_lengths, zh_anchors, en_anchors, ratio)
    if len(zh_lengths) * len(en_lengths) > BAND_FROM:
        return _dp_banded(zh_lengths, en_lengths, zh_anchors, en_anchors, ratio, cost)
    return best_path(len(zh_lengths), len(en_lengths), list(PENALTY), cost)


def _cost(
    zh_lengths: list[int],
    en_lengths: list[int],
    zh_anchors: list[set[str]],
    en_anchors: list[set[str]],
    ratio: float,
) -> BeadCost:
    """A bead's (cost, score): its type's penalty, its length cost, and its shared
    anchors (a bonus for their share, a small cost when both sides have some but share
    none)."""

    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, float]:
        penalty = PENALTY[di, dj]
        if not (di and dj):
            return penalty, round(math.exp(-max(penalty, 0.0)), 4)
        c = penalty + length_cost(
            sum(zh_lengths[i : i + di]), sum(en_lengths[j : j + dj]), ratio, VARIANCE
        )
        zh_side = set().union(*zh_anchors[i : i + di])
        en_side = set().union(*en_anchors[j : j + dj])
        if zh_side and en_side:
            c += anchor_cost(len(zh_side & en_side), len(zh_side), len(en_side))
        return c, round(math.exp(-max(c, 0.0)), 4)

    return cost


def _hashed_masks(anchor_sets: list[set[str]]):
    """Each paragraph's anchors as one 64-bit mask (an anchor's bit: its CRC-32 mod 64,
    the same in every run): shared anchors counted by popcount, a rare collision
    counting as a share."""
    import numpy as np

    masks = np.zeros(len(anchor_sets), dtype=np.uint64)
    for k, anchors_ in enumerate(anchor_sets):
        bits = 0
        for a in anchors_:
            bits |= 1 << (zlib.crc32(a.encode("utf-8")) % 64)
        masks[k] = bits
    return masks


def _dp_banded(
    zh_lengths: list[int],
    en_lengths: list[int],
    zh_anchors: list[set[str]],
    en_anchors: list[set[str]],
    ratio: float,
    cost: BeadCost,
    width: int = BAND,
) -> list[Bead]:
    """:func:`best_path` over the cells within ``width`` (plus the slope) of the
    diagonal, in numpy: the same costs (anchors as hashed masks), in time linear in the
    number of paragraphs. Row i holds the columns ``base[i] + b`` for b < 2w + 1 (cells
    off the grid stay infinite); the beads' costs are computed for blocks of rows at
    once, so a row of the programme is a few vector steps. A bead's score is ``cost``'s
    own."""
    import numpy as np

    n, m = len(zh_lengths), len(en_lengths)
    slope = m / n
    w = width + math.ceil(max(slope, 1 / slope if slope else 0))
    size = 2 * w + 1
    base = np.array([round(i * slope) - w for i in range(n + 1)], dtype=np.int64)
    zh_sums = np.concatenate(([0.0], np.cumsum(zh_lengths, dtype=np.float64)))
    en_sums = np.concatenate(([0.0], np.cumsum(en_lengths, dtype=np.float64)))
    zh_masks, en_masks = _hashed_masks(zh_anchors), _hashed_masks(en_anchors)
    kinds = [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]
    moves = kinds[:4]
    inf = np.inf
    offsets = np.arange(size)
    ramp = offsets * PENALTY[0, 1]
    back = np.full((n + 1, size), 4, dtype=np.int8)
    rows: dict[int, Any] = {}  # the totals of the last two rows
    candidates = np.empty((len(moves), size))  # a row's totals by the bead ending there
    block = 2048
    for first in range(0, n + 1, block):
        last = min(n + 1, first + block)
        at = np.arange(first, last)
        cols = base[at][:, None] + offsets[None, :]  # (rows, size)
        costs = np.full((len(at), len(moves), size), inf)
        for k, (di, dj) in enumerate(moves):
            c = np.full(cols.shape, PENALTY[di, dj])
            if dj:
                s = np.clip(cols - dj, 0, m)
                zh_scaled = ((zh_sums[at] - zh_sums[np.maximum(at - di, 0)]) * ratio)[:, None]
                c = c + length_costs(
                    np.broadcast_to(zh_scaled, cols.shape),
                    en_sums[np.clip(cols, 0, m)] - en_sums[s],
                    VARIANCE,
                )
                zh_side = (
                    zh_masks[np.clip(at - 1, 0, None)]
                    if di == 1
                    else (zh_masks[np.clip(at - 1, 0, None)] | zh_masks[np.clip(at - 2, 0, None)])
                )
                zh_side = np.broadcast_to(zh_side[:, None], cols.shape)
                en_side = en_masks[np.clip(s, 0, m - 1)]
                if dj == 2:
                    en_side = en_side | en_masks[np.clip(s + 1, 0, m - 1)]
                c = c + anchor_cost(
                    np.bitwise_count(zh_side & en_side).astype(np.float64),
                    np.bitwise_count(zh_side).astype(np.float64),
                    np.bitwise_count(en_side).astype(np.float64),
                )
            costs[:, k, :] = c
        outside: Any = (cols < 0) | (cols > m)
        edge = outside.any(axis=1)
        for r, row_i in enumerate(range(first, last)):
            candidates.fill(inf)
            for k, (di, dj) in enumerate(moves):
                if row_i - di < 0:
                    continue
                prev = rows[row_i - di]
                shift = int(base[row_i] - base[row_i - di]) - dj
                if shift >= 0:
                    candidates[k, : size - shift] = prev[shift:]
                else:
                    candidates[k, -shift:] = prev[: size + shift]
            candidates += costs[r]
            kind = candidates.argmin(axis=0)
            best = candidates[kind, offsets]
            if row_i == 0:
                best[base[0] + offsets == 0] = 0.0
            if edge[r]:
                best[outside[r]] = inf
            # A 0-1 bead stays in the row: T[j] = min(best[j], T[j-1] + step), as a
            # running minimum of best[j] - j * step.
            total = np.minimum.accumulate(best - ramp) + ramp
            if edge[r]:
                total[outside[r]] = inf
            back[row_i] = np.where(total < best - 1e-9, 4, kind)
            rows[row_i] = total
            rows.pop(row_i - 2, None)
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = kinds[int(back[i, j - base[i]])]
        pi, pj = i - di, j - dj
        out.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), cost(pi, pj, di, dj)[1]))
        i, j = pi, pj
    out.reverse()
    return out
