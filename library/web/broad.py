"""Table searches that match most of a large archive skip the table's facets.

Datasette computes each facet of a searched table over all of its matches. Over tens of
thousands of matches a facet takes longer than the time ``bilib serve`` gives it
(``facet_time_limit_ms``), so it would be left off the page anyway, after costing that
time. A search on an archive's ``items`` table that matches more than :data:`BROAD`
items is therefore answered as if it had ``_nofacet=1`` (the search page, ``/-/search``,
keeps exact facets for any query). Asking for a facet (``_facet=``) turns this off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.utils.asgi import Response

from ..archive import search_sql as archive_search
from ..text.query_compiler import QueryTooBig, fts_query, parse
from .asgi import ASGIApp, http_wrapper
from .databases import is_archive_database

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

BROAD = 20_000
"""Matching items beyond which a table search's facets are skipped."""
_ITEMS = re.compile(r"/([^/]+)/items(?:\.json)?")
_TABLE = re.compile(r"/([^/]+)/[^/]+")


async def refusal(scope: dict, datasette: Datasette) -> str | None:
    """Why a table search of an archive (``?_search=`` or ``?_search_COLUMN=``) or a
    canned query's ``?q=`` is refused before any work (``library.text.query_compiler.MAX_CHARS``,
    ``MAX_TERMS``), or None."""
    raw = scope.get("query_string", b"")
    if b"_search" not in raw and b"q=" not in raw:
        return None
    found = _TABLE.match(scope.get("path", ""))
    db = datasette.databases.get(found.group(1)) if found else None
    if db is None or not await is_archive_database(db):
        return None
    for name, value in parse_qsl(raw.decode("utf-8", "replace")):
        if name.startswith("_search") or name == "q":
            try:
                parse(value)
            except QueryTooBig as exc:
                return f"{name}: {exc}"
    return None


async def thinned(scope: dict, datasette: Datasette, broad: int = BROAD) -> dict:
    """``scope`` with ``_nofacet=1`` added when it is a search of an archive's items table
    matching more than ``broad`` items."""
    found = _ITEMS.fullmatch(scope.get("path", ""))
    if not found:
        return scope
    raw = scope.get("query_string", b"")
    args = dict(parse_qsl(raw.decode("latin-1")))
    q = args.get("_search")
    if not q or "_nofacet" in args or any(k.startswith("_facet") for k in args):
        return scope
    db = datasette.databases.get(found.group(1))
    if db is None or not await is_archive_database(db):
        return scope
    expression = fts_query(q)
    matching = await db.execute_fn(
        lambda conn: archive_search.count_items_up_to(conn, expression, broad + 1)
    )
    if matching <= broad:
        return scope
    return {**scope, "query_string": raw + (b"&" if raw else b"") + b"_nofacet=1"}


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[ASGIApp], ASGIApp]:
    """Refuse an absurd table search or canned query's ``?q=`` before any work
    (:func:`refusal`), and answer a broad table search without its facets
    (:func:`thinned`)."""

    async def checked(app: ASGIApp, scope: dict, receive: Callable, send: Callable) -> None:
        refused = await refusal(scope, datasette)
        if refused is not None:
            await Response.text(refused, status=400).asgi_send(send)
            return
        await app(await thinned(scope, datasette), receive, send)

    return http_wrapper(checked)
