"""Candidate renderings of a term in one sentence pair, for translation spotting
(``library.terms.spotting``): the other language's text is explained away where it
translates the rest of the sentence, and the n-grams of what is left are candidates,
each with how near it sits to the term and whether a neighbour translates part of it;
and how well a candidate fits the term (dictionary glosses, pinyin of names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..archive.rows import SegmentRow
from ..text.anchors import MONTH_NAMES
from ..text.chinese import HAN_CHAR, normalize
from ..text.lexicon import (
    STOPWORDS,
    ZH_FUNCTION,
    Lexicon,
    pinyin_spans,
    prefixes_of,
    spells_pinyin,
    stem,
)
from ..text.termmatch import en_spans, zh_spans
from .index import GlossaryIndex

CONNECTORS = ("of", "for", "on", "with", "and", "the", "in")
_CAP = r"(?:[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z][A-Za-z'’\-]*)"
NAME_CHAIN = re.compile(rf"{_CAP}(?:\s+(?:(?:{'|'.join(CONNECTORS)})\s+)*{_CAP})*")
"""Runs of capitalised words joined by lower-case connectors: where English names of
bodies and posts are (cut at " of the " and " and the ": :func:`name_parts`)."""
_PART_CUT = re.compile(r"\s+of\s+the\s+|\s+and\s+the\s+")

MAX_ZH = 12
"""Longest Chinese candidate, in characters."""
MAX_EN = 9
"""Longest English candidate, in words."""
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*")


# --- tokens of each side ------------------------------------------------------


def zh_words(lexicon: Lexicon, text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the dictionary words of normalised Chinese text."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if not HAN_CHAR.match(text[i]):
            i += 1
            continue
        for size in range(min(8, n - i), 0, -1):
            piece = text[i : i + size]
            if size == 1 or piece in lexicon.entries:
                out.append((i, i + size, piece))
                i += size
                break
    return out


def _pinyin_hits(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) where 1–3 characters of normalised ``text`` spell a name stem."""
    names = set(names)
    if not names:
        return []
    return [hit for hit in pinyin_spans(text, 3, prefixes_of(names)) if hit[2] in names]


@dataclass
class _EnToken:
    start: int
    end: int
    raw: str
    low: str
    stem: str | None
    """None for stopwords and numbers."""
    name: bool


def en_tokens(text: str) -> list[_EnToken]:
    out = []
    for m in _EN_WORD.finditer(text):
        raw = m.group(0).rstrip("'’")
        low = raw.lower()
        content = raw[0].isalpha() and low not in STOPWORDS and len(low) > 1
        out.append(
            _EnToken(
                m.start(),
                m.start() + len(raw),
                raw,
                low,
                stem(low) if content else None,
                raw[0].isupper(),
            )
        )
    return out


def _linked(pairs: list[tuple[float, int, int]], right: bool = False) -> set[int]:
    """Competitive linking: take (distance, left, right) pairs nearest first, each side
    used once; the linked left items (or right ones)."""
    used_l, used_r = set(), set()
    for _, left, rgt in sorted(pairs):
        if left not in used_l and rgt not in used_r:
            used_l.add(left)
            used_r.add(rgt)
    return used_r if right else used_l


def _inside_longer_title(term: str, text: str, span: tuple[int, int]) -> bool:
    """Whether an occurrence of a capitalised title is part of a longer one: "Director of
    the IPR Division" in "Deputy Director of the IPR Division". Not for names ("Director
    Li Peng" is Li Peng)."""
    first = term.split()[0] if term.split() else ""
    if not first[:1].isupper() or spells_pinyin(first.lower()):
        return False
    before = text[: span[0]]
    m = re.search(r"([A-Za-z][A-Za-z'’\-]*)\s+$", before)
    if not m or not m.group(1)[0].isupper():
        return False
    start = before[: m.start()].rstrip()
    return bool(start) and start[-1] not in '.!?"“'  # a sentence's first word is no title


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_WORDS = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS)
"""Capitalised words that are part of a date, not of a name: a name's run ends before
one ("Hunan Daily on December 5" names Hunan Daily)."""


HEADLINE_WORDS = frozenset(
    "a an the of to in on at for with by from as and or but is are was were their its his "
    "her our this that these those into over after before about will has have".split()
)
"""Words a name writes in lower case and a title-case headline capitalises ("QBPC and GACC
Hold Their First Online Exchange Meeting"): a run holding one after its first word is a
headline, not a name."""


def trim_name(words: list[str]) -> list[str]:
    """A name's words without a leading function word or month, without a date and what
    follows it, and without a trailing connector; none for a title-case headline."""
    if any(w[:1].isupper() and w.lower() in HEADLINE_WORDS for w in words[1:]):
        return []
    while words and (words[0].lower() in STOPWORDS or words[0].lower() in MONTH_NAMES):
        words = words[1:]
    for k, word in enumerate(words):
        if word.lower() in DATE_WORDS:
            words = words[:k]
            break
    while words and words[-1].lower() in CONNECTORS:
        words = words[:-1]
    if words and re.search(r"['’]s$", words[-1]):  # GACC's priorities: the name is GACC
        words = [*words[:-1], words[-1][:-2]]
    return words


_JOINS = re.compile(r"\s+(and|of)\s+")
_ACRONYM_WORD = re.compile(r"[A-Z]{2,}s?")


def _person(words: list[str]) -> bool:
    """Whether ``words`` are a person's name in pinyin (Wang Yanan, Sun Xiaolu)."""
    return 0 < len(words) <= 3 and all(spells_pinyin(w.lower()) for w in words)


def _unjoined(piece: str) -> list[str]:
    """``piece`` cut where "and" joins two names rather than two words of one (GACC and
    QBPC | Wang Yanan and Fu Qiang; Ministry of Industry and Information Technology
    stays whole) and where "of" ties a person to a body (Fu Qiang | GACC)."""
    bits = _JOINS.split(piece)
    parts = [bits[0]]
    for join, nxt in zip(bits[1::2], bits[2::2], strict=True):
        before, after = parts[-1].split(), nxt.split()
        names_meet = bool(before and after) and (
            _ACRONYM_WORD.fullmatch(before[-1]) is not None
            or _ACRONYM_WORD.fullmatch(after[0]) is not None
            or (_person(before) and _person(after))  # not "Hong Kong and Macao Affairs"
        )
        if names_meet if join == "and" else _person(before):
            parts.append(nxt)
        else:
            parts[-1] = f"{parts[-1]} {join} {nxt}"
    return parts


def name_parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names in English ``text``: each :data:`NAME_CHAIN` run cut at
    " of the " and " and the " (Deputy Director | Department of General Operation |
    General Administration of Customs) and between names joined (:func:`_unjoined`),
    trimmed (:func:`trim_name`)."""
    out = []
    for m in NAME_CHAIN.finditer(text):
        at = m.start()
        for piece in (p for part in _PART_CUT.split(m.group(0)) for p in _unjoined(part)):
            start = text.index(piece, at)
            at = start + len(piece)
            words = piece.split()
            kept = trim_name(words)
            if not kept:
                continue
            first = next(i for i, w in enumerate(words) if w.startswith(kept[0]))
            lead = len(" ".join(words[:first])) + (1 if first else 0)
            begin = start + lead
            out.append((begin, begin + len(" ".join(kept))))
    return out


def longer_name(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The name of English ``text`` (:func:`name_parts`) that holds ``span`` and is longer
    than it ("General Administration of Customs" around "Administration of Customs"),
    or None."""
    for a, b in name_parts(text):
        if a <= span[0] and span[1] <= b and (a, b) != span:
            return a, b
    return None


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


# --- English term → Chinese renderings ---------------------------------------


def zh_candidates(
    term: str,
    row: SegmentRow,
    lexicon: Lexicon,
    glossary: GlossaryIndex,
    term_stems: set[str],
    term_names: set[str],
    nested: bool = False,
    keep: frozenset[str] = frozenset(),
) -> dict[str, tuple[float, bool]]:
    """Candidate Chinese n-grams of one positive: how near each sits to the term, and
    whether a neighbouring word also translates part of the term. Occurrences inside a
    longer title count only when ``nested`` (a term never found on its own). Other
    glossary entries present on both sides explain their Chinese away, but those inside
    a rendering of ``keep``."""
    en, zh = row["en"] or "", normalize(row["zh"] or "")
    spans = en_spans(term, en)
    if not nested:
        spans = [s for s in spans if not _inside_longer_title(term, en, s)]
    if not spans or not zh:
        return {}
    tokens = en_tokens(en)
    outside = [t for t in tokens if not _inside((t.start, t.end), spans)]
    outside = [t for t in outside if t.stem not in term_stems]
    out_names = {t.low for t in outside if t.name and spells_pinyin(t.low)}
    explained = [not HAN_CHAR.match(c) for c in zh]
    words = zh_words(lexicon, zh)
    named = [(a, b) for a, b, _ in _pinyin_hits(zh, term_names)]
    pairs = []  # (Chinese word, English token) that translate each other
    for w, (a, b, word) in enumerate(words):
        glosses = lexicon.translations(word)
        if glosses & term_stems or _overlaps((a, b), named):
            continue
        pairs += [
            (abs((a + b) / 2 / len(zh) - (t.start + t.end) / 2 / len(en)), w, k)
            for k, t in enumerate(outside)
            if t.stem in glosses
        ]
    for w in _linked(pairs):
        a, b, _ = words[w]
        explained[a:b] = [True] * (b - a)
    for a, b, _ in _pinyin_hits(zh, out_names):
        explained[a:b] = [True] * (b - a)
    en_at = glossary.places(en, "en")
    for other, zh_at in glossary.places(zh, "zh").items():
        if any(other in k for k in keep):
            continue
        for entry in glossary.by_zh[other]:
            other_spans = en_at.get(entry.en.lower(), [])
            if entry.en.lower() == term.lower() or not other_spans:
                continue
            if not all(_overlaps(s, spans) for s in other_spans):
                for a, b in zh_at:
                    explained[a:b] = [True] * (b - a)
    where = (spans[0][0] + spans[0][1]) / 2 / max(len(en), 1)
    # Candidates start and end at dictionary-word boundaries: 孙晓路, not 孙晓路举.
    # Names cut across dictionary words (林娟华表示 is segmented 林|娟|华表|示), so
    # where pinyin spells a name in the term, its ends are boundaries too.
    starts = {a for a, _, _ in words}
    ends = {b for _, b, _ in words}
    evidence: list[frozenset[str]] = [frozenset()] * len(zh)  # term words each character translates
    for a, b, word in words:
        hit = lexicon.translations(word) & term_stems
        if hit:
            evidence[a:b] = [frozenset(hit)] * (b - a)
    for a, b, name in _pinyin_hits(zh, term_names):
        evidence[a:b] = [e | {name} for e in evidence[a:b]]
        starts.add(a)
        ends.add(b)
    found: dict[str, tuple[float, bool]] = {}
    i = 0
    while i < len(zh):
        if explained[i]:
            i += 1
            continue
        j = i
        while j < len(zh) and not explained[j]:
            j += 1
        for a in range(i, j):
            if a not in starts:
                continue
            for b in range(a + 2, min(j, a + MAX_ZH) + 1):
                gram = zh[a:b]
                if b not in ends or gram[0] in ZH_FUNCTION or gram[-1] in ZH_FUNCTION:
                    continue
                near = 1 - abs((a + b) / 2 / len(zh) - where)
                cut = bool(
                    frozenset().union(*evidence[i:a], *evidence[b:j])
                    - frozenset().union(*evidence[a:b])
                )
                if gram not in found or near > found[gram][0]:
                    found[gram] = (near, cut)
        i = j
    return found


def zh_fit(
    gram: str, lexicon: Lexicon, term_stems: set[str], term_names: set[str]
) -> tuple[float, float]:
    """(Share of the term's content words the Chinese n-gram translates, how well its
    length fits: its words that translate nothing of the term should about match the
    term's words that nothing translates.)"""
    if not term_stems:
        return 0.0, 1.0
    covered: set[str] = set()
    units = zh_words(lexicon, gram)
    used = [False] * len(units)
    for u, (_, _, word) in enumerate(units):
        hit = lexicon.translations(word) & term_stems
        covered |= hit
        used[u] = bool(hit)
    for a, b, name in _pinyin_hits(gram, term_names):
        # The name's stem when the term's words have it ("beij" of Beijing): a name
        # both spelt in pinyin and glossed (北京) is one word of the term, not two.
        covered.add(stem(name) if stem(name) in term_stems else name)
        for u, (ua, ub, _) in enumerate(units):
            if ua < b and a < ub:
                used[u] = True
    extra = used.count(False)
    need = len(term_stems) - len(covered)
    return len(covered) / len(term_stems), 1 / (1 + abs(extra - need))


# --- Chinese term → English renderings ---------------------------------------


def en_candidates(
    term: str,
    row: SegmentRow,
    lexicon: Lexicon,
    glossary: GlossaryIndex,
    term_words: list[frozenset[str]],
    term_pinyin: set[str],
) -> dict[tuple[str, ...], tuple[float, str, bool]]:
    """Candidate English word n-grams of one positive: key → (nearness, surface form,
    whether a neighbouring word also translates part of the term)."""
    en, zh = row["en"] or "", normalize(row["zh"] or "")
    spans = zh_spans(term, zh)
    if not spans or not en:
        return {}
    term_glosses = frozenset().union(*term_words)
    tokens = en_tokens(en)
    words = [
        (a, b, lexicon.translations(word))
        for a, b, word in zh_words(lexicon, zh)
        if not _overlaps((a, b), spans)
    ]
    pairs = []
    for w, (a, b, glosses) in enumerate(words):
        by_stem: dict[str, list[int]] = {}
        for k, t in enumerate(tokens):
            if t.stem in glosses and t.stem not in term_glosses:
                by_stem.setdefault(t.stem, []).append(k)
        # A word glossed by several English words (海关总署: General Administration
        # of Customs) takes, of a repeated one, the occurrence beside the others.
        single = [ks[0] for ks in by_stem.values() if len(ks) == 1]
        centre = sum(single) / len(single) if single else None
        for ks in by_stem.values():
            if centre is not None and len(ks) > 1:
                ks = [min(ks, key=lambda k: abs(k - centre))]
            pairs += [
                (abs((a + b) / 2 / len(zh) - (tokens[k].start + tokens[k].end) / 2 / len(en)), w, k)
                for k in ks
            ]
    explained = [not t.raw[0].isalpha() for t in tokens]
    for k in _linked(pairs, right=True):
        explained[k] = True
    names = {t.low for t in tokens if t.name and spells_pinyin(t.low)}
    outside_pinyin = {
        name for a, b, name in _pinyin_hits(zh, names) if not _overlaps((a, b), spans)
    } - term_pinyin
    for k, t in enumerate(tokens):
        if t.name and t.low in outside_pinyin:
            explained[k] = True
    en_at = glossary.places(en, "en")
    for other, zh_at in glossary.places(zh, "zh").items():
        if other == normalize(term) or all(_overlaps(s, spans) for s in zh_at):
            continue
        for entry in glossary.by_zh[other]:
            for a, b in en_at.get(entry.en.lower(), []):
                for k, t in enumerate(tokens):
                    if a <= t.start and t.end <= b:
                        explained[k] = True
    where = (spans[0][0] + spans[0][1]) / 2 / max(len(zh), 1)
    evidence = [
        frozenset(u for u, glosses in enumerate(term_words) if t.stem in glosses)
        | ({t.low} if t.name and t.low in term_pinyin else frozenset())
        for t in tokens
    ]
    found: dict[tuple[str, ...], tuple[float, str, bool]] = {}
    k = 0
    while k < len(tokens):
        if explained[k]:
            k += 1
            continue
        m = k + 1
        while (
            m < len(tokens)
            and not explained[m]
            and not re.search(r"[^\s\-]", en[tokens[m - 1].end : tokens[m].start])
        ):
            m += 1
        for a in range(k, m):
            if tokens[a].stem is None:
                continue
            for b in range(a + 1, min(m, a + MAX_EN) + 1):
                if tokens[b - 1].stem is None:
                    continue
                key = tuple(t.low for t in tokens[a:b])
                surface = en[tokens[a].start : tokens[b - 1].end]
                near = 1 - abs((tokens[a].start + tokens[b - 1].end) / 2 / len(en) - where)
                cut = bool(
                    frozenset().union(*evidence[k:a], *evidence[b:m])
                    - frozenset().union(*evidence[a:b])
                )
                if near > found.get(key, (-1.0, "", False))[0]:
                    found[key] = (near, surface, cut)
        k = m
    return found


def en_fit(
    words: Sequence[str], lexicon: Lexicon, term_words: list[frozenset[str]], term_pinyin: set[str]
) -> tuple[float, float]:
    """:func:`zh_fit` the other way: (share of the Chinese term's words the English
    n-gram translates, how well its count of unexplained content words fits)."""
    units = list(term_words)
    if not units:
        return 0.0, 1.0
    content = [w for w in words if w not in STOPWORDS]
    stems = [stem(w) for w in content]
    covered = sum(1 for u in units if u and u & set(stems))
    by_pinyin = [w for w in content if w in term_pinyin]
    covered = min(len(units), covered + len(by_pinyin))
    extra = sum(
        1
        for w, st in zip(content, stems, strict=True)
        if w not in term_pinyin and not any(st in u for u in units)
    )
    need = len(units) - covered
    return covered / len(units), 1 / (1 + abs(extra - need))
