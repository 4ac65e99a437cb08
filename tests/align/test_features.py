"""The sentence bead's cost terms (``align.features``): which penalty each bead type
pays, and lexical coverage at its edges."""

from __future__ import annotations

import pytest

from library.align.features import BEADS, Features, Params
from library.text.lexicon import default_lexicon


def test_each_bead_type_pays_its_own_penalty_whichever_side_is_longer():
    p = Params(penalty_11=0.1, penalty_12=0.2, penalty_22=0.3, penalty_13=0.4, skip=0.5)
    paid = {(di, dj): p.penalty(di, dj) for di, dj in BEADS}
    assert paid == {
        (1, 1): 0.1,
        (1, 2): 0.2,
        (2, 1): 0.2,
        (2, 2): 0.3,
        (1, 3): 0.4,
        (3, 1): 0.4,
        (1, 0): 0.5,
        (0, 1): 0.5,
    }


def test_lexical_coverage_of_sentences_without_words_is_nothing():
    doc = Features(["。", "海关总署"], ["...", "Customs"], default_lexicon())
    assert doc.lexical(0, 1, 0, 1) == 0.0  # no word on either side: no division by zero
    assert 0.0 < doc.lexical(1, 1, 1, 1) <= 1.0
    assert doc.lexical(0, 2, 0, 2) == doc.lexical(1, 1, 1, 1)  # the empty ones add nothing


def test_lexical_coverage_counts_both_sides_words():
    lexicon = default_lexicon()
    full = Features(["海关"], ["Customs"], lexicon).lexical(0, 1, 0, 1)
    half = Features(["海关"], ["Customs officials"], lexicon).lexical(0, 1, 0, 1)
    none = Features(["海关"], ["Officials"], lexicon).lexical(0, 1, 0, 1)
    assert full == 1.0 and none == 0.0
    assert 0.0 < half < full


def test_a_beads_lexical_reward_grows_with_its_size_from_one_to_one():
    """``size_weight`` leaves a 1-1 bead's reward as it is and adds to a larger bead's,
    by how many sentence pairs beyond one it spans."""
    from dataclasses import replace

    from library.align.features import DEFAULT, bead_cost

    doc = Features(["海关总署开会。", "海关总署发言。"], ["GACC met.", "Customs spoke."],
                   default_lexicon())  # fmt: skip
    flat, grown = replace(DEFAULT, size_weight=0.0), replace(DEFAULT, size_weight=1.0)
    one_flat, sim = bead_cost(doc, 0, 1, 1, 1, 1.0, flat)
    assert sim > 0 and bead_cost(doc, 0, 1, 1, 1, 1.0, grown) == (one_flat, sim)
    two_flat, sim2 = bead_cost(doc, 0, 0, 2, 2, 1.0, flat)
    two_grown, _ = bead_cost(doc, 0, 0, 2, 2, 1.0, grown)
    assert sim2 > 0 and two_grown == pytest.approx(two_flat - DEFAULT.lexical * sim2)
