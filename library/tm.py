"""Translation memory over the archive's aligned sentence pairs.

A sentence is compared on its *key*: NFKC (full-width to half-width),
Traditional to Simplified, lower case, without whitespace and punctuation.
Equal keys are exact matches; otherwise similarity is rapidfuzz's normalised
Indel ratio of the keys (0–100), the measure Poedit and OmegaT users know as
"fuzzy %". Candidates come from the ``segments_fts`` index first: the
posting lists of the sentence's rarest words (English) or bigrams (Chinese)
in the archive, counted per segment; the hundred segments holding most of them
are scored, so a lookup reads a bounded number of texts however large the
archive.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from . import store
from .chinese import normalize

THRESHOLD = 75.0
"""Default lowest similarity (percent) of a fuzzy match."""
CANDIDATES = 100
"""Rows the FTS pre-filter hands to the scorer."""
RARE = 8
"""Tokens of the query the pre-filter asks for: its rarest in the archive..."""
COMMON = 20_000
"""...leaving out any held by more segments than this (unless nothing else is left)."""
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


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
    text = normalize(text).lower()
    return "".join(c for c in text if not (c.isspace() or unicodedata.category(c)[0] in "PZS"))


def tokens(text: str, lang: str) -> set[str]:
    """The shadow-index tokens of a sentence: words (English), bigrams (Chinese)."""
    norm = normalize(text).lower()
    if lang == "zh":
        runs = _CJK_RUN.findall(norm)
        found = {run[i:i + 2] for run in runs for i in range(len(run) - 1)}
        return found | {run for run in runs if len(run) == 1} | set(_WORD.findall(norm))
    return {w for w in _WORD.findall(norm) if len(w) > 1}


def keys(texts: list[str]) -> list[str]:
    """:func:`key` of many texts, normalised in one call (OpenCC's per-call cost dominates
    short sentences)."""
    if not texts:
        return []
    joined = normalize("\n".join(t.replace("\n", " ") for t in texts)).lower()
    return ["".join(c for c in line if not (c.isspace() or unicodedata.category(c)[0] in "PZS"))
            for line in joined.split("\n")]


class Memory:
    """Lookups against one archive, remembering the keys of the sentences it has scored
    (a batch of worksheets asks about the same few thousand again and again)."""

    def __init__(self, conn, threshold: float = THRESHOLD, candidates: int = CANDIDATES) -> None:
        self.conn = conn
        self.threshold = threshold
        self.candidates = candidates
        self._keys: dict[tuple[str, int, str], str] = {}
        self._frequency: dict[tuple[str, str], int] = {}

    def _rare(self, found: set[str], lang: str) -> set[str]:
        """The query's most telling tokens: the RARE rarest, and all rare ones.

        A sentence 75% like the query shares most of its tokens, so it holds some
        of the rarest; OR-ing only those keeps bm25 from scoring half the archive
        for 海关 or "the"."""
        unknown = {t for t in found if (lang, t) not in self._frequency}
        for t, n in store.segment_doc_frequencies(self.conn, lang, unknown).items():
            self._frequency[(lang, t)] = n
        ranked = sorted((self._frequency[(lang, t)], t) for t in found
                        if self._frequency[(lang, t)])
        return {t for n, t in ranked[:RARE] if n <= COMMON} or {t for _, t in ranked[:2]}

    def lookup(self, text: str, lang: str, limit: int = 5,
               threshold: float | None = None) -> list[Match]:
        """Archive sentences in ``lang`` like ``text``, with their translations, best first."""
        if lang not in ("zh", "en"):
            raise ValueError(f"language must be zh or en, not {lang!r}")
        threshold = self.threshold if threshold is None else threshold
        wanted = key(text)
        rare = self._rare(tokens(text, lang), lang)
        if not wanted or not rare:
            return []
        other = "en" if lang == "zh" else "zh"
        # Candidates: the segments holding most of the query's rare tokens, counted
        # from the index's posting lists (cheaper than bm25 over every holder).
        hits: Counter = Counter()
        for token in rare:
            hits.update(store.segments_with_token(self.conn, lang, token))
        best = [r for r, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
                [:self.candidates]]
        rows = store.two_sided_by_rowid(self.conn, best)
        ids = [(r["item_id"], r["position"], lang) for r in rows]
        missing = [i for i, k in enumerate(ids) if k not in self._keys]
        for i, computed in zip(missing, keys([rows[i][lang] for i in missing]), strict=True):
            self._keys[ids[i]] = computed
        out = []
        for row, ident in zip(rows, ids, strict=True):
            have = self._keys[ident]
            score = 100.0 if have == wanted else fuzz.ratio(wanted, have)
            if score >= threshold:
                out.append(Match(round(score, 1), row[lang], row[other], row["item_id"],
                                 row["position"]))
        out.sort(key=lambda m: (-m.score, m.item_id, m.position))
        return out[:limit]


def lookup(conn, text: str, lang: str, threshold: float = THRESHOLD, limit: int = 5,
           candidates: int = CANDIDATES) -> list[Match]:
    """One lookup (:meth:`Memory.lookup` without the cache)."""
    return Memory(conn, threshold, candidates).lookup(text, lang, limit)


def brute_force(conn, text: str, lang: str, threshold: float = THRESHOLD) -> Match | None:
    """The best match by scoring every two-sided segment: the oracle for benchmarks."""
    wanted = key(text)
    other = "en" if lang == "zh" else "zh"
    best = None
    for row in store.two_sided_segments(conn):
        score = fuzz.ratio(wanted, key(row[lang]), score_cutoff=threshold)
        if score and (best is None or score > best.score):
            best = Match(round(score, 1), row[lang], row[other], row["item_id"], row["position"])
    return best
