"""Pairing versions into items: explicit pairs first, then a scored one-to-one assignment.

Explicit: versions sharing a front matter ``id``, then versions in one folder
sharing a file stem with ``.en``/``.zh`` marks. Then what the pages say of each
other (``library.pages.links``): two pages whose ``hreflang`` alternates or language
switches lead to each other. A link one way only is evidence, not an order: it pairs
the pages unless something contradicts it (the other page names another translation,
the pages are of two sites, their dates are further apart than :data:`MAX_DAYS`, their
numbers disagree, or what they say is under :data:`LINK_SHARE` of a typical pair's
similarity), before any scored pair; of two claims on one page the more alike wins,
and the other is kept in the winner's evidence (``rival_link``). Then pages whose URLs
differ only by a language mark (``/en/…/123.html`` ↔ ``/cn/…/123.html``), one of each
language per URL, then pages of one site with the same story number in their URLs (one
of each language, both dated, at most 3 days apart); the links or URLs are kept as the
pair's evidence. The rest are paired by :func:`pair_score` (``library.pages.evidence``),
a weighted mean of the evidence both pages carry:

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
:data:`VETO_NUMBERS` numbers and share under 40% of them, or both carry numbers and
share none, there is no pair. Candidates are matched
greedily from the highest score down (each version used once), and no pair
below :data:`THRESHOLD` is made: such a version stays an item on its own. Nor is a pair
made whose lexical similarity falls short of either page's best match, or of a share of
a typical pair's (:func:`_says_the_same`): the score alone cannot tell a translation
from a story on the same topic the same day. A short page (a brief: a title and a
sentence) cannot reach a long story's similarity; it passes on its margin instead: how
many times more alike the two pages are than each is with its nearest other candidates
(:func:`_margin`, :data:`MARGIN`). The candidates are the pages within :data:`MAX_DAYS`
days of each other (undated pages are candidates of every page); of a page with more
than a few hundred, those sharing the rarest evidence with it (``library.pages.blocking``:
pairing stays linear in the pages of a day). The margin reads only those candidates'
similarities, the pages' nearest neighbours, which the blocking keeps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SourceError
from ..model import DEFAULT_RATIO, Item, KnownIds, Term, Version, other
from ..text.lexicon import Lexicon, prefixes_of
from .blocking import Candidates
from .evidence import (
    EVIDENCE_CHARS,
    MAX_DAYS,
    THRESHOLD,
    VETO_NUMBERS,
    Features,
    GlossaryMatcher,
    Weights,
    lexical,
    page_features,
    pair_score,
)
from .ids import assign_ids
from .language import version_stem
from .links import normal_url, site_of, url_key, url_number

__all__ = ["THRESHOLD", "GlossaryMatcher", "pair", "pair_score"]


def explicit_pairs(versions: list[Version]) -> tuple[list[Item], list[Version]]:
    """The items paired by front matter id or by file name, and the versions left."""
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


MARGIN_K = 4
"""How many of a page's nearest other candidates its neighbourhood is measured on."""
MARGIN = 2.0
"""A pair whose lexical similarity is this many times its pages' neighbourhoods' (the
ratio margin of Artetxe & Schwenk 2019, as used to mine parallel documents) says the same
as no neighbour does: it passes the content floor even under :data:`FLOOR_SHARE` of a
typical pair (a brief of 40 characters shares a few words with its translation, and
fewer with anything else)."""
MARGIN_SHARE = 0.5
"""The least share of a typical pair's similarity a pair passing on its margin must have:
a margin over neighbours that say nothing is no evidence."""


def _margin(lex: float, e_rel: str, z_rel: str, around: dict[str, list[float]]) -> float:
    """``lex`` over the mean similarity of the two pages' :data:`MARGIN_K` nearest other
    candidates (``around``: each page's similarities with its candidates, highest first)."""

    def neighbourhood(rel: str) -> float:
        others = list(around.get(rel, ()))
        if lex in others:
            others.remove(lex)  # the pair itself
        top = others[:MARGIN_K]
        return sum(top) / len(top) if top else 0.0

    return lex / max((neighbourhood(e_rel) + neighbourhood(z_rel)) / 2, 0.02)


def _names_agree(e: Features, z: Features) -> bool:
    """Whether the Chinese page spells at least half of the English page's pinyin names
    (people, places): a brief's few words can match a stranger's on the same topic, its
    names seldom do."""
    return not e.names or len(e.names & z.names) >= 0.5 * len(e.names)


def _says_the_same(
    e: Features,
    z: Features,
    evidence: dict,
    best: dict[str, float],
    typical: float | None,
    margin: float = 0.0,
) -> bool:
    """Whether the content evidence allows the pair: no less similar than either page's
    best match (within :data:`LEXICAL_SLACK`), nor than :data:`FLOOR_SHARE` of a
    typical pair (:data:`UNDATED_SHARE` when a page is undated, :data:`NUMBERS_SHARE`
    when they share most of several numbers) unless its ``margin`` over the pages'
    neighbours reaches :data:`MARGIN` (and :data:`MARGIN_SHARE`) and their names agree.
    Without content evidence an undated page is not paired."""
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
        if margin >= MARGIN and _names_agree(e, z):
            share = min(share, MARGIN_SHARE)
        if lex < share * typical:
            return False
    return all(lex >= best[f.version.rel] - LEXICAL_SLACK for f in (e, z))


def _linked(
    versions: list[Version], mirrors: set[frozenset[str]]
) -> tuple[list[Item], list[Version], list[_Claim]]:
    """Pairs the pages' own links and URLs make (see the module docstring), the versions
    left, and the one-way link claims among them that nothing contradicts yet (the
    scored pass weighs them: :func:`pair`)."""
    at: dict[str, list[Version]] = defaultdict(list)
    for v in versions:
        if v.url:
            at[normal_url(v.url)].append(v)
    claims: dict[tuple[str, str], list] = {}
    for v in versions:
        href = v.alternates.get(other(v.lang))
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
    one_way: list[_Claim] = []
    # Both ways: a pair. One way: a claim, when the other page names no other
    # translation, the two are of one site and their dates are within the window.
    for en, zh, sides in sorted(claims.values(), key=lambda c: (-len(c[2]), c[0].rel, c[1].rel)):
        if en.rel in used or zh.rel in used:
            continue
        if len(sides) == 1:
            target = en if "zh" in sides else zh
            says = target.alternates.get(other(target.lang))
            source = zh if target is en else en
            if says and source.url and normal_url(says) != normal_url(source.url):
                continue
            if _link_contradicted(en, zh, mirrors):
                continue
            one_way.append(_Claim(en, zh, next(iter(sides))))
            continue
        used.update((en.rel, zh.rel))
        evidence: dict[str, float | str] = {"link": "both"}
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
    rest = [v for v in versions if v.rel not in used]
    return items, rest, [c for c in one_way if c.en.rel not in used and c.zh.rel not in used]


@dataclass
class _Claim:
    """A one-way link: the page of language ``side`` names the other as its translation."""

    en: Version
    zh: Version
    side: str


def _link_contradicted(en: Version, zh: Version, mirrors: set[frozenset[str]]) -> bool:
    """Whether what two pages say of themselves rules out a one-way link between them:
    pages of two sites not declared mirrors (a link is a site's word about its own
    pages), or dates further apart than any pair's (:data:`MAX_DAYS`)."""
    if en.url and zh.url:
        sites = frozenset((site_of(en.url), site_of(zh.url)))
        if len(sites) == 2 and sites not in mirrors:
            return True
    return bool(en.date and zh.date and abs(_day(en) - _day(zh)) > MAX_DAYS)


LINK_SHARE = 0.4
"""A one-way link pairs two pages unless their lexical similarity is under this share of
a typical pair's: content that clearly says something else."""


def _weighed_claims(
    claims: list[_Claim],
    features: list[Features],
    ratio: float,
    weights: Weights | None,
    typical: float | None,
) -> list[tuple[Features, Features, dict]]:
    """The one-way link claims that the pages' numbers, dates and content do not
    contradict, most alike first (so of two claims on one page the content decides),
    each with its evidence: the link, the URLs and the score's features."""
    by_rel = {f.version.rel: f for f in features}
    weighed = []
    for c in claims:
        e, z = by_rel[c.en.rel], by_rel[c.zh.rel]
        scored = pair_score(e, z, ratio, weights, always_lexical=True)
        if scored is None:  # numbers that disagree, or dates too far apart
            continue
        lex = scored[1].get("lexical")
        if lex is not None and typical is not None and lex < LINK_SHARE * typical:
            continue
        evidence: dict = {"link": c.side, **scored[1]}
        evidence.update({f"url_{v.lang}": v.url for v in (c.en, c.zh) if v.url})
        weighed.append(
            (-(lex if lex is not None else scored[0]), c.en.rel, c.zh.rel, e, z, evidence)
        )
    weighed.sort(key=lambda w: w[:3])
    return [(e, z, evidence) for *_, e, z, evidence in weighed]


def _day(v: Version) -> int:
    return dt.date.fromisoformat(v.date).toordinal() if v.date else 0


def _ratio(items: list[Item]) -> float:
    """English characters per Han character, the median over explicit pairs."""
    ratios = sorted(i.en.nonspace / i.zh.han for i in items if i.en and i.zh and i.zh.han > 50)
    return ratios[len(ratios) // 2] if ratios else DEFAULT_RATIO


def pair(
    versions: Sequence[Version],
    terms: Sequence[Term] = (),
    lexicon: Lexicon | None = None,
    mirrors: Sequence[tuple[str, str]] = (),
    known: KnownIds | None = None,
) -> list[Item]:
    """Group versions into items; see the module docstring for the rules. With a
    ``lexicon`` (CC-CEDICT and the glossary) the score also weighs what the pages say.
    ``mirrors``: pairs of hosts declared one site (``bilib build --mirror``), whose pages
    a one-way link may pair.

    Items come back sorted by date (undated first) then id, with permanent ids
    (``library.pages.ids``: those of ``known``, a previous archive's, kept).
    """
    items, rest = explicit_pairs(list(versions))
    one_site = {frozenset((site_of(f"//{a}"), site_of(f"//{b}"))) for a, b in mirrors}
    linked, rest, claims = _linked(rest, one_site)
    items += linked
    ratio = _ratio(items)
    matcher = GlossaryMatcher(terms)
    en = sorted(
        (page_features(v, matcher, lexicon) for v in rest if v.lang == "en"),
        key=lambda f: (f.day is None, f.day or 0, f.version.rel),
    )
    # Pairs already known_pairs (ids, file names, links) show how alike a translation and
    # its original look to the dictionary in this corpus: a sample of them calibrates
    # the content floor (else the clear pairs among the candidates do); a page of
    # megabytes is no typical pair, and would be read again for nothing. With no page of
    # one language left beside one of the other, and no link to weigh, there is nothing
    # to calibrate (an update's new pages, paired by name, read no sample).
    scoring = bool(claims) or (
        any(v.lang == "en" for v in rest) and any(v.lang == "zh" for v in rest)
    )
    known_pairs = (
        [i for i in items if i.en and i.zh and i.en.nonspace + i.zh.nonspace <= EVIDENCE_CHARS]
        if lexicon is not None and scoring
        else []
    )
    known_pairs = known_pairs[:: max(1, len(known_pairs) // CALIBRATION)][:CALIBRATION]
    known_en = [page_features(i.en, matcher, lexicon) for i in known_pairs if i.en]
    pinyin_names = set().union(*(e.names for e in en + known_en))
    names = (pinyin_names, prefixes_of(pinyin_names))
    zh = [page_features(v, matcher, lexicon, names) for v in rest if v.lang == "zh"]
    known_zh = [page_features(i.zh, matcher, lexicon, names) for i in known_pairs if i.zh]
    weights = (
        Weights(en + known_en, set().union(*(z.content for z in zh + known_zh)))
        if lexicon is not None
        else None
    )
    blocked = Candidates(zh)
    candidates = []
    best: dict[str, float] = defaultdict(float)  # each page's highest lexical similarity
    similar: dict[tuple[str, str], float] = {}
    for e in en:
        for z in blocked.of(e):
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
    if weights is not None and len(known_pairs) >= 5:
        alike = sorted(
            lexical(e, z, weights) or 0.0 for e, z in zip(known_en, known_zh, strict=True)
        )
        typical: float | None = alike[len(alike) // 2]
    else:
        typical = _typical(similar)
    around: dict[str, list[float]] = defaultdict(list)
    for (e_rel, z_rel), lex in similar.items():
        around[e_rel].append(lex)
        around[z_rel].append(lex)
    for values in around.values():
        values.sort(reverse=True)
    used: set[str] = set()
    by_page: dict[str, Item] = {}
    lost: dict[str, str] = {}  # a page whose link claim lost to a rival's: the claim
    for e, z, evidence in _weighed_claims(claims, en + zh, ratio, weights, typical):
        if e.version.rel in used or z.version.rel in used:  # a rival's, more alike
            claim = f"{e.version.rel} ↔ {z.version.rel}"
            contested = e.version.rel if e.version.rel in used else z.version.rel
            by_page[contested].evidence["rival_link"] = claim
            lost[z.version.rel if contested == e.version.rel else e.version.rel] = claim
            continue
        used.update((e.version.rel, z.version.rel))
        item = Item(version_stem(e.version), e.version, z.version, "link", 1.0, evidence)
        by_page[e.version.rel] = by_page[z.version.rel] = item
        items.append(item)
    for neg, _, _, e, z, evidence in candidates:
        if e.version.rel in used or z.version.rel in used:
            continue
        lex = evidence.get("lexical")
        margin = _margin(lex, e.version.rel, z.version.rel, around) if lex else 0.0
        if margin:
            evidence["margin"] = round(margin, 2)
        if not _says_the_same(e, z, evidence, best, typical, margin):
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
    for item in items:  # both claims of a rivalry are kept: the loser's on its item too
        for v in item.versions:
            if v.rel in lost:
                item.evidence["link_lost"] = lost[v.rel]
    return assign_ids(items, known)
