"""A page's language and its item stem, from its name, its declaration or its text."""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import SourceError
from ..files import load_derived
from ..model import Version
from ..text.chinese import han_count, han_ratio
from .links import lang_folder

ZH_THRESHOLD = 0.2
"""Han share of letters above which a page is Chinese (acronyms pull it below 1)."""

_LANG_MARK = re.compile(r"\.(en|zh|zh[-_](?:cn|hans|tw|hk|hant))$", re.IGNORECASE)


def stem_of(path: Path) -> str:
    """``news/2022-03-30-gacc.en.txt`` → ``2022-03-30-gacc``.

    >>> stem_of(Path("a/2022-03-30-gacc.zh-CN.txt"))
    '2022-03-30-gacc'
    """
    return _LANG_MARK.sub("", Path(path).stem)


NO_NAME = {"index", "default", "home", "main", ""}
"""File stems that name no story: such a page is named by its folder."""


def name_parts(version: Version) -> list[str]:
    """The parts of a version's path (or crawled URL: host, then path) that can name its
    story, outermost first, the file's stem (``stem_of``) last: language folders and
    index-like names (``index.html``, a URL ending in ``/``) say nothing of it.

    >>> from library.model import Version
    >>> name_parts(Version(Path("/s/xiamen/en/index.html"), "xiamen/en/index.html", "en",
    ...                    None, None, [], "html", "utf-8"))
    ['s', 'xiamen']
    """
    if version.record is not None and "#" in version.rel:
        url = urlsplit(version.rel.split("#", 1)[1])
        parts = [url.hostname or "page", *url.path.split("/")]
    else:
        parts = [p for p in version.path.parts if p != version.path.anchor]
    last = len(parts) - 1
    named = (stem_of(Path(p)) if k == last and p else p for k, p in enumerate(parts))
    return [
        name
        for k, name in enumerate(named)
        if name.lower() not in NO_NAME and not (k < last and lang_folder(name))
    ]


def version_stem(version: Version) -> str:
    """The name a version's item is known by: the last of its :func:`name_parts` (its
    file's stem; for ``index.html`` and its kind, the folder that holds it, passing
    language folders: ``b/en/index.html`` → ``b``), else ``index``."""
    parts = name_parts(version)
    return parts[-1] if parts else "index"


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


SAMPLE_CHARS = 1_000
"""How much of a page's text its language is told from (the start of its title and body):
a few sentences tell Chinese from English, and the build reads every page."""
LATIN_ENOUGH = 60
"""Latin letters below which a text's language is not told from its words (a title of
names and acronyms): the page's claim stands."""
OTHER_SURE = 0.95
"""The language identifier's probability above which a Latin text is taken to be in that
other language (German, French…), not English with many names."""
ENGLISH_SHARE = 0.12
"""English function words (the, of, and…) at or above this share of a Latin text's words
make it English without asking the identifier: English prose runs at 20–30 %, German,
French or Spanish prose under 3 %, and the identifier costs more than the rest of
reading a page."""
_ENGLISH = frozenset(
    "the of and to in a is was for on that with by as at from are be has have it its "
    "this were which an or said will been their after they he she".split()
)
_WORD = re.compile(r"[a-z]+")
_NOT_LATIN = re.compile(r"[^A-Za-z\u00c0-\u024f]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u3400-\u9fff\uf900-\ufaff]")
_IDENTIFIER = None


def _identifier():
    """py3langid's identifier (97 languages, shipped in the package), for Latin text that
    may not be English. Its model is an LZMA-compressed npz: 0.5 s to load, so its arrays
    are kept decompressed in the cache (``files.derived_file``) and mapped in 0.02 s."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid import langid

        model = Path(langid.MODEL_FILE)
        model = model if model.is_absolute() else Path(langid.MODEL_DIR) / model
        _IDENTIFIER = load_derived(
            "langid-model.npys",
            model,
            lambda out: _unpack(model, out),
            lambda kept: _from_arrays(langid, kept),
        ) or langid._load_identifier(norm_probs=True)
    return _IDENTIFIER


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _unpack(model: Path, out: Path) -> None:
    """The model's arrays, one ``.npy`` after another in ``out`` (no zip to check)."""
    import lzma
    import shutil
    import tempfile

    import numpy as np

    with tempfile.TemporaryFile() as npz:
        with lzma.open(model) as src:
            shutil.copyfileobj(src, npz, 1 << 20)
        npz.seek(0)
        with np.load(npz, allow_pickle=False) as data, open(out, "wb") as f:
            for name in _MODEL_ARRAYS:
                np.save(f, data[name], allow_pickle=False)


def _from_arrays(langid, kept: Path):
    """The identifier py3langid's ``from_model_file`` makes, over the unpacked arrays
    mapped from the file, not read: a build that meets one non-English-looking page reads
    the few pages of the model that page's features touch, not all 68 MB (None if this
    py3langid or numpy lays its model out otherwise: the caller loads it as shipped)."""
    import mmap

    import numpy as np
    from numpy.lib import format as npy

    try:
        with open(kept, "rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            arrays, starts = {}, {}
            for name in _MODEL_ARRAYS:
                version = npy.read_magic(f)
                read = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
                shape, _, dtype = read(f)
                count, starts[name] = int(np.prod(shape)), f.tell()
                arrays[name] = np.frombuffer(mapped, dtype, count, starts[name]).reshape(shape)
                f.seek(starts[name] + count * dtype.itemsize)
        nextmove = arrays["nextmove"]
        if nextmove.dtype != np.dtype("=u4"):
            return None
        start = starts["nextmove"]
        return langid.LanguageIdentifier(
            arrays["ptc"],
            arrays["pc"],
            arrays["classes"].tolist(),
            memoryview(mapped)[start : start + nextmove.nbytes].cast("I"),  # read per byte
            arrays["out_feat"].tolist(),
            norm_probs=True,
            tk_row=arrays["nextmove_row"].tolist(),
        )
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return None


LANGUAGE_NAMES = {
    "ja": "Japanese", "ko": "Korean", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "ar": "Arabic",
    "vi": "Vietnamese", "id": "Indonesian", "ms": "Malay", "tr": "Turkish", "pl": "Polish",
    "sv": "Swedish", "th": "Thai", "el": "Greek", "uk": "Ukrainian", "hi": "Hindi",
}  # fmt: skip
"""Names for the languages a crawl most often brings, for messages (else the code)."""


def text_language(text: str) -> str | None:
    """The language ``text`` is written in: 'zh', 'en', another ISO 639-1 code, or None
    when it is too short to tell.

    Chinese by the share of Han characters among letters (news quotes acronyms), unless
    kana or hangul say Japanese or Korean; Latin text is English unless py3langid is
    sure of another language.

    >>> text_language("海关总署综合业务司副司长孙晓路会见QBPC代表。")
    'zh'
    >>> text_language("GACC")  # a few letters: nothing to tell
    >>> text_language("Die Zollbehörden trafen sich am Montag in Berlin mit den Inhabern "
    ...               "bekannter Marken.")
    'de'
    """
    sample = text[:SAMPLE_CHARS]
    han = han_count(sample)
    latin = len(_NOT_LATIN.sub("", sample))
    if han >= 2 and han >= ZH_THRESHOLD * (han + latin):  # han_ratio, counted once
        kana = len(_KANA.findall(sample))
        return "ja" if kana >= 5 and kana >= 0.1 * (han + kana) else "zh"
    other = len(_OTHER_LETTER.findall(sample))  # kana, hangul, Cyrillic, Arabic, Thai…
    if other >= 5 and other > latin:
        hangul = len(_HANGUL.findall(sample))
        if hangul >= 0.5 * other:
            return "ko"
        if len(_KANA.findall(sample)) >= 0.3 * other:
            return "ja"
        return str(_identifier().classify(sample)[0]) if other >= LATIN_ENOUGH else None
    if latin < LATIN_ENOUGH:
        return None
    words = _WORD.findall(sample.lower())
    if sum(map(_ENGLISH.__contains__, words)) >= ENGLISH_SHARE * len(words):
        return "en"
    found, probability = _identifier().classify(sample)
    return str(found) if found != "en" and probability >= OTHER_SURE else "en"


def language_name(code: str) -> str:
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


KNOWN: ContextVar[tuple[str, str, str | None] | None] = ContextVar("known_lang", default=None)
"""Set while a page is read again for its text (``pages.read.with_text``): its language as
the first reading told it, so the build tells each page's language once."""


def detect_lang(
    path: Path, sample: str, declared: object = None, override: bool = False
) -> tuple[str, str, str | None]:
    """(language, where it came from, what the page claimed when its text says otherwise).

    The text decides: a page named ``x.en.txt``, or declaring ``lang="en"``, whose text
    is Chinese is Chinese (``lang_from`` 'detected', the claim returned for the build's
    warning), unless front matter forces its ``lang`` with ``lang_override: true``. A
    page in neither language is a :class:`SourceError`.
    """
    if (known := KNOWN.get()) is not None:  # a page read again: as its first reading found
        return known
    claimed, source = normalize_lang(declared), "front matter"
    if not claimed:
        claimed, source = lang_from_name(path), "file name"
    if claimed and override:
        return claimed, source, None
    found = text_language(sample)
    if found not in (None, "zh", "en"):
        raise SourceError(
            f"the page is in {language_name(found)}, neither Chinese nor English",
            path=path,
            hint="move it out of the folder; if it is in fact Chinese or English, say so "
            "in front matter with 'lang' and 'lang_override: true'",
        )
    if claimed and (found is None or found == claimed):
        return claimed, source, None
    if found is None:  # nothing claimed, nothing to tell: English, as Latin text is
        return (
            ("zh" if han_ratio(sample[:SAMPLE_CHARS]) >= ZH_THRESHOLD else "en"),
            "detected",
            None,
        )
    return found, "detected", (f"{claimed} ({source})" if claimed else None)
