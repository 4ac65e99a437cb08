"""The data the pipeline's stages hand each other, below every stage.

pages → :class:`Version` (one language of one news item, as read from one file)
pairing → :class:`Item` (an item's English and Chinese versions, either may be missing)
align → :class:`Bead` (paragraphs or sentences of one side aligned with the other's),
        :class:`Segment` (one aligned sentence pair inside one aligned paragraph row)
terms → :class:`Term` (a glossary entry), :class:`Use` (where a term occurs),
        :class:`Finding` (where the two languages disagree on a term)

The archive (``library.archive``) stores these and imports nothing else of the
pipeline, so every stage can be changed without touching the storage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, NamedTuple

Lang = Literal["zh", "en"]
"""One of the archive's two languages."""
LANGS: tuple[Lang, Lang] = ("zh", "en")
"""The archive's languages, Chinese first: the order of every pair of columns and sides."""


def other(lang: str) -> Lang:
    """The archive's other language: ``other("zh") == "en"``, ``other("en") == "zh"``;
    anything else is a caller's mistake, not a third language.

    >>> other("zh"), other("en")
    ('en', 'zh')
    """
    if lang == "zh":
        return "en"
    if lang == "en":
        return "zh"
    raise ValueError(f"language must be zh or en, not {lang!r}")


TM_THRESHOLD = 75.0
"""The lowest similarity (percent) of a translation-memory match by default: the lookup
page and command, and worksheets pre-filled from the memory (here, below every stage,
because the command line reads it without loading the memory's code)."""
DEFAULT_RATIO = 3.0
"""English characters per Chinese character of a translation, before a text's own ratio
is known (pairing's length evidence and the paragraph aligner both start from it)."""
PARAGRAPH_REVIEW_BELOW = 0.05
"""A two-sided paragraph bead scoring below this (exp(-cost)) is flagged for review."""
SENTENCE_REVIEW_BELOW = 0.2
"""A two-sided sentence pair whose lexical coverage is below this is flagged for review."""
SENTENCE_CHARS = 2_000
"""A side of a sentence pair longer than this is no sentence but a page (or a long stretch
of one) without sentence ends: term spotting leaves such a pair out (it says little of
which words translate which, and the work on a pair grows faster than its length), and
a concordance line shows only this much of its other side."""
TITLE = "title"
"""The bead type of an item's title pair: its versions' titles, the most carefully
translated sentence of a news item, stored as sentence pair 0 (body pairs are 1…), so
term lookups, the concordance, the translation memory and TMX see it like any pair."""


ABOUT_TEXTS = ("title", "description", "license", "source")
"""What an archive says of itself in words (``archive_info`` keys, each with a ``_zh``
twin where it is given in both languages: ``library.pages.about``)."""
ABOUT_URLS = ("license_url", "source_url")


def is_about(key: str) -> bool:
    """Whether an ``archive_info`` key is one of what the archive says of itself."""
    return key.removesuffix("_zh") in ABOUT_TEXTS or key in ABOUT_URLS


@dataclass
class Version:
    """One language of one news item, as read from one file."""

    path: Path
    rel: str
    """Path relative to the folder given to the build, with '/' separators."""
    lang: str
    """'en' or 'zh'."""
    title: str | None
    date: str | None
    """ISO date (YYYY-MM-DD) or None when the page has none."""
    paragraphs: list[str]
    format: str
    encoding: str
    category: str | None = None
    url: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    """The page's own links to its languages (``hreflang`` alternates, a language
    switch), by language: what pairing reads first (``library.pages.links``)."""
    doc_id: str | None = None
    """The front matter ``id``: versions sharing one are the same item."""
    script: str | None = None
    """For Chinese: 'Hant' when written in Traditional characters, else 'Hans'."""
    lang_from: str = "detected"
    """Where ``lang`` came from: 'front matter', 'html lang', 'file name', 'detected' or
    'worksheet'."""
    lang_claim: str | None = None
    """What the page said its language was when its text says otherwise ('en (file
    name)', 'zh (html lang)'): it is filed in the language of its text, and the build
    warns of it."""
    breadcrumb: str | None = None
    original: bool | None = None
    """Front matter ``original: true`` (the other language is the translation) or false."""
    nonspace: int = 0
    """Characters of the text that are not white space (what pairing's length ratio uses)."""
    han: int = 0
    """Han characters of the text."""
    record: int | None = None
    """For a page of a web archive (``path`` a WARC file): where its record starts, to
    read it again; ``rel`` is then the file's path, ``#`` and the captured URL."""
    translator: str | None = None
    """Who translated it (a worksheet's ``Last-Translator``); None for a published page."""
    translated: str | None = None
    """When (a worksheet's ``PO-Revision-Date``)."""
    digest: str | None = None
    """:func:`content_hash` of its title and text, taken when it is read: how the next
    build knows the page again under another name (its item keeps its id)."""

    @property
    def text(self) -> str:
        """The paragraphs joined by blank lines: what ``versions.text`` stores."""
        return "\n\n".join(self.paragraphs)

    def without_text(self) -> Version:
        """This version without its paragraphs, to hold many in little memory; the build
        reads the text again (``library.pages.read.with_text``) when it aligns the item."""
        return replace(self, paragraphs=[])


def content_hash(*parts: str | None) -> str:
    """A short hash of a version's title and text (``versions.content_hash``): the same
    story under another file name or URL has the same one."""
    h = hashlib.sha1()
    for p in parts:
        h.update((p or "").encode("utf-8") + b"\x00")
    return h.hexdigest()[:16]


def version_keys(version: Version) -> list[str]:
    """What identifies the story a version tells, strongest first: its front matter
    ``id``, its file (or WARC file and URL), its URL, its content. Each is how a later
    build finds the item this version was in (``library.pages.ids``)."""
    keys = [f"id:{version.doc_id}"] if version.doc_id else []
    keys.append(f"source:{version.rel}")
    if version.url:
        keys.append(f"url:{version.url}")
    if version.digest:
        keys.append(f"hash:{version.digest}")
    return keys


@dataclass(frozen=True)
class Retired:
    """An item id no live item has any more: its story is gone (410) or was merged
    into another item (``into``: 301). Ids are never given to another story."""

    id: str
    title_en: str | None
    title_zh: str | None
    into: str | None
    retired: str
    """The date of the build that retired it (ISO)."""
    keys: tuple[str, ...] = ()
    """Its versions' :func:`version_keys`: a page that comes back takes the id back."""


@dataclass
class KnownIds:
    """What a previous archive says of ids: which item each version key was in, each
    live item's titles, and the retired ids."""

    keys: dict[str, str] = field(default_factory=dict)
    titles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """Live item id → (English title, Chinese title)."""
    retired: dict[str, Retired] = field(default_factory=dict)

    @property
    def taken(self) -> set[str]:
        return set(self.titles) | set(self.retired)


@dataclass
class Item:
    """One news item: its English and Chinese versions (either may be missing)."""

    id: str
    en: Version | None
    zh: Version | None
    method: str
    """'id' (front matter), 'stem' (file names), 'link' (the pages link each other),
    'url' (their URLs differ by a language mark), 'auto' (scored), 'single' or
    'worksheet'."""
    score: float | None = None
    evidence: dict[str, float | str] = field(default_factory=dict)
    """What the pairing rests on: the links or URLs for 'link' and 'url', each
    feature's value for 'auto' (stored as ``items.pair_evidence``)."""

    @property
    def status(self) -> str:
        """'both', 'en_only' or 'zh_only'."""
        if self.en and self.zh:
            return "both"
        return "en_only" if self.en else "zh_only"

    @property
    def date(self) -> str | None:
        dates = [v.date for v in (self.en, self.zh) if v and v.date]
        return min(dates) if dates else None

    @property
    def original(self) -> str | None:
        """The language written first: front matter ``original`` if a page says, else
        the earlier-dated page; None when nothing tells (same day, or one language).

        Translation memories use it as the source language of the item's segments.
        """
        if not (self.en and self.zh):
            return None
        marks = {"en": self.en.original, "zh": self.zh.original}
        for lang in ("en", "zh"):  # English first: its claim decides a tie
            if marks[lang] is True and marks[other(lang)] is not True:
                return lang
            if marks[lang] is False and marks[other(lang)] is None:
                return other(lang)
        if self.en.date and self.zh.date and self.en.date != self.zh.date:
            return "en" if self.en.date < self.zh.date else "zh"
        return None

    @property
    def versions(self) -> list[Version]:
        return [v for v in (self.zh, self.en) if v]


@dataclass(frozen=True)
class Bead:
    """Units ``zh`` of the Chinese side aligned with units ``en`` of the English side
    (paragraphs, or sentences), by their positions."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    """The aligner's confidence, in [0, 1]. It means what the aligner measures: for
    paragraph beads exp(-cost) of length and anchor evidence
    (``library.align.paragraphs``), for sentence beads the lexical coverage
    (``library.align.sentences``)."""

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"

    @property
    def two_sided(self) -> bool:
        return bool(self.zh and self.en)


def paragraph_needs_review(bead: Bead) -> bool:
    """Whether a paragraph bead's alignment looks doubtful (shaded on the item page)."""
    return bead.two_sided and bead.score < PARAGRAPH_REVIEW_BELOW


@dataclass(frozen=True)
class Segment:
    """One aligned sentence pair (a sentence bead) inside one aligned paragraph row, or
    the item's title pair (:data:`TITLE`: the titles of its versions, at position 0)."""

    paragraph: int | None
    """Position of the paragraph row (``paragraphs.position``) it belongs to; None for
    the title pair, which stands above the paragraphs."""
    zh: str | None
    en: str | None
    kind: str
    """The bead type, ``1-1``, ``2-1``, ``0-1``…, or :data:`TITLE`."""
    score: float
    """Lexical coverage, 0–1 (see :attr:`Bead.score`)."""

    @property
    def is_title(self) -> bool:
        return self.kind == TITLE

    @property
    def needs_review(self) -> bool:
        """Whether the pair looks doubtful: both sides, little shared vocabulary."""
        return bool(self.zh and self.en) and self.score < SENTENCE_REVIEW_BELOW


STATUS_ORDER = {"approved": 0, "fuzzy": 1, "obsolete": 2}
"""A glossary status's rank, best first: of one name held by several entries, or of a
term's renderings, the better status counts (unknown ones rank after these: 3)."""


@dataclass(frozen=True)
class Term:
    """One glossary entry, as the archive stores it (``terms``) and every stage reads it:
    the one type of a term, loaded from a catalog or read from an archive."""

    id: str
    """Stable: a hash of catalog domain, context and English form."""
    en: str
    zh: str
    status: str
    """'approved', 'fuzzy' (a candidate nobody approved) or 'obsolete' (deprecated form)."""
    context: str | None = None
    note: str | None = None
    """The ``#.`` comment: definition, source, evidence."""
    references: str | None = None
    domain: str = "glossary"
    source: str = ""
    """The catalog file it was read from, and its ``line`` there."""
    line: int | None = None


class Use(NamedTuple):
    """A glossary term found in a sentence pair, on one side or both. A tuple: a
    termbase's check of an archive makes hundreds of thousands (an object each costs
    several times as much to make and to send to the process writing them)."""

    term_id: str
    segment: int
    """rowid of the segment."""
    item_id: str
    position: int
    """The segment's position in its item."""
    en: bool
    zh: bool


@dataclass
class Finding:
    """Where the two languages disagree on a glossary term (``library.terms.check``)."""

    kind: str
    """'missing_zh', 'missing_en', 'variant' or 'deprecated'."""
    term_id: str
    term_en: str
    expected: str
    """What the other side should have (renderings or English forms, ' | '-joined)."""
    found: str | None
    item_id: str
    position: int | None
    zh: str | None
    en: str | None

    def sort_key(self) -> tuple:
        """A total order: findings are stored in it, so two builds store the same rows."""
        return (
            self.item_id,
            -1 if self.position is None else self.position,
            self.kind,
            self.term_id,
            self.expected,
            self.found or "",
        )
