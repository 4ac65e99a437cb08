"""Gale–Church alignment: lengths, the length cost, and the dynamic programme over beads
that both the paragraph and the sentence aligner run.

Gale and Church (1993) model the length of a translation as normally distributed
around the source's length times a ratio; a bead's cost is -log of the two-sided
tail probability of its length difference, plus a penalty for its type. Each
aligner adds its own evidence to that cost (shared anchors for paragraphs,
dictionary coverage for sentences) through the ``cost`` function it passes to
:func:`best_path`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ..model import Bead

BeadCost = Callable[[int, int, int, int], tuple[float, float]]
"""(i, j, di, dj) → (cost, score) of the bead taking units i..i+di and j..j+dj."""


def length(text: str) -> int:
    """Length for alignment: characters other than whitespace, in either language."""
    return len("".join(text.split()))  # split() cuts at exactly the isspace() characters


def erfc(x: Any) -> Any:
    """The complementary error function: :func:`math.erfc` of a number; of a numpy array
    (numpy has none, and scipy is not worth a dependency for it) Abramowitz–Stegun
    7.1.26, within 2e-7 of it, for x ≥ 0.

    >>> import numpy as np
    >>> bool(abs(erfc(np.array([0.7]))[0] - erfc(0.7)) < 2e-7)
    True
    """
    if not hasattr(x, "shape"):
        return math.erfc(x)
    import numpy as np

    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return poly * np.exp(-x * x)


def length_cost(zh_chars: float, en_chars: float, ratio: float, variance: float) -> float:
    """-log P(a length difference at least this large) of ``zh_chars`` Chinese and ``en_chars``
    English characters, English expected to be ``ratio`` times the Chinese, with
    ``variance`` English characters per unit of length.

    >>> length_cost(10, 30, 3.0, 12.0) == 0, round(length_cost(10, 60, 3.0, 12.0), 2)
    (True, 1.63)
    """
    mean = (zh_chars * ratio + en_chars) / 2
    if mean <= 0:
        return 0.0
    delta = (en_chars - zh_chars * ratio) / math.sqrt(variance * mean)
    return -math.log(max(erfc(abs(delta) / math.sqrt(2)), 1e-12))


def length_costs(zh_chars: Any, en_chars: Any, variance: float) -> Any:
    """:func:`length_cost` of numpy arrays, ``zh_chars`` already multiplied by the ratio."""
    import numpy as np

    mean = np.maximum((zh_chars + en_chars) / 2, 1e-9)
    delta = np.abs(en_chars - zh_chars) / np.sqrt(variance * mean)
    return -np.log(np.maximum(erfc(delta / math.sqrt(2)), 1e-12))


def best_path(n: int, m: int, beads: Sequence[tuple[int, int]], cost: BeadCost) -> list[Bead]:
    """The cheapest sequence of beads (each of a type in ``beads``, tried in that order)
    from (0, 0) to (n, m) over the whole grid, bead by bead in plain Python; each bead
    keeps the score ``cost`` gave it.

    >>> flat = lambda i, j, di, dj: (0.0 if di == dj else 1.0, 1.0)
    >>> [b.kind for b in best_path(2, 2, [(1, 1), (1, 0), (0, 1)], flat)]
    ['1-1', '1-1']
    """
    inf = float("inf")
    total: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int, float]]] = [dict() for _ in range(n + 1)]
    total[0][0] = 0.0
    for i in range(n + 1):
        row = total[i]
        for j in range(m + 1):
            here = row.get(j)
            if here is None:
                continue
            for di, dj in beads:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                c, score = cost(i, j, di, dj)
                if here + c < total[ni].get(nj, inf):
                    total[ni][nj] = here + c
                    back[ni][nj] = (i, j, score)
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, score = back[i][j]
        out.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), score))
        i, j = pi, pj
    out.reverse()
    return out
