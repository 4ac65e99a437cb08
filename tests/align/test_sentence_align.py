"""Sentence alignment: bead types on constructed examples, anchors, names, determinism, CLI."""

from __future__ import annotations

import dataclasses
import random

import pytest
from click.testing import CliRunner
from helpers import write

from library.align.sentences import DEFAULT, align_sentences, format_bead
from library.cli import cli
from library.text.lexicon import Lexicon, default_lexicon, en_words, pinyin_windows

ZH = [
    "孙晓路回顾了双方的合作。",
    "她感谢品保委的贡献。",
    "今年海关总署将继续开展专项行动。",
    "会议在北京举行。",
    "双方同意保持密切沟通。",
]
EN_SPLIT = [
    "Sun Xiaolu looked back on the cooperation.",
    "She thanked QBPC for its contribution.",
    "This year GACC will continue its special actions.",
    "The meeting was held in Beijing.",
    "Both sides agreed to keep in close communication.",
]


def beads(zh, en, **params):
    return [
        format_bead(b)
        for b in align_sentences(zh, en, params=dataclasses.replace(DEFAULT, **params))
    ]


def test_one_to_one():
    assert beads(ZH, EN_SPLIT) == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"]


def test_two_to_one_and_deletion():
    en = [
        "Sun Xiaolu looked back on the cooperation of both sides and thanked QBPC for its contribution.",
        "This year GACC will continue its special actions.",
        "Both sides agreed to keep in close communication.",
    ]
    assert beads(ZH, en) == ["[0, 1]:[0]", "[2]:[1]", "[3]:[]", "[4]:[2]"]


def test_one_to_two_and_insertion():
    zh = ["孙晓路回顾了双方的合作，她感谢品保委的贡献。", *ZH[2:]]
    en = [*EN_SPLIT[:4], "Everyone had lunch together afterwards.", EN_SPLIT[4]]
    assert beads(zh, en) == ["[0]:[0, 1]", "[1]:[2]", "[2]:[3]", "[]:[4]", "[3]:[5]"]


MEETING = ["海关总署召开会议，上海海关介绍了2022年的执法数据，宁波海关讨论了培训计划。"]
MEETING_EN = [
    "GACC held a meeting.",
    "Shanghai Customs presented its enforcement data for 2022.",
    "Ningbo Customs discussed training plans.",
]
SPLIT_ZH = [
    "海关总署召开会议，上海海关、宁波海关、青岛海关和大连海关",
    "分别介绍了2022年的执法数据。",
]
SPLIT_EN = [
    "GACC held a meeting.",
    "Shanghai Customs, Ningbo Customs, Qingdao Customs and Dalian Customs each presented "
    "their enforcement data for 2022.",
]


@pytest.mark.parametrize(
    "kind,zh,en,expected",
    [
        # One Chinese sentence translated by three English ones, and the reverse.
        (
            "1-3",
            [ZH[0], *MEETING, *ZH[3:]],
            [EN_SPLIT[0], *MEETING_EN, *EN_SPLIT[3:]],
            ["[0]:[0]", "[1]:[1, 2, 3]", "[2]:[4]", "[3]:[5]"],
        ),
        (
            "3-1",
            [
                ZH[0],
                "海关总署召开会议。",
                "上海海关介绍了2022年的执法数据。",
                "宁波海关讨论了培训计划。",
                *ZH[3:],
            ],
            [
                EN_SPLIT[0],
                "GACC held a meeting, at which Shanghai Customs presented its enforcement "
                "data for 2022 and Ningbo Customs discussed training plans.",
                *EN_SPLIT[3:],
            ],
            ["[0]:[0]", "[1, 2, 3]:[1]", "[4]:[2]", "[5]:[3]"],
        ),
        # Two sentences each side, cut at different places: only a 2-2 bead holds them.
        (
            "2-2",
            [ZH[0], *SPLIT_ZH, *ZH[3:]],
            [EN_SPLIT[0], *SPLIT_EN, *EN_SPLIT[3:]],
            ["[0]:[0]", "[1, 2]:[1, 2]", "[3]:[3]", "[4]:[4]"],
        ),
    ],
)
def test_each_larger_bead_is_chosen_where_it_must_be(monkeypatch, kind, zh, en, expected):
    from library.align import banded
    from library.align import sentences as sa

    assert beads(zh, en) == expected
    # Without that bead type the aligner cannot say it: the test depends on it.
    shape = tuple(int(x) for x in kind.split("-"))
    without = tuple(b for b in sa.BEADS if b != shape)
    monkeypatch.setattr(sa, "BEADS", without)
    monkeypatch.setattr(banded, "BEADS", without)
    assert beads(zh, en) != expected
    flat_zh = [i for b in align_sentences(zh, en) for i in b.zh]
    assert flat_zh == list(range(len(zh)))  # and still every sentence in one bead


def test_numbers_decide_which_sentence_is_untranslated():
    # Two Chinese sentences alike in words and length; only the number says which
    # one the single English sentence translates.
    zh = [*ZH, "海关查获了1200件货物。", "海关查获了3400件货物。"]
    same = ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"]
    assert beads(zh, [*EN_SPLIT, "Customs seized 3,400 items."]) == [*same, "[5]:[]", "[6]:[5]"]
    assert beads(zh, [*EN_SPLIT, "Customs seized 1,200 items."]) == [*same, "[5]:[5]", "[6]:[]"]


def test_names_match_through_pinyin():
    assert "qingyang" in pinyin_windows("陈清扬来了")
    assert ("qingyang", True) in en_words("Then Chen Qingyang came.")
    # With an empty dictionary only names can tie these sentences together.
    empty = Lexicon()
    zh = ["陈清扬来了。", "王二走了。"]
    en = ["Wang Er left.", "Then Chen Qingyang came."]
    result = align_sentences(zh, en[::-1], empty)
    assert [format_bead(b) for b in result] == ["[0]:[0]", "[1]:[1]"]
    assert all(b.score > 0 for b in result)


def test_a_name_is_a_capitalised_word_not_after_a_sentence_end():
    """en_words looks only at the stretch since the previous word (a megabyte without a
    full stop stays linear), and says what the plain rule says: the last character
    before the word that is not white space, anywhere before it."""
    from library.text.lexicon import _RAW_WORD, STOPWORDS, stem

    def plain(text):
        out = []
        for m in _RAW_WORD.finditer(text):
            low = m.group(0).lower()
            if low not in STOPWORDS and len(low) > 1:
                start = text[: m.start()].rstrip()
                out.append(
                    (stem(low), m.group(0)[0].isupper() and start[-1:] not in ("", *'.!?"“'))
                )
        return out

    rng = random.Random(3)
    pieces = ["The", "Chen", "met", "GACC", ".", "!", "?", " ", "\n", "2022", "“", '"', "a", "I"]
    pieces += ["Qingyang's", "-", ",", "Mr.", "Sun", "of", "  "]
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randrange(12)))
        assert en_words(text) == plain(text), text
    assert en_words("Sun met. Chen and Sun, then “Wang”") == [
        ("sun", False),
        ("met", False),
        ("chen", False),
        ("sun", True),
        ("wang", False),
    ]


def test_glossary_terms_join_the_lexicon():
    from helpers import ROOT

    from library.terms import glossary

    terms = glossary.load_terms(glossary.find_catalogs(ROOT / "locales"))
    lex = default_lexicon().add_terms(terms)
    assert "综合业务司" in lex.segment("海关总署综合业务司副司长")
    assert "oper" in lex.translations("综合业务司")


def test_deterministic_and_complete():
    first = align_sentences(ZH, EN_SPLIT[::-1])
    assert first == align_sentences(ZH, EN_SPLIT[::-1])
    assert sorted(i for b in first for i in b.zh) == list(range(5))
    assert sorted(j for b in first for j in b.en) == list(range(5))
    assert align_sentences([], ["x."]) == align_sentences([], ["x."])
    assert [format_bead(b) for b in align_sentences(["甲。"], [])] == ["[0]:[]"]


def test_cli_formats(tmp_path):
    zh = write(tmp_path / "zh.txt", "\n".join(ZH) + "\n")
    en = write(tmp_path / "en.txt", "\n".join(EN_SPLIT) + "\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["align", str(zh), str(en), "--presplit"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"]
    result = runner.invoke(cli, ["align", str(zh), str(en), "--presplit", "--format", "tsv"])
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows[0][0] == "1-1" and rows[0][2] == ZH[0] and rows[0][3] == EN_SPLIT[0]
    assert 0 <= float(rows[0][1]) <= 1
    # Without --presplit, paragraphs are split into sentences.
    zh2 = write(tmp_path / "zh2.txt", "".join(ZH[:2]) + "\n\n" + "".join(ZH[2:]) + "\n")
    en2 = write(tmp_path / "en2.txt", " ".join(EN_SPLIT[:2]) + "\n\n" + " ".join(EN_SPLIT[2:]))
    result = runner.invoke(cli, ["align", str(zh2), str(en2)])
    assert result.output.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"]


def _generated_documents(tmp_path, count):
    """(Chinese, English, gold beads) of generated news items with known alignments."""
    from eval_alignment import read_beads
    from make_corpus import make_alignment_set

    make_alignment_set(count, tmp_path, seed=4)
    for gold in sorted((tmp_path / "gold").glob("*.align")):
        yield (
            (tmp_path / "zh" / f"{gold.stem}.txt").read_text("utf-8").splitlines(),
            (tmp_path / "en" / f"{gold.stem}.txt").read_text("utf-8").splitlines(),
            read_beads(gold),
        )


def test_vectorised_pass_equals_the_bead_by_bead_programme(tmp_path):
    """The numpy fine pass over the whole grid finds the same path as the plain-Python
    programme, and its word matches are the bits of Features.masks, pair by pair."""
    import numpy as np

    from library.align import banded, features
    from library.align import sentences as sa

    lexicon = default_lexicon()
    docs = list(_generated_documents(tmp_path, 8))
    zh = [s for z, _, _ in docs for s in z] + ZH + ["陈清扬来了。"]
    en = [s for _, e, _ in docs for s in e] + EN_SPLIT + ["Chen Qingyang came."]
    for a, b in [(zh[:40], en[:40]), (zh[20:50], en[25:50]), (ZH, EN_SPLIT), (zh, en)]:
        doc = features.Features(a, b, lexicon)
        n, m = len(a), len(b)
        ones = banded.OneToOne(doc, n, m, DEFAULT)
        lookup = ones.matches.masks([(0, m - 1)] * n)
        rows, cols = np.divmod(np.arange(n * m), m)
        zmasks, emasks = lookup(rows, cols)
        for q in range(0, n * m, 7):
            expected = doc.masks(int(rows[q]), int(cols[q]))
            got = tuple(
                sum(int(x) << (64 * k) for k, x in enumerate(mask[q])) for mask in (zmasks, emasks)
            )
            assert got == expected, (rows[q], cols[q])
        ratio = doc.en_length_sums[-1] / doc.zh_length_sums[-1]
        if n * m <= 2500:  # the plain programme is slow beyond
            assert banded.fine(
                doc, ones, n, m, ratio, DEFAULT, [(0, m)] * (n + 1)
            ) == sa._reference(doc, n, m, ratio, DEFAULT)


def test_long_documents_take_the_two_pass_route_and_stay_accurate(tmp_path):
    from library.align import sentences as sa

    zh, en, gold = [], [], set()
    for z, e, beads_ in _generated_documents(tmp_path, 40):
        gold |= {(tuple(i + len(zh) for i in a), tuple(j + len(en) for j in b)) for a, b in beads_}
        zh, en = zh + z, en + e
    assert len(zh) * len(en) > sa.SMALL
    result = align_sentences(zh, en)
    assert [i for b in result for i in b.zh] == list(range(len(zh)))
    assert [j for b in result for j in b.en] == list(range(len(en)))
    found = {(b.zh, b.en) for b in result}
    assert len(found & gold) > 0.9 * len(gold)  # 0.94 when written


def test_bilib_align_reads_a_saved_page_without_its_site_lines():
    """Issue 16: the breadcrumb and the "发布时间：" line of a saved page are not aligned
    as sentences (nor exported to TMX); the title is."""
    from click.testing import CliRunner
    from helpers import ROOT

    from library.cli import cli

    base = ROOT / "library" / "sample" / "qbpc-news" / "2022-03-30-qbpc-gacc-online-meeting"
    result = CliRunner().invoke(
        cli, ["align", f"{base}.zh.txt", f"{base}.en.txt", "--format", "tsv"]
    )
    assert result.exit_code == 0, result.output
    assert "您现在的位置" not in result.output and "发布时间" not in result.output
    assert "You are here" not in result.output and "Create Time" not in result.output
    first = result.output.splitlines()[0].split("\t")
    assert first[2:] == [
        "品保委与海关总署召开2022年首次线上交流会",
        "QBPC and GACC Hold Their First Online Exchange Meeting of 2022",
    ]


def test_the_title_pair_is_scored_only_when_both_titles_are_there():
    """An item's title pair: the titles as given (spaces around them dropped), its score
    the lexical coverage of the two, 0 for a one-sided title, none without titles."""
    from library.align.sentences import title_segment

    lexicon = default_lexicon()
    both = title_segment(" 海关总署召开会议 ", "GACC Holds a Meeting ", lexicon)
    assert both is not None and (both.zh, both.en, both.kind) == (
        "海关总署召开会议",
        "GACC Holds a Meeting",
        "title",
    )
    assert 0.3 < both.score <= 1.0
    unrelated = title_segment("海关总署召开会议", "Weather in Spring", lexicon)
    assert unrelated is not None and unrelated.score < both.score
    only_zh = title_segment("海关总署召开会议", "  ", lexicon)
    assert only_zh is not None and (only_zh.zh, only_zh.en, only_zh.score) == (
        "海关总署召开会议",
        None,
        0.0,
    )
    only_en = title_segment(None, "GACC Holds a Meeting", lexicon)
    assert only_en is not None and (only_en.zh, only_en.en, only_en.score) == (
        None,
        "GACC Holds a Meeting",
        0.0,
    )
    assert title_segment(" ", None, lexicon) is None


def test_sentences_of_one_side_only_are_one_sided_beads_scoring_nothing():
    zh = ["海关总署召开会议。", "双方交流了计划。"]
    assert [(b.zh, b.en, b.score) for b in align_sentences(zh, [])] == [
        ((0,), (), 0.0),
        ((1,), (), 0.0),
    ]
    assert [(b.zh, b.en, b.score) for b in align_sentences([], ["One.", "Two."])] == [
        ((), (0,), 0.0),
        ((), (1,), 0.0),
    ]


def test_sentences_sharing_no_word_are_still_aligned_by_their_lengths():
    """No 1-1 bead has lexical evidence, so the length ratio cannot be estimated again
    from confident beads: the first pass's alignment stands (it must not fail)."""
    zh = ["甲乙丙丁。", "戊己庚辛壬癸子丑寅卯辰巳午未。"]
    en = ["Xx yy.", "Zz ww qq rr ss tt uu vv oo pp kk."]
    assert beads(zh, en) == ["[0]:[0]", "[1]:[1]"]


def test_an_items_sentence_pairs_keep_each_sides_text_and_its_row():
    from library.align.sentences import segment_item

    rows = [
        ("孙晓路回顾了双方的合作。她感谢品保委的贡献。",
         "Sun Xiaolu looked back on the cooperation. She thanked QBPC for its contribution."),
        ("会议在北京举行。", None),
        (None, "Both sides agreed to keep in close communication."),
    ]  # fmt: skip
    segments = segment_item(rows, default_lexicon(), first=3)
    assert [(s.paragraph, s.zh, s.en, s.kind) for s in segments] == [
        (3, "孙晓路回顾了双方的合作。", "Sun Xiaolu looked back on the cooperation.", "1-1"),
        (3, "她感谢品保委的贡献。", "She thanked QBPC for its contribution.", "1-1"),
        (4, "会议在北京举行。", None, "1-0"),
        (5, None, "Both sides agreed to keep in close communication.", "0-1"),
    ]
    merged = segment_item([("会议在北京举行，双方同意保持密切沟通。",
                            "The meeting was held in Beijing. Both sides agreed to keep in "
                            "close communication.")], default_lexicon())  # fmt: skip
    assert [(s.zh, s.en, s.kind) for s in merged] == [
        (
            "会议在北京举行，双方同意保持密切沟通。",
            "The meeting was held in Beijing. Both sides agreed to keep in close communication.",
            "1-2",
        )
    ]


@pytest.mark.parametrize(("n", "m"), [(1, 1), (1, 2), (2, 1), (0, 2), (2, 0)])
def test_one_sentence_is_aligned_and_an_empty_side_leaves_the_other_one_sided(n, m):
    found = align_sentences(ZH[:n], EN_SPLIT[:m])
    assert [i for b in found for i in b.zh] == list(range(n))
    assert [j for b in found for j in b.en] == list(range(m))
    two_sided = [b for b in found if b.zh and b.en]
    assert bool(two_sided) == bool(n and m)  # one sentence a side is still a pair
    assert all(b.score == 0.0 for b in found if not (b.zh and b.en))


def test_the_vectorised_route_for_a_paragraph_gives_what_the_plain_route_gives(
    tmp_path, monkeypatch
):
    """Between TINY and SMALL sentence pairs a document is aligned by the numpy passes
    over the whole grid; below TINY by the plain programme. Forced down the plain route,
    the same documents give the same beads."""
    from library.align import features
    from library.align import sentences as sa

    lexicon = default_lexicon()
    docs = [(z, e) for z, e, _ in _generated_documents(tmp_path, 6)] + [(ZH * 3, EN_SPLIT * 3)]
    checked = 0
    for zh, en in docs:
        if not sa.TINY < len(zh) * len(en) <= sa.SMALL:
            continue
        fast = sa.align_features(features.Features(zh, en, lexicon))
        with monkeypatch.context() as m:
            m.setattr(sa, "TINY", sa.SMALL)
            plain = sa.align_features(features.Features(zh, en, lexicon))
        assert fast == plain
        checked += 1
    assert checked >= 2


def test_the_coarse_pass_finds_a_cheapest_path_of_one_to_one_and_skips(tmp_path):
    """The coarse pass (1-1, 1-0, 0-1 beads over the whole grid, in numpy) ends on a
    path as cheap as a plain dynamic programme's over the same costs, covering every
    sentence of both sides in order."""
    from library.align import banded, features

    lexicon = default_lexicon()
    docs = [(z[:30], e[:30]) for z, e, _ in _generated_documents(tmp_path, 3)]
    for zh, en in [*docs, (ZH, EN_SPLIT[1:]), (ZH[1:], EN_SPLIT)]:
        doc = features.Features(zh, en, lexicon)
        n, m = len(zh), len(en)
        ratio = doc.en_length_sums[-1] / doc.zh_length_sums[-1]
        ones = banded.OneToOne(doc, n, m, DEFAULT)
        c11 = ones.block_costs(0, n, ratio)
        skip = DEFAULT.skip
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n + 1):
            for j in range(m + 1):
                if i or j:
                    best[i][j] = min(
                        best[i - 1][j - 1] + float(c11[i - 1][j - 1]) if i and j else float("inf"),
                        best[i - 1][j] + skip if i else float("inf"),
                        best[i][j - 1] + skip if j else float("inf"),
                    )
        path = banded.coarse(ones, n, m, ratio, DEFAULT)
        assert [i for b in path for i in b.zh] == list(range(n))
        assert [j for b in path for j in b.en] == list(range(m))
        assert all(len(b.zh) <= 1 and len(b.en) <= 1 for b in path)
        cost = sum(float(c11[b.zh[0]][b.en[0]]) if b.zh and b.en else skip for b in path)
        assert cost == pytest.approx(best[n][m], abs=1e-3)
