"""Pairing versions into items: explicit pairs first, then a scored one-to-one assignment.

Explicit: versions sharing a front matter ``id``, then versions in one folder
sharing a file stem with ``.en``/``.zh`` marks. Then what the pages say of each
other (``library.pages.links``): a page whose ``hreflang`` alternate or language
switch leads to the other's URL (both ways first, then one way when the other page
names no different translation), then pages whose URLs differ only by a language
mark (``/en/…/123.html`` ↔ ``/cn/…/123.html``), one of each language per URL, then
pages of one site with the same story number in their URLs (one of each language, both
dated, at most 3 days apart); the links or URLs are kept as the pair's evidence. The
rest are paired by :func:`pair_score`, a weighted mean of the evidence both pages carry:

========== ====== ==========================================================
feature    weight value in [0, 1]
========== ====== ==========================================================
date       0.25   1 same day, 0.8 one day apart, 0.5 ≤3, 0.2 ≤7; more: no pair
numbers    0.40   Dice of the numbers in both texts (``3月9日`` ≈ ``March 9``)
latin      0.10   share of the Chinese page's Latin tokens (QBPC, IPR) in the English
glossary   0.10   Dice of the glossary renderings found on either side
length     0.15   how close English/Chinese characters is to the corpus ratio
lexical    0.60   what the pages say: :func:`lexical` (with a ``lexicon`` only)
========== ====== ==========================================================

A feature with no evidence on either side (no date, no numbers…) is left
out of the mean rather than counted as 0 or 1. Numbers are the strongest
evidence, because translations keep them: when both pages carry at least
:data:`VETO_NUMBERS` numbers and share under 40% of them, there is no pair. Candidates are matched
greedily from the highest score down (each version used once), and no pair
below :data:`THRESHOLD` is made: such a version stays an item on its own. Nor is a pair
made whose lexical similarity falls short of either page's best match, or of a share of
a typical pair's (:func:`_says_the_same`): the score alone cannot tell a translation
from a story on the same topic the same day. The candidates are the pages within
:data:`MAX_DAYS` days of each other (undated pages are candidates of every page).
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
from ..text.lexicon import Lexicon, en_stems, pinyin_windows, prefixes_of, spells_pinyin
from ..text.termmatch import en_regex
from .language import version_stem
from .links import normal_url, url_key, url_number
from .read import with_text

THRESHOLD = 0.6
MAX_DAYS = 7
VETO_NUMBERS = 3
WEIGHTS = {
    "date": 0.25,
    "numbers": 0.40,
    "latin": 0.10,
    "glossary": 0.10,
    "length": 0.15,
    "lexical": 0.60,
}
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
    content: frozenset[str] = frozenset()
    """English: the content stems of its start; Chinese: the stems of the dictionary
    glosses of its start's words (what the page says, in one vocabulary)."""
    words: tuple[frozenset[str], ...] = ()
    """Chinese only: the gloss stems of each distinct dictionary word of its start."""
    names: frozenset[str] = frozenset()
    """English: its capitalised words that spell pinyin (Chengzihe, Xiaolu); Chinese: those
    of the English pages' names its start's characters spell (城子河 → chengzihe)."""


CONTENT_CHARS = {"zh": 1200, "en": 4000}
"""How much of a page (title first) its content evidence reads: enough to tell one
story from another on a busy day, bounded so pairing stays cheap on long pages."""
EVIDENCE_CHARS = 50_000
"""How much of a page its numbers, Latin tokens and glossary renderings are read from:
all of a news story, a bounded cost on a page of megabytes (its length, counted when it
was read, is the whole page's)."""
MAX_GLOSSES = 12
"""A Chinese word with more gloss stems than this is too ambiguous to count."""


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def _features(
    v: Version,
    matcher: GlossaryMatcher,
    lexicon: Lexicon | None,
    names: tuple[set[str], set[str]] | None = None,
) -> _Features:
    """A page's evidence for pairing; ``names`` (the English pages' pinyin names and
    their prefixes) lets a Chinese page say which of them its characters spell."""
    text = (v.title or "") + "\n" + (v.text if v.paragraphs else with_text(v).text)
    text = text[:EVIDENCE_CHARS]
    day = dt.date.fromisoformat(v.date).toordinal() if v.date else None
    start = text[: CONTENT_CHARS[v.lang]]
    if v.lang == "zh":
        words: tuple[frozenset[str], ...] = ()
        spelt: frozenset[str] = frozenset()
        if lexicon is not None:
            glossed = {lexicon.translations(w) for w in set(lexicon.segment(start))}
            words = tuple(g for g in glossed if g and len(g) <= MAX_GLOSSES)
        if names is not None and names[0]:
            spelt = frozenset(pinyin_windows(start, among=names[0], prefixes=names[1]))
        return _Features(
            v,
            day,
            numbers_zh(text),
            latin_tokens(text),
            matcher.renderings_zh(text),
            v.han + han_count(v.title or ""),
            frozenset().union(*words) if words else frozenset(),
            words,
            spelt,
        )
    latin = {w.lower() for w in re.findall(r"[A-Za-z0-9&-]+", text)}
    return _Features(
        v,
        day,
        numbers_en(text),
        latin,
        matcher.renderings_en(text),
        v.nonspace + sum(1 for c in v.title or "" if not c.isspace()),
        frozenset(en_stems(start)) if lexicon is not None else frozenset(),
        names=frozenset(w.lower() for w in _CAPITALISED.findall(start) if spells_pinyin(w.lower()))
        if lexicon is not None
        else frozenset(),
    )


class _Weights:
    """Inverse document frequencies of English stems over the English pages being paired,
    so that what every page says ("customs", "meeting") counts for little; and what each
    page's side of :func:`lexical` needs, worked out once per page, not once per pair."""

    def __init__(self, en: Sequence[_Features], known: set[str]) -> None:
        df: dict[str, int] = defaultdict(int)
        for f in en:
            for s in f.content | f.names:
                df[s] += 1
        n = len(en)
        self.idf = {s: math.log((n + 1) / (c + 1)) + 0.1 for s, c in df.items()}
        self.known = known
        """Stems some Chinese page's glosses give: the English words a dictionary can see."""
        self._en: dict[str, tuple[frozenset[str], float]] = {}
        self._zh: dict[str, dict[str, int]] = {}

    def english(self, f: _Features) -> tuple[frozenset[str], float]:
        """(its content stems the dictionary can see, their and its names' total weight)."""
        found = self._en.get(f.version.rel)
        if found is None:
            visible = frozenset(s for s in f.content if s in self.known)
            total = sum(self.idf.get(s, 0.1) for s in visible | f.names)
            found = self._en[f.version.rel] = (visible, total)
        return found

    def chinese(self, f: _Features) -> dict[str, int]:
        """Gloss stem → a bit mask of the Chinese page's words it glosses."""
        found = self._zh.get(f.version.rel)
        if found is None:
            found = defaultdict(int)
            for k, stems in enumerate(f.words):
                for s in stems:
                    found[s] |= 1 << k
            self._zh[f.version.rel] = found = dict(found)
        return found


def lexical(en: _Features, zh: _Features, weights: _Weights) -> float | None:
    """How much the two pages say the same thing, in [0, 1]: the harmonic mean of the
    share of the English content (weighted by rarity, among the words the dictionary
    knows) that the Chinese words' glosses give, and the share of the Chinese
    dictionary words one of whose glosses the English has. The English pinyin names
    (places, people) count with the content, found when the Chinese characters spell
    them. None without evidence."""
    visible, total = weights.english(en)
    if not total or not zh.words:
        return None
    idf = weights.idf
    shared = en.content & zh.content
    cov_en = (
        sum(idf.get(s, 0.1) for s in shared & visible)
        + sum(idf.get(n, 0.1) for n in en.names & zh.names)
    ) / total
    masks = weights.chinese(zh)
    hit = 0
    for s in shared:
        hit |= masks[s]
    cov_zh = hit.bit_count() / len(zh.words)
    return 0.0 if cov_en + cov_zh == 0 else 2 * cov_en * cov_zh / (cov_en + cov_zh)


def pair_score(
    en: _Features, zh: _Features, ratio: float, weights: _Weights | None = None
) -> tuple[float, dict] | None:
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
    if weights is not None:
        # Lexical similarity is the costly feature: not worked out when even a perfect
        # one could not lift the pair to the threshold.
        weight = sum(WEIGHTS[k] for k in evidence)
        upper = (sum(WEIGHTS[k] * v for k, v in evidence.items()) + WEIGHTS["lexical"]) / (
            weight + WEIGHTS["lexical"]
        )
        if upper >= THRESHOLD and (lex := lexical(en, zh, weights)) is not None:
            evidence["lexical"] = lex
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
        by_stem[(v.rel.rsplit("/", 1)[0] if "/" in v.rel else "", version_stem(v))].append(v)
    unpaired = []
    for group in by_stem.values():
        langs = {v.lang: v for v in group}
        if len(group) == 2 and len(langs) == 2 and all(v.lang_from != "detected" for v in group):
            items.append(Item(version_stem(group[0]), langs["en"], langs["zh"], "stem"))
        else:
            unpaired.extend(group)
    return items, unpaired


FLOOR_SHARE = 0.75
"""Pages whose lexical similarity is below this share of a typical pair's say different
things: no pair. The typical pair's is measured on the corpus itself (the median over
up to :data:`CALIBRATION` pairs already known, else over the clear candidate pairs,
:func:`_typical`): how similar a translation and its original look to the dictionary
depends on the corpus (a small repeated vocabulary looks less alike)."""
UNDATED_SHARE = 0.8
"""An undated page is paired only on this share of a typical pair's similarity."""
NUMBERS_SHARE = 0.6
"""The share asked of pages that share most of several numbers (their content may be
formulaic: the numbers tell, so long as the words do not say something else)."""
CALIBRATION = 200
"""Known pairs (front matter ids, file names, links) read to measure a typical pair's
lexical similarity, at most."""
LEXICAL_SLACK = 0.05
"""A pair's lexical similarity may fall this far short of either page's best one with
any candidate, and no further: a page whose own translation is missing must not take a
leftover partner because its best match was taken by that match's true partner."""


def _typical(lexical: dict[tuple[str, str], float]) -> float | None:
    """The median lexical similarity of the clear pairs: pages that are each other's best
    match by a margin of 0.1 over either's second best. None with fewer than 5."""
    by_en: dict[str, list[tuple[float, str]]] = defaultdict(list)
    by_zh: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (e, z), value in lexical.items():
        by_en[e].append((value, z))
        by_zh[z].append((value, e))

    def top(ranked: list[tuple[float, str]]) -> tuple[float, str, float]:
        ranked.sort(reverse=True)
        return ranked[0][0], ranked[0][1], ranked[1][0] if len(ranked) > 1 else 0.0

    clear = []
    for e, ranked in by_en.items():
        value, z, second = top(ranked)
        value_z, back, second_z = top(by_zh[z])
        if back == e and value - max(second, second_z) >= 0.1:
            clear.append(value)
    if len(clear) < 5:
        return None
    clear.sort()
    return clear[len(clear) // 2]


def _says_the_same(
    e: _Features, z: _Features, evidence: dict, best: dict[str, float], typical: float | None
) -> bool:
    """Whether the content evidence allows the pair: no less similar than either page's
    best match (within :data:`LEXICAL_SLACK`), nor than :data:`FLOOR_SHARE` of a
    typical pair (:data:`UNDATED_SHARE` when a page is undated, :data:`NUMBERS_SHARE`
    when they share most of several numbers). Without content evidence an undated page
    is not paired."""
    lex = evidence.get("lexical")
    if lex is None:
        return e.day is not None and z.day is not None
    numbers_agree = (
        min(len(e.numbers), len(z.numbers)) >= VETO_NUMBERS and evidence.get("numbers", 0) >= 0.8
    )
    if typical is not None:
        share = UNDATED_SHARE if e.day is None or z.day is None else FLOOR_SHARE
        if numbers_agree:  # shared numbers say much of it as well
            share = NUMBERS_SHARE
        if lex < share * typical:
            return False
    return all(lex >= best[f.version.rel] - LEXICAL_SLACK for f in (e, z))


def _other(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def _linked(versions: list[Version]) -> tuple[list[Item], list[Version]]:
    """Pairs the pages' own links and URLs make (see the module docstring), and the
    versions left."""
    at: dict[str, list[Version]] = defaultdict(list)
    for v in versions:
        if v.url:
            at[normal_url(v.url)].append(v)
    claims: dict[tuple[str, str], list] = {}
    for v in versions:
        href = v.alternates.get(_other(v.lang))
        if not href:
            continue
        for w in at.get(normal_url(href), []):
            if w.lang == v.lang or w is v:
                continue
            en, zh = (v, w) if v.lang == "en" else (w, v)
            claim = claims.setdefault((en.rel, zh.rel), [en, zh, set()])
            claim[2].add(v.lang)
    items: list[Item] = []
    used: set[str] = set()
    # Both ways first; one way only when the other page names no other translation.
    for en, zh, sides in sorted(claims.values(), key=lambda c: (-len(c[2]), c[0].rel, c[1].rel)):
        if en.rel in used or zh.rel in used:
            continue
        if len(sides) == 1:
            target = en if "zh" in sides else zh
            says = target.alternates.get(_other(target.lang))
            source = zh if target is en else en
            if says and source.url and normal_url(says) != normal_url(source.url):
                continue
        used.update((en.rel, zh.rel))
        evidence: dict[str, float | str] = {"link": "both" if len(sides) == 2 else sides.pop()}
        evidence.update({f"url_{v.lang}": v.url for v in (en, zh) if v.url})
        items.append(Item(version_stem(en), en, zh, "link", 1.0, evidence))
    by_key: dict[str, dict[str, list[Version]]] = defaultdict(lambda: {"en": [], "zh": []})
    for v in versions:
        if v.rel not in used and v.url and (marked := url_key(v.url)) and marked[1] == v.lang:
            by_key[marked[0]][v.lang].append(v)
    for pattern, langs in sorted(by_key.items()):
        if len(langs["en"]) == 1 and len(langs["zh"]) == 1:
            en, zh = langs["en"][0], langs["zh"][0]
            if en.date and zh.date and abs(_day(en) - _day(zh)) > MAX_DAYS:
                continue
            used.update((en.rel, zh.rel))
            evidence = {"url_pattern": pattern, "url_en": en.url or "", "url_zh": zh.url or ""}
            items.append(Item(version_stem(en), en, zh, "url", 1.0, evidence))
    # The site's number for the story, alone: weaker (two counters may meet), so only
    # one page of each language with it, both dated, at most 3 days apart.
    by_number: dict[tuple[str, str], dict[str, list[Version]]] = defaultdict(
        lambda: {"en": [], "zh": []}
    )
    for v in versions:
        if v.rel not in used and v.url and (found := url_number(v.url)):
            by_number[found][v.lang].append(v)
    for (site, number), langs in sorted(by_number.items()):
        if len(langs["en"]) == 1 and len(langs["zh"]) == 1:
            en, zh = langs["en"][0], langs["zh"][0]
            if not (en.date and zh.date) or abs(_day(en) - _day(zh)) > 3:
                continue
            used.update((en.rel, zh.rel))
            evidence = {
                "url_number": f"{site} {number}",
                "url_en": en.url or "",
                "url_zh": zh.url or "",
            }
            items.append(Item(version_stem(en), en, zh, "url", 1.0, evidence))
    return items, [v for v in versions if v.rel not in used]


def _day(v: Version) -> int:
    return dt.date.fromisoformat(v.date).toordinal() if v.date else 0


def _ratio(items: list[Item]) -> float:
    """English characters per Han character, the median over explicit pairs."""
    ratios = sorted(i.en.nonspace / i.zh.han for i in items if i.en and i.zh and i.zh.han > 50)
    return ratios[len(ratios) // 2] if ratios else DEFAULT_RATIO


def pair(
    versions: Sequence[Version], terms: Sequence[Term] = (), lexicon: Lexicon | None = None
) -> list[Item]:
    """Group versions into items; see the module docstring for the rules. With a
    ``lexicon`` (CC-CEDICT and the glossary) the score also weighs what the pages say.

    Items come back sorted by date (undated last) then id, with ids unique.
    """
    items, rest = _explicit(list(versions))
    linked, rest = _linked(rest)
    items += linked
    ratio = _ratio(items)
    matcher = GlossaryMatcher(terms)
    en = sorted(
        (_features(v, matcher, lexicon) for v in rest if v.lang == "en"),
        key=lambda f: (f.day is None, f.day or 0, f.version.rel),
    )
    # Pairs already known (ids, file names, links) show how alike a translation and
    # its original look to the dictionary in this corpus: a sample of them calibrates
    # the content floor (else the clear pairs among the candidates do); a page of
    # megabytes is no typical pair, and would be read again for nothing.
    known = (
        [i for i in items if i.en and i.zh and i.en.nonspace + i.zh.nonspace <= EVIDENCE_CHARS]
        if lexicon is not None
        else []
    )
    known = known[:: max(1, len(known) // CALIBRATION)][:CALIBRATION]
    known_en = [_features(i.en, matcher, lexicon) for i in known if i.en]
    pinyin_names = set().union(*(e.names for e in en + known_en))
    names = (pinyin_names, prefixes_of(pinyin_names))
    zh = [_features(v, matcher, lexicon, names) for v in rest if v.lang == "zh"]
    known_zh = [_features(i.zh, matcher, lexicon, names) for i in known if i.zh]
    weights = (
        _Weights(en + known_en, set().union(*(z.content for z in zh + known_zh)))
        if lexicon is not None
        else None
    )
    zh_by_day: dict[int | None, list[_Features]] = defaultdict(list)
    for f in zh:
        zh_by_day[f.day].append(f)
    candidates = []
    best: dict[str, float] = defaultdict(float)  # each page's highest lexical similarity
    similar: dict[tuple[str, str], float] = {}
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
            scored = pair_score(e, z, ratio, weights)
            if scored is None:
                continue
            lex = scored[1].get("lexical")
            if lex is not None:
                similar[e.version.rel, z.version.rel] = lex
                for rel in (e.version.rel, z.version.rel):
                    best[rel] = max(best[rel], lex)
            if scored[0] >= THRESHOLD:
                candidates.append((-scored[0], e.version.rel, z.version.rel, e, z, scored[1]))
    candidates.sort(key=lambda c: c[:3])
    if weights is not None and len(known) >= 5:
        alike = sorted(
            lexical(e, z, weights) or 0.0 for e, z in zip(known_en, known_zh, strict=True)
        )
        typical: float | None = alike[len(alike) // 2]
    else:
        typical = _typical(similar)
    used: set[str] = set()
    for neg, _, _, e, z, evidence in candidates:
        if e.version.rel in used or z.version.rel in used:
            continue
        if not _says_the_same(e, z, evidence, best, typical):
            continue
        used.update((e.version.rel, z.version.rel))
        items.append(Item(version_stem(e.version), e.version, z.version, "auto", -neg, evidence))
    for f in en + zh:
        if f.version.rel not in used:
            v = f.version
            items.append(
                Item(
                    version_stem(v),
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
