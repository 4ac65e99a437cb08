"""Translation memory over the archive's aligned sentence pairs.

A sentence is compared on its *key*: NFKC (full-width to half-width),
Traditional to Simplified, lower case, without whitespace and punctuation.
Equal keys are exact matches; otherwise similarity is rapidfuzz's normalised
Indel ratio of the keys (0–100), the measure Poedit and OmegaT users know as
"fuzzy %". Candidates come from the ``segments_fts`` index first: the
segments in the posting lists of the sentence's three rarest words (English)
or bigrams (Chinese), by the index's own document frequencies; rapidfuzz
scores their keys, computed once per :class:`Memory` and kept. A served archive
has one :class:`Memory` (:func:`shared`), so what one request computed serves
the next; each thread brings its own connection.

:func:`differences` says, word by word (character by character in Chinese), how a
match differs from the sentence looked up, as OmegaT shows it.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from .. import budget, model
from ..archive import read as archive
from ..archive.rows import side
from ..archive.search_sql import file_version
from ..caches import Kept
from ..model import LANGS, TM_THRESHOLD
from ..text.chinese import HAN, index_tokens, normalize

THRESHOLD = TM_THRESHOLD
MAX_CHARS = 2000
"""The longest sentence looked up: marking its differences from each match is quadratic
in its length (difflib), and a sentence is rarely a tenth of this."""
SENTENCE_LIKE = 300
"""A query up to this long is a sentence, whose lookup costs milliseconds (a served one
runs beside the other short requests); a longer one is looked up apart, where it cannot
hold up the others (its differences from a long match cost the most)."""
LISTS = 6
"""Posting lists read per lookup: those of the query's rarest tokens."""


@dataclass
class Match:
    score: float
    """Similarity of the keys, 0–100 (100: exact after normalisation)."""
    source: str
    target: str
    item_id: str
    position: int
    date: str | None = None


SHOWN_CHARS = 2 * MAX_CHARS
"""The most of a match's sentence (and of its translation) an answer shows: a page
without sentence ends is one "sentence" of a megabyte, whose whole text would make the
answer megabytes and its differences seconds of work."""


def shown(match: Match) -> tuple[Match, bool]:
    """``match`` as an answer shows it, its sides cut at :data:`SHOWN_CHARS` (with "…"),
    and whether either was cut."""
    cut = len(match.source) > SHOWN_CHARS or len(match.target) > SHOWN_CHARS
    if not cut:
        return match, False
    return (
        replace(
            match,
            source=_cut(match.source),
            target=_cut(match.target),
        ),
        True,
    )


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


Answer = list[tuple[Match, bool, list[tuple[str, str]]]]
"""(match shown, whether it was cut, its differences from the text asked about) each."""


def answer(memory: Memory, text: str, lang: str, limit: int, threshold: float) -> Answer:
    """(match shown, whether it was cut, its differences from ``text``) of the best matches:
    the whole of a request's work, run where the request's time budget holds (the
    differences are quadratic in the sides' lengths: never on the server's event loop)."""
    out: Answer = []
    for match in memory.lookup(text, lang, limit, threshold):
        match, cut = shown(match)
        out.append((match, cut, differences(text, match.source)))
    return out


def served(conn: sqlite3.Connection, text: str, lang: str, limit: int, threshold: float) -> Answer:
    """:func:`answer` from the archive's one memory (:func:`shared`) read through ``conn``:
    a module's function, which a pool of processes can be handed."""
    return answer(shared(conn), text, lang, limit, threshold)


def answer_size(found: Answer) -> int:
    """About how many characters an :func:`answer` holds (what keeping it costs)."""
    return sum(
        len(m.source) + len(m.target) + sum(len(t) for _, t in marks) for m, _, marks in found
    )


def key(text: str) -> str:
    """What TM matching compares: no case, width, script, space or punctuation differences.

    >>> key("QBPC 與 海關總署，舉行會議。") == key("qbpc与海关总署,举行会议")
    True
    """
    return _strip(normalize(text).lower())


def _strip(text: str) -> str:
    """Without whitespace, punctuation, separators and symbols."""
    return "".join(c for c in text if not (c.isspace() or unicodedata.category(c)[0] in "PZS"))


def tokens(text: str, lang: str) -> set[str]:
    """The search index's tokens of a sentence (:func:`~library.text.chinese.index_tokens`:
    bigrams and run ends of Chinese, words), without one-letter English words."""
    found = set(index_tokens(text))
    return found if lang == "zh" else {w for w in found if len(w) > 1}


def keys(texts: list[str]) -> list[str]:
    """:func:`key` of many texts, normalised in one call (OpenCC's per-call cost dominates
    short sentences)."""
    if not texts:
        return []
    joined = normalize("\n".join(t.replace("\n", " ") for t in texts)).lower()
    return [_strip(line) for line in joined.split("\n")]


ANSWERS = 2048
"""Answers a memory remembers (the least recently asked go first)."""


Rowids = npt.NDArray[np.int64]
"""Segment rowids, sorted, as the memory intersects them."""


class Memory:
    """Lookups against one archive, remembering the keys of the sentences it has scored
    (a batch of worksheets asks about the same few thousand again and again)."""

    def __init__(
        self, conn: sqlite3.Connection, threshold: float = THRESHOLD, answers: int = ANSWERS
    ) -> None:
        self._local = threading.local()
        self._default = conn
        self.threshold = threshold
        self._keys: dict[tuple[int, str], str | None] = {}  # (rowid, lang) → key
        self._frequency: dict[tuple[str, str], int] = {}
        self._complete: set[str] = set()  # languages whose keys are all preloaded
        self._table: dict[str, tuple[Rowids, list[str]]] = {}  # lang → (rowids, keys)
        self._postings: dict[tuple[str, str], Rowids] = {}
        # News repeats itself: the answers to sentences asked again are kept.
        self._answers: Kept[tuple[str, str, float, int], list[Match]] = Kept(answers)

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (:meth:`use`), else the one the memory was made with."""
        return getattr(self._local, "conn", None) or self._default

    def use(self, conn: sqlite3.Connection) -> Memory:
        """Read through ``conn`` in this thread (a served archive has a connection per
        thread; what the memory knows is shared)."""
        self._local.conn = conn
        return self

    def _rarest(self, found: set[str], lang: str) -> list[str]:
        """The query's tokens from rarest to commonest in the archive (never-seen ones out).

        A sentence 75% like the query shares most of its tokens, so it holds one of
        the few rarest; their posting lists are the shortest way to it."""
        unknown = {t for t in found if (lang, t) not in self._frequency}
        for t, n in archive.segment_doc_frequencies(self.conn, lang, unknown).items():
            self._frequency[(lang, t)] = n
        return [t for n, t in sorted((self._frequency[(lang, t)], t) for t in found) if n]

    def _keys_of(self, rowids: Rowids, lang: str) -> tuple[list[int], list[str]]:
        """Rowids of two-sided segments among ``rowids`` (a sorted int array) and their
        ``lang`` keys: from the preloaded table, else computed and cached."""
        if lang in self._complete:
            table, keylist = self._table[lang]
            at = np.searchsorted(table, rowids)
            ok = at < len(table)
            ok[ok] = table[at[ok]] == rowids[ok]  # one-sided segments are not in the table
            at = at[ok]
            return table[at].tolist(), [keylist[i] for i in at.tolist()]
        listed: list[int] = rowids.tolist()
        wanted = [r for r in listed if (r, lang) not in self._keys]
        if wanted:
            rows = archive.two_sided_by_rowid(self.conn, wanted)
            known = {row["rowid"] for row in rows}
            texts = [side(row, lang) or "" for row in rows]
            for row, computed in zip(rows, keys(texts), strict=True):
                self._keys[(row["rowid"], lang)] = computed
            for r in wanted:
                if r not in known:
                    self._keys[(r, lang)] = None  # one-sided: no use to a memory
        ids: list[int] = []
        found: list[str] = []
        for r in listed:
            k = self._keys[(r, lang)]
            if k is not None:
                ids.append(r)
                found.append(k)
        return ids, found

    def _posting(self, lang: str, token: str) -> Rowids:
        """A token's posting list as a sorted int array (kept: a batch of worksheets asks
        for the same tokens again and again)."""
        found = self._postings.get((lang, token))
        if found is None:
            found = self._postings[(lang, token)] = np.sort(
                np.fromiter(archive.segments_with_token(self.conn, lang, token), dtype=np.int64)
            )
        return found

    def preload(self, lang: str) -> None:
        """Compute every two-sided segment's ``lang`` key at once (a batch of worksheets
        touches most of them; in bulk, OpenCC and the key filter cost far less)."""
        rows = sorted(
            archive.two_sided_segments(self.conn, with_rowid=True), key=lambda r: r["rowid"]
        )
        self._table[lang] = (
            np.array([r["rowid"] for r in rows], dtype=np.int64),
            keys([side(r, lang) or "" for r in rows]),
        )
        self._complete.add(lang)

    def lookup(
        self, text: str, lang: str, limit: int = 5, threshold: float | None = None
    ) -> list[Match]:
        """Archive sentences in ``lang`` like ``text``, with their translations, best first."""
        if lang not in LANGS:
            raise ValueError(f"language must be zh or en, not {lang!r}")
        threshold = self.threshold if threshold is None else threshold
        wanted = key(text)
        asked = (lang, wanted, threshold, limit)
        found = self._answers.made(
            asked, lambda: self._lookup(text, wanted, lang, limit, threshold)
        )
        return list(found)

    def _lookup(
        self, text: str, wanted: str, lang: str, limit: int, threshold: float
    ) -> list[Match]:
        rarest = self._rarest(tokens(text, lang), lang)
        if not wanted or not rarest:
            return []
        other = model.other(lang)
        # Segments holding the most of the rarest tokens: a sentence 75% like the query
        # shares most of them, so those one short of the best count are kept too.
        every = np.sort(np.concatenate([self._posting(lang, t) for t in rarest[:LISTS]]))
        if not len(every):
            return []
        starts = np.flatnonzero(np.concatenate(([True], every[1:] != every[:-1])))
        counts = np.diff(np.append(starts, len(every)))
        keep = counts >= max(1, counts.max() - 1)
        ids, found = self._keys_of(every[starts[keep]], lang)
        budget.check()
        best = process.extract(
            wanted, found, scorer=fuzz.ratio, score_cutoff=threshold, limit=max(limit * 4, 20)
        )
        rows = {
            r["rowid"]: r
            for r in archive.two_sided_by_rowid(self.conn, [ids[i] for _, _, i in best])
        }
        out = []
        for _, score, i in best:
            row = rows[ids[i]]
            score = 100.0 if found[i] == wanted else score
            out.append(
                Match(
                    round(score, 1),
                    side(row, lang) or "",
                    side(row, other) or "",
                    row["item_id"],
                    row["position"],
                    row.get("date"),
                )
            )
        out.sort(key=lambda m: (-m.score, m.item_id, m.position))
        return out[:limit]


def lookup(
    conn: sqlite3.Connection, text: str, lang: str, threshold: float = THRESHOLD, limit: int = 5
) -> list[Match]:
    """One lookup (:meth:`Memory.lookup` without keeping the cache)."""
    return Memory(conn, threshold).lookup(text, lang, limit)


_SHARED: Kept[str, Memory] = Kept(8)
"""The memory of each archive file served (eight at most), for the file's present state:
made on first use, made again (once, however many threads ask) when the file changes."""


def shared(conn: sqlite3.Connection) -> Memory:
    """The one memory of the archive file ``conn`` reads (made on first use, made again
    when the file changes), reading through ``conn`` in this thread."""
    path, *state = file_version(conn)
    if path is None:
        return Memory(conn)
    return _SHARED.made(path, lambda: Memory(conn), tuple(state), once=True).use(conn)


_PIECE = re.compile(f"[{HAN}]|(?:(?![{HAN}])[^\\W_])+|\\s+|[^\\w\\s]|_")
"""A unit of comparison: one Han character, a word, a run of spaces, a punctuation mark."""


def differences(query: str, match: str) -> list[tuple[str, str]]:
    """How ``match`` differs from ``query``, piece by piece (a word; a character of
    Chinese): ``(op, text)`` with op ``same``, ``query`` (only in the query: what the new
    sentence says that the memory's does not) or ``match`` (only in the memory's
    sentence), compared as TM keys compare (case, width and script aside).

    >>> differences("Ningbo Customs seized 86 toys.", "Ningbo Customs seized 12 toys.")
    [('same', 'Ningbo Customs seized '), ('query', '86'), ('match', '12'), ('same', ' toys.')]
    >>> differences("宁波海关查获玩具", "寧波海關查獲手錶")
    [('same', '寧波海關查獲'), ('query', '玩具'), ('match', '手錶')]
    >>> differences("为100名关员", "为86名关员")
    [('same', '为'), ('query', '100'), ('match', '86'), ('same', '名关员')]
    """
    a, b = _PIECE.findall(query), _PIECE.findall(match)
    matcher = difflib.SequenceMatcher(
        None, [normalize(p).lower() for p in a], [normalize(p).lower() for p in b], autojunk=False
    )
    out: list[tuple[str, str]] = []

    def add(op: str, pieces: list[str]) -> None:
        text = "".join(pieces)
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("same", b[j1:j2])
        else:
            add("query", a[i1:i2])
            add("match", b[j1:j2])
    return out
