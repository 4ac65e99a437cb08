"""The archive's connections: its SQL functions, the stock search box compiled to the
bigram shadow, and a bound on the memory one query may take (archives only: another
database served beside one gets none of this)."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from ..archive.schema import bound_memory, is_archive, register_functions
from ..text.query_compiler import fts_query


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
