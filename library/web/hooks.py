"""Connection hooks (the archive's SQL functions, the stock search box compiled to the
bigram shadow), cell rendering, and the interface language: each request answered in
its reader's language (``i18n``), templates translated through Jinja's i18n extension."""

from __future__ import annotations

import contextvars
import functools
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from ..archive.schema import bound_memory, is_archive, register_functions
from ..model import LANGS
from ..query import warm_up
from ..text.chinese import has_han, is_traditional
from ..text.query_compiler import fts_query
from . import broad, datasette_strings, homecache, i18n, identity, labels, scheduling
from .databases import category_labels, is_archive_database, item_ids

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


@hookimpl(trylast=True)
def startup(datasette: Datasette) -> Callable[[], Awaitable[None]]:
    """Warm up before serving an archive (``library.query.warm_up``: a second or
    so, once per process): the first search would otherwise spend it, past its time
    budget. Then make the home page in each interface language (``homecache``), so the
    first readers do not each wait for its seventy queries."""

    async def inner() -> None:
        for db in list(datasette.databases.values()):
            if await is_archive_database(db):
                scheduling.install(datasette)
                scheduling.start_apart()
                await db.execute_fn(warm_up)
                # The last startup hook (trylast): what is left of Datasette's startup is
                # to mark it done; marked now, the home-page requests below do not run
                # the startup hooks again. ``bilib serve`` runs startup before listening,
                # so the pages are made before the first reader comes.
                datasette._startup_invoked = True
                if not _SERVING.get():  # not when a request started it: it holds a page
                    await _warm_home(datasette)
                return

    return inner


_SERVING: contextvars.ContextVar[bool] = contextvars.ContextVar("bilib_serving", default=False)
"""True while a request is answered (set by the ASGI wrapper)."""


async def _warm_home(datasette: Datasette) -> None:
    """Ask for the home page once per interface language (``homecache`` keeps them)."""
    for locale in i18n.LOCALES:
        try:
            await datasette.client.get("/", headers={"Accept-Language": locale.replace("_", "-")})
        except Exception:  # noqa: BLE001 - a warm-up; the first reader will make it instead
            return


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """On archives only (another database served beside it gets none of this): the
    archive's SQL functions, ``escape_fts`` registered again after Datasette's own, and
    a bound on the memory one query can take (``library.archive.schema.bound_memory``).

    Datasette's table search (``?_search=``) and its JSON API call
    ``escape_fts(:search)``; with this the stock search box compiles queries to
    the bigram shadow and never raises an FTS5 syntax error.
    """
    if is_archive(conn):
        register_functions(conn)
        conn.create_function("escape_fts", 1, fts_query, deterministic=True)
        bound_memory(conn)


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
    "terms": {"zh": "zh", "en": "en"},
    "term_findings": {"zh": "zh", "en": "en", "term_en": "en"},
}
"""The archive's columns that hold content, and its language ("row": the row's ``lang``;
"label": a category key, shown by its name in the interface language)."""
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
        if coded:
            label = labels.value_label(column, text)
            return _html('<span title="{}">{}</span>', text, label) if label else None
        if lang == "label":
            names = await category_labels(datasette.get_database(database))
            label = i18n.label(*names.get(text, (text, None))) or text
            return _html('<span lang="{}" title="{}">{}</span>', text_lang(label), text, label)
        limit = datasette.setting("truncate_cells_html")
        shown = text[:limit] + "\u2026" if limit and len(text) > limit else text
        tag = text_lang(text) if lang == "?" else content_lang(text, str(lang))
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


ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[ASGIApp], ASGIApp]:
    """Answer each request in its reader's language; ``?_lang=`` also sets the cookie
    that keeps the choice, and HTML answers vary by the headers that choose it. A broad
    search of an archive's items table skips its facets (``library.web.broad``)."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: dict, receive: Callable, send: Callable) -> None:
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            locale, chosen = i18n.negotiate(
                scope.get("query_string", b"").decode("latin-1"), scope.get("headers", [])
            )

            async def sending(event: dict) -> None:
                if event.get("type") == "http.response.start":
                    headers = list(event.get("headers", []))
                    headers.append((b"vary", b"Accept-Language, Cookie"))
                    if chosen:
                        cookie = f"{i18n.COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax"
                        headers.append((b"set-cookie", cookie.encode("latin-1")))
                    event = {**event, "headers": headers}
                await send(event)

            token = i18n.use(locale)
            serving = _SERVING.set(True)
            arrival = scheduling.arrive()
            try:
                refused = await broad.refusal(scope, datasette)
                if refused is not None:
                    await Response.text(refused, status=400).asgi_send(send)
                    return
                scope = await broad.thinned(scope, datasette)
                await homecache.serve(app, scope, receive, sending, datasette, locale)
            finally:
                scheduling.ARRIVAL.reset(arrival)
                _SERVING.reset(serving)
                i18n.reset(token)

        return wrapped

    return wrap


def language_url(request: Any, locale: str) -> str:
    """This page in another interface language (``?_lang=``, every other parameter kept)."""
    query = getattr(request, "query_string", "") if request is not None else ""
    args = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != i18n.PARAMETER]
    path = getattr(request, "path", "/") if request is not None else "/"
    return path + "?" + urlencode([*args, (i18n.PARAMETER, locale)])


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """Jinja's i18n extension with the request's catalog, and the locale helpers the
    templates use (``html_lang``, ``local_date``, ``local_number``, ``language_url``)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(
        i18n.gettext,
        i18n.ngettext,
        newstyle=True,
        pgettext=i18n.pgettext,
        npgettext=i18n.npgettext,
    )
    env.globals.update(
        interface_locale=i18n.current,
        # metadata.yml's strings, looked up as they are (no %-formatting: they are data)
        translate=lambda text: i18n.gettext(text) if text else text,
        # what an archive says of itself, in the reader's language (identity.said)
        said=identity.said,
        html_lang=lambda: i18n.HTML_LANG[i18n.current()],
        interface_languages=lambda: [(k, i18n.LABELS[k]) for k in i18n.LOCALES],
        language_url=language_url,
        describe_table=datasette_strings.describe_table,
        lookup_label=datasette_strings.lookup_label,
        facet_type=datasette_strings.facet_type,
        column_label=labels.column_label,
        value_label=labels.value_label,
        bilingual_label=i18n.label,
        parameter_label=labels.parameter_label,
        parameter_choices=labels.parameter_choices,
    )
    env.filters["markdown"] = markdown
    # A row's key as Datasette's URLs want it: an item id holding "." or "/" tilde-encoded.
    env.filters["row_key"] = tilde_encode
    env.filters["local_date"] = i18n.date
    env.filters["content_lang"] = content_lang
    env.filters["text_lang"] = text_lang
    env.filters["local_number"] = i18n.number
