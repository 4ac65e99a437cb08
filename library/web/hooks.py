"""Connection hooks (the archive's SQL functions, the stock search box compiled to the
bigram shadow) and cell rendering."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from ..archive.schema import is_archive, register_functions
from ..text.chinese import fts_query

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)


@hookimpl(specname="prepare_connection", trylast=True)
def override_escape_fts(conn: sqlite3.Connection) -> None:
    """Re-register ``escape_fts`` after Datasette's own, on archive databases only.

    Datasette's table search (``?_search=``) and its JSON API call
    ``escape_fts(:search)``; with this the stock search box compiles queries to
    the bigram shadow and never raises an FTS5 syntax error.
    """
    if is_archive(conn):
        conn.create_function("escape_fts", 1, fts_query, deterministic=True)


@hookimpl
def render_cell(
    value: object, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | None:
    """The ``segments`` view's ``item_id`` links to the item, as a table's foreign key
    would (a view has none)."""
    if table != "segments" or column != "item_id" or not isinstance(value, str):
        return None
    return Markup('<a href="{}">{}</a>').format(
        datasette.urls.row(database, "items", tilde_encode(value)), escape(value)
    )
