"""Paragraph alignment inside a pair: Gale–Church style dynamic programming over lengths.

Beads 1-1, 1-2, 2-1, 1-0 and 0-1. The length cost compares English
characters with Chinese characters times the pair's own ratio (its total
English over total Chinese length), so each item calibrates itself. Shared
numbers and Latin tokens (QBPC, 2022) lower a bead's cost: they are the
anchors news text is full of. Sentence alignment is a later stage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .anchors import anchors

# -log of Gale and Church's bead priors (1-1 .89, 2-1/1-2 .089, 1-0/0-1 .0099).
PENALTY = {(1, 1): 0.12, (1, 2): 2.42, (2, 1): 2.42, (1, 0): 4.62, (0, 1): 4.62}
VARIANCE = 12.0
"""Variance of English characters per unit of length; wider than Gale–Church's 6.8
because Chinese and English lengths vary more than two European languages'."""
REVIEW_BELOW = 0.05
DEFAULT_RATIO = 3.0


@dataclass(frozen=True)
class Bead:
    """Paragraphs ``zh`` of the Chinese side aligned with paragraphs ``en`` of the English."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    """exp(-cost) of the bead's length and anchor evidence, in (0, 1]."""

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


def length(text: str) -> int:
    """Length for alignment: characters other than whitespace, in either language."""
    return len("".join(text.split()))  # split() cuts at exactly the isspace() characters


def _norm_sf(z: float) -> float:
    """Two-sided tail probability of a standard normal deviate."""
    return math.erfc(abs(z) / math.sqrt(2))


def _length_cost(lz: int, le: int, ratio: float) -> float:
    mean = (lz * ratio + le) / 2
    if mean == 0:
        return 0.0
    delta = (le - lz * ratio) / math.sqrt(VARIANCE * mean)
    return -math.log(max(_norm_sf(delta), 1e-12))


def align_paragraphs(zh: Sequence[str], en: Sequence[str]) -> list[Bead]:
    """Align two lists of paragraphs; every paragraph ends up in exactly one bead.

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
    lz = [length(p) for p in zh]
    le = [length(p) for p in en]
    az = [anchors(p, "zh") for p in zh]
    ae = [anchors(p, "en") for p in en]
    ratio = (sum(le) / sum(lz)) if sum(lz) and sum(le) else DEFAULT_RATIO
    beads = _dp(lz, le, az, ae, ratio)
    for _ in range(3):
        ones = [b for b in beads if b.kind == "1-1"]
        z1, e1 = sum(lz[b.zh[0]] for b in ones), sum(le[b.en[0]] for b in ones)
        if not (z1 and e1) or abs(e1 / z1 - ratio) <= 0.05 * ratio:
            break
        ratio = e1 / z1
        beads = _dp(lz, le, az, ae, ratio)
    return beads


def _dp(lz: list[int], le: list[int], az: list[set], ae: list[set], ratio: float) -> list[Bead]:
    n, m = len(lz), len(le)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), penalty in PENALTY.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                if di and dj:
                    zl, el = sum(lz[i:ni]), sum(le[j:nj])
                    c = penalty + _length_cost(zl, el, ratio)
                    za = set().union(*az[i:ni])
                    ea = set().union(*ae[j:nj])
                    if za and ea:
                        shared = len(za & ea)
                        c += -1.5 * (2 * shared / (len(za) + len(ea))) + (0.5 if not shared else 0)
                else:
                    c = penalty
                total = cost[i][j] + c
                if total < cost[ni][nj]:
                    cost[ni][nj] = total
                    back[ni][nj] = (i, j, c)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, c = back[i][j]  # type: ignore[misc]
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)),
                          round(math.exp(-max(c, 0.0)), 4)))
        i, j = pi, pj
    beads.reverse()
    return beads
