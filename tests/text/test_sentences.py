"""Sentence splitting on tricky cases in both languages."""

from __future__ import annotations

import pytest

from library.text.sentences import split_en, split_zh


@pytest.mark.parametrize(
    "text,expected",
    [
        ("会议结束。双方表示满意！", ["会议结束。", "双方表示满意！"]),
        ("他问：“还有问题吗？”她说：“没有了。”", ["他问：“还有问题吗？”", "她说：“没有了。”"]),
        ("（本文完。）下一篇", ["（本文完。）", "下一篇"]),
        ("他走了……她也走了。", ["他走了……", "她也走了。"]),
        ("Half-width stops! 半角句号也算? 是的.", ["Half-width stops!", "半角句号也算?", "是的."]),
        ("价值3.5亿元。数量1.2万件", ["价值3.5亿元。", "数量1.2万件"]),
        ("第一，加强执法；第二，优化服务。", ["第一，加强执法；", "第二，优化服务。"]),
        ("", []),
    ],
)
def test_split_zh(text, expected):
    assert split_zh(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "GACC of P. R. China met QBPC. They agreed.",
            ["GACC of P. R. China met QBPC.", "They agreed."],
        ),
        (
            "Mr. Ding and Dr. Sun spoke. Ms. Lin agreed.",
            ["Mr. Ding and Dr. Sun spoke.", "Ms. Lin agreed."],
        ),
        (
            "See No. 5 and Art. 12 of the rules. Then stop.",
            ["See No. 5 and Art. 12 of the rules.", "Then stop."],
        ),
        (
            "Sales rose 3.5 percent. Imports fell 2.1 percent.",
            ["Sales rose 3.5 percent.", "Imports fell 2.1 percent."],
        ),
        (
            "It came from the U.S. and the U.K. markets. Next.",
            ["It came from the U.S. and the U.K. markets.", "Next."],
        ),
        (
            "J. R. Smith said so. “Really?” she asked. Yes!",
            ["J. R. Smith said so.", "“Really?” she asked.", "Yes!"],
        ),
        ("He said “it is done.” Then he left.", ["He said “it is done.”", "Then he left."]),
        ("In 2022. 3,000 items were seized.", ["In 2022.", "3,000 items were seized."]),
        ("e.g. customs, i.e. GACC. Fine.", ["e.g. customs, i.e. GACC.", "Fine."]),
    ],
)
def test_split_en(text, expected):
    assert split_en(text) == expected
