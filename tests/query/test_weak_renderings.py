"""Which spotted renderings are folded away as weak (``spotting.weakness``, the one rule
of the CLI, the term page and the JSON): each rule by the case it decides and the case
beside it that it must not."""

from __future__ import annotations

import pytest

from library.terms.spotting import (
    ONE_PAIR_SCORE,
    WEAK,
    WEAK_DICE,
    WEAK_SCORE,
    Rendering,
    weakness,
)
from library.text.lexicon import default_lexicon

GOOD = {"score": ONE_PAIR_SCORE * 1.2, "fit": 0.5, "dice": WEAK_DICE * 1.5, "segments": 5}


def _weak(text: str, lang: str, glossary: tuple[str, ...] = (), **evidence: float) -> bool:
    r = Rendering(text=text, elsewhere=8, **{**GOOD, **evidence})  # type: ignore[arg-type]
    why = weakness(r, lang, list(glossary), default_lexicon())
    assert why is None or why in WEAK
    return why is not None


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


def test_one_pair_is_weak_below_its_own_threshold():
    """Issue 30, item 6: a candidate seen in a single pair is the evidence of one
    sentence (China, March beside 综合业务司 at 0.24)."""
    assert _weak("China", "en", segments=1, score=ONE_PAIR_SCORE * 0.99)
    assert not _weak("China", "en", segments=1, score=ONE_PAIR_SCORE)
    assert not _weak("China", "en", segments=2, score=ONE_PAIR_SCORE * 0.5)


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
    assert first.status == "approved" and first.weak is None and first.examples
    term_side, other_side = ("zh", "en") if has_han(term) else ("en", "zh")
    shown = set()
    for example in first.examples:
        here, there = getattr(example, term_side), getattr(example, other_side)
        assert here.spans and not here.equivalents  # the term, on its side
        assert there.equivalents and not there.spans  # its rendering, on the other
        assert {there.text[a:b] for a, b in there.equivalents} == {first.text}
        shown.add((example.item_id, example.position))
    assert len(shown) == len(first.examples)  # each pair once


async def test_cli_page_and_json_rank_alike_and_fold_the_one_pair_noise(sample_db, ds):
    """Issue 30, item 6: 综合业务司 (in one pair) offers only its approved rendering; the
    single-pair candidates (China, joined) and the pieces of the glossary's rendering are
    folded with their reason, in the same order in the CLI, the JSON and the page."""
    import json

    from click.testing import CliRunner

    from library.archive import read
    from library.cli import cli
    from library.query.renderings import term_page

    conn = read.connect(sample_db)
    try:
        page = term_page(conn, "综合业务司")
    finally:
        conn.close()
    assert [r.text for r in page.strong] == ["Department of General Operation"]
    why = {r.text: r.weak for r in page.weak}
    assert why["China"] == "one_pair" and why["Department of General"] == "part_of_glossary"
    result = CliRunner().invoke(
        cli, ["terms", "find", "综合业务司", "-d", str(sample_db), "--format", "json"]
    )
    cli_order = [(r["text"], r["weak"]) for r in json.loads(result.output)["renderings"]]
    served = (await ds.client.get("/-/terms.json", params={"q": "综合业务司", "size": 50})).json()
    json_order = [(r["text"], r["weak"]) for r in served["renderings"]]
    page_order = [(r.text, r.weak) for r in page.renderings]
    # Each shows as many as its limit (the CLI 5, the page 10, the JSON 50): one order.
    shortest = min(len(cli_order), len(json_order), len(page_order))
    assert shortest >= 5
    assert cli_order[:shortest] == json_order[:shortest] == page_order[:shortest]
    html = (await ds.client.get("/-/terms", params={"q": "综合业务司"})).text
    folded = html.split('id="term-weak"', 1)[1]
    assert "China" in folded and "只见于一个句对" in folded  # the reason, in the reader's language
    offered = html.split('id="term-weak"', 1)[0].split('id="term-renderings"', 1)[1]
    assert "<strong>China</strong>" not in offered and "<strong>China</strong>" in folded
