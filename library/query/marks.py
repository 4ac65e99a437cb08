"""Where a query matches a stored text, and that text cut to a snippet around the best
match: :class:`Marked` pieces of text, which search, the concordance and the renderings
pages hand to ``library.web`` to show. Matching is on the normalised text (Traditional
finds Simplified, full-width finds half-width), the marks in the text's own offsets.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import SENTENCE_CHARS
from ..text.chinese import normalized


@dataclass
class Marked:
    """A piece of stored text (possibly cut to a snippet) and where the query matches it."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each match in :attr:`text`, sorted, not overlapping."""
    cut_before: bool = False
    """Whether :attr:`text` is cut from a longer text at its start (a snippet)."""
    cut_after: bool = False
    equivalents: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each rendering of the query in this language (the other
    language's equivalent of what was searched), not overlapping :attr:`spans`."""


SCAN_CHARS = 10 * SENTENCE_CHARS
"""What marking reads of one text shown cut (a snippet, a concordance line): a page
without sentence ends is one "sentence" of megabytes, which a search would otherwise
normalise whole (OpenCC, NFKC) on every request for the sake of a snippet of 200
characters. Its matches beyond are not marked; the snippet says it is cut."""


def scanned(text: str | None) -> str | None:
    """``text`` as far as marking reads it (:data:`SCAN_CHARS`)."""
    return text[:SCAN_CHARS] if text and len(text) > SCAN_CHARS else text


MAX_MARKS = 1_000
"""Matches of one pattern marked in one text at most: a sentence holds a few, a page
without sentence ends tens of thousands (and is shown cut to a window of them)."""


def spans(text: str | None, patterns: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where any of ``patterns`` matches ``text`` (the first :data:`MAX_MARKS` matches of
    each), in the text's own offsets, sorted and merged (overlapping or touching matches
    become one span)."""
    if not text or not patterns:
        return []
    norm, starts = normalized(text)
    found = []
    for p in patterns:
        for m in itertools.islice(p.finditer(norm), MAX_MARKS):
            if m.end() > m.start():
                a, b = m.span()
                if starts is not None:
                    a, b = starts[a], starts[b - 1] + 1
                found.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _window(text: str, found: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """Where to cut a snippet of ``width`` characters: around the longest match (the
    phrase, where the words stand together), the earliest on ties, never cutting it."""
    if not found:
        return 0, width
    a, b = min(found, key=lambda s: (-(s[1] - s[0]), s[0]))
    start = max(0, min(a - width // 3, len(text) - width))
    if b > start + width:  # a match longer than two thirds of the snippet
        start = a
    # Not in the middle of a word: start after the space that ends the cut one.
    if 0 < start < a and text[start - 1].isalnum() and text[start].isalnum():
        space = text.find(" ", start, a)
        if space >= 0:
            start = space + 1
    return start, start + max(width, b - start)


def mark(
    text: str | None,
    patterns: Sequence[re.Pattern[str]],
    width: int | None = None,
    equivalents: Sequence[re.Pattern[str]] = (),
    phrase: Sequence[re.Pattern[str]] = (),
) -> Marked:
    """``text`` with its matches (and the renderings ``equivalents`` find); cut to about
    ``width`` characters around the best match when longer. Where the text holds the
    ``phrase`` (the query's words side by side), only the phrase is marked.

    >>> from library.text.query_compiler import parse
    >>> mark("海关总署与海关", parse("海关").highlights).spans
    [(0, 2), (5, 7)]
    >>> q = parse("Department of General Operation")
    >>> mark("Meeting of the Department of General Operation", q.highlights).spans
    [(15, 25), (29, 36), (37, 46)]
    >>> mark("Meeting of the Department of General Operation", q.highlights, phrase=q.phrase).spans
    [(15, 46)]
    """
    if not text:
        return Marked("")
    long = width is not None and len(text) > SCAN_CHARS
    if long:
        text = scanned(text) or ""
    found = spans(text, phrase) or spans(text, patterns)
    others = [
        (a, b) for a, b in spans(text, equivalents) if not any(a < d and c < b for c, d in found)
    ]
    start, end = 0, len(text)
    if width and len(text) > width:
        start, end = _window(text, found or others, width)

        def cut(marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
            return [(max(a, start), min(b, end)) for a, b in marks if b > start and a < end]

        found, others = cut(found), cut(others)
    return Marked(
        text[start:end],
        [(a - start, b - start) for a, b in found],
        start > 0,
        end < len(text) or long,
        [(a - start, b - start) for a, b in others],
    )
