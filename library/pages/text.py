"""Plain text as saved from a site: [breadcrumb] title [date] paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..text.sentences import join_lines
from .dates import header_date
from .language import detect_lang

_BREADCRUMB = re.compile(
    r"^\s*(you\s+are\s+here|current\s+(location|position)|location|"
    r"您现在的位置|您的位置|当前位置|您現在的位置|當前位置|现在位置|所在位置)\s*[:：]?\s*",
    re.I,
)
CRUMB_SEP = re.compile(r"\s*(?:>|»|›|＞|→|/|\||::|〉|>>)\s*")
HOME = re.compile(r"^(home(\s*page)?|首页|首頁|主页|主頁)\s*", re.I)


def parse_breadcrumb(line: str) -> list[str] | None:
    """The trail of a breadcrumb line, or None if ``line`` is not one.

    Sites that lose their separators when saved as text run the parts
    together ("Home Media RoomQBPC News"): a lower-to-upper case change
    is taken as the lost separator.

    >>> parse_breadcrumb("You are here: Home Media RoomQBPC News")
    ['Media Room', 'QBPC News']
    >>> parse_breadcrumb("您现在的位置：首页 > 媒体中心 > 品保委新闻")
    ['媒体中心', '品保委新闻']
    """
    m = _BREADCRUMB.match(line)
    if not m:
        return None
    rest = line[m.end() :].strip()
    parts = [p for p in CRUMB_SEP.split(rest) if p.strip()]
    if len(parts) <= 1:
        parts = re.split(r"(?<=[a-z])(?=[A-Z])", rest)
    parts = [HOME.sub("", p).strip() for p in parts]
    return [p for p in parts if p]


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _header_date(line: str, number: int, path: Path) -> str | None:
    """The date of a header line that is a date line; a :class:`SourceError` naming the
    line when it is shaped as one but holds no possible day."""
    found, written = header_date(line)
    if written:
        raise SourceError(
            f"the date line says {written!r}, which is no possible day",
            path=path,
            line=number,
            hint="correct the date as YYYY-MM-DD, or remove the line if the page has none",
        )
    return found


def parse_text(text: str, path: Path) -> dict:
    """Plain text as saved from a site: [breadcrumb] title [date] paragraphs.

    Header lines may be separated by blank lines or not; paragraphs are
    separated by blank lines (lines inside one are joined).
    """
    lines = text.splitlines()
    lang, lang_from, claim = detect_lang(path, text)
    idx = 0
    out: dict = {
        "lang": lang,
        "lang_from": lang_from,
        "lang_claim": claim,
        "title": None,
        "date": None,
        "category": None,
        "breadcrumb": None,
    }

    def next_nonblank(i: int) -> int:
        while i < len(lines) and not lines[i].strip():
            i += 1
        return i

    idx = next_nonblank(idx)
    if idx < len(lines) and (trail := parse_breadcrumb(lines[idx])) is not None:
        out["breadcrumb"] = " > ".join(trail) or None
        out["category"] = trail[-1] if trail else None
        idx = next_nonblank(idx + 1)
    if idx < len(lines):
        line = lines[idx].strip()
        if (d := _header_date(line, idx + 1, path)) is not None:
            out["date"] = d
            idx += 1
        elif len(line) <= 200 and not (
            idx + 1 < len(lines)
            and lines[idx + 1].strip()
            and _header_date(lines[idx + 1].strip(), idx + 2, path) is None
        ):
            out["title"] = line
            idx = next_nonblank(idx + 1)
            if idx < len(lines) and (d := _header_date(lines[idx].strip(), idx + 1, path)):
                out["date"] = d
                idx += 1
    out["paragraphs"] = [join_lines(b, lang) for b in _blocks(lines[idx:])]
    return out
