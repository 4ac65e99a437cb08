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
from datasette.utils.asgi import Request

from ..archive import search_sql as archive_search
from ..text.query_compiler import QueryTooBig, fts_query, parse
from . import labels
from .asgi import ASGIApp, http_wrapper
from .databases import is_archive_database
from .i18n import N_
from .params import BadRequest

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

BROAD = 20_000
"""Matching items beyond which a table search's facets are skipped."""
_ITEMS = re.compile(r"/([^/]+)/items(?:\.json)?")
_TABLE = re.compile(r"/([^/]+)/([^/]+)")
_ASKED = (b"_search", b"q=", *(f"{name}=".encode() for name in labels.CHOICES))
"""What a query string must hold for :func:`refusal` to read it."""


async def refusal(scope: dict, datasette: Datasette) -> BadRequest | None:
    """Why a request to an archive is refused before any work, or None: a table search
    (``?_search=`` or ``?_search_COLUMN=``) or canned query's ``?q=`` too big
    (``library.text.query_compiler.MAX_CHARS``, ``MAX_TERMS``), or a canned query's
    parameter with choices (``labels.CHOICES``: ``sort``, ``lang``) given another value
    (Datasette would run the query and answer nothing)."""
    raw = scope.get("query_string", b"")
    if not any(name in raw for name in _ASKED):  # most requests: nothing to read
        return None
    found = _TABLE.match(scope.get("path", ""))
    if found is None:
        return None
    db = datasette.databases.get(found.group(1))
    if db is None or not await is_archive_database(db):
        return None
    args = parse_qsl(raw.decode("utf-8", "replace"))
    for name, value in args:
        if name.startswith("_search") or name == "q":
            try:
                parse(value)
            except QueryTooBig as exc:
                return BadRequest(N_("%(name)s: %(problem)s"), name=name, problem=str(exc))
    with_choices = [(n, v) for n, v in args if n in labels.CHOICES and v]  # empty: default
    if not with_choices:
        return None
    query = await _canned_query(datasette, db.name, found.group(2), scope)
    for name, value in with_choices:
        values = [v for v, _ in labels.CHOICES[name] if v]
        if query is not None and f":{name}" in query.get("sql", "") and value not in values:
            return BadRequest(
                N_("%(name)s must be one of %(choices)s"), name=name, choices=", ".join(values)
            )
    return None


async def _canned_query(datasette: Datasette, database: str, name: str, scope: dict) -> dict | None:
    """The canned query at ``/database/name`` (without its format), or None."""
    queries = await datasette.get_canned_queries(database, scope.get("actor"))
    return queries.get(name.rsplit(".", 1)[0]) or queries.get(name)


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
            as_json = "." in scope.get("path", "").rsplit("/", 1)[-1]  # .json, .csv…
            request = Request(scope, receive)
            await (await refused.answer(as_json, datasette, request)).asgi_send(send)
            return
        await app(await thinned(scope, datasette), receive, send)

    return http_wrapper(checked)
