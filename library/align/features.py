"""Per-sentence features of a document pair, the weights of a sentence bead's cost, and
that cost for one bead (the reference the vectorised passes in
``library.align.banded`` are tested against).

A bead's cost is

    penalty(type) + LENGTH * Gale–Church length cost - LEXICAL * lexical coverage
                  - ANCHOR * shared numbers/acronyms

where lexical coverage is the share of the bead's Chinese dictionary words
whose CC-CEDICT (and glossary) glosses occur among its English stems, and of
its English content stems covered by those glosses (a Dice-like figure in
[0, 1]).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.anchors import anchors
from ..text.chinese import normalize
from ..text.lexicon import Lexicon, en_words, pinyin_windows, prefixes_of, spells_pinyin
from .gale_church import length, length_cost

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
        self.zh_lengths = [length(s) for s in zh]
        self.en_lengths = [length(s) for s in en]
        self.zh_length_sums = list(itertools.accumulate(self.zh_lengths, initial=0))
        self.en_length_sums = list(itertools.accumulate(self.en_lengths, initial=0))
        normalized = [normalize(s) for s in zh]
        self.zh_anchors = [anchors(s, "zh", normalized=True) for s in normalized]
        self.en_anchors = [anchors(s, "en") for s in en]
        self.zh_anchored = list(itertools.accumulate((bool(a) for a in self.zh_anchors), initial=0))
        self.en_anchored = list(itertools.accumulate((bool(a) for a in self.en_anchors), initial=0))
        self.zh_glosses = []
        for s in normalized:
            words = [lexicon.translations(w) for w in lexicon.segment(s, normalized=True)]
            self.zh_glosses.append([w for w in words if w])
        self._glosses: dict[int, set[str]] = {}  # sentence → all its words' glosses, lazily
        self.zh_word_sums = list(itertools.accumulate((len(w) for w in self.zh_glosses), initial=0))
        english = [en_words(s) for s in en]
        self.en_stems = [[w for w, _ in ws] for ws in english]
        self.en_names = [{k for k, (_, name) in enumerate(ws) if name} for ws in english]
        self.en_stem_sets = [set(s) for s in self.en_stems]
        self.en_stem_sums = list(itertools.accumulate((len(s) for s in self.en_stems), initial=0))
        self.zh = zh
        self.lexicon = lexicon
        self.zh_gloss_ids = [[lexicon.gloss_ids(tr) for tr in ws] for ws in self.zh_glosses]
        self.en_stem_ids = [[lexicon.stem_id(st) for st in stems] for stems in self.en_stems]
        # For each Chinese sentence, the English name stems its pinyin spells
        # (陈清扬 → chen, qingyang): windows are built only along names that are
        # pinyin at all (Xiaolu, Shanghai; not Customs or QBPC).
        names = {
            ws[k]
            for ws, ks in zip(self.en_stems, self.en_names, strict=True)
            for k in ks
            if spells_pinyin(ws[k])
        }
        prefixes = prefixes_of(names)
        self.pinyin = [
            pinyin_windows(s, among=names, prefixes=prefixes, normalized=True) if names else set()
            for s in normalized
        ]
        self._pairs: dict[tuple[int, int], tuple[int, int]] = {}

    def masks(self, i: int, j: int) -> tuple[int, int]:
        """Bitmasks of Chinese words of i matched in j, and English stems of j matched by i."""
        key = (i, j)
        found = self._pairs.get(key)
        if found is not None:
            return found
        zmask = emask = 0
        eset = self.en_stem_sets[j]
        for k, tr in enumerate(self.zh_glosses[i]):
            if not tr.isdisjoint(eset):
                zmask |= 1 << k
        if zmask or self.en_names[j]:
            glosses = self._glosses.get(i)
            if glosses is None:
                glosses = self._glosses[i] = set().union(*self.zh_glosses[i])
            names = self.en_names[j]
            pinyin = self.pinyin[i]
            for k, st in enumerate(self.en_stems[j]):
                if st in glosses or (k in names and st in pinyin):
                    emask |= 1 << k
        found = self._pairs[key] = (zmask, emask)
        return found

    def lexical(self, i: int, di: int, j: int, dj: int) -> float:
        """Lexical coverage of Chinese sentences i..i+di against English j..j+dj."""
        zh_words = self.zh_word_sums[i + di] - self.zh_word_sums[i]
        en_words = self.en_stem_sums[j + dj] - self.en_stem_sums[j]
        if zh_words + en_words == 0:
            return 0.0
        if di == 1 and dj == 1:
            a, b = self.masks(i, j)
            return (a.bit_count() + b.bit_count()) / (zh_words + en_words)
        zh_covered = 0
        emasks = [0] * dj
        for zi in range(i, i + di):
            zh_mask = 0
            for k in range(dj):
                a, b = self.masks(zi, j + k)
                zh_mask |= a
                emasks[k] |= b
            zh_covered += zh_mask.bit_count()
        return (zh_covered + sum(e.bit_count() for e in emasks)) / (zh_words + en_words)


def bead_cost(
    doc: Features, i: int, j: int, di: int, dj: int, ratio: float, p: Params
) -> tuple[float, float]:
    """(cost, lexical similarity) of the bead taking Chinese i..i+di and English j..j+dj."""
    if not (di and dj):
        return p.skip, 0.0
    c = p.penalty(di, dj)
    zh_chars = doc.zh_length_sums[i + di] - doc.zh_length_sums[i]
    en_chars = doc.en_length_sums[j + dj] - doc.en_length_sums[j]
    c += p.length * length_cost(zh_chars, en_chars, ratio, p.variance)
    sim = doc.lexical(i, di, j, dj)
    c -= p.lexical * sim * (1 + p.size_weight * ((di + dj) / 2 - 1))
    if (
        doc.zh_anchored[i + di] - doc.zh_anchored[i]
        and doc.en_anchored[j + dj] - doc.en_anchored[j]
    ):
        zh_side = set().union(*doc.zh_anchors[i : i + di])
        en_side = set().union(*doc.en_anchors[j : j + dj])
        c -= p.anchor * 2 * len(zh_side & en_side) / (len(zh_side) + len(en_side))
    return c, sim
