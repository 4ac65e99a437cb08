"""Translation spotting: which Chinese rendering goes with an English term (or the
reverse), found in the aligned sentence pairs alone, glossary or not.

For a term, take the segments that contain it (the *positives*). In each, the
other language's text is first *explained away* where it translates the rest
of the sentence: Chinese words whose CC-CEDICT glosses name an English word
outside the term, pinyin of English names outside it, renderings of other
glossary entries present on both sides. What is left forms runs; every
n-gram of a run (characters for Chinese, words for English, not starting or
ending on a function word) is a candidate. Candidates are scored by the association

    P(candidate | term) · P(term | candidate) ^ 0.2

(counted in segments: found with the term, and not much without it; the
weak exponent because a full name or title also occurs in sentences that use
a short form, 孙晓路 where the English says only "Sun") times

    (0.4 + 0.45 · fit + 0.15 · near) · (0.3 + 0.7 · size) · (1 - 0.5 · cut)

where *fit* is the share of the term's words the candidate translates (CC-CEDICT
glosses, pinyin for names), *near* how close it sits to where the term sits in
its sentence, and *size* how well the candidate's words that translate nothing
of the term match in number the term's words that nothing translates: 综合业务司
for "Department of General Operation", where only 司 is in the dictionary, but
孙晓路 rather than 孙晓路举行 for "Sun Xiaolu"; *cut* is the share of its
sentences where a neighbouring word also translates part of the term (晓路举行
leaves out 孙, "Sun"). Candidates start and end on
dictionary-word boundaries; a candidate found exactly where a longer one is
found (with the term and everywhere else, in two sentences or more) gives way
to it: the maximal stable n-gram.

Every occurrence is found, inside longer names too, and the longer names are reported
with their renderings (:class:`Inside`: "Administration of Customs" stands inside
"General Administration of Customs" = 海关总署), so a translator sees both the part's
and the whole's rendering. Renderings are spotted in the pairs where a capitalised
title stands on its own, not inside a longer one ("Director of the IPR Division" in
"Deputy Director of …" is the deputy's); a term never found on its own takes them from
its occurrences inside longer names. (The rule that a title inside a longer one does
not count belongs to consistency checks, ``library.terms.check``.)
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import budget, model
from ..archive import read as archive
from ..archive.rows import SegmentRow
from ..model import SENTENCE_CHARS, STATUS_ORDER, Term
from ..text.chinese import has_han, normalize
from ..text.lexicon import (
    FUNCTION_WORDS,
    ZH_FUNCTION,
    Lexicon,
    pinyin_windows,
    spells_pinyin,
)
from ..text.termmatch import en_fts, en_phrase_fts, en_spans, zh_fts, zh_spans
from .candidates import (
    en_candidates,
    en_fit,
    en_tokens,
    longer_name,
    zh_candidates,
    zh_fit,
    zh_words,
)
from .index import GlossaryIndex, archive_index, index_of

SAMPLE = 300
"""Positives read at most (the oldest first); counts are scaled to the full set."""
CANDIDATES = 40
"""Candidates whose background frequency is looked up, by support."""
SPECIFICITY = 0.2
"""Weight of P(term | candidate) against P(candidate | term) in the association."""
INSIDE = 3
WEAK = {
    "function_word": "a function word",
    "low_score": "its score is below 0.2",
    "one_pair": "seen in a single sentence pair, with a score below 0.5",
    "common_word": "translates none of the term's words and is common without it",
    "part_of_glossary": "a piece of a glossary rendering of the term",
    "dictionary_word": "a dictionary word that translates none of the term",
    "overlaps_better": "a piece or an extension of a better rendering",
}
"""Why a spotted candidate is folded, by key (the term page says it in its language)."""
WEAK_SCORE = 0.2
"""A spotted candidate scoring less is weak."""
ONE_PAIR_SCORE = 0.5
"""A candidate seen in a single sentence pair is evidence of one sentence: weak below
this score (China, March, Michael Ding beside 综合业务司, each 0.23–0.24)."""
WEAK_DICE = 0.5
"""A spotted candidate that translates none of the term's words and whose Dice
coefficient with the term is lower is weak (a common word of such sentences)."""


def weakness(r: Rendering, lang: str, glossary: Sequence[str], lexicon: Lexicon) -> str | None:
    """Why the spotted candidate ``r`` (in ``lang``) is weak, as a :data:`WEAK` key; None
    when it is a rendering to offer. ``glossary``: the term's glossary renderings."""
    text = r.text
    if text.lower() in FUNCTION_WORDS or (len(text) == 1 and text in ZH_FUNCTION):
        return "function_word"
    if any(text != g and text.lower() in g.lower() for g in glossary):
        return "part_of_glossary"
    if r.score < WEAK_SCORE:
        return "low_score"
    if r.segments <= 1 and r.score < ONE_PAIR_SCORE:
        return "one_pair"
    if r.fit == 0 and r.dice < WEAK_DICE:
        return "common_word"
    if r.fit == 0:
        if lang == "zh" and lexicon.translations(text):  # translating nothing of the term
            return "dictionary_word"
        if lang == "en" and len(text.split()) == 1 and text[:1].islower():
            return "common_word"
    return None


def rank(
    status: str | None, weak: str | None, score: float | None, text: str
) -> tuple[bool, int, float, int]:
    """The one order of a term's renderings, for the CLI, the page and the JSON: offered
    before folded, then the glossary's (approved, fuzzy, deprecated) before the spotted,
    then by score, the longer first."""
    return (weak is not None, STATUS_ORDER.get(status or "", 3), -(score or -1.0), -len(text))


"""Longer names reported, with their renderings (most pairs first)."""


@dataclass
class Example:
    item_id: str
    position: int
    date: str | None
    zh: str | None
    en: str | None


@dataclass
class Rendering:
    """One candidate rendering of a term, with the evidence for it."""

    text: str
    segments: int
    """Positives that contain it (scaled to all positives when they were sampled)."""
    elsewhere: int
    """Segments of the archive that contain it (with or without the term)."""
    dice: float
    fit: float
    """Share of the term's words the candidate translates (dictionary, pinyin)."""
    score: float
    examples: list[Example] = field(default_factory=list)
    status: str | None = None
    """The glossary's status when it is a glossary rendering of the term: approved, fuzzy,
    obsolete."""
    weak: str | None = None
    """Why a spotted candidate is no rendering to offer (a :data:`WEAK` key), None when
    it is one: the term page folds it, the CLI and the JSON say so."""


@dataclass
class Inside:
    """A longer name the term stands inside, in some of its sentence pairs."""

    name: str
    """As the glossary or the sentence has it: "General Administration of Customs"."""
    rendering: str | None
    """Its rendering: the glossary's, else the best one spotted; None when none is."""
    status: str | None
    """The glossary's status of ``name`` = ``rendering``; None when spotted."""
    pairs: int
    """Positives where the term stands inside it (of those read)."""


@dataclass
class Spotting:
    term: str
    lang: str
    """The term's language: 'en' (renderings are Chinese) or 'zh'."""
    positives: int
    renderings: list[Rendering]
    inside: list[Inside] = field(default_factory=list)
    """Longer names holding the term, most pairs first (at most :data:`INSIDE`)."""
    alone: int | None = None
    """Positives (of those read) where the term stands on its own somewhere."""


class Source:
    """The sentence pairs to spot in: a sample of the segments holding a term, and how
    many segments hold an n-gram. :class:`ArchiveSource` reads an archive."""

    def containing(self, term: str, lang: str) -> tuple[int, list[SegmentRow]]:
        raise NotImplementedError

    def count(self, ngram: str, lang: str) -> int:
        raise NotImplementedError


class ArchiveSource(Source):
    """Segments of an archive database, through its ``segments_fts`` index; or, given
    ``rows`` (and how many they stand for), just those as the term's sentence pairs,
    with background counts still from the whole archive."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        rows: list[SegmentRow] | None = None,
        total: int | None = None,
    ) -> None:
        self.conn = conn
        self.rows = rows
        self.total = len(rows) if rows is not None and total is None else total
        self._counts: dict[tuple[str, str], int] = {}

    def containing(self, term: str, lang: str) -> tuple[int, list[SegmentRow]]:
        if self.rows is not None:
            return self.total or 0, self.rows
        expr = zh_fts(term) if lang == "zh" else en_fts(term)
        return archive.fts_count(self.conn, expr), archive.fts_segments(self.conn, expr, SAMPLE)

    def count(self, ngram: str, lang: str) -> int:
        key = (ngram, lang)
        if key not in self._counts:
            expr = zh_fts(ngram) if lang == "zh" else en_phrase_fts(ngram)
            self._counts[key] = archive.fts_count(self.conn, expr)
        return self._counts[key]


# --- both directions ------------------------------------------------------------


def _longer_names(
    term: str, lang: str, rows: list[SegmentRow], glossary: GlossaryIndex
) -> tuple[Counter[str], dict[str, Term], int]:
    """(pairs by longer name holding the term, the glossary entry of each name that is
    one, pairs where the term stands alone somewhere). A glossary entry holding the term
    is the longer name where it covers the occurrence; otherwise, for English, the
    capitalised name around it (:func:`~library.terms.candidates.longer_name`)."""
    holders = glossary.holding(term, lang)
    holders.sort(key=lambda g: -len(g.en if lang == "en" else glossary.zh_norm(g)))
    names: Counter[str] = Counter()
    entries: dict[str, Term] = {}
    alone = 0
    for row in rows:
        budget.check()
        text, spans = _term_spans(term, lang, row)
        here: set[str] = set()
        lone = False
        for a, b in spans:
            for g in holders:
                around = (
                    en_spans(g.en, text) if lang == "en" else zh_spans(glossary.zh_norm(g), text)
                )
                if any(x <= a and b <= y for x, y in around):
                    name = g.en if lang == "en" else g.zh
                    entries.setdefault(name, g)
                    here.add(name)
                    break
            else:
                # Not in a headline: title case makes the whole of it one name.
                headline = row.get("position") == 0
                span = longer_name(text, (a, b)) if lang == "en" and not headline else None
                if span:
                    here.add(text[span[0] : span[1]])
                else:
                    lone = True
        names.update(here)
        alone += lone
    return names, entries, alone


def _inside(
    term: str,
    lang: str,
    rows: list[SegmentRow],
    source: Source,
    lexicon: Lexicon,
    glossary: GlossaryIndex,
) -> tuple[list[Inside], int]:
    """The longer names holding the term, with their renderings (:class:`Inside`), and
    the pairs where it stands alone."""
    names, entries, alone = _longer_names(term, lang, rows, glossary)
    out = []
    for name, pairs in names.most_common(INSIDE):
        entry = entries.get(name)
        if entry is not None:
            rendering = entry.zh if lang == "en" else entry.en
            out.append(Inside(name, rendering, entry.status, pairs))
            continue
        found = spot(name, source, lexicon, glossary, limit=1, longer=False)
        top = found.renderings[0] if found.renderings else None
        out.append(Inside(name, top.text if top else None, top.status if top else None, pairs))
    return out, alone


def spot(
    term: str,
    source: Source,
    lexicon: Lexicon,
    glossary: Sequence[Term] | GlossaryIndex = (),
    limit: int = 5,
    candidates: int = CANDIDATES,
    longer: bool = True,
) -> Spotting:
    """Renderings of ``term`` (English or Chinese) in the other language, best first,
    and (``longer``) the longer names it stands inside, with theirs."""
    term = term.strip()
    lang = "zh" if has_han(term) else "en"
    index = index_of(glossary)
    total, rows = source.containing(term, lang)
    rows = [r for r in rows if max(len(r["zh"] or ""), len(r["en"] or "")) <= SENTENCE_CHARS]
    inside, alone = _inside(term, lang, rows, source, lexicon, index) if longer else ([], None)
    other = model.other(lang)
    per_row: list[tuple[SegmentRow, dict[Any, tuple[float, Any, bool]]]] = []
    if lang == "en":
        term_tokens = en_tokens(term)
        term_stems = {t.stem for t in term_tokens if t.stem}
        term_names = {t.low for t in term_tokens if t.name and spells_pinyin(t.low)}

        def collect(nested: bool, keep: frozenset[str] = frozenset()) -> None:
            for row in rows:
                budget.check()
                found = zh_candidates(
                    term, row, lexicon, index, term_stems, term_names, nested, keep
                )
                if found:
                    per_row.append((row, {g: (near, g, cut) for g, (near, cut) in found.items()}))

        collect(False)
        if not per_row:
            # Never on its own: its renderings from inside the longer names, whose
            # glossary renderings (and their parts: 海关总署 of 中华人民共和国海关总署)
            # are then candidates, not explained away.
            collect(True, frozenset(normalize(i.rendering or "") for i in inside if i.status))
    else:
        normal = normalize(term)
        term_words = [lexicon.translations(w) for _, _, w in zh_words(lexicon, normal)]
        term_pinyin = {p for p in pinyin_windows(normal, normalized=True) if spells_pinyin(p)}
        for row in rows:
            budget.check()
            grams = en_candidates(term, row, lexicon, index, term_words, term_pinyin)
            if grams:
                per_row.append((row, dict(grams)))
    positives = len(per_row)
    # The index finds the term's words anywhere in a pair; the pairs that hold it are
    # counted among those read, and scaled when they were a sample.
    found_in = sum(1 for r in rows if _term_spans(term, lang, r)[1])
    holding = found_in if total <= len(rows) or not rows else round(found_in * total / len(rows))
    if not positives:
        return Spotting(term, lang, holding, [], inside, alone)
    scale = max(holding, positives) / positives
    support: Counter[Any] = Counter()
    nearness: dict[Any, float] = {}
    surfaces: dict[Any, Counter[str]] = {}
    examples: dict[Any, list[Example]] = {}
    cuts: Counter[Any] = Counter()
    for row, grams_here in per_row:
        for key, (near, surface, cut) in grams_here.items():
            support[key] += 1
            cuts[key] += cut
            nearness[key] = nearness.get(key, 0.0) + near
            surfaces.setdefault(key, Counter())[surface] += 1
            if len(examples.setdefault(key, [])) < 3:
                examples[key].append(
                    Example(row["item_id"], row["position"], row["date"], row["zh"], row["en"])
                )
    floor = max(1, math.ceil(0.2 * positives))
    # Evidence that needs no database first; the background counts only for the best.
    prelim = []
    for key, n in support.items():
        if n < floor:
            continue
        if lang == "en":
            fit, size = zh_fit(key, lexicon, term_stems, term_names)
        else:
            fit, size = en_fit(key, lexicon, term_words, term_pinyin)
        near = nearness[key] / n
        prior = (0.4 + 0.45 * fit + 0.15 * near) * (0.3 + 0.7 * size) * (1 - 0.5 * cuts[key] / n)
        prelim.append((n / positives * prior, key, fit, prior))
    prelim.sort(key=lambda x: (-x[0], -len(x[1])))
    total_pos = max(holding, positives)
    out = []
    for _, key, fit, prior in prelim[:candidates]:
        text = surfaces[key].most_common(1)[0][0]
        seg = round(support[key] * scale)
        elsewhere = max(source.count(text, other), seg)
        dice = 2 * seg / (total_pos + elsewhere)
        assoc = seg / total_pos * (seg / elsewhere) ** SPECIFICITY
        out.append(
            Rendering(
                text=text,
                segments=seg,
                elsewhere=elsewhere,
                dice=round(dice, 4),
                fit=round(fit, 4),
                score=round(assoc * prior, 4),
                examples=examples[key],
            )
        )

    # The maximal stable n-gram: a candidate found exactly where a longer one is found,
    # in the term's sentences and everywhere else, is only a piece of it.
    def form(text: str) -> str:
        return normalize(text) if other == "zh" else " " + " ".join(text.lower().split()) + " "

    # (Only with two sentences or more: in one, every extension looks as stable.)
    # Nor when the longer one scores clearly lower (王磊表示, where every sentence
    # says 王磊表示 "Wang Lei said": the extension translates nothing of the term).
    out = [
        r
        for r in out
        if r.segments < 2
        or not any(
            o is not r
            and form(r.text) in form(o.text)
            and len(o.text) > len(r.text)
            and (o.segments, o.elsewhere) == (r.segments, r.elsewhere)
            and o.score >= 0.8 * r.score
            for o in out
        )
    ]
    names = _mark_glossary(term, lang, out, index)
    for r in out:
        r.weak = None if r.status else weakness(r, other, names, lexicon)
    out.sort(key=lambda r: rank(r.status, r.weak, r.score, r.text))
    # A piece or an extension of a better offered rendering (陈杰 of 陈杰涛, 陈杰涛表示
    # "Chen Jietao said") is the same evidence read worse: one offer of it is enough.
    offered: list[str] = []
    for r in out:
        if r.weak is not None:
            continue
        here = form(r.text)
        if not r.status and any(here in o or o in here for o in offered):
            r.weak = "overlaps_better"
        else:
            offered.append(here)
    out.sort(key=lambda r: rank(r.status, r.weak, r.score, r.text))
    return Spotting(term, lang, total_pos, out[:limit], inside, alone)


def _term_spans(term: str, lang: str, row: SegmentRow) -> tuple[str, list[tuple[int, int]]]:
    """The side of a sentence pair in the term's language (Chinese normalised) and where
    the term is in it (none when the index matched its words apart)."""
    if lang == "en":
        text = row["en"] or ""
        return text, en_spans(term, text)
    text = normalize(row["zh"] or "")
    return text, zh_spans(term, text)


def _mark_glossary(
    term: str, lang: str, renderings: list[Rendering], glossary: GlossaryIndex
) -> list[str]:
    """Set each rendering's glossary status where the glossary pairs it with the term;
    returns the glossary's renderings of the term."""
    names = []
    if lang == "en":
        for entry in glossary.by_en.get(term.lower(), ()):
            names.append(entry.zh)
            for r in renderings:
                if normalize(r.text) == glossary.zh_norm(entry):
                    r.status = _better(r.status, entry.status)
    else:
        for entry in glossary.by_zh.get(normalize(term), ()):
            names.append(entry.en)
            for r in renderings:
                if en_spans(entry.en, r.text) == [(0, len(r.text))]:
                    r.status = _better(r.status, entry.status)
    return names


def _better(old: str | None, new: str) -> str:
    return new if old is None or STATUS_ORDER.get(new, 3) < STATUS_ORDER.get(old, 3) else old


def lookup(
    conn: sqlite3.Connection, term: str, limit: int = 5, lexicon: Lexicon | None = None
) -> Spotting:
    """:func:`spot` over an archive connection, with the glossary it was built with."""
    from ..text.lexicon import default_lexicon

    if not term or not term.strip():
        raise ValueError("empty term")
    return spot(
        term,
        ArchiveSource(conn),
        lexicon or default_lexicon(),
        archive_index(conn),
        limit=limit,
    )


def as_dict(result: Spotting, examples: int = 3) -> dict[str, Any]:
    """A JSON-ready form of a spotting (what the CLI's --format json and the API return)."""
    from dataclasses import asdict

    out = asdict(result)
    for r in out["renderings"]:
        r["examples"] = r["examples"][:examples]
    return out
