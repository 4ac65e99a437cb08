"""Dates in the styles news sites write them, as ISO dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

_MONTHS = {
    m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = [
    (re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"), "ymd"),
    (re.compile(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I), "mdy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})", re.I), "dmy"),
]
_DATE_LABEL = re.compile(
    r"(create\s*time|created|published|publish(ed)?\s*(date|time|on)?|release\s*date|date|time|"
    r"posted(\s*on)?|updated|发布时间|發佈時間|發布時間|发布日期|發佈日期|日期|时间|時間|来源|來源|"
    r"source|views?|点击|浏览|次数)\s*[:：]?",
    re.I,
)


MIN_YEAR = 1900
"""Dates before this year are taken for a template's placeholder (0000-00-00, 0001-01-01),
not a news item's."""


def _dates(text: str) -> Iterator[tuple[str | None, re.Match]]:
    """Every date-shaped run of ``text``: (its ISO date, or None when no such day can
    be — Feb 30, month 13, year 0 or before ``MIN_YEAR`` — and the match)."""
    norm = unicodedata.normalize("NFKC", text)
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(norm):
            g = m.groups()
            if order == "ymd":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif order == "mdy":
                y, mo, d = int(g[2]), _MONTHS[g[0][:3].lower()], int(g[1])
            else:
                y, mo, d = int(g[2]), _MONTHS[g[1][:3].lower()], int(g[0])
            try:
                yield (dt.date(y, mo, d).isoformat() if y >= MIN_YEAR else None), m
            except ValueError:
                yield None, m


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first valid date in ``text`` as ISO, with its match, or None."""
    for iso, m in _dates(text):
        if iso is not None:
            return iso, m
    return None


def parse_date(text: str) -> str | None:
    """ISO date from the date styles news sites use, or None.

    >>> parse_date("Create Time:2022-03-30")
    '2022-03-30'
    >>> parse_date("发布时间：２０２２年３月９日")
    '2022-03-09'
    >>> parse_date("Date: March 9th, 2022"), parse_date("9 Mar. 2022"), parse_date("2022/13/01")
    ('2022-03-09', '2022-03-09', None)
    """
    found = find_date(text)
    return found[0] if found else None


def _labels_only(line: str, match: re.Match) -> bool:
    rest = unicodedata.normalize("NFKC", line).replace(match.group(0), " ")
    rest = _DATE_LABEL.sub(" ", rest)
    return len(re.sub(r"[\W_\d]+", " ", rest).strip()) <= 30


def date_line(line: str) -> str | None:
    """The date when ``line`` is a page's date line (a date plus at most a few labels)."""
    if len(line) > 120:
        return None
    found = find_date(line)
    return found[0] if found and _labels_only(line, found[1]) else None


def header_date(line: str) -> tuple[str | None, str | None]:
    """(the date of ``line`` when it is a date line, the date as written when it is shaped
    as one but holds no possible day: ``Create Time:2022-02-30``, ``0000-00-00``), in one
    reading of the line.

    >>> header_date("Create Time:2022-02-30"), header_date("2022-03-30")
    ((None, '2022-02-30'), ('2022-03-30', None))
    """
    if len(line) > 120:
        return None, None
    impossible = None
    for iso, m in _dates(line):
        if iso is not None:
            return (iso if _labels_only(line, m) else None), None
        if impossible is None and _labels_only(line, m):
            impossible = m.group(0).strip()
    return None, impossible


def impossible_date_line(line: str) -> str | None:
    """The date as written when ``line`` is shaped as a date line but holds no possible
    day: a page's error, not body text (:func:`header_date`)."""
    return header_date(line)[1]


def future(iso: str, today: dt.date | None = None) -> bool:
    """Whether an ISO date is after ``today`` (a page cannot be published tomorrow; a
    date such as 9999-12-31 would stay "newest" forever)."""
    return dt.date.fromisoformat(iso) > (today or dt.date.today())
