"""Sentence alignment: banded dynamic programming over beads, scored by length and words.

Beads 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1. A bead's cost is

    penalty(type) + LENGTH * Gale–Church length cost - LEXICAL * lexical coverage
                  - ANCHOR * shared numbers/acronyms

where lexical coverage is the share of the bead's Chinese dictionary words
whose CC-CEDICT (and glossary) glosses occur among its English stems, and of
its English content stems covered by those glosses (a Dice-like figure in
[0, 1]). The ratio of English to Chinese characters is estimated from the
document and re-estimated from its confident 1-1 beads. Long documents are
aligned in two passes (a 1-1/skip pass over the whole grid, then every bead
type within a few sentences of its path); paragraph-sized ones in exact
passes over the whole grid. Both run in numpy: which words match across every
sentence pair is found by joining arrays of token ids (:class:`_Matches`),
and a bead's coverage is the popcount of OR-ed bitmasks of matched words.
A plain-Python programme (:func:`_reference`) serves the tiniest documents and is
the reference the vectorised one is tested against.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import TITLE, Bead, Segment
from ..text.lexicon import Lexicon
from ..text.sentences import paragraph_sentences
from .banded import OneToOne, around, coarse, fine
from .features import BEADS, DEFAULT, Features, Params, bead_cost
from .gale_church import best_path


def _reference(doc: Features, n: int, m: int, ratio: float, p: Params) -> list[Bead]:
    """Best path from (0, 0) to (n, m) with every bead type over the whole grid, bead by
    bead in Python: for paragraph-sized documents, and the reference :func:`fine` is
    tested against."""

    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, float]:
        c, sim = bead_cost(doc, i, j, di, dj, ratio, p)
        return c, round(sim, 4)

    return best_path(n, m, BEADS, cost)


def align_sentences(
    zh: Sequence[str], en: Sequence[str], lexicon: Lexicon | None = None, params: Params = DEFAULT
) -> list[Bead]:
    """Align Chinese and English sentences; every sentence ends up in exactly one bead.

    Two passes: a coarse one with 1-1, 1-0 and 0-1 beads over the whole grid
    (vectorised) finds the path; the fine one, with every bead type, searches only
    a few cells around it, with the length ratio re-estimated from the coarse
    path's confident 1-1 beads. A bead's ``score`` is its lexical coverage
    (0–1): low scores deserve review.
    """
    if lexicon is None:
        from ..text.lexicon import default_lexicon

        lexicon = default_lexicon()
    return align_features(Features(zh, en, lexicon), params)


SMALL = 400
"""Documents of at most this many sentence pairs (n × m) are aligned over the whole grid."""
TINY = 64
"""...and those of at most this many in plain Python, cheaper than setting up arrays."""


def align_features(doc: Features, params: Params = DEFAULT) -> list[Bead]:
    """The alignment of a prepared document pair (see :func:`align_sentences`)."""
    n, m = len(doc.zh_lengths), len(doc.en_lengths)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    ratio = doc.en_length_sums[-1] / max(doc.zh_length_sums[-1], 1)
    if n * m <= SMALL:
        # A paragraph's worth of sentences: exact passes over the whole grid, the
        # second with the ratio of the first one's confident 1-1 beads.
        if n * m <= TINY:

            def whole(r: float) -> list[Bead]:
                return _reference(doc, n, m, r, params)
        else:
            ones = OneToOne(doc, n, m, params)

            def whole(r: float) -> list[Bead]:
                return fine(doc, ones, n, m, r, params, [(0, m)] * (n + 1))

        first = whole(ratio)
        better = _confident_ratio(doc, first)
        if better is None or abs(better - ratio) <= 0.05 * ratio:
            return first
        return whole(better)
    ones = OneToOne(doc, n, m, params)
    path = coarse(ones, n, m, ratio, params)
    ratio = _confident_ratio(doc, path) or ratio
    return fine(doc, ones, n, m, ratio, params, around(path, n, m, params.radius))


def _confident_ratio(doc: Features, beads: list[Bead]) -> float | None:
    """English/Chinese length ratio of the 1-1 beads with some lexical evidence."""
    confident = [b for b in beads if b.kind == "1-1" and b.score >= 0.2]
    z1 = sum(doc.zh_lengths[b.zh[0]] for b in confident)
    e1 = sum(doc.en_lengths[b.en[0]] for b in confident)
    return e1 / z1 if z1 and e1 else None


def format_bead(bead: Bead) -> str:
    """A bead as vecalign and Bertalign write it: ``[3, 4]:[5]``, ``[7]:[]``.

    >>> format_bead(Bead((3, 4), (5,), 0.5)), format_bead(Bead((7,), (), 0.0))
    ('[3, 4]:[5]', '[7]:[]')
    """
    return f"{list(bead.zh)}:{list(bead.en)}"


def segment_item(
    rows: Sequence[tuple[str | None, str | None]],
    lexicon: Lexicon,
    params: Params = DEFAULT,
    first: int = 0,
) -> list[Segment]:
    """Sentence pairs of an item, aligned inside each aligned paragraph row.

    ``rows`` are the (Chinese, English) texts of the item's paragraph rows, in
    order, the first at position ``first``; a missing side is None. Sentences of
    one-sided rows become 1-0 or 0-1 segments, so every sentence of the archive is in
    exactly one segment.
    """
    out = []
    for pos, (zh_text, en_text) in enumerate(rows, first):
        zh = [s for p in paragraph_sentences(zh_text or "", "zh") for s in p]
        en = [s for p in paragraph_sentences(en_text or "", "en") for s in p]
        for bead in align_sentences(zh, en, lexicon, params):
            out.append(
                Segment(
                    pos,
                    "".join(zh[i] for i in bead.zh) or None,
                    " ".join(en[j] for j in bead.en) or None,
                    bead.kind,
                    bead.score,
                )
            )
    return out


def title_segment(zh: str | None, en: str | None, lexicon: Lexicon) -> Segment | None:
    """The title pair of an item whose versions have these titles (one-sided when only
    one has a title; None when neither has). Titles are kept as the pages have them,
    site names (" - 新华网") included: a term lookup still sees those."""
    zh, en = (zh or "").strip() or None, (en or "").strip() or None
    if zh is None and en is None:
        return None
    score = Features([zh], [en], lexicon).lexical(0, 1, 0, 1) if zh and en else 0.0
    return Segment(None, zh, en, TITLE, round(score, 4))
