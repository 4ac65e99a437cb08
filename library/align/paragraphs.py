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

from ..model import Bead
from ..text.anchors import anchors
from .gale_church import best_path, length, length_cost

# -log of Gale and Church's bead priors (1-1 .89, 2-1/1-2 .089, 1-0/0-1 .0099).
PENALTY = {(1, 1): 0.12, (1, 2): 2.42, (2, 1): 2.42, (1, 0): 4.62, (0, 1): 4.62}
VARIANCE = 12.0
"""Variance of English characters per unit of length; wider than Gale–Church's 6.8
because Chinese and English lengths vary more than two European languages'."""
DEFAULT_RATIO = 3.0


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


def _dp(
    lz: list[int], le: list[int], az: list[set[str]], ae: list[set[str]], ratio: float
) -> list[Bead]:
    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, float]:
        penalty = PENALTY[di, dj]
        if not (di and dj):
            return penalty, round(math.exp(-max(penalty, 0.0)), 4)
        c = penalty + length_cost(sum(lz[i : i + di]), sum(le[j : j + dj]), ratio, VARIANCE)
        za = set().union(*az[i : i + di])
        ea = set().union(*ae[j : j + dj])
        if za and ea:
            shared = len(za & ea)
            c += -1.5 * (2 * shared / (len(za) + len(ea))) + (0.5 if not shared else 0)
        return c, round(math.exp(-max(c, 0.0)), 4)

    return best_path(len(lz), len(le), list(PENALTY), cost)
