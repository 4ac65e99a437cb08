"""Paragraph alignment: every paragraph once, in order, with the right beads."""

from __future__ import annotations

import pytest

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


def _uneven(seed: int, pairs: int = 120):
    """Translated paragraphs made uneven as real pages are: some merged on one side (2-1,
    1-2), some on one side only (1-0, 0-1); with the true beads."""
    import datetime as dt
    import random

    from make_corpus import make_item

    rng = random.Random(seed)
    translated: list[tuple[str, str]] = []
    while len(translated) < pairs:
        _, _, e, z = make_item(rng, dt.date(2023, 1, 1))
        translated += list(zip(z, e, strict=False))
    zh: list[str] = []
    en: list[str] = []
    truth = []
    k = 0
    while k < len(translated):
        r = rng.random()
        (z1, e1), (z2, e2) = translated[k], translated[min(k + 1, len(translated) - 1)]
        if r < 0.08 and k + 1 < len(translated):
            truth.append(((len(zh), len(zh) + 1), (len(en),)))
            zh += [z1, z2]
            en.append(e1 + " " + e2)
            k += 2
        elif r < 0.16 and k + 1 < len(translated):
            truth.append(((len(zh),), (len(en), len(en) + 1)))
            zh.append(z1 + z2)
            en += [e1, e2]
            k += 2
        elif r < 0.20:
            truth.append(((len(zh),), ()))
            zh.append(z1)
            k += 1
        elif r < 0.24:
            truth.append(((), (len(en),)))
            en.append(e1)
            k += 1
        else:
            truth.append(((len(zh),), (len(en),)))
            zh.append(z1)
            en.append(e1)
            k += 1
    return zh, en, truth


def _found(beads, truth) -> float:
    made = {(b.zh, b.en) for b in beads}
    return sum(t in made for t in truth) / len(truth)


def test_the_band_finds_the_whole_grids_beads_on_uneven_pages(monkeypatch):
    """The banded pass (numpy, for long pages) and the whole-grid pass (plain Python)
    are one rule: on pages with merged, split and one-sided paragraphs they choose the
    same beads with the same scores, and find most of the true ones (a paragraph on
    one side only, between translated ones of its kind, is the hard case: 0.83–0.91
    of the true beads on these three pages)."""
    from library.align import paragraphs as P

    found = []
    for seed in (1, 2, 3):
        zh, en, truth = _uneven(seed)
        whole = P.align_paragraphs(zh, en)
        with monkeypatch.context() as m:
            m.setattr(P, "BAND_FROM", 0)
            banded = P.align_paragraphs(zh, en)
        assert [(b.zh, b.en) for b in banded] == [(b.zh, b.en) for b in whole]
        assert [b.score for b in banded] == [b.score for b in whole]
        found.append(_found(whole, truth))
    assert sum(found) / len(found) >= 0.85, found


@pytest.mark.parametrize("banded", [False, True])
def test_shared_numbers_and_names_decide_where_lengths_cannot(banded, monkeypatch):
    """The anchors (numbers, acronyms) a paragraph pair shares lower its cost: on uneven
    pages they find more of the true beads than the lengths alone, in both passes."""
    from library.align import paragraphs as P
    from library.text.anchors import anchors

    if banded:
        monkeypatch.setattr(P, "BAND_FROM", 0)
    with_anchors = without = 0.0
    for seed in (4, 5, 6):
        zh, en, truth = _uneven(seed)
        found = ([anchors(p, "zh") for p in zh], [anchors(p, "en") for p in en])
        with_anchors += _found(P.align_paragraphs(zh, en, found), truth)
        nothing = ([set() for _ in zh], [set() for _ in en])
        without += _found(P.align_paragraphs(zh, en, nothing), truth)
    assert with_anchors > without + 0.05


def test_the_ratio_is_estimated_again_from_the_one_to_one_beads():
    """A long paragraph left untranslated skews the ratio of the whole texts; the second
    pass estimates it from the first pass's 1-1 beads and aligns the rest as if the
    untranslated one were not there."""
    from library.align import paragraphs as P

    zh, en, truth = _uneven(7, pairs=40)
    alone = P.align_paragraphs(zh, en)
    padding = "这一段只有中文，没有翻译。" * 60
    skewed = P.align_paragraphs([padding, *zh], en)
    assert skewed[0].zh == (0,) and skewed[0].en == ()
    shifted = [(tuple(i - 1 for i in b.zh), b.en) for b in skewed[1:]]
    assert shifted == [(b.zh, b.en) for b in alone]
