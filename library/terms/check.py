"""Glossary terms in the archive: where each is used, and where the two sides disagree.

*Uses* are found per sentence pair (segment): the English form (case, plurals,
hyphens tolerated) and the Chinese rendering (on normalised text, so
Traditional pages count). An occurrence inside a longer glossary term's
occurrence is that longer term's (Director inside Deputy Director, 海关 inside
海关总署). *Findings* are what a reviewer should look at:

``missing_zh``  the English uses an approved term, the Chinese has none of its
                approved renderings (every msgctxt of the English form counts, and
                every approved name of its concept: 海关总署 for "General
                Administration of Customs of P. R. China", see ``terms.concepts``)
``missing_en``  the Chinese uses an approved rendering, the English none of the
                approved English names of its concepts
``variant``     an approved English term rendered another way, consistently
                enough for the spotter to name the other rendering
``deprecated``  an obsolete (``#~``) form in either language
"""

from __future__ import annotations

import gc
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..archive import read as archive
from ..archive.rows import SegmentRow, Stub
from ..model import Finding, Term, Use
from ..text.chinese import normalize, normalized
from ..text.termmatch import outer_forms, outermost
from .concepts import concept_of
from .index import GlossaryIndex, index_of

Missing = SegmentRow | Stub
"""A sentence pair lacking an approved rendering: read whole, or a stub of its rowid."""

VARIANT_SAMPLE = 40
"""Sentence pairs, evenly spread, in which the spotter looks for a term's other rendering."""


def glossary_in_text(
    text: str, lang: str, glossary: GlossaryIndex | Sequence[Term]
) -> list[tuple[int, int, Term]]:
    """Where approved glossary terms occur in one text of ``lang`` ('zh' or 'en'): (start,
    end, term), in order, an occurrence strictly inside a longer one left out (as for
    uses). Chinese is matched on the normalised text (Traditional finds Simplified).
    One pass of the glossary's automaton, whatever its size.

    >>> t = [Term("t1", "Deputy Director", "副司长", "approved"),
    ...      Term("t2", "Director", "司长", "approved")]
    >>> text = "The Deputy Director met the Director."
    >>> [(a, b, x.en) for a, b, x in glossary_in_text(text, "en", t)]
    [(4, 19, 'Deputy Director'), (28, 36, 'Director')]
    >>> [(a, b, x.zh) for a, b, x in glossary_in_text("副司長會見了司长", "zh", t)]
    [(0, 3, '副司长'), (6, 8, '司长')]
    """
    index = index_of(glossary)
    found: list[tuple[int, int, Term]] = []
    if lang == "zh":
        norm, starts = normalized(text, lower=False)
        for a, b, form in index.forms.zh(norm):
            if starts is not None:
                a, b = starts[a], starts[b - 1] + 1
            found += [(a, b, t) for t in index.by_zh[form] if t.status == "approved"]
    else:
        for a, b, form in index.forms.en(text):
            found += [(a, b, t) for t in index.by_en[form] if t.status == "approved"]
    outer = outermost([(a, b) for a, b, _ in found])
    kept = [f for f, ok in zip(found, outer, strict=True) if ok]
    out: list[tuple[int, int, Term]] = []
    for a, b, t in sorted(kept, key=lambda x: (x[0], -x[1])):
        if not out or a >= out[-1][1]:  # overlapping occurrences: the first, longest one
            out.append((a, b, t))
    return out


def find_uses(
    conn: sqlite3.Connection,
    terms: Sequence[Term] | GlossaryIndex,
    item_id: str | None = None,
    rowids: tuple[int, int] | None = None,
) -> tuple[list[Use], dict[int, SegmentRow], dict[int, tuple[set[str], set[str]]]]:
    """Every use of every glossary term (in one item, or one range of segment rowids,
    if given), the segments they were found in (by rowid), and the forms found in each,
    nested ones too (English in lower case, Chinese normalised): each pair read once
    and passed through the glossary's automaton."""
    index = index_of(terms)
    segments: dict[int, SegmentRow] = {}  # rowid → the pair, as ``segments_by_rowid`` gives it
    forms: dict[int, tuple[set[str], set[str]]] = {}  # rowid → (English, Chinese) found
    sides: dict[tuple[str, int], int] = {}  # (term, rowid) → 1 English, 2 Chinese, 3 both
    for rowid, item, position, zh, en, score, date in archive.segment_sides(conn, item_id, rowids):
        en_found = index.forms.en(en)
        zh_found = index.forms.zh(normalize(zh)) if zh else []
        if not en_found and not zh_found:
            continue
        segments[rowid] = SegmentRow(
            rowid=rowid, item_id=item, position=position, zh=zh, en=en, score=score, date=date
        )
        forms[rowid] = ({f for _, _, f in en_found}, {f for _, _, f in zh_found})
        for bit, found, by_form in ((1, en_found, index.by_en), (2, zh_found, index.by_zh)):
            for form in outer_forms(found):  # Director inside Deputy Director is not a use
                for t in by_form[form]:
                    key = (t.id, rowid)
                    sides[key] = sides.get(key, 0) | bit
    uses = [
        Use(
            term,
            rowid,
            segments[rowid]["item_id"],
            segments[rowid]["position"],
            bool(bits & 1),
            bool(bits & 2),
        )
        for (term, rowid), bits in sides.items()
    ]
    return uses, segments, forms


@dataclass
class _Glossary:
    """The approved renderings of each English form and the reverse, for the findings."""

    by_id: dict[str, Term]
    approved: list[Term]
    renderings_of: dict[str, set[str]]
    forms_of: dict[str, set[str]]
    zh_of: dict[str, str]
    """Term id → its rendering, normalised."""

    @classmethod
    def of(cls, terms: Sequence[Term] | GlossaryIndex) -> _Glossary:
        index = index_of(terms)
        made = index.derived.get("findings")
        if not isinstance(made, _Glossary):
            made = index.derived["findings"] = cls._made(index)
        return made

    @classmethod
    def _made(cls, index: GlossaryIndex) -> _Glossary:
        entries = index.entries
        approved = [t for t in entries if t.status == "approved" and t.zh]
        renderings_of: dict[str, set[str]] = defaultdict(set)  # English form → renderings
        forms_of: dict[str, set[str]] = defaultdict(set)  # rendering → English forms
        concept = concept_of(entries)
        for t in approved:
            names = [n for n in concept[t.id].entries if n.status == "approved" and n.zh]
            renderings_of[t.en.lower()].update(index.zh_norm(n) for n in names)
            forms_of[index.zh_norm(t)].update(n.en for n in names)
        return cls(
            {t.id: t for t in entries},
            approved,
            renderings_of,
            forms_of,
            {t.id: index.zh_norm(t) for t in entries},
        )


def find_findings(
    glossary: _Glossary,
    uses: Iterable[Use],
    segments: dict[int, SegmentRow],
    forms: dict[int, tuple[set[str], set[str]]],
    missing: dict[str, list[Missing]],
) -> list[Finding]:
    """The findings of the module docstring but variants, for these uses (their
    ``segments`` and ``forms`` as :func:`find_uses` gives them); the sentence pairs
    lacking an approved rendering are added to ``missing`` (by English form), where
    :func:`variant_of` looks for the other rendering."""
    by_id, zh_of = glossary.by_id, glossary.zh_of
    renderings_of, forms_of = glossary.renderings_of, glossary.forms_of
    out: list[Finding] = []
    seen: set[tuple[str, str, int]] = set()
    for use in uses:
        t = by_id[use.term_id]
        row = segments[use.segment]
        zh, en = row["zh"], row["en"]
        if t.status == "obsolete":
            # A deprecated English form is replaced by the approved forms of the same
            # rendering, a deprecated rendering by the approved renderings of the same
            # form; a side whose form is also approved is not deprecated.
            sides = []
            if use.en and t.en.lower() not in renderings_of:
                sides.append((t.en, forms_of.get(zh_of[t.id], set())))
            if use.zh and zh_of[t.id] not in forms_of:
                sides.append((t.zh, renderings_of.get(t.en.lower(), set())))
            for found, replacement in sides:
                key = ("deprecated", found, use.segment)
                if key not in seen:
                    seen.add(key)
                    out.append(
                        Finding(
                            "deprecated",
                            t.id,
                            t.en,
                            " | ".join(sorted(replacement)),
                            found,
                            row["item_id"],
                            row["position"],
                            zh,
                            en,
                        )
                    )
            continue
        if t.status != "approved":
            continue
        form = t.en.lower()
        if use.en and zh and form in renderings_of:
            if renderings_of[form].isdisjoint(forms[use.segment][1]):
                key = ("missing_zh", form, use.segment)
                if key not in seen:
                    seen.add(key)
                    missing[form].append(row)
                    out.append(
                        Finding(
                            "missing_zh",
                            t.id,
                            t.en,
                            " | ".join(sorted(renderings_of[form])),
                            None,
                            row["item_id"],
                            row["position"],
                            zh,
                            en,
                        )
                    )
        rendering = zh_of[t.id]
        if use.zh and en and rendering in forms_of:
            if not any(f.lower() in forms[use.segment][0] for f in forms_of[rendering]):
                key = ("missing_en", rendering, use.segment)
                if key not in seen:
                    seen.add(key)
                    out.append(
                        Finding(
                            "missing_en",
                            t.id,
                            t.en,
                            " | ".join(sorted(forms_of[rendering])),
                            None,
                            row["item_id"],
                            row["position"],
                            zh,
                            en,
                        )
                    )
    return out


VariantJob = tuple[Term, list[Missing], int, set[str]]
"""An approved term, the sample of the pairs lacking its rendering (or stubs of them),
how many such pairs there are, and its approved renderings."""


def _variant_jobs(
    terms: Sequence[Term], missing: dict[str, list[Missing]], renderings_of: dict[str, set[str]]
) -> list[VariantJob]:
    """One job per English form whose approved rendering two pairs or more lack."""
    first = {t.en.lower(): t for t in terms if t.status == "approved"}
    jobs: list[VariantJob] = []
    for form, rows in missing.items():
        if len(rows) >= 2:
            sample = rows[:: max(1, len(rows) // VARIANT_SAMPLE)][:VARIANT_SAMPLE]
            jobs.append((first[form], sample, len(rows), renderings_of[form]))
    return jobs


def variant_of(conn: sqlite3.Connection, terms: Sequence[Term], job: VariantJob) -> Finding | None:
    """The other rendering the pairs of ``job`` use, when the spotter finds one in at
    least two of them."""
    from ..text.lexicon import default_lexicon
    from .spotting import ArchiveSource, spot

    t, sample, total, renderings = job
    stubs = [r["rowid"] for r in sample if "zh" not in r]  # an update's, known by rowid
    read = archive.segments_by_rowid(conn, stubs) if stubs else {}
    rows = [r if "zh" in r else read[r["rowid"]] for r in sample]
    source = ArchiveSource(conn, rows, total)
    result = spot(t.en, source, default_lexicon(), index_of(terms), limit=1, candidates=10)
    if not result.renderings or result.renderings[0].segments < 2:
        return None
    best = result.renderings[0]
    ex = best.examples[0]
    return Finding(
        "variant",
        t.id,
        t.en,
        " | ".join(sorted(renderings)),
        f"{best.text} ({best.segments} sentence pairs)",
        ex.item_id,
        ex.position,
        ex.zh,
        ex.en,
    )


BLOCK = 50_000
"""Sentence pairs checked at a time: uses and segment texts are held for one block only."""


Checked = tuple[list[Any], list[Finding], dict[str, list[Missing]]]
"""One block's uses, findings (no variants) and pairs lacking an approved rendering. The
uses are :class:`Use` objects, or whatever a caller's ``checked`` gives and its
``on_uses`` takes (the build's workers send ``term_uses`` rows)."""


def check_block(
    conn: sqlite3.Connection,
    terms: Sequence[Term],
    rowids: tuple[int, int] | None,
    item_id: str | None = None,
) -> Checked:
    """The uses and findings of one block of segment rowids (or one item). The cyclic
    garbage collector is paused meanwhile: a block makes hundreds of thousands of
    small objects, none in a cycle, and the collector would scan the growing heap
    again and again (a quarter of the time with a termbase of 20,000 entries)."""
    missing: dict[str, list[Missing]] = defaultdict(list)
    paused = gc.isenabled()
    gc.disable()
    try:
        uses, segments, forms = find_uses(conn, terms, item_id, rowids)
        findings = find_findings(_Glossary.of(terms), uses, segments, forms, missing)
    finally:
        if paused:
            gc.enable()
    return uses, findings, dict(missing)


def check(
    conn: sqlite3.Connection,
    terms: Sequence[Term] | None = None,
    variants: bool = True,
    item_id: str | None = None,
    on_uses: Callable[[list[Any]], object] | None = None,
    block: int = BLOCK,
    checked: Iterable[Checked] | None = None,
    variants_in: Callable[[list[VariantJob]], Iterable[Finding | None]] | None = None,
) -> tuple[list[Use], list[Finding]]:
    """Uses and findings of ``terms`` (default: the glossary the archive was built with),
    in the whole archive or one item (whose variants are left to the next full check).

    The archive is read in blocks of ``block`` segment rowids (:func:`check_block`);
    ``checked`` gives those blocks' results instead, computed elsewhere (the build
    checks blocks in worker processes). With ``on_uses`` each block's uses are handed
    over and not kept (the build streams them to disk, so memory does not grow with
    the archive); the uses returned are then empty. Findings, far fewer, are returned
    in item and segment order. ``variants_in`` runs the variants' jobs (:func:`variant_of`
    each, in order; the build's run in its workers).
    """
    terms = terms if terms is not None else archive.glossary_terms(conn)
    if checked is None:
        ranges = [None] if item_id is not None else archive.segment_rowid_blocks(conn, block)
        checked = (check_block(conn, terms, rowids, item_id) for rowids in ranges)
    missing: dict[str, list[Missing]] = defaultdict(list)
    kept: list[Use] = []
    findings: list[Finding] = []
    for uses, found, missed in checked:
        findings += found
        for form, rows in missed.items():
            missing[form] += rows
        if on_uses is not None:
            on_uses(uses)
        else:
            kept += uses
    if variants and item_id is None:
        findings += variant_findings(conn, terms, missing, variants_in)
    findings.sort(key=Finding.sort_key)
    return kept, findings


def variant_findings(
    conn: sqlite3.Connection,
    terms: Sequence[Term],
    missing: dict[str, list[Missing]],
    run: Callable[[list[VariantJob]], Iterable[Finding | None]] | None = None,
) -> list[Finding]:
    """The variants of the whole archive, from the pairs lacking an approved rendering
    (``missing``, by English form), taken in rowid order whatever order the blocks of
    pairs were checked in: a build and an update that appends pairs sample the same. A
    row may be a stub, ``{"rowid": …}``: the sample's are read when they are drawn."""
    ordered = {form: sorted(rows, key=lambda r: r["rowid"]) for form, rows in missing.items()}
    jobs = _variant_jobs(terms, ordered, _Glossary.of(terms).renderings_of)
    found = run(jobs) if run is not None else (variant_of(conn, terms, job) for job in jobs)
    return [f for f in found if f is not None]


def finding_dict(f: Finding) -> dict[str, Any]:
    return asdict(f)
