"""Which spotted renderings the term page folds away as weak (``renderings._is_weak``):
each rule by the case it decides and the case beside it that it must not."""

from __future__ import annotations

import pytest

from library.query.renderings import WEAK_DICE, WEAK_SCORE, _is_weak
from library.terms.spotting import Rendering

GOOD = {"score": WEAK_SCORE * 3, "fit": 0.5, "dice": WEAK_DICE * 1.5}


def _weak(text: str, lang: str, glossary: tuple[str, ...] = (), **evidence: float) -> bool:
    r = Rendering(text=text, segments=5, elsewhere=8, **{**GOOD, **evidence})
    return _is_weak(r, lang, list(glossary))


@pytest.mark.parametrize(
    ("text", "lang", "weak"),
    [
        ("the", "en", True),  # an English function word…
        ("The", "en", True),  # …whatever its case
        ("theme", "en", False),  # a word beginning like one is not
        ("的", "zh", True),  # a Chinese function character on its own…
        ("的确", "zh", False),  # …not a word holding one
        ("目的", "zh", False),
        ("司", "zh", False),  # one character that is no function word
    ],
)
def test_function_words_are_weak_however_good_their_evidence(text, lang, weak):
    assert _weak(text, lang) is weak


def test_the_score_threshold_is_a_boundary():
    assert _weak("综合业务司", "zh", score=WEAK_SCORE * 0.99)
    assert not _weak("综合业务司", "zh", score=WEAK_SCORE)
    assert not _weak("综合业务司", "zh", score=WEAK_SCORE * 1.01)


def test_a_low_dice_is_weak_only_for_a_rendering_translating_none_of_the_term():
    assert _weak("孙晓路", "zh", fit=0.0, dice=WEAK_DICE * 0.99)
    assert not _weak("孙晓路", "zh", fit=0.0, dice=WEAK_DICE)  # a name: no dictionary word
    assert not _weak("孙晓路", "zh", fit=0.1, dice=WEAK_DICE * 0.5)  # it translates a part


@pytest.mark.parametrize(
    ("text", "lang", "glossary", "weak"),
    [
        ("业务司", "zh", ("综合业务司",), True),  # a piece of a glossary rendering
        ("综合业务司", "zh", ("综合业务司",), False),  # the rendering itself
        ("general operation", "en", ("Department of General Operation",), True),  # any case
        ("Department of General Operation", "en", ("Department of General Operation",), False),
        ("Customs", "en", ("Department of General Operation",), False),  # in none of them
    ],
)
def test_a_piece_of_a_glossary_rendering_is_weak(text, lang, glossary, weak):
    assert _weak(text, lang, glossary) is weak


@pytest.mark.parametrize(
    ("text", "lang", "weak"),
    [
        ("举行", "zh", True),  # a dictionary word ("hold") translating none of the term
        ("孙晓路", "zh", False),  # a name, in no dictionary: what a person's title renders
        ("said", "en", True),  # one lower-case English word
        ("Sun", "en", False),  # a capitalised one: a name
        ("said today", "en", False),  # several words
    ],
)
def test_what_translates_none_of_the_term_is_weak_if_a_common_word(text, lang, weak):
    assert _weak(text, lang, fit=0.0) is weak
    assert not _weak(text, lang, fit=0.25)  # translating a part of the term: kept


def test_good_evidence_keeps_a_rendering():
    assert not _weak("综合业务司", "zh")
    assert not _weak("Department of General Operation", "en")


@pytest.mark.parametrize(("term", "rendering"), [("GACC", "海关总署"), ("综合业务司", None)])
def test_a_term_pages_examples_mark_the_term_and_its_rendering_on_their_sides(
    sample_db, term, rendering
):
    from library.archive import read
    from library.query.renderings import term_page
    from library.text.chinese import has_han

    conn = read.connect(sample_db)
    try:
        page = term_page(conn, term)
    finally:
        conn.close()
    first = page.renderings[0]
    if rendering is not None:
        assert first.text == rendering
    assert first.status == "approved" and not first.weak and first.examples
    term_side, other_side = ("zh", "en") if has_han(term) else ("en", "zh")
    shown = set()
    for example in first.examples:
        here, there = getattr(example, term_side), getattr(example, other_side)
        assert here.spans and not here.equivalents  # the term, on its side
        assert there.equivalents and not there.spans  # its rendering, on the other
        assert {there.text[a:b] for a, b in there.equivalents} == {first.text}
        shown.add((example.item_id, example.position))
    assert len(shown) == len(first.examples)  # each pair once
