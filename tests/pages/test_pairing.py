"""Pairing: explicit by id and stem, automatic by score, refused below threshold."""

from __future__ import annotations

from helpers import ROOT, write

from library.pages.pairing import THRESHOLD, pair
from library.pages.read import read_pages
from library.terms import glossary

TERMS = glossary.load_terms(glossary.find_catalogs(ROOT / "locales"))

EN = """Shenzhen Customs Seizes 12,600 Counterfeit Earphones

Create Time:2022-06-21

On June 14, Shenzhen Customs seized 12,600 counterfeit earphones valued at 1.8 million yuan. The trademarks had customs recordation with GACC.

The right holders, both QBPC members, confirmed the goods within 24 hours.
"""
ZH = """深圳海关查获侵权耳机12600件

发布时间：2022-06-21

6月14日，深圳海关查获侵权耳机12600件，价值约180万元。涉案商标均已在海关总署办理备案。

两家权利人均为品保委（QBPC）会员，在24小时内确认了上述货物。
"""
OTHER_ZH = """宁波海关举办培训

发布时间：2022-06-22

5月3日，宁波海关为35名关员举办了化妆品识别培训，来自7家企业的专家授课。
"""


def _items(folder):
    return pair(list(read_pages([folder])), TERMS)


def test_explicit_pair_by_stem(tmp_path):
    write(tmp_path / "news" / "seizure.en.txt", EN)
    write(tmp_path / "news" / "seizure.zh.txt", ZH)
    [item] = _items(tmp_path)
    assert (item.id, item.method, item.status, item.score) == ("seizure", "stem", "both", None)


def test_same_stem_in_other_folders_is_not_a_pair_by_name(tmp_path):
    write(tmp_path / "a" / "seizure.en.txt", EN)
    write(tmp_path / "b" / "seizure.zh.txt", OTHER_ZH)
    items = _items(tmp_path)
    assert sorted(i.status for i in items) == ["en_only", "zh_only"]
    assert len({i.id for i in items}) == 2  # ids stay unique


def test_explicit_pair_by_front_matter_id(tmp_path):
    write(tmp_path / "x.md", "---\nid: s1\nlang: en\ntitle: A\ndate: 2022-06-21\n---\n\nText.\n")
    write(tmp_path / "y.md", "---\nid: s1\nlang: zh\ntitle: 甲\ndate: 2022-01-01\n---\n\n正文。\n")
    [item] = _items(tmp_path)
    assert (item.id, item.method, item.status) == ("s1", "id", "both")


def test_original_language_from_front_matter_else_earlier_date(tmp_path):
    def item(en_extra: str, zh_extra: str, en_date="2022-06-21", zh_date="2022-06-21"):
        folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
        write(folder / "x.md", f"---\nid: s\nlang: en\ndate: {en_date}\n{en_extra}---\n\nText.\n")
        write(folder / "y.md", f"---\nid: s\nlang: zh\ndate: {zh_date}\n{zh_extra}---\n\n正文。\n")
        [it] = _items(folder)
        return it.original

    assert item("", "original: true\n") == "zh"
    assert item("original: true\n", "original: false\n") == "en"
    assert item("original: false\n", "") == "zh"
    assert item("", "") is None  # same day, nothing said
    assert item("", "", zh_date="2022-06-20") == "zh"  # published first
    assert item("original: true\n", "", zh_date="2022-06-20") == "en"  # the page says so
    assert item("original: true\n", "original: true\n", en_date="2022-06-19") == "en"


def test_automatic_pair_when_names_give_no_hint(tmp_path):
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q7.txt", ZH)
    write(tmp_path / "q8.txt", OTHER_ZH)
    items = _items(tmp_path)
    auto = [i for i in items if i.method == "auto"]
    assert len(auto) == 1
    assert (auto[0].en.rel, auto[0].zh.rel) == ("p1.txt", "q7.txt")
    assert auto[0].score >= THRESHOLD
    assert auto[0].evidence["numbers"] > 0.5 and auto[0].evidence["date"] == 1.0
    assert [i.status for i in items if i.method == "single"] == ["zh_only"]


def test_unrelated_pages_are_never_forced_into_a_pair(tmp_path):
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q8.txt", OTHER_ZH)
    items = _items(tmp_path)
    assert sorted(i.status for i in items) == ["en_only", "zh_only"]
    assert all(i.method == "single" for i in items)


def test_dates_far_apart_rule_a_pair_out(tmp_path):
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q7.txt", ZH.replace("2022-06-21", "2022-09-21"))
    assert all(i.method == "single" for i in _items(tmp_path))


def test_generated_no_hint_folder_pairs_accurately(tmp_path):
    from eval_pairing import evaluate
    from make_corpus import generate

    gold = generate(200, tmp_path, seed=21, no_hint=True, days=30, topical=False)
    result = evaluate(tmp_path, gold)
    assert result["recall"] >= 0.98
    assert result["precision"] >= 0.95
