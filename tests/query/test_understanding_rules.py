"""How a query is understood (``query.equivalents``): which runs of its words can spell a
glossary form, which entry wins where forms overlap, which statuses count, and which
words are worth asking the spotter about. Each rule by the case it decides."""

from __future__ import annotations

import pytest

from library.archive import read
from library.query import equivalents
from library.query.equivalents import MAX_WORDS, _spans, _spottable, understand
from library.text.query_compiler import parse


@pytest.fixture(scope="module")
def conn(sample_db):
    c = read.connect(sample_db)
    yield c
    c.close()


def _expanded(conn, q: str, fuzzy: bool = False) -> list[tuple[str, list[str], str]]:
    meaning = understand(conn, parse(q), fuzzy=fuzzy, spot=False)
    return [(e.form, e.renderings, e.status) for e in meaning.expansions]


def test_the_longest_form_wins_over_the_forms_inside_it(conn):
    qbpc = "Quality Brands Protection Committee of China Association of Enterprises with Foreign Investment"
    assert _expanded(conn, qbpc) == [(qbpc, ["中国外商投资企业协会优质品牌保护委员会"], "approved")]
    assert _expanded(conn, "the China Association of Enterprises with Foreign Investment") == [
        (
            "China Association of Enterprises with Foreign Investment",
            ["中国外商投资企业协会"],
            "approved",
        )
    ]
    assert _expanded(conn, "Deputy Director visits") == [
        ("Deputy Director", ["副司长"], "approved")
    ]


def test_forms_side_by_side_are_each_understood_in_query_order(conn):
    found = _expanded(conn, "Shanghai Customs GACC")
    assert found == [
        ("Shanghai Customs", ["上海海关"], "approved"),
        ("GACC", ["海关总署"], "approved"),
    ]


def test_one_form_with_renderings_in_several_contexts_gives_each_once(conn):
    ((form, renderings, status),) = _expanded(conn, "Director")
    assert form == "Director" and sorted(renderings) == ["司长", "总监"] and status == "approved"


def test_a_chinese_form_finds_its_english_forms(conn):
    ((form, renderings, _),) = _expanded(conn, "海关总署")
    assert form == "海关总署"
    assert set(renderings) == {"GACC", "General Administration of Customs"}


def test_entries_not_yet_approved_count_only_when_asked_and_say_so(conn):
    assert _expanded(conn, "Customs Committee") == []
    assert _expanded(conn, "Customs Committee", fuzzy=True) == [
        ("Customs Committee", ["海关委员会"], "fuzzy")
    ]
    # A form with an approved entry stays approved when fuzzy ones are allowed too.
    assert _expanded(conn, "GACC", fuzzy=True) == [("GACC", ["海关总署"], "approved")]


def test_runs_of_plain_words_are_spans_up_to_the_longest_form_length():
    words = " ".join(f"w{k}" for k in range(MAX_WORDS + 3))
    spans = _spans(parse(words))
    assert max(end - start for start, end, _ in spans) == MAX_WORDS
    assert (0, MAX_WORDS, " ".join(f"w{k}" for k in range(MAX_WORDS))) in spans
    assert (0, 1, "w0") in spans and (1, 3, "w1 w2") in spans


def test_a_quoted_phrase_is_one_span_and_a_prefix_ends_a_run():
    spans = _spans(parse('"Shanghai Customs" Ningbo cust* Customs'))
    assert (0, 1, "shanghai customs") in spans
    assert not any(s < 1 < e or s == 0 and e > 1 for s, e, _ in spans)  # nothing across it
    assert not any(s <= 2 < e for s, e, _ in spans)  # nor from or across the prefix
    assert (1, 2, "ningbo") in spans and (3, 4, "customs") in spans


def test_chinese_words_side_by_side_also_spell_a_form_without_spaces():
    spans = _spans(parse("海关 总署"))
    assert (0, 2, "海关总署") in spans and (0, 2, "海关 总署") in spans


@pytest.mark.parametrize(
    ("q", "worth"),
    [
        ("海", False),  # one Han character: in most pairs
        ("海关", True),
        ("ip", False),  # two Latin letters
        ("ipr", True),
        ("the", False),  # a function word
        ("cust*", False),  # a prefix
    ],
)
def test_what_is_worth_asking_the_spotter(q, worth):
    (group,) = parse(q).groups
    assert _spottable(group[0]) is worth


def test_glossary_renderings_keep_each_rendering_once_with_its_best_status(conn):
    found = equivalents.glossary_renderings(conn, "国家知识产权局")
    assert sorted(found) == [
        ("CNIPA", "en", "approved"),
        ("China National Intellectual Property Administration", "en", "approved"),
        ("State Intellectual Property Office", "en", "obsolete"),
    ]


@pytest.mark.parametrize(
    "form",
    [
        "General Administration of Customs of P. R. China",
        "General Administration of Customs of the People's Republic of China",
    ],
)
def test_a_form_repeating_a_word_is_understood_though_the_parser_keeps_it_once(conn, form):
    """The parser collapses repeated words ("of … of"): the index keys forms the same way,
    or a long official title with a repeated word would never be expanded."""
    assert _expanded(conn, form) == [(form, ["中华人民共和国海关总署"], "approved")]


def test_an_english_rendering_is_found_as_whole_words_a_chinese_one_anywhere():
    english = equivalents.rendering_pattern("GACC", "en")
    assert english.search("the gacc met") and english.search("two gaccs")
    assert not english.search("gaccx")
    chinese = equivalents.rendering_pattern("海关", "zh")
    assert chinese.search("上海海关总署")
