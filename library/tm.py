"""Translation memory over the archive's aligned sentence pairs.

A sentence is compared on its *key*: NFKC (full-width to half-width),
Traditional to Simplified, lower case, without whitespace and punctuation.
Equal keys are exact matches; otherwise similarity is rapidfuzz's normalised
Indel ratio of the keys (0–100), the measure Poedit and OmegaT users know as
"fuzzy %". Candidates come from the ``segments_fts`` index first: the
sentence's words (English) or bigrams (Chinese) OR-ed, best bm25 first, so a
lookup reads a few hundred rows however large the archive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from . import store
from .chinese import normalize

THRESHOLD = 75.0
"""Default lowest similarity (percent) of a fuzzy match."""
CANDIDATES = 300
"""Rows the FTS pre-filter hands to the scorer."""
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


def fts_expression(text: str, lang: str) -> str | None:
    """OR of the sentence's words (English) or bigrams (Chinese) on its column."""
    norm = normalize(text).lower()
    if lang == "zh":
        tokens = {run[i:i + 2] for run in _CJK_RUN.findall(norm) for i in range(len(run) - 1)}
        tokens |= {run for run in _CJK_RUN.findall(norm) if len(run) == 1}
        tokens |= set(_WORD.findall(norm))
    else:
        tokens = {w for w in _WORD.findall(norm) if len(w) > 1}
    if not tokens:
        return None
    return f"{lang} : ({' OR '.join(chr(34) + t + chr(34) for t in sorted(tokens))})"


def lookup(conn, text: str, lang: str, threshold: float = THRESHOLD, limit: int = 5,
           candidates: int = CANDIDATES) -> list[Match]:
    """Archive sentences in ``lang`` like ``text``, with their translations, best first."""
    if lang not in ("zh", "en"):
        raise ValueError(f"language must be zh or en, not {lang!r}")
    wanted = key(text)
    expr = fts_expression(text, lang)
    if not wanted or expr is None:
        return []
    other = "en" if lang == "zh" else "zh"
    out = []
    for row in store.tm_candidates(conn, expr, candidates):
        source, target = row[lang], row[other]
        score = 100.0 if key(source) == wanted else fuzz.ratio(wanted, key(source))
        if score >= threshold:
            out.append(Match(round(score, 1), source, target, row["item_id"], row["position"]))
    out.sort(key=lambda m: (-m.score, m.item_id, m.position))
    return out[:limit]


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
