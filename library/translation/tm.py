"""Translation memory over the archive's aligned sentence pairs.

A sentence is compared on its *key*: NFKC (full-width to half-width),
Traditional to Simplified, lower case, without whitespace and punctuation.
Equal keys are exact matches; otherwise similarity is rapidfuzz's normalised
Indel ratio of the keys (0–100), the measure Poedit and OmegaT users know as
"fuzzy %". Candidates come from the ``segments_fts`` index first: the
segments in the posting lists of the sentence's three rarest words (English)
or bigrams (Chinese), by the index's own document frequencies; rapidfuzz
scores their keys, computed once per :class:`Memory` and kept.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ..archive import read as archive
from ..text.chinese import index_tokens, normalize

THRESHOLD = 75.0
"""Default lowest similarity (percent) of a fuzzy match."""
LISTS = 6
"""Posting lists read per lookup: those of the query's rarest tokens."""


@dataclass
class Match:
    score: float
    """Similarity of the keys, 0–100 (100: exact after normalisation)."""
    source: str
    target: str
    item_id: str
    position: int


def key(text: str) -> str:
    """What TM matching compares: no case, width, script, space or punctuation differences.

    >>> key("QBPC 與 海關總署，舉行會議。") == key("qbpc与海关总署,举行会议")
    True
    """
    return _strip(normalize(text).lower())


def _strip(text: str) -> str:
    """Without whitespace, punctuation, separators and symbols."""
    return "".join(c for c in text if not (c.isspace() or unicodedata.category(c)[0] in "PZS"))


def tokens(text: str, lang: str) -> set[str]:
    """The search index's tokens of a sentence (:func:`~library.text.chinese.index_tokens`:
    bigrams and run ends of Chinese, words), without one-letter English words."""
    found = set(index_tokens(text))
    return found if lang == "zh" else {w for w in found if len(w) > 1}


def keys(texts: list[str]) -> list[str]:
    """:func:`key` of many texts, normalised in one call (OpenCC's per-call cost dominates
    short sentences)."""
    if not texts:
        return []
    joined = normalize("\n".join(t.replace("\n", " ") for t in texts)).lower()
    return [_strip(line) for line in joined.split("\n")]


class Memory:
    """Lookups against one archive, remembering the keys of the sentences it has scored
    (a batch of worksheets asks about the same few thousand again and again)."""

    def __init__(self, conn: sqlite3.Connection, threshold: float = THRESHOLD) -> None:
        self.conn = conn
        self.threshold = threshold
        self._keys: dict[tuple[int, str], str | None] = {}  # (rowid, lang) → key
        self._frequency: dict[tuple[str, str], int] = {}
        self._complete: set[str] = set()  # languages whose keys are all preloaded
        self._table: dict[str, tuple] = {}  # lang → (sorted rowids, their keys)
        self._postings: dict[tuple[str, str], object] = {}
        self._answers: dict[tuple, list[Match]] = {}

    def _rarest(self, found: set[str], lang: str) -> list[str]:
        """The query's tokens from rarest to commonest in the archive (never-seen ones out).

        A sentence 75% like the query shares most of its tokens, so it holds one of
        the few rarest; their posting lists are the shortest way to it."""
        unknown = {t for t in found if (lang, t) not in self._frequency}
        for t, n in archive.segment_doc_frequencies(self.conn, lang, unknown).items():
            self._frequency[(lang, t)] = n
        return [t for n, t in sorted((self._frequency[(lang, t)], t) for t in found) if n]

    def _keys_of(self, rowids, lang: str) -> tuple[list[int], list[str]]:
        """Rowids of two-sided segments among ``rowids`` (a sorted int array) and their
        ``lang`` keys: from the preloaded table, else computed and cached."""
        if lang in self._complete:
            table, keylist = self._table[lang]
            at = np.searchsorted(table, rowids)
            ok = at < len(table)
            ok[ok] = table[at[ok]] == rowids[ok]  # one-sided segments are not in the table
            at = at[ok]
            return table[at].tolist(), [keylist[i] for i in at.tolist()]
        rowids = rowids.tolist()
        wanted = [r for r in rowids if (r, lang) not in self._keys]
        if wanted:
            rows = archive.two_sided_by_rowid(self.conn, wanted)
            known = {r["rowid"] for r in rows}
            for r, computed in zip(rows, keys([r[lang] for r in rows]), strict=True):
                self._keys[(r["rowid"], lang)] = computed
            for r in wanted:
                if r not in known:
                    self._keys[(r, lang)] = None  # one-sided: no use to a memory
        ids, found = [], []
        for r in rowids:
            k = self._keys[(r, lang)]
            if k is not None:
                ids.append(r)
                found.append(k)
        return ids, found

    def _posting(self, lang: str, token: str):
        """A token's posting list as a sorted int array (kept: a batch of worksheets asks
        for the same tokens again and again)."""
        found = self._postings.get((lang, token))
        if found is None:
            found = self._postings[(lang, token)] = np.sort(
                np.fromiter(archive.segments_with_token(self.conn, lang, token), dtype=np.int64)
            )
        return found

    def preload(self, lang: str) -> None:
        """Compute every two-sided segment's ``lang`` key at once (a batch of worksheets
        touches most of them; in bulk, OpenCC and the key filter cost far less)."""
        rows = sorted(
            archive.two_sided_segments(self.conn, with_rowid=True), key=lambda r: r["rowid"]
        )
        self._table[lang] = (
            np.array([r["rowid"] for r in rows], dtype=np.int64),
            keys([r[lang] for r in rows]),
        )
        self._complete.add(lang)

    def lookup(
        self, text: str, lang: str, limit: int = 5, threshold: float | None = None
    ) -> list[Match]:
        """Archive sentences in ``lang`` like ``text``, with their translations, best first."""
        if lang not in ("zh", "en"):
            raise ValueError(f"language must be zh or en, not {lang!r}")
        threshold = self.threshold if threshold is None else threshold
        wanted = key(text)
        asked = (lang, wanted, threshold, limit)
        if asked not in self._answers:  # news repeats its stock sentences
            self._answers[asked] = self._lookup(text, wanted, lang, limit, threshold)
        return list(self._answers[asked])

    def _lookup(
        self, text: str, wanted: str, lang: str, limit: int, threshold: float
    ) -> list[Match]:
        rarest = self._rarest(tokens(text, lang), lang)
        if not wanted or not rarest:
            return []
        other = "en" if lang == "zh" else "zh"
        # Segments holding the most of the rarest tokens: a sentence 75% like the query
        # shares most of them, so those one short of the best count are kept too.
        every = np.sort(np.concatenate([self._posting(lang, t) for t in rarest[:LISTS]]))
        if not len(every):
            return []
        starts = np.flatnonzero(np.concatenate(([True], every[1:] != every[:-1])))
        counts = np.diff(np.append(starts, len(every)))
        keep = counts >= max(1, counts.max() - 1)
        ids, found = self._keys_of(every[starts[keep]], lang)
        best = process.extract(
            wanted, found, scorer=fuzz.ratio, score_cutoff=threshold, limit=max(limit * 4, 20)
        )
        rows = {
            r["rowid"]: r
            for r in archive.two_sided_by_rowid(self.conn, [ids[i] for _, _, i in best])
        }
        out = []
        for _, score, i in best:
            row = rows[ids[i]]
            score = 100.0 if found[i] == wanted else score
            out.append(
                Match(round(score, 1), row[lang], row[other], row["item_id"], row["position"])
            )
        out.sort(key=lambda m: (-m.score, m.item_id, m.position))
        return out[:limit]


def lookup(
    conn: sqlite3.Connection, text: str, lang: str, threshold: float = THRESHOLD, limit: int = 5
) -> list[Match]:
    """One lookup (:meth:`Memory.lookup` without keeping the cache)."""
    return Memory(conn, threshold).lookup(text, lang, limit)
