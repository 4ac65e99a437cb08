"""Quality checks of a translated sentence against its source, both directions.

A :class:`Problem` is an error or a warning. Errors refuse a worksheet's import;
warnings are accepted on request.

=====================  =======  ===============================================
check                  level    what
=====================  =======  ===============================================
untranslated           error    empty translation
fuzzy                  error    still flagged fuzzy (a memory match nobody checked)
numbers                error    a number or date of one side missing on the other
                                (``3月9日`` = ``March 9``, ``1万`` = ``10,000``)
brackets               error    unbalanced brackets or quotes in the translation
glossary               warning  an approved term of the source without its rendering
latin                  warning  an acronym (QBPC, IPR) of the source lost, unless its
                                glossary rendering stands in for it
punctuation            warning  half-width , . ; : ? ! in Chinese, full-width in English
whitespace             warning  leading or trailing whitespace in the translation
=====================  =======  ===============================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Term, other
from ..terms.index import GlossaryIndex, index_of
from ..text.anchors import numbers_en, numbers_zh
from ..text.chinese import HAN, normalize
from ..text.termmatch import en_spans, zh_spans

ERROR, WARNING = "error", "warning"
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9&]{1,7}(?![A-Za-z0-9])")  # Han is \w
_PAIRS = [
    ("(", ")"),
    ("（", "）"),
    ("[", "]"),
    ("【", "】"),
    ("《", "》"),
    ("“", "”"),
    ("‘", "’"),
    ("「", "」"),
    ("『", "』"),
]
_HALF_IN_ZH = re.compile(f"(?<=[{HAN}])[,.;:?!](?=[{HAN}]|$)|(?<=[{HAN}])[,;:?!]")
_FULL_IN_EN = re.compile(r"[，。；：？！、]")


@dataclass
class Problem:
    level: str
    check: str
    key: str
    """The entry's msgctxt."""
    message: str


def _balanced(text: str) -> list[str]:
    problems = []
    for left, right in _PAIRS:
        if text.count(left) != text.count(right):
            problems.append(
                f"{left}…{right} ({text.count(left)} opened, {text.count(right)} closed)"
            )
    if text.count('"') % 2:
        problems.append('straight double quotes " (odd count)')
    return problems


def check_entry(
    key: str,
    source: str,
    target: str,
    source_lang: str,
    *,
    fuzzy: bool = False,
    terms: Sequence[Term] = (),
) -> list[Problem]:
    """The findings for one translated sentence (``source_lang`` is 'zh' or 'en')."""
    out: list[Problem] = []
    if not target.strip():
        return [Problem(ERROR, "untranslated", key, "no translation")]
    if fuzzy:
        out.append(Problem(ERROR, "fuzzy", key, "still marked fuzzy: check it and clear the flag"))
    zh, en = (source, target) if source_lang == "zh" else (target, source)
    target_lang = other(source_lang)
    # Digits only: English spells small numbers out ("thirty", "both") where Chinese
    # writes them in characters (三十, 两家), and an error refuses the worksheet.
    nz, ne = numbers_zh(zh, characters=False), numbers_en(en)
    if nz != ne:
        lost = sorted((nz - ne) if source_lang == "zh" else (ne - nz))
        added = sorted((ne - nz) if source_lang == "zh" else (nz - ne))
        parts = ([f"missing {', '.join(lost)}"] if lost else []) + (
            [f"not in the source {', '.join(added)}"] if added else []
        )
        out.append(Problem(ERROR, "numbers", key, "numbers differ: " + "; ".join(parts)))
    for problem in _balanced(target):
        out.append(Problem(ERROR, "brackets", key, f"unbalanced {problem}"))
    norm_zh = normalize(zh)
    renders: set[str] = set()  # acronyms a glossary rendering in the target stands for
    glossary = index_of(terms)
    if source_lang == "en":
        for t in glossary.en_entries(en):
            if t.status != "approved" or not t.zh:
                continue
            if zh_spans(t.zh, norm_zh):
                renders.add(t.en.lower())
            elif not _other_rendering_present(t, glossary, norm_zh):
                out.append(
                    Problem(
                        WARNING,
                        "glossary",
                        key,
                        f"{t.en!r} is rendered {t.zh} in the glossary",
                    )
                )
    else:
        for t in glossary.zh_entries(norm_zh):
            if t.status != "approved":
                continue
            forms = [x.en for x in glossary.by_zh[glossary.zh_norm(t)] if x.status == "approved"]
            if not any(en_spans(f, en) for f in forms):
                out.append(
                    Problem(
                        WARNING,
                        "glossary",
                        key,
                        f"{t.zh} is {' or '.join(sorted(set(forms)))!s} in the glossary",
                    )
                )
    kept = {a.lower() for a in _ACRONYM.findall(target)}
    for acronym in sorted(set(_ACRONYM.findall(source))):
        if acronym.lower() not in kept and acronym.lower() not in renders:
            out.append(
                Problem(WARNING, "latin", key, f"{acronym} of the source is not in the translation")
            )
    if target_lang == "zh" and _HALF_IN_ZH.search(target):
        out.append(
            Problem(
                WARNING, "punctuation", key, "half-width punctuation in Chinese (use ，。；：？！)"
            )
        )
    if target_lang == "en" and _FULL_IN_EN.search(target):
        out.append(Problem(WARNING, "punctuation", key, "full-width punctuation in English"))
    if target != target.strip():
        out.append(Problem(WARNING, "whitespace", key, "leading or trailing whitespace"))
    # One glossary warning per rendering is enough.
    seen, unique = set(), []
    for f in out:
        if (f.check, f.message) not in seen:
            seen.add((f.check, f.message))
            unique.append(f)
    return unique


def _other_rendering_present(term: Term, glossary: GlossaryIndex, norm_zh: str) -> bool:
    """Whether another approved rendering of the same English form (another msgctxt)
    is in the Chinese."""
    return any(
        t.status == "approved" and t.zh and zh_spans(t.zh, norm_zh)
        for t in glossary.by_en[term.en.lower()]
    )
