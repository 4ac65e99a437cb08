"""Sentence alignment: bead types on constructed examples, anchors, names, determinism, CLI."""

from __future__ import annotations

import dataclasses

from click.testing import CliRunner
from conftest import write

from library.cli import cli
from library.lexicon import Lexicon, default_lexicon, en_words, pinyin_windows
from library.sentence_align import DEFAULT, align_sentences, format_bead

ZH = ["孙晓路回顾了双方的合作。", "她感谢品保委的贡献。", "今年海关总署将继续开展专项行动。",
      "会议在北京举行。", "双方同意保持密切沟通。"]
EN_SPLIT = ["Sun Xiaolu looked back on the cooperation.", "She thanked QBPC for its contribution.",
            "This year GACC will continue its special actions.", "The meeting was held in Beijing.",
            "Both sides agreed to keep in close communication."]


def beads(zh, en, **params):
    return [format_bead(b) for b in align_sentences(zh, en, params=dataclasses.replace(DEFAULT, **params))]


def test_one_to_one():
    assert beads(ZH, EN_SPLIT) == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"]


def test_two_to_one_and_deletion():
    en = ["Sun Xiaolu looked back on the cooperation of both sides and thanked QBPC for its contribution.",
          "This year GACC will continue its special actions.",
          "Both sides agreed to keep in close communication."]
    assert beads(ZH, en) == ["[0, 1]:[0]", "[2]:[1]", "[3]:[]", "[4]:[2]"]


def test_one_to_two_and_insertion():
    zh = ["孙晓路回顾了双方的合作，她感谢品保委的贡献。", *ZH[2:]]
    en = [*EN_SPLIT[:4], "Everyone had lunch together afterwards.", EN_SPLIT[4]]
    assert beads(zh, en) == ["[0]:[0, 1]", "[1]:[2]", "[2]:[3]", "[]:[4]", "[3]:[5]"]


def test_two_to_two_and_three_way_beads_are_reachable():
    zh = ["甲。", "乙。", *ZH]
    en = ["A and", "B.", *EN_SPLIT]
    result = beads(zh, en)
    assert all(":" in b for b in result)
    flat_zh = [i for b in align_sentences(zh, en) for i in b.zh]
    flat_en = [j for b in align_sentences(zh, en) for j in b.en]
    assert flat_zh == list(range(len(zh))) and flat_en == list(range(len(en)))


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


def test_glossary_terms_join_the_lexicon():
    from conftest import ROOT

    from library import glossary

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
