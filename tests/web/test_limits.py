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


# A budget per request (issue 15): every plugin route runs within Datasette's
# sql_time_limit_ms; absurd queries are refused before any work.

FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def test_a_deadline_interrupts_sqlite_and_python(sample_db):
    """A query that never ends (it counts forever) stops at its deadline; so does a
    Python loop that looks at the clock; outside a deadline nothing is checked."""
    import sqlite3

    from library import budget

    conn = sqlite3.connect(sample_db)
    started = time.perf_counter()
    try:
        with budget.deadline(conn, 0.3):
            conn.execute(FOREVER).fetchone()
    except budget.OverBudget as exc:
        assert "narrower" in str(exc)
    else:
        raise AssertionError("a never-ending query finished")
    assert time.perf_counter() - started < 3
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] > 0  # usable after
    started = time.perf_counter()
    try:
        with budget.deadline(conn, 0.2):
            while True:
                budget.check()
    except budget.OverBudget:
        pass
    assert time.perf_counter() - started < 3
    budget.check()  # no deadline: never raises


async def test_a_route_past_its_deadline_answers_503_fast(sample_db):
    """With the budget set below what a search needs, every route answers 503 with a
    hint at once, and a cheap Datasette request still answers."""
    from datasette.app import Datasette

    ds = Datasette([str(sample_db)], settings={"sql_time_limit_ms": 1})
    for path, params in [
        ("/-/search.json", {"q": "customs OR police OR trademark OR 海关 OR 品牌"}),
        ("/-/concordance.json", {"q": "customs", "sort": "left"}),
    ]:
        started = time.perf_counter()
        r = await ds.client.get(path, params=params)
        assert r.status_code == 503, (path, r.text)
        assert "narrower" in r.json()["error"]
        assert time.perf_counter() - started < 5
    r = await ds.client.get(
        "/-/search", params={"q": "customs OR police OR trademark", "_lang": "en"}
    )
    assert r.status_code == 503 and "narrower" in r.text
    ok = await ds.client.get("/library/items.json", params={"_size": 1})
    assert ok.status_code == 200


async def test_absurd_queries_are_refused_before_any_work(ds):
    """A repeated term collapses (the query costs what one word costs); a query beyond
    the caps is a 400 naming the parameter and the limit."""
    started = time.perf_counter()
    once = (await ds.client.get("/-/search.json", params={"q": "customs"})).json()
    many = (await ds.client.get("/-/search.json", params={"q": "customs " * 60})).json()
    assert many["expression"] == once["expression"] and many["total"] == once["total"]
    assert time.perf_counter() - started < 10  # the first search loads the lexicon
    for path, name in [
        ("/-/search.json", "q"),
        ("/-/concordance.json", "q"),
        ("/-/terms.json", "term"),
    ]:
        r = await ds.client.get(path, params={name: "customs " * 2000})
        assert r.status_code == 400 and r.json()["error"].startswith(name), r.text
    r = await ds.client.get("/-/search.json", params={"q": " ".join(f"w{i}" for i in range(40))})
    assert r.status_code == 400 and "24" in r.json()["error"]
    r = await ds.client.get("/-/tm.json", params={"q": "海关" * 3000})
    assert r.status_code == 400 and "2000" in r.json()["error"]
    r = await ds.client.get("/library/items.json", params={"_search": "customs " * 2000})
    assert r.status_code == 400 and "_search" in r.text


# Only GET reads (issue 27, the small holes): other methods on the plugin's routes are a
# 405 naming the method, with Allow; a CORS preflight (OPTIONS) is answered.

ROUTES = [
    "/-/search.json?q=海关",
    "/-/terms.json?term=GACC",
    "/-/tm.json?q=customs",
    "/-/concordance.json?q=customs",
]


async def test_other_methods_are_405_with_allow_on_every_plugin_route(ds):
    for path in ROUTES:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            r = await ds.client.request(method, path)
            assert r.status_code == 405, (method, path, r.status_code)
            assert r.headers["allow"] == "GET, HEAD, OPTIONS"
            assert r.json() == {
                "ok": False,
                "error": f"This address answers GET requests only, not {method}.",
                "status": 405,
                "title": None,
            }
        assert (await ds.client.request("OPTIONS", path)).status_code == 200
        assert (await ds.client.get(path)).status_code == 200


async def test_a_page_says_405_in_the_readers_language(ds):
    r = await ds.client.post("/-/search?q=海关", headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, OPTIONS"
    assert "此地址只接受 GET 请求，不接受 POST。" in r.text


async def test_a_post_to_a_table_is_a_405_not_a_500(ds):
    """Datasette 0.65 asserts "You may only POST to a canned query" (a 500)."""
    r = await ds.client.post("/library/items.json")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, OPTIONS"
    assert r.json()["error"] == "This address answers GET requests only, not POST."
    page = await ds.client.post("/library/items", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 405 and "此地址只接受 GET 请求，不接受 POST。" in page.text


async def test_sorting_by_a_column_the_table_lacks_is_a_400(ds):
    for path in ("/library/items.json", "/library/segments.json"):
        for param in ("_sort", "_sort_desc"):
            r = await ds.client.get(path, params={param: "nosuch"})
            assert r.status_code == 400, (path, param, r.status_code)
            assert r.json()["error"] == "Cannot sort table by nosuch"
    page = await ds.client.get(
        "/library/items", params={"_sort": "nosuch"}, headers={"Accept-Language": "en"}
    )
    assert page.status_code == 400 and "The table has no column nosuch to sort by." in page.text
    assert (await ds.client.get("/library/items.json", params={"_sort": "date"})).status_code == 200


async def test_the_length_limit_counts_what_the_reader_typed(ds):
    """A 500-character Chinese query was refused as "502 characters long": the term
    spotter quoted it and parsed it again under the reader's limit."""
    typed = ("海关总署综合业务司" * 60)[:500]
    for path, key in [
        ("/-/search.json", "q"),
        ("/-/concordance.json", "q"),
        ("/-/terms.json", "term"),
    ]:
        assert (await ds.client.get(path, params={key: typed})).status_code == 200, path
        over = await ds.client.get(path, params={key: typed + "司"})
        assert over.status_code == 400 and "500" in over.json()["error"], path


async def test_every_route_refuses_a_number_out_of_range_naming_it(ds):
    """One parser for the plugin's parameters (``web/params.py``): a value outside its
    range is a 400 naming the parameter and the range, never clamped to it, and a value
    inside it is taken as given."""
    for path, name, bad, low, high in [
        ("/-/search.json?q=海关", "size", "500", 1, 100),
        ("/-/search.json?q=海关", "size", "0", 1, 100),
        ("/-/search.json?q=海关", "offset", "-1", 0, 1_000_000),
        ("/-/search.json?q=海关", "segments", "101", 0, 100),
        ("/-/terms.json?term=GACC", "limit", "99", 1, 50),
        ("/-/tm.json?q=customs", "threshold", "101", 0, 100),
        ("/-/concordance.json?q=customs", "size", "501", 1, 500),
    ]:
        r = await ds.client.get(f"{path}&{name}={bad}")
        assert r.status_code == 400, (path, name, r.text)
        assert r.json()["error"] == f"{name} must be between {low} and {high}", r.text
        r = await ds.client.get(f"{path}&{name}=x")
        assert r.status_code == 400 and r.json()["error"] == f"{name} must be a number"
    r = (await ds.client.get("/-/search.json?q=海关&size=2")).json()
    assert len(r["items"]) == 2 and r["size"] == 2
