"""Chinese text helpers: script conversion and the search shadow.

FTS5's ``unicode61`` tokenizer treats a whole run of Han characters as one
token, so Chinese words could never be found inside it. We index a *shadow*
of each text instead: full-width forms folded (NFKC),
Traditional converted to Simplified (OpenCC ``t2s``), and every run of CJK
characters rewritten as its overlapping bigrams plus the run's last
character. ``library.text.query_compiler`` applies the same transformation to what a
user types, so a query of any length matches exactly where the normalised text
contains it.

Why this scheme (measured on 20k paragraphs against a LIKE oracle): ``unicode61``
alone finds almost no Chinese word; the ``trigram`` tokenizer cannot match the
one- and two-character queries most Chinese words are; word segmentation (jieba)
misses 10–60% of occurrences. Bigrams plus the run's last character found every
occurrence of 1–4 character queries (recall 1.0) with an index about 1.1× the text.

This module is the one place that says which characters are Han (:data:`HAN`) and
which are CJK for the index (:data:`CJK`: Han, kana, hangul).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from typing import Any

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han characters (CJK unified ideographs, extension A, compatibility, planes 2–3), as
the inside of a regex character class."""
CJK = (
    "\u3040-\u30ff"  # kana: bigrams work for Japanese too
    + HAN
    + "\uac00-\ud7af"  # hangul syllables
)
"""What the search index cuts into bigrams: Han, kana and hangul (a class's inside)."""
CJK_RUN = re.compile(f"[{CJK}]+")
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
PIECES = re.compile(f"([{CJK}]+)|([^{CJK}]+)")
WORD = re.compile(r"[^\W_]+")
"""What unicode61 keeps as a token: letters and numbers."""

_local = threading.local()


def converter(config: str = "t2s") -> Any:
    """This thread's OpenCC converter of ``config`` (``t2s`` for search, ``s2twp`` for the
    Traditional interface): made once per thread, since Datasette answers from a pool of
    threads and an OpenCC object is not documented as safe to share between them."""
    made = getattr(_local, config, None)
    if made is None:
        import opencc

        made = opencc.OpenCC(config)
        setattr(_local, config, made)
    return made


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC's ``t2s`` (text without Han is returned as is).

    >>> to_simplified("海關總署綜合業務司")
    '海关总署综合业务司'
    """
    if not HAN_CHAR.search(text):
        return text
    return converter().convert(text)


SCRIPT_CONFIGS = {"Hans": "t2s", "Hant": "s2tw"}
"""OpenCC's configuration that writes a script: Simplified (``t2s``), or Traditional as
Taiwan writes its characters (``s2tw``: characters only, no phrase substitution, so a
name or an official title keeps its words; the interface's wording uses ``s2twp``)."""


def to_script(text: str, script: str) -> str:
    """``text`` written in ``script`` ('Hans' or 'Hant') with OpenCC (text without Han is
    returned as is).

    >>> to_script("海关总署综合业务司", "Hant"), to_script("海關總署", "Hans")
    ('海關總署綜合業務司', '海关总署')
    """
    if not HAN_CHAR.search(text):
        return text
    return converter(SCRIPT_CONFIGS[script]).convert(text)


def normalize(text: str) -> str:
    """The form search compares: NFKC (full-width ASCII to half-width) then ``t2s``.

    The stored text stays as published; only the shadow and queries use this.

    >>> normalize("ＱＢＰＣ　海關２０２２年")
    'QBPC 海关2022年'
    """
    return to_simplified(unicodedata.normalize("NFKC", text))


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han character: a user's term is then Chinese.

    >>> has_han("IPR与海关"), has_han("IPR")
    (True, False)
    """
    return HAN_CHAR.search(text) is not None


def is_han(char: str) -> bool:
    """Whether one character is Han."""
    return HAN_CHAR.match(char) is not None


def han_count(text: str) -> int:
    """Number of Han characters in ``text``."""
    return len(HAN_CHAR.findall(text))


def han_ratio(text: str) -> float:
    """Han characters over Han plus Latin letters; 0.0 for text with neither.

    Chinese news quotes acronyms (QBPC, IPR), so the threshold for "Chinese"
    is well below 0.5.

    >>> han_ratio("IPR与海关")
    0.5
    """
    han = han_count(text)
    latin = len(_LATIN_LETTER.findall(text))
    return han / (han + latin) if han + latin else 0.0


def is_traditional(text: str) -> bool:
    """True when at least 5% of the Han characters change under ``t2s``.

    >>> is_traditional("海關總署"), is_traditional("海关总署")
    (True, False)
    """
    hans = HAN_CHAR.findall(text)
    if not hans:
        return False
    simplified = to_simplified("".join(hans))
    changed = sum(1 for a, b in zip(hans, simplified, strict=False) if a != b)
    return changed >= max(1, 0.05 * len(hans))


def shadow(text: str) -> str:
    """The text FTS5 indexes: normalised, each CJK run as bigrams plus its last character.

    >>> shadow("QBPC与海關總署")
    'QBPC 与海 海关 关总 总署 署'
    >>> shadow("e-commerce")
    'e-commerce'
    """
    out: list[str] = []
    for run, other in PIECES.findall(normalize(text)):
        if run:
            out.extend(map(str.__add__, run, run[1:]))
            out.append(run[-1])
        elif other.strip():
            out.append(other.strip())
    return " ".join(out)


def index_tokens(text: str) -> list[str]:
    """The tokens the search index stores for ``text``: those of its :func:`shadow`
    (bigrams and run ends of CJK, lower-cased words otherwise), in order.

    >>> index_tokens("QBPC与海關")
    ['qbpc', '与海', '海关', '关']
    """
    return WORD.findall(shadow(text).lower())


@functools.lru_cache(maxsize=4)
def normalized(text: str, lower: bool = True) -> tuple[str, tuple[int, ...] | None]:
    """``text`` as search compares it (:func:`normalize`, lower case), and where each of
    its characters came from in ``text`` (None when the two line up one to one, as
    they do unless NFKC or lower case changed a character's length). The last few
    answers are kept: marking a text asks for it once per set of patterns, and a page
    without sentence ends is a megabyte to convert each time. ``lower=False`` keeps the
    case (glossary forms are matched as written)."""
    norm = normalize(text).lower() if lower else normalize(text)
    if len(norm) == len(text):
        return norm, None
    starts: list[int] = []
    pieces = []
    for k, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch)
        piece = piece.lower() if lower else piece
        pieces.append(piece)
        starts.extend([k] * len(piece))
    folded = "".join(pieces)
    norm = to_simplified(folded)
    if len(norm) != len(folded):  # t2s changed a length: convert piece by piece
        norm = "".join(to_simplified(p) for p in pieces)
    if len(norm) != len(starts):  # still not: highlight on the folded text unconverted
        norm = folded
    return norm, tuple(starts)
