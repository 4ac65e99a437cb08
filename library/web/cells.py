"""The archive's cells as readers see them: content carries its language (``lang``),
coded values their labels, category keys their names, item ids link to the item."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from ..model import LANGS
from ..text.chinese import has_han, is_traditional
from . import i18n, labels
from .databases import category_labels, is_archive_database, item_ids

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


CONTENT_COLUMNS: dict[str, dict[str, str]] = {
    "items": {
        "title_zh": "zh",
        "title_en": "en",
        "category_zh": "zh",
        "category_en": "en",
        "category": "label",
    },
    "categories": {"category": "label", "en": "en", "zh": "zh"},
    "versions": {"title": "row", "text": "row", "category": "row", "breadcrumb": "row"},
    "segments": {"zh": "zh", "en": "en"},
    "terms": {"zh": "zh", "en": "en", "context": "en", "note": "en"},
    "term_findings": {"zh": "zh", "en": "en", "term_en": "en"},
}
"""The archive's columns that hold content, and its language ("row": the row's ``lang``;
"label": a category key, shown by its name in the interface language)."""
TITLES = ("title_en", "title_zh")
"""The items table's titles: links to the item."""
ARCHIVE_TABLES = {
    "items",
    "categories",
    "versions",
    "paragraphs",
    "segments",
    "terms",
    "term_uses",
    "term_findings",
}


def content_lang(text: str, lang: str) -> str:
    """The BCP 47 tag of a piece of content: ``zh-Hans``/``zh-Hant`` by its characters,
    ``en``; browsers pick fonts and screen readers voices by it.

    >>> content_lang("海關總署", "zh"), content_lang("海关总署", "zh"), content_lang("GACC", "en")
    ('zh-Hant', 'zh-Hans', 'en')
    """
    if lang == "zh":
        return "zh-Hant" if is_traditional(text) else "zh-Hans"
    return lang


@functools.lru_cache(maxsize=256)
def markdown(text: str | None) -> Markup:
    """A description written in Markdown (metadata.yml) as HTML; raw HTML in it is
    escaped, not passed through.

    >>> markdown("Use *q*: [`a.json`](/x?a=1&b=2)")
    Markup('<p>Use <em>q</em>: <a href="/x?a=1&amp;b=2"><code>a.json</code></a></p>\\n')
    """
    if not text:
        return Markup("")
    from markdown_it import MarkdownIt

    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


def text_lang(text: str | None) -> str:
    """The language tag of a piece of text whose language is not known: Chinese when it
    has Han characters, else English.

    >>> text_lang("品保委新闻"), text_lang("QBPC News")
    ('zh-Hans', 'en')
    """
    return content_lang(text, "zh") if text and has_han(text) else "en"


QUERY_CONTENT = {
    column: lang
    for columns in CONTENT_COLUMNS.values()
    for column, lang in columns.items()
    if lang != "row"
} | {"aligned": "?"}
"""Content columns of the archive's canned queries, by name (a query has no table)."""


def _html(template: str, *values: object) -> Markup:
    """``template`` with each value escaped: what ``Markup.format`` does, several times
    faster (a table page renders hundreds of cells).

    >>> _html('<span lang="{}">{}</span>', "en", "<b>&")
    Markup('<span lang="en">&lt;b&gt;&amp;</span>')
    """
    return Markup(template.format(*(escape(str(v)) for v in values)))


@hookimpl
def render_cell(
    row: Any, value: object, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | Callable[[], Awaitable[Markup | None]] | None:
    """The ``segments`` view's ``item_id`` links to the item, as a table's foreign key
    would (a view has none); the archive's content cells carry their language."""
    if table == "segments" and column == "item_id" and isinstance(value, str):
        return _segment_item_link(value, database, datasette)
    if table is None and column in ("id", "item_id") and isinstance(value, str):
        return _item_link(value, database, datasette)
    known = table in ARCHIVE_TABLES or table is None
    coded = known and column in labels.VALUES and value is not None
    lang = CONTENT_COLUMNS.get(table, {}).get(column) if table else QUERY_CONTENT.get(column)
    if not coded and (lang is None or not isinstance(value, str) or not value.strip()):
        return None
    if lang == "row":
        lang = row["lang"] if "lang" in row.keys() and row["lang"] in LANGS else ""
        if not lang:
            return None
    text = str(value)

    async def inner() -> Markup | None:
        if not await is_archive_database(datasette.get_database(database)):
            return None
        label = labels.value_label(column, text) if coded else None
        if label:
            return _html('<span title="{}">{}</span>', text, label)
        if lang is None or not text.strip():
            return None
        if lang == "label":
            names = await category_labels(datasette.get_database(database))
            label = i18n.label(*names.get(text, (text, None))) or text
            return _html('<span lang="{}" title="{}">{}</span>', text_lang(label), text, label)
        limit = datasette.setting("truncate_cells_html")
        shown = text[:limit] + "\u2026" if limit and len(text) > limit else text
        tag = text_lang(text) if lang == "?" else content_lang(text, str(lang))
        if table == "items" and column in TITLES and "id" in row.keys():
            # The reader's way into the story: its titles (the id column is not shown).
            href = datasette.urls.row(database, "items", tilde_encode(str(row["id"])))
            return _html('<a href="{}" lang="{}">{}</a>', href, tag, shown)
        return _html('<span lang="{}">{}</span>', tag, shown)

    return inner


def _segment_item_link(
    value: str, database: str, datasette: Datasette
) -> Callable[[], Awaitable[Markup | None]]:
    """An archive's ``segments.item_id`` as a link to the item (another database's
    ``segments`` table is left alone)."""

    async def inner() -> Markup | None:
        if not await is_archive_database(datasette.get_database(database)):
            return None
        return _html(
            '<a href="{}">{}</a>',
            datasette.urls.row(database, "items", tilde_encode(value)),
            escape(value),
        )

    return inner


def _item_link(value: str, database: str, datasette: Datasette) -> Callable[[], Awaitable]:
    """An item id in a query's results, as a link to the item (when it is one)."""

    async def inner() -> Markup | None:
        db = datasette.get_database(database)
        if not await is_archive_database(db):
            return None
        if value not in await item_ids(db):
            return None
        return _html(
            '<a href="{}">{}</a>', datasette.urls.row(database, "items", tilde_encode(value)), value
        )

    return inner
