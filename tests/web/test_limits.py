"""One SQL function call cannot take the served archive's memory (issue 15): values are
capped at 64 MB and SQLite's heap at 1 GB, and the answer is a 400 saying so."""

from __future__ import annotations

import time

from library.archive import schema


async def test_a_gigabyte_blob_is_refused_at_once(ds):
    started = time.perf_counter()
    r = await ds.client.get("/library.json", params={"sql": "select randomblob(1000000000)"})
    assert r.status_code == 400 and "too big" in r.json()["error"]
    assert time.perf_counter() - started < 5
    ok = await ds.client.get(
        "/library.json",
        params={"sql": "select length(randomblob(1000000)) as n", "_shape": "array"},
    )
    assert ok.status_code == 200 and ok.json() == [{"n": 1_000_000}]


async def test_the_limits_are_set_on_archive_connections(ds):
    def limits(conn):
        import sqlite3

        return (
            conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH),
            conn.execute("PRAGMA hard_heap_limit").fetchone()[0],
        )

    found = await ds.get_database("library").execute_fn(limits)
    assert found == (schema.MAX_VALUE_BYTES, schema.HEAP_LIMIT_BYTES)
