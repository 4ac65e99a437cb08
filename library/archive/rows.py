"""The rows the archive hands out, one type per kind: what crosses its door.

They are ``TypedDict``s, not dataclasses: a row is still the dict keyed by column name
that a cursor gives, that templates read and that JSON answers carry as they are, and
building one costs nothing more; but mypy knows its keys, so a column renamed in SQL and
not in a reader is an error before anything runs. ``tests/archive/test_rows.py`` holds
each type against the rows the queries really return, so the SQL and its type cannot
drift apart. (No ``from __future__ import annotations`` here: with it, Python 3.11
cannot tell a ``NotRequired`` key, and ``__required_keys__`` would say every key is
required.) A glossary term is not a row here: it is :class:`library.model.Term`
everywhere, stored or loaded.
"""

from typing import NotRequired, TypedDict, final


class DatedPair(TypedDict):
    """A sentence pair with its place, its score and its item's date."""

    item_id: str
    position: int
    zh: str | None
    en: str | None
    score: float
    date: str | None


@final
class SegmentRow(DatedPair):
    """A sentence pair found by its rowid or the search index."""

    rowid: int


@final
class Stub(TypedDict):
    """A sentence pair known by its rowid alone, to be read when needed (an update's
    pairs lacking a rendering, ``update.missing_rows``)."""

    rowid: int


class PairRow(TypedDict):
    """A two-sided sentence pair (what the translation memory and preloads read);
    ``rowid`` only when asked for."""

    rowid: NotRequired[int]
    item_id: str
    position: int
    zh: str
    en: str


class MemoryRow(TypedDict):
    """A two-sided sentence pair with what a translation memory says of where it comes
    from: its item's date, original language, script, English title and URLs."""

    item_id: str
    position: int
    bead: str
    zh: str
    en: str
    score: float
    date: str | None
    original: str | None
    script_zh: str | None
    title_en: str | None
    url_zh: str | None
    url_en: str | None


class ParagraphRow(TypedDict):
    """An aligned paragraph row of an item page, with its two sides' text."""

    position: int
    bead: str
    zh: str | None
    en: str | None
    score: float
    review: bool


class PageSegment(TypedDict):
    """A sentence pair of an item page, in its paragraph row (None: the title pair)."""

    position: int
    paragraph: int | None
    bead: str
    zh: str | None
    en: str | None
    score: float
    review: int


class PageVersion(TypedDict):
    """What an item page says of one of its versions (not its text: the paragraph rows
    show it)."""

    lang: str
    title: str | None
    date: str | None
    category: str | None
    url: str | None
    source: str
    format: str
    encoding: str
    script: str | None


class VersionRow(TypedDict):
    """One language of an item, with its whole text."""

    lang: str
    title: str | None
    text: str
    source: str
    url: str | None
    date: str | None
    lang_from: str | None


class HistoryRow(TypedDict):
    """A version an import replaced (``version_history``)."""

    lang: str
    revision: int
    superseded: str
    title: str | None
    text: str
    source: str | None
    lang_from: str | None
    translator: str | None


class ItemPage(TypedDict):
    """All an item's page reads at once (``read.item_page``)."""

    paragraphs: list[ParagraphRow]
    segments: list[PageSegment]
    versions: dict[str, PageVersion]
    history: list[HistoryRow]
    total: int


class ItemLine(TypedDict):
    """An item as a list shows it: id, date, titles, language status."""

    id: str
    date: str | None
    title_zh: str | None
    title_en: str | None
    status: str


class YearCount(TypedDict):
    year: int | None
    count: int


class Summary(TypedDict):
    """What the archive holds, for its landing page (``read.summary``)."""

    items: int
    status: dict[str, int]
    years: list[YearCount]
    latest: list[ItemLine]
    segments: int
    terms: int
    skipped: int


class FeedItem(ItemLine):
    """A feed entry: an item with the start of each version's text."""

    rowid: int
    summary_en: str | None
    summary_zh: str | None


class FoundItem(ItemLine):
    """An item a search found, with its year, categories and bm25 score (None when
    ordered newest first)."""

    rowid: int
    year: int | None
    category_en: str | None
    category_zh: str | None
    score: float | None


class SnippetPair(TypedDict):
    """A body sentence pair read for a search result's snippet."""

    position: int
    zh: str | None
    en: str | None


class FoundPair(DatedPair):
    """A sentence pair the search found, with its item's titles."""

    title_en: str | None
    title_zh: str | None


class ItemFacts(TypedDict):
    """What a TMX unit says of where its pair comes from (``search_sql.item_facts``);
    a version's URL only for the languages the item has."""

    date: str | None
    original: str | None
    script_zh: str | None
    url_zh: NotRequired[str | None]
    url_en: NotRequired[str | None]


class Moved(TypedDict):
    """A retired id merged into a live item."""

    id: str


class Gone(TypedDict):
    """A retired id whose story left the archive."""

    title_en: str | None
    title_zh: str | None
    retired: str


def side(row: SegmentRow | PairRow, lang: str) -> str | None:
    """A sentence pair's text in ``lang`` ('zh' or 'en'): the key a reader holds only as
    a string, which a TypedDict does not take."""
    if lang == "zh":
        return row["zh"]
    if lang == "en":
        return row["en"]
    raise ValueError(f"language must be zh or en, not {lang!r}")
