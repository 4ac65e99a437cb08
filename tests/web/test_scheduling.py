"""Datasette's SQL threads take the earliest request's work first (issue 15's soak: a
table page is a dozen steps and queued a dozen times behind later requests): the
executor's order, that the plugin's ASGI wrapper stamps each request's arrival, and
that only a server with an archive gets the executor."""

from __future__ import annotations

import concurrent.futures
import contextvars
import threading
import time

import pytest
import sqlite_utils
from datasette.app import Datasette
from helpers import make_datasette

from library.web import scheduling


def _submit_as(pool, arrival, fn, *args):
    """Hand in work as a request that arrived at ``arrival`` would (None: no request)."""
    context = contextvars.copy_context()

    def submit():
        scheduling.ARRIVAL.set(arrival)
        return pool.submit(fn, *args)

    return context.run(submit)


def test_the_earliest_requests_work_runs_first_ties_in_the_order_handed_in():
    pool = scheduling.ArrivalOrder(1)
    busy, ran = threading.Event(), []
    blocker = _submit_as(pool, None, busy.wait, 10)
    # Handed in while the only thread is busy: a late request's work, an early one's,
    # two of one request, and work outside any request (counted from now: latest).
    now = time.monotonic()
    futures = [
        _submit_as(pool, now - 10, ran.append, "late"),
        _submit_as(pool, now - 30, ran.append, "early"),
        _submit_as(pool, now - 20, ran.append, "middle, first"),
        _submit_as(pool, now - 20, ran.append, "middle, second"),
        _submit_as(pool, None, ran.append, "no request"),
    ]
    busy.set()
    concurrent.futures.wait([blocker, *futures], timeout=10)
    assert ran == ["early", "middle, first", "middle, second", "late", "no request"]
    pool.shutdown()


def test_results_and_errors_reach_whoever_waits_and_shutdown_refuses_new_work():
    pool = scheduling.ArrivalOrder(2)
    assert _submit_as(pool, 1.0, lambda a, b: a + b, 2, 3).result(5) == 5
    assert pool.submit(lambda *, k: k * 2, k=21).result(5) == 42
    failing = pool.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(5)
    pool.shutdown(wait=True)
    assert not any(t.is_alive() for t in pool._threads)
    with pytest.raises(RuntimeError, match="after shutdown"):
        pool.submit(print)


async def test_a_served_archive_answers_through_the_arrival_order_executor(sample_db):
    ds = make_datasette(sample_db, settings={"num_sql_threads": 2})
    stock = ds.executor
    response = await ds.client.get("/library/items.json", params={"_size": "3"})
    assert response.status_code == 200 and len(response.json()["rows"]) == 3
    assert isinstance(ds.executor, scheduling.ArrivalOrder) and len(ds.executor._threads) == 2
    assert (await ds.client.get("/-/search.json", params={"q": "海关"})).status_code == 200
    assert stock._shutdown  # the stock pool let go


async def test_a_server_without_an_archive_keeps_datasettes_own_executor(tmp_path):
    path = tmp_path / "research.db"
    sqlite_utils.Database(path)["items"].insert({"id": 1, "title": "x"}, pk="id")
    make_datasette(path)  # the plugin registered
    ds = Datasette([str(path)])
    assert (await ds.client.get("/research/items.json")).status_code == 200
    assert type(ds.executor) is concurrent.futures.ThreadPoolExecutor


async def test_each_request_is_stamped_with_its_arrival(sample_db):
    seen = []

    async def app(scope, receive, send):
        seen.append(scheduling.ARRIVAL.get())
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    make_datasette(sample_db)
    wrapped = scheduling.asgi_wrapper()(app)
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(event):
        sent.append(event)

    for _ in range(2):
        scope = {"type": "http", "path": "/x", "query_string": b"", "headers": []}
        await wrapped(scope, receive, send)
    assert len(seen) == 2 and None not in seen and seen[0] <= seen[1]
    assert scheduling.ARRIVAL.get() is None  # reset after the request
