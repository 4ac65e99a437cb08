"""Anchors shared by a text and its translation: numbers and Latin tokens.

Translations keep numbers (``3月9日`` = ``March 9``, ``1万`` = ``10,000``) and
acronyms (QBPC, IPR), so pairing and alignment both count them as evidence.
"""

from __future__ import annotations

import re

from .chinese import normalize

MONTH_NAMES = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_EN_NUMBER = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand)?|\b(" + "|".join(MONTH_NAMES) + r")\b", re.I
)
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "万": 1e4, "亿": 1e8}
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&]+")


def numbers_en(text: str) -> set[str]:
    """Numbers in English text, month names as their number.

    >>> sorted(numbers_en("On March 9, 2022 customs seized 10,000 items (1.5 million yuan)"))
    ['10000', '1500000', '2022', '3', '9']
    """
    out = set()
    for m in _EN_NUMBER.finditer(text):
        if m.group(3):
            out.add(str(MONTH_NAMES[m.group(3).lower()]))
            continue
        value = float(m.group(1).replace(",", "").rstrip(".") or 0)
        value *= _SCALE.get((m.group(2) or "").lower(), 1)
        out.add(_fmt(value))
    return out


def numbers_zh(text: str) -> set[str]:
    """Numbers in Chinese text (full-width digits folded; 万/亿 multiplied).

    >>> sorted(numbers_zh("２０２２年3月9日查获1万件，价值150万元"))
    ['10000', '1500000', '2022', '3', '9']
    """
    out = set()
    for m in _ZH_NUMBER.finditer(normalize(text)):
        out.add(_fmt(float(m.group(1)) * _SCALE.get(m.group(2) or "", 1)))
    return out


def latin_tokens(text: str) -> set[str]:
    """Lower-cased Latin words of two letters or more (QBPC, IPR, names in pinyin).

    >>> sorted(latin_tokens("品保委（QBPC）与Ken Chen"))
    ['chen', 'ken', 'qbpc']
    """
    return {t.lower() for t in _LATIN_TOKEN.findall(normalize(text))}


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+\b")


def anchors(text: str, lang: str) -> set[str]:
    """Numbers and Latin tokens of a text in ``lang`` ('en' or 'zh').

    On the English side only acronyms count: every English word is Latin, but
    only acronyms are likely to be carried over into the Chinese.

    >>> sorted(anchors("On March 9 QBPC met GACC", "en"))
    ['3', '9', 'gacc', 'qbpc']
    """
    if lang == "zh":
        return numbers_zh(text) | latin_tokens(text)
    return numbers_en(text) | {a.lower() for a in _ACRONYM.findall(text)}


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
