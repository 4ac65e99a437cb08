"""Glossary terms in the archive: where each is used, and where the two sides disagree.

*Uses* are found per sentence pair (segment): the English form (case, plurals,
hyphens tolerated) and the Chinese rendering (on normalised text, so
Traditional pages count). An occurrence inside a longer glossary term's
occurrence is that longer term's (Director inside Deputy Director, 海关 inside
海关总署). *Findings* are what a reviewer should look at:

``missing_zh``  the English uses an approved term, the Chinese has none of its
                approved renderings (every msgctxt of the English form counts)
``missing_en``  the Chinese uses an approved rendering, the English none of the
                forms it renders
``variant``     an approved English term rendered another way, consistently
                enough for the spotter to name the other rendering
``deprecated``  an obsolete (``#~``) form in either language
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from ..archive import read as archive
from ..model import Finding, Use
from ..text.chinese import normalize, normalized
from ..text.termmatch import en_fts, en_spans, outermost, zh_fts, zh_spans

VARIANT_SAMPLE = 40
"""Sentence pairs, evenly spread, in which the spotter looks for a term's other rendering."""


def _drop_nested(
    spans: dict[int, list[tuple[str, tuple[int, int]]]],
) -> dict[int, list[tuple[str, tuple[int, int]]]]:
    """Per segment, occurrences not strictly inside another term's occurrence."""
    out = {}
    for rowid, found in spans.items():
        outer = outermost([span for _, span in found])
        out[rowid] = [f for f, ok in zip(found, outer, strict=True) if ok]
    return out


def glossary_in_text(text: str, lang: str, terms: Sequence[dict]) -> list[tuple[int, int, dict]]:
    """Where approved glossary terms occur in one text of ``lang`` ('zh' or 'en'): (start,
    end, term), in order, an occurrence strictly inside a longer one left out (as for
    uses). Chinese is matched on the normalised text (Traditional finds Simplified).

    >>> t = [{"en": "Deputy Director", "zh": "副司长", "status": "approved"},
    ...      {"en": "Director", "zh": "司长", "status": "approved"}]
    >>> text = "The Deputy Director met the Director."
    >>> [(a, b, x["en"]) for a, b, x in glossary_in_text(text, "en", t)]
    [(4, 19, 'Deputy Director'), (28, 36, 'Director')]
    >>> [(a, b, x["zh"]) for a, b, x in glossary_in_text("副司長會見了司长", "zh", t)]
    [(0, 3, '副司长'), (6, 8, '司长')]
    """
    found: list[tuple[int, int, dict]] = []
    if lang == "zh":
        norm, starts = normalized(text)
        for t in terms:
            needle = normalize(t["zh"] or "").lower()
            if t["status"] != "approved" or not needle:
                continue
            at = norm.find(needle)
            while at >= 0:
                a, b = at, at + len(needle)
                if starts is not None:
                    a, b = starts[a], starts[b - 1] + 1
                found.append((a, b, t))
                at = norm.find(needle, at + 1)
    else:
        for t in terms:
            if t["status"] == "approved" and t["en"]:
                found += [(a, b, t) for a, b in en_spans(t["en"], text)]
    outer = outermost([(a, b) for a, b, _ in found])
    kept = [f for f, ok in zip(found, outer, strict=True) if ok]
    out: list[tuple[int, int, dict]] = []
    for a, b, t in sorted(kept, key=lambda x: (x[0], -x[1])):
        if not out or a >= out[-1][1]:  # overlapping occurrences: the first, longest one
            out.append((a, b, t))
    return out


def find_uses(
    conn: sqlite3.Connection,
    terms: Sequence[dict],
    item_id: str | None = None,
    rowids: tuple[int, int] | None = None,
) -> tuple[list[Use], dict[int, dict]]:
    """Every use of every glossary term (in one item, or one range of segment rowids,
    if given), and the segments they were found in (by rowid)."""
    places: dict[int, tuple[str, int]] = {}  # rowid → (item, position)
    en_hits: dict[int, list] = defaultdict(list)
    zh_hits: dict[int, list] = defaultdict(list)
    by_en: dict[str, list[dict]] = defaultdict(list)
    by_zh: dict[str, list[dict]] = defaultdict(list)
    for t in terms:
        by_en[t["en"].lower()].append(t)
        if t["zh"]:
            by_zh[normalize(t["zh"])].append(t)
    read: dict[str, dict[int, tuple]] = {"en": {}, "zh": {}}  # texts by side, by rowid
    for form, group in by_en.items():
        for rowid, item, position, text in archive.fts_side(
            conn, en_fts(group[0]["en"]), "en", item_id, rowids, read["en"]
        ):
            spans = en_spans(group[0]["en"], text)
            if spans:
                places[rowid] = (item, position)
                en_hits[rowid] += [(form, s) for s in spans]
    normalized: dict[int, str] = {}  # segment rowid → its normalised Chinese
    for form in by_zh:
        for rowid, item, position, text in archive.fts_side(
            conn, zh_fts(form), "zh", item_id, rowids, read["zh"]
        ):
            found = normalized.get(rowid)
            if found is None:
                found = normalized[rowid] = normalize(text or "")
            spans = zh_spans(form, found)
            if spans:
                places[rowid] = (item, position)
                zh_hits[rowid] += [(form, s) for s in spans]
    en_hits = _drop_nested(en_hits)
    zh_hits = _drop_nested(zh_hits)
    uses: dict[tuple[str, int], Use] = {}
    for hits, side in ((en_hits, "en"), (zh_hits, "zh")):
        index = by_en if side == "en" else by_zh
        for rowid, occurrences in hits.items():
            item, position = places[rowid]
            for form in {f for f, _ in occurrences}:
                for t in index[form]:
                    use = uses.setdefault(
                        (t["id"], rowid), Use(t["id"], rowid, item, position, False, False)
                    )
                    setattr(use, side, True)
    return list(uses.values()), archive.segments_by_rowid(conn, places)


@dataclass
class _Glossary:
    """The approved renderings of each English form and the reverse, for the findings."""

    by_id: dict[str, dict]
    approved: list[dict]
    renderings_of: dict[str, set[str]]
    forms_of: dict[str, set[str]]
    zh_of: dict[str, str]
    """Term id → its rendering, normalised."""

    @classmethod
    def of(cls, terms: Sequence[dict]) -> _Glossary:
        approved = [t for t in terms if t["status"] == "approved" and t["zh"]]
        renderings_of: dict[str, set[str]] = defaultdict(set)  # English form → renderings
        forms_of: dict[str, set[str]] = defaultdict(set)  # rendering → English forms
        for t in approved:
            renderings_of[t["en"].lower()].add(normalize(t["zh"]))
            forms_of[normalize(t["zh"])].add(t["en"])
        return cls(
            {t["id"]: t for t in terms},
            approved,
            renderings_of,
            forms_of,
            {t["id"]: normalize(t["zh"] or "") for t in terms},
        )


def find_findings(
    glossary: _Glossary,
    uses: Iterable[Use],
    segments: dict[int, dict],
    missing: dict[str, list[dict]],
) -> list[Finding]:
    """The findings of the module docstring but variants, for these uses; the sentence
    pairs lacking an approved rendering are added to ``missing`` (by English form),
    where :func:`_variants` looks for the other rendering."""
    by_id, approved, zh_of = glossary.by_id, glossary.approved, glossary.zh_of
    renderings_of, forms_of = glossary.renderings_of, glossary.forms_of
    out: list[Finding] = []
    seen: set[tuple[str, str, int]] = set()
    normalized: dict[int, str] = {}  # segment rowid → its Chinese, normalised
    for use in uses:
        t = by_id[use.term_id]
        row = segments[use.segment]
        zh, en = row["zh"], row["en"]
        if t["status"] == "obsolete":
            # A deprecated English form is replaced by the approved forms of the same
            # rendering, a deprecated rendering by the approved renderings of the same
            # form; a side whose form is also approved is not deprecated.
            sides = []
            if use.en and t["en"].lower() not in renderings_of:
                sides.append(
                    (t["en"], {a["en"] for a in approved if zh_of[a["id"]] == zh_of[t["id"]]})
                )
            if use.zh and zh_of[t["id"]] not in forms_of:
                sides.append((t["zh"], renderings_of.get(t["en"].lower(), set())))
            for found, replacement in sides:
                key = ("deprecated", found, use.segment)
                if key not in seen:
                    seen.add(key)
                    out.append(
                        Finding(
                            "deprecated",
                            t["id"],
                            t["en"],
                            " | ".join(sorted(replacement)),
                            found,
                            row["item_id"],
                            row["position"],
                            zh,
                            en,
                        )
                    )
            continue
        if t["status"] != "approved":
            continue
        form = t["en"].lower()
        if use.en and zh and form in renderings_of:
            have = normalized.get(use.segment)
            if have is None:
                have = normalized[use.segment] = normalize(zh)
            if not any(r in have for r in renderings_of[form]):
                key = ("missing_zh", form, use.segment)
                if key not in seen:
                    seen.add(key)
                    missing[form].append(row)
                    out.append(
                        Finding(
                            "missing_zh",
                            t["id"],
                            t["en"],
                            " | ".join(sorted(renderings_of[form])),
                            None,
                            row["item_id"],
                            row["position"],
                            zh,
                            en,
                        )
                    )
        rendering = zh_of[t["id"]]
        if use.zh and en and rendering in forms_of:
            if not any(en_spans(f, en) for f in forms_of[rendering]):
                key = ("missing_en", rendering, use.segment)
                if key not in seen:
                    seen.add(key)
                    out.append(
                        Finding(
                            "missing_en",
                            t["id"],
                            t["en"],
                            " | ".join(sorted(forms_of[rendering])),
                            None,
                            row["item_id"],
                            row["position"],
                            zh,
                            en,
                        )
                    )
    return out


def _variants(
    conn: sqlite3.Connection,
    terms: Sequence[dict],
    missing: dict[str, list[dict]],
    renderings_of: dict[str, set[str]],
) -> list[Finding]:
    """For English terms whose Chinese lacks the approved rendering somewhere: the other
    rendering those sentences use, when the spotter finds one in at least two of them."""
    from ..text.lexicon import default_lexicon
    from .spotting import ArchiveSource, spot

    out = []
    lexicon = default_lexicon()
    first = {t["en"].lower(): t for t in terms if t["status"] == "approved"}
    for form, rows in missing.items():
        if len(rows) < 2:
            continue
        t = first[form]
        sample = rows[:: max(1, len(rows) // VARIANT_SAMPLE)][:VARIANT_SAMPLE]
        stubs = [r["rowid"] for r in sample if "zh" not in r]  # an update's, known by rowid
        if stubs:
            read = archive.segments_by_rowid(conn, stubs)
            sample = [read[r["rowid"]] if "zh" not in r else r for r in sample]
        result = spot(
            t["en"], ArchiveSource(conn, sample, len(rows)), lexicon, terms, limit=1, candidates=10
        )
        if not result.renderings or result.renderings[0].segments < 2:
            continue
        best = result.renderings[0]
        ex = best.examples[0]
        out.append(
            Finding(
                "variant",
                t["id"],
                t["en"],
                " | ".join(sorted(renderings_of[form])),
                f"{best.text} ({best.segments} sentence pairs)",
                ex.item_id,
                ex.position,
                ex.zh,
                ex.en,
            )
        )
    return out


BLOCK = 50_000
"""Sentence pairs checked at a time: uses and segment texts are held for one block only."""


Checked = tuple[list[Use], list[Finding], dict[str, list[dict]]]
"""One block's uses, findings (no variants) and pairs lacking an approved rendering."""


def check_block(
    conn: sqlite3.Connection,
    terms: Sequence[dict],
    rowids: tuple[int, int] | None,
    item_id: str | None = None,
) -> Checked:
    """The uses and findings of one block of segment rowids (or one item)."""
    missing: dict[str, list[dict]] = defaultdict(list)
    uses, segments = find_uses(conn, terms, item_id, rowids)
    return uses, find_findings(_Glossary.of(terms), uses, segments, missing), dict(missing)


def check(
    conn: sqlite3.Connection,
    terms: Sequence[dict] | None = None,
    variants: bool = True,
    item_id: str | None = None,
    on_uses: Callable[[list[Use]], object] | None = None,
    block: int = BLOCK,
    checked: Iterable[Checked] | None = None,
) -> tuple[list[Use], list[Finding]]:
    """Uses and findings of ``terms`` (default: the glossary the archive was built with),
    in the whole archive or one item (whose variants are left to the next full check).

    The archive is read in blocks of ``block`` segment rowids (:func:`check_block`);
    ``checked`` gives those blocks' results instead, computed elsewhere (the build
    checks blocks in worker processes). With ``on_uses`` each block's uses are handed
    over and not kept (the build streams them to disk, so memory does not grow with
    the archive); the uses returned are then empty. Findings, far fewer, are returned
    in item and segment order.
    """
    terms = list(terms) if terms is not None else archive.glossary_terms(conn)
    if checked is None:
        ranges = [None] if item_id is not None else archive.segment_rowid_blocks(conn, block)
        checked = (check_block(conn, terms, rowids, item_id) for rowids in ranges)
    missing: dict[str, list[dict]] = defaultdict(list)
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
        findings += variant_findings(conn, terms, missing)
    findings.sort(key=Finding.sort_key)
    return kept, findings


def variant_findings(
    conn: sqlite3.Connection, terms: Sequence[dict], missing: dict[str, list[dict]]
) -> list[Finding]:
    """The variants of the whole archive, from the pairs lacking an approved rendering
    (``missing``, by English form), taken in rowid order whatever order the blocks of
    pairs were checked in: a build and an update that appends pairs sample the same. A
    row may be a stub, ``{"rowid": …}``: the sample's are read when they are drawn."""
    ordered = {form: sorted(rows, key=lambda r: r["rowid"]) for form, rows in missing.items()}
    return _variants(conn, terms, ordered, _Glossary.of(terms).renderings_of)


def finding_dict(f: Finding) -> dict:
    return asdict(f)
