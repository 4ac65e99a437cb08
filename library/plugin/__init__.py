"""The Datasette plugin: Chinese-aware search everywhere, and the side-by-side item page.

The only module that knows Datasette. SQL comes from ``library.store``.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import urlsafe_components

from .. import store
from ..align import REVIEW_BELOW
from ..chinese import fts_query


@hookimpl
def prepare_connection(conn):
    store.register_functions(conn)


@hookimpl(specname="prepare_connection", trylast=True)
def override_escape_fts(conn):
    """Re-register ``escape_fts`` after Datasette's own, on archive databases only.

    Datasette's table search (``?_search=``) and its JSON API call
    ``escape_fts(:search)``; with this the stock search box compiles queries to
    the bigram shadow and never raises an FTS5 syntax error.
    """
    if store.is_archive(conn):
        conn.create_function("escape_fts", 1, fts_query, deterministic=True)


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "items" or request is None:
        return {}

    async def inner():
        db = datasette.get_database(database)
        if not await db.table_exists("paragraphs"):
            return {}
        pks = urlsafe_components(request.url_vars.get("pks") or "")
        item_id = pks[0] if len(pks) == 1 else None
        paragraphs = (await db.execute(store.PARAGRAPHS_SQL, {"id": item_id})).rows
        versions = {r["lang"]: dict(r) for r in (await db.execute(store.VERSIONS_SQL,
                                                                   {"id": item_id})).rows}
        segments = []
        if await db.table_exists("segments"):
            segments = [dict(r) for r in (await db.execute(store.SEGMENTS_SQL,
                                                           {"id": item_id})).rows]
        return {"bilingual_item": {"paragraphs": [dict(r) for r in paragraphs],
                                   "segments": segments, "versions": versions,
                                   "review_below": REVIEW_BELOW}}

    return inner
