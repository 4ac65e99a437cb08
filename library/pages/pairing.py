"""Pairing versions into items: explicit pairs first, then a scored one-to-one assignment.

Explicit: versions sharing a front matter ``id``, then versions in one folder
sharing a file stem with ``.en``/``.zh`` marks. The rest are paired by
:func:`pair_score`, a weighted mean of the evidence both pages carry:

========== ====== ==========================================================
feature    weight value in [0, 1]
========== ====== ==========================================================
date       0.25   1 same day, 0.8 one day apart, 0.5 ≤3, 0.2 ≤7; more: no pair
numbers    0.40   Dice of the numbers in both texts (``3月9日`` ≈ ``March 9``)
latin      0.10   share of the Chinese page's Latin tokens (QBPC, IPR) in the English
glossary   0.10   Dice of the glossary renderings found on either side
length     0.15   how close English/Chinese characters is to the corpus ratio
========== ====== ==========================================================

A feature with no evidence on either side (no date, no numbers…) is left
out of the mean rather than counted as 0 or 1. Numbers are the strongest
evidence, because translations keep them: when both pages carry at least
:data:`VETO_NUMBERS` numbers and share under 40% of them, there is no pair. Candidates are matched
greedily from the highest score down (each version used once), and no pair
below :data:`THRESHOLD` is made: such a version stays an item on its own.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SourceError
from ..model import Item, Term, Version
from ..text.anchors import latin_tokens, numbers_en, numbers_zh
from ..text.chinese import han_count, normalize
from ..text.termmatch import en_regex
from .language import stem_of
from .read import with_text

THRESHOLD = 0.6
MAX_DAYS = 7
VETO_NUMBERS = 3
WEIGHTS = {"date": 0.25, "numbers": 0.40, "latin": 0.10, "glossary": 0.10, "length": 0.15}
DEFAULT_RATIO = 3.0
"""English characters per Chinese character when no explicit pair tells better."""


def _dice(a: set, b: set) -> float | None:
    if not a and not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


class GlossaryMatcher:
    """Finds which glossary renderings a page mentions, in either language."""

    def __init__(self, terms: Sequence[Term]) -> None:
        usable = [t for t in terms if t.status != "obsolete"]
        self._en = [(en_regex(t.en), normalize(t.zh)) for t in usable]
        self._zh = sorted({normalize(t.zh) for t in usable})

    def renderings_en(self, text: str) -> set[str]:
        return {zh for pattern, zh in self._en if pattern.search(text)}

    def renderings_zh(self, text: str) -> set[str]:
        norm = normalize(text)
        return {zh for zh in self._zh if zh in norm}


@dataclass
class _Features:
    version: Version
    day: int | None
    numbers: set[str]
    latin: set[str]
    glossary: set[str]
    length: int


def _features(v: Version, matcher: GlossaryMatcher) -> _Features:
    text = (v.title or "") + "\n" + (v.text if v.paragraphs else with_text(v).text)
    day = dt.date.fromisoformat(v.date).toordinal() if v.date else None
    if v.lang == "zh":
        return _Features(
            v,
            day,
            numbers_zh(text),
            latin_tokens(text),
            matcher.renderings_zh(text),
            han_count(text),
        )
    words = {w.lower() for w in re.findall(r"[A-Za-z0-9&-]+", text)}
    return _Features(
        v,
        day,
        numbers_en(text),
        words,
        matcher.renderings_en(text),
        sum(1 for c in text if not c.isspace()),
    )


def pair_score(en: _Features, zh: _Features, ratio: float) -> tuple[float, dict] | None:
    """Score of pairing two versions, with its evidence; None when the dates rule it out."""
    evidence: dict[str, float] = {}
    if en.day is not None and zh.day is not None:
        days = abs(en.day - zh.day)
        if days > MAX_DAYS:
            return None
        evidence["date"] = 1.0 if days == 0 else 0.8 if days == 1 else 0.5 if days <= 3 else 0.2
    if (d := _dice(en.numbers, zh.numbers)) is not None:
        if min(len(en.numbers), len(zh.numbers)) >= VETO_NUMBERS and d < 0.4:
            return None
        evidence["numbers"] = d
    if zh.latin:
        evidence["latin"] = len(zh.latin & en.latin) / len(zh.latin)
    if (d := _dice(en.glossary, zh.glossary)) is not None:
        evidence["glossary"] = d
    if en.length and zh.length:
        off = math.log(en.length / (zh.length * ratio))
        evidence["length"] = math.exp(-(off * off) / (2 * 0.35**2))
    if not evidence:
        return 0.0, evidence
    total = sum(WEIGHTS[k] for k in evidence)
    score = sum(WEIGHTS[k] * v for k, v in evidence.items()) / total
    return round(score, 4), {k: round(v, 4) for k, v in evidence.items()}


def _explicit(versions: list[Version]) -> tuple[list[Item], list[Version]]:
    items: list[Item] = []
    by_id: dict[str, list[Version]] = defaultdict(list)
    rest: list[Version] = []
    for v in versions:
        (by_id[v.doc_id] if v.doc_id else rest).append(v)
    for doc_id, group in by_id.items():
        langs: dict[str, Version] = {}
        for v in group:
            if v.lang in langs:
                raise SourceError(
                    f"two {v.lang} pages share the front matter id {doc_id!r} "
                    f"(the other is {langs[v.lang].rel})",
                    path=v.path,
                    hint="give each news item its own id",
                )
            langs[v.lang] = v
        items.append(
            Item(doc_id, langs.get("en"), langs.get("zh"), "id" if len(langs) == 2 else "single")
        )
    by_stem: dict[tuple[str, str], list[Version]] = defaultdict(list)
    for v in rest:
        by_stem[(v.rel.rsplit("/", 1)[0] if "/" in v.rel else "", stem_of(v.path))].append(v)
    unpaired = []
    for group in by_stem.values():
        langs = {v.lang: v for v in group}
        if len(group) == 2 and len(langs) == 2 and all(v.lang_from != "detected" for v in group):
            items.append(Item(stem_of(group[0].path), langs["en"], langs["zh"], "stem"))
        else:
            unpaired.extend(group)
    return items, unpaired


def _ratio(items: list[Item]) -> float:
    """English characters per Han character, the median over explicit pairs."""
    ratios = sorted(i.en.nonspace / i.zh.han for i in items if i.en and i.zh and i.zh.han > 50)
    return ratios[len(ratios) // 2] if ratios else DEFAULT_RATIO


def pair(versions: Sequence[Version], terms: Sequence[Term] = ()) -> list[Item]:
    """Group versions into items; see the module docstring for the rules.

    Items come back sorted by date (undated last) then id, with ids unique.
    """
    items, rest = _explicit(list(versions))
    ratio = _ratio(items)
    matcher = GlossaryMatcher(terms)
    en = sorted(
        (_features(v, matcher) for v in rest if v.lang == "en"),
        key=lambda f: (f.day is None, f.day or 0, f.version.rel),
    )
    zh = [_features(v, matcher) for v in rest if v.lang == "zh"]
    zh_by_day: dict[int | None, list[_Features]] = defaultdict(list)
    for f in zh:
        zh_by_day[f.day].append(f)
    candidates = []
    for e in en:
        if e.day is None:
            pool = zh
        else:
            pool = [
                z
                for d in range(e.day - MAX_DAYS, e.day + MAX_DAYS + 1)
                for z in zh_by_day.get(d, ())
            ] + zh_by_day.get(None, [])
        for z in pool:
            scored = pair_score(e, z, ratio)
            if scored and scored[0] >= THRESHOLD:
                candidates.append((-scored[0], e.version.rel, z.version.rel, e, z, scored[1]))
    candidates.sort(key=lambda c: c[:3])
    used: set[str] = set()
    for neg, _, _, e, z, evidence in candidates:
        if e.version.rel in used or z.version.rel in used:
            continue
        used.update((e.version.rel, z.version.rel))
        items.append(Item(stem_of(e.version.path), e.version, z.version, "auto", -neg, evidence))
    for f in en + zh:
        if f.version.rel not in used:
            v = f.version
            items.append(
                Item(
                    stem_of(v.path),
                    v if v.lang == "en" else None,
                    v if v.lang == "zh" else None,
                    "single",
                )
            )
    return _unique_ids(items)


def _unique_ids(items: list[Item]) -> list[Item]:
    items.sort(key=lambda i: (i.id, min(v.rel for v in i.versions)))
    seen: dict[str, int] = {}
    for item in items:
        base = re.sub(r"[^\w.-]+", "-", item.id).strip("-") or "item"
        n = seen.get(base, 0) + 1
        seen[base] = n
        item.id = base if n == 1 else f"{base}-{n}"
    items.sort(key=lambda i: (i.date is None, i.date or "", i.id))
    return items
