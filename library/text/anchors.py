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
_ZH_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(千万|百万|万|亿|千)?")
_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "千": 1e3,
    "万": 1e4,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
}
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]{2,}|十")
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


def numbers_zh(text: str, characters: bool = True, normalized: bool = False) -> set[str]:
    """Numbers in Chinese text: full-width digits folded, thousands separators read,
    千/万/百万/千万/亿 multiplied, and numbers written in characters (一千六百八十六,
    二〇二二) read, so that ``1686``, ``1,686``, ``1.686千`` and ``一千六百八十六`` are
    one number, as the English ``1,686`` is. ``characters=False`` reads digits only;
    ``normalized``: ``text`` is already :func:`normalize`-d.

    >>> sorted(numbers_zh("２０２２年3月9日查获1万件，价值150万元"))
    ['10000', '1500000', '2022', '3', '9']
    >>> numbers_zh("1686件、1,686件、1.686千件、一千六百八十六件")
    {'1686'}
    """
    norm = text if normalized else normalize(text)
    out = set()
    for m in _ZH_NUMBER.finditer(norm):
        out.add(_fmt(float(m.group(1).replace(",", "")) * _SCALE.get(m.group(2) or "", 1)))
    for m in _ZH_NUMERAL.finditer(norm) if characters else ():
        if m.start() and norm[m.start() - 1].isdigit():
            continue  # the unit of a number in digits (3千万), read above
        value = _zh_numeral(m.group(0))
        if value is not None:
            out.add(_fmt(value))
    return out


def _zh_numeral(chars: str) -> float | None:
    """The value of a number written in Chinese characters (一千六百八十六, 十五, 二〇二二,
    三万), or None for what only looks like one (万一, a lone 一)."""
    if all(c in _ZH_DIGITS for c in chars):  # read digit by digit: 二〇二二
        return float("".join(str(_ZH_DIGITS[c]) for c in chars)) if len(chars) >= 3 else None
    if chars[0] in "万亿" or not (chars[0] == "十" or any(c in _ZH_DIGITS for c in chars)):
        return None
    total, section, digit = 0.0, 0.0, None
    for c in chars:
        if c in "零〇":
            digit = None  # a gap: 一百零五
        elif c in _ZH_DIGITS:
            if digit is not None:
                return None  # two digits in a row outside digit-by-digit reading
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        else:  # 万 or 亿
            total = (total + section + (digit or 0)) * (1e4 if c == "万" else 1e8)
            section, digit = 0.0, None
    return total + section + (digit or 0)


def latin_tokens(text: str, normalized: bool = False) -> set[str]:
    """Lower-cased Latin words of two letters or more (QBPC, IPR, names in pinyin).

    >>> sorted(latin_tokens("品保委（QBPC）与Ken Chen"))
    ['chen', 'ken', 'qbpc']
    """
    return {t.lower() for t in _LATIN_TOKEN.findall(text if normalized else normalize(text))}


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+\b")


def anchors(text: str, lang: str, normalized: bool = False) -> set[str]:
    """Numbers and Latin tokens of a text in ``lang`` ('en' or 'zh'); ``normalized``:
    Chinese ``text`` is already :func:`normalize`-d.

    On the English side only acronyms count: every English word is Latin, but
    only acronyms are likely to be carried over into the Chinese.

    >>> sorted(anchors("On March 9 QBPC met GACC", "en"))
    ['3', '9', 'gacc', 'qbpc']
    """
    if lang == "zh":
        norm = text if normalized else normalize(text)
        return numbers_zh(norm, normalized=True) | latin_tokens(norm, normalized=True)
    return numbers_en(text) | {a.lower() for a in _ACRONYM.findall(text)}


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
