"""Paragraph alignment: every paragraph once, in order, with the right beads."""

from __future__ import annotations

from library.align.paragraphs import align_paragraphs

ZH = [
    "海关总署介绍，2021年全国海关共查扣侵权货物7.2万批，涉及商品7180万件。",
    "品保委主席表示，希望与地方海关加强合作，共同推动知识产权边境保护。",
    "3月9日，品保委与海关总署举行2022年首次线上交流会，双方就合作计划进行了深入交流。",
    "孙晓路副司长回顾了双方的合作，并介绍了海关总署去年以来的知识产权保护工作。",
    "会议最后，双方表示将保持密切沟通。",
]
EN = [
    "GACC said that customs across China detained 72,000 shipments of infringing goods in "
    "2021, involving 71.8 million items.",
    "The QBPC Chair said he hoped to work more closely with local customs to improve IPR "
    "border protection.",
    "On March 9, QBPC and GACC held their first online exchange meeting of 2022 and talked "
    "through their cooperation plan in depth.",
    "Sun Xiaolu looked back on the cooperation of both sides and outlined GACC's IP protection "
    "work since last year.",
    "At the end, both sides said they would stay in close contact.",
]


def _covers(beads, n, m):
    zh = [i for b in beads for i in b.zh]
    en = [j for b in beads for j in b.en]
    return zh == list(range(n)) and en == list(range(m))


def test_one_to_one():
    beads = align_paragraphs(ZH, EN)
    assert [b.kind for b in beads] == ["1-1"] * 5
    assert all(0 < b.score <= 1 for b in beads)


def test_english_paragraph_split_in_two_gives_1_2():
    first, second = EN[3].split(" and outlined ")
    en = [*EN[:3], first + ".", "She outlined " + second, EN[4]]
    beads = align_paragraphs(ZH, en)
    assert _covers(beads, 5, 6)
    assert [b.kind for b in beads] == ["1-1", "1-1", "1-1", "1-2", "1-1"]


def test_chinese_paragraphs_merged_in_english_gives_2_1():
    beads = align_paragraphs(ZH, [EN[0], EN[1], EN[2] + " " + EN[3], EN[4]])
    assert [b.kind for b in beads] == ["1-1", "1-1", "2-1", "1-1"]


def test_untranslated_paragraph_gives_1_0():
    extra = "此外，与会代表还就跨境电子商务小包裹侵权问题交换了意见，建议在明年的培训中增加相关内容，并提交书面材料。"
    beads = align_paragraphs([*ZH[:4], extra, ZH[4]], EN)
    assert _covers(beads, 6, 5)
    assert [b.kind for b in beads] == ["1-1", "1-1", "1-1", "1-1", "1-0", "1-1"]


def test_one_side_empty():
    assert [b.kind for b in align_paragraphs([], EN)] == ["0-1"] * 5
    assert align_paragraphs([], []) == []


def test_a_long_page_is_aligned_in_a_band_with_the_same_result():
    """Past BAND_FROM cells the paragraph aligner runs in a band around the diagonal
    (linear in the paragraphs, not quadratic); on 600 translated paragraphs with one in
    37 left untranslated it gives the beads the whole grid gives."""
    import datetime as dt
    import random

    from make_corpus import make_item

    from library.align import paragraphs as P

    rng = random.Random(3)
    en: list[str] = []
    zh: list[str] = []
    while len(en) < 600:
        _, _, e, z = make_item(rng, dt.date(2023, 1, 1))
        en += e
        zh += z
    zh = [p for k, p in enumerate(zh) if k % 37 != 5]
    assert len(zh) * len(en) > P.BAND_FROM  # banded
    banded = P.align_paragraphs(zh, en)
    original = P.BAND_FROM
    try:
        P.BAND_FROM = 10**12
        full = P.align_paragraphs(zh, en)
    finally:
        P.BAND_FROM = original
    assert [(b.zh, b.en, b.score) for b in banded] == [(b.zh, b.en, b.score) for b in full]
    assert sum(1 for b in banded if b.kind == "0-1") >= 5  # the gaps were found
