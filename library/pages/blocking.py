"""Which Chinese pages an English page is scored against: all those of its days while
they are few, else those sharing the rarest evidence with it.

Scoring every page of a week against every other is quadratic in the pages of a day:
a crawl of a busy site brings thousands in one day, many undated (and an undated page is
a candidate of every page). So, as bitextor's document aligner prunes its candidates,
the Chinese pages are indexed by their evidence keys (numbers, Latin tokens, glossary
renderings, the English stems their words gloss, the pinyin names they spell). An
English page with more than :data:`EXACT_UP_TO` candidates by date looks its keys up
rarest first, until it has read :data:`BUDGET` postings, each shared key adding its
rarity among the Chinese pages (``log(N / df)``) to the pages holding it; the
:data:`TOP` pages with the most are scored. A common key ("customs", a date every page
of the day gives) is read only when the page has nothing rarer. The cost is the pages
times (their keys, :data:`BUDGET` postings and :data:`TOP` scores): linear in the pages
of a day, however many there are.

Nothing that could pair is lost this way in practice: two pages whose numbers are all
different are never paired (``evidence.pair_score`` vetoes them), and a translation
shares its rare words, names and numbers with its original far more than with the
other pages of its day; a pair is still made only on the full score and content floor
(``library.pages.pairing``).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict

import numpy as np

from .evidence import MAX_DAYS, Features

EXACT_UP_TO = 200
"""Candidates by date up to which every one is scored (the result is then exactly the
unblocked pairing's)."""
TOP = 40
"""Candidates scored for a page whose days hold more: those sharing the most evidence."""
BUDGET = 2000
"""Postings a page reads, its rarest keys' first (a key rarer than this is always read)."""
SHORTLIST = 160
"""Pages, by the evidence shared through the keys read, whose whole shared evidence is
then weighed to choose the :data:`TOP` (a day's briefs on one topic share its rare
words; the commoner words they do not share tell them apart)."""


def keys(f: Features) -> set[tuple[str, str]]:
    """A page's evidence keys, in terms both languages share."""
    out = {("n", n) for n in f.numbers}
    out |= {("g", g) for g in f.glossary}
    out |= {("c", s) for s in f.content}
    out |= {("p", p) for p in f.names}
    # The Chinese page's Latin tokens (QBPC, IPR) are looked up among the English words.
    out |= {("l", w.lower()) for w in f.latin}
    return out


class Candidates:
    """The Chinese pages by day and by evidence key, made once per pairing. The lookups
    run in numpy: a page's postings are gathered, summed by page and ranked in C."""

    def __init__(self, zh: list[Features]) -> None:
        self.zh = zh
        self.undated = [z for z in zh if z.day is None]
        self.dated = sorted((z for z in zh if z.day is not None), key=lambda z: z.day or 0)
        self.days = [z.day or 0 for z in self.dated]
        postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for k, z in enumerate(zh):
            for key in keys(z):
                postings[key].append(k)
        n = len(zh)
        self.postings = {key: np.array(ks, dtype=np.int64) for key, ks in postings.items()}
        self.weight = {key: math.log((n + 1) / len(ks)) for key, ks in postings.items()}
        # Each page's keys as numbers (CSR: the keys of page k are
        # key_of[first[k]:first[k + 1]]), and each key's weight by number.
        self.key_id = {key: i for i, key in enumerate(postings)}
        self.key_weight = np.array([self.weight[key] for key in postings])
        page_keys = [[self.key_id[key] for key in keys(z)] for z in zh]
        self.first = np.cumsum([0] + [len(ks) for ks in page_keys])
        self.key_of = np.array([i for ks in page_keys for i in ks], dtype=np.int64)
        self.day = np.array([np.nan if z.day is None else z.day for z in zh], dtype=float)
        # Ties go to the page first by path: the same choice whatever order pages came in.
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[sorted(range(n), key=lambda k: zh[k].version.rel)] = np.arange(n)

    def _by_date(self, e: Features) -> tuple[int, int]:
        """The range of :attr:`dated` within :data:`MAX_DAYS` of ``e`` (all, undated)."""
        if e.day is None:
            return 0, len(self.dated)
        lo = bisect.bisect_left(self.days, e.day - MAX_DAYS)
        hi = bisect.bisect_right(self.days, e.day + MAX_DAYS)
        return lo, hi

    def of(self, e: Features) -> list[Features]:
        """The Chinese pages ``e`` is scored against: every one within its dates while
        they are at most :data:`EXACT_UP_TO`, else the :data:`TOP` sharing the most."""
        lo, hi = self._by_date(e)
        if hi - lo + len(self.undated) <= EXACT_UP_TO:
            return self.dated[lo:hi] + self.undated
        held = sorted((len(self.postings[k]), k) for k in keys(e) if k in self.postings)
        pages, weights = [], []
        read = 0
        for size, key in held:
            if read and read + size > BUDGET:
                break
            found = self.postings[key][:BUDGET]  # a first key commoner than that: a part
            pages.append(found)
            weights.append(np.full(len(found), self.weight[key]))
            read += len(found)
        if not pages:
            return []
        found, where = np.unique(np.concatenate(pages), return_inverse=True)
        shared = np.bincount(where, weights=np.concatenate(weights))
        if e.day is not None:
            days = self.day[found]
            near = np.isnan(days) | (np.abs(days - e.day) <= MAX_DAYS)
            found, shared = found[near], shared[near]
        if len(found) > TOP:
            found = found[np.lexsort((self.rank[found], -shared))[:SHORTLIST]]
            shared = self._shared(e, found)
        best = np.lexsort((self.rank[found], -shared))[:TOP]
        return [self.zh[k] for k in found[best]]

    def _shared(self, e: Features, pages: np.ndarray) -> np.ndarray:
        """The weight of all the evidence ``e`` shares with each of ``pages``."""
        ids = np.array(sorted(self.key_id[k] for k in keys(e) if k in self.key_id), dtype=np.int64)
        starts, ends = self.first[pages], self.first[pages + 1]
        sizes = ends - starts
        at = np.cumsum(sizes) - sizes  # where each page's keys start in the gathered run
        gathered = np.arange(sizes.sum()) - np.repeat(at, sizes) + np.repeat(starts, sizes)
        theirs = self.key_of[gathered]
        # Which of their keys are ``e``'s: a sorted lookup, not a vector of every key
        # (that would make each page's cost grow with the index).
        where = np.minimum(np.searchsorted(ids, theirs), max(len(ids) - 1, 0))
        held = ids[where] == theirs if len(ids) else np.zeros(len(theirs), dtype=bool)
        values = np.concatenate([np.where(held, self.key_weight[theirs], 0.0), [0.0]])
        return np.add.reduceat(values, np.minimum(at, len(values) - 1)) * (sizes > 0)
