"""A page's language and its item stem, from its name, its declaration or its text."""

from __future__ import annotations

import re
from pathlib import Path

from ..text.chinese import han_ratio

ZH_THRESHOLD = 0.2
"""Han share of letters above which a page is Chinese (acronyms pull it below 1)."""

_LANG_MARK = re.compile(r"\.(en|zh|zh[-_](?:cn|hans|tw|hk|hant))$", re.IGNORECASE)


def stem_of(path: Path) -> str:
    """``news/2022-03-30-gacc.en.txt`` → ``2022-03-30-gacc``.

    >>> stem_of(Path("a/2022-03-30-gacc.zh-CN.txt"))
    '2022-03-30-gacc'
    """
    return _LANG_MARK.sub("", Path(path).stem)


def lang_from_name(path: Path) -> str | None:
    """'en'/'zh' when the file name carries a ``.en.``/``.zh.`` mark."""
    m = _LANG_MARK.search(Path(path).stem)
    return None if not m else ("zh" if m.group(1).lower().startswith("zh") else "en")


def normalize_lang(value: object) -> str | None:
    """Front matter ``lang`` values (``zh-CN``, ``zh_Hant``, ``English``…) → 'en'/'zh'."""
    v = str(value or "").strip().lower()
    if v.startswith(("zh", "cn", "chinese", "中")):
        return "zh"
    if v.startswith(("en", "english")):
        return "en"
    return None


def detect_lang(path: Path, sample: str, declared: object = None) -> tuple[str, str]:
    lang = normalize_lang(declared)
    if lang:
        return lang, "front matter"
    lang = lang_from_name(path)
    if lang:
        return lang, "file name"
    return ("zh" if han_ratio(sample) >= ZH_THRESHOLD else "en"), "detected"
