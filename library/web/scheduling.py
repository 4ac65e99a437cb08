"""Datasette's SQL threads take work in the order the requests arrived, not the order the
work was handed in.

A Datasette table page is a dozen short steps in a row (schema checks, the rows, the
count, each facet), and each waits its turn for one of the few SQL threads; a plugin
route or a ``?sql=`` query is one step that may run to its time budget. With one queue
in the order work was handed in, under load a table page queues a dozen times behind
whatever arrived meanwhile, so it was the slowest thing served (issue 15's soak: the
items table at p95 1.3 s while the plugin's own routes answered in 0.2 s). Taking the
oldest request's work first lets a request that has already waited finish; a single
step waits as before. Nothing a request answers changes, only when it is answered.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import heapq
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

ARRIVAL: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "bilib_arrival", default=None
)
"""When the request being answered arrived (``time.monotonic()``; set by the plugin's
ASGI wrapper). Work handed in outside a request counts from when it is handed in."""


def arrive() -> contextvars.Token:
    """Mark the request being answered as arriving now (reset with ``ARRIVAL.reset``)."""
    return ARRIVAL.set(time.monotonic())


class ArrivalOrder(concurrent.futures.Executor):
    """A pool of ``workers`` threads that runs the work of the earliest request first
    (ties in the order handed in): Datasette's ``executor``, which its databases'
    ``execute``/``execute_fn`` hand their work to."""

    def __init__(self, workers: int, name: str = "bilib-sql") -> None:
        self._queue: list[tuple[float, int, concurrent.futures.Future, Callable[[], Any]]] = []
        self._ready = threading.Condition()
        self._order = itertools.count()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{k}", daemon=True)
            for k in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        arrival = ARRIVAL.get()
        job = (lambda: fn(*args, **kwargs)) if kwargs else (lambda: fn(*args))
        with self._ready:
            if self._closed:
                raise RuntimeError("cannot schedule new work after shutdown")
            first = time.monotonic() if arrival is None else arrival
            heapq.heappush(self._queue, (first, next(self._order), future, job))
            self._ready.notify()
        return future

    def _serve(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                _, _, future, job = heapq.heappop(self._queue)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = job()
            except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits it
                future.set_exception(exc)
            else:
                future.set_result(result)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._ready:
            self._closed = True
            if cancel_futures:
                for _, _, future, _ in self._queue:
                    future.cancel()
                self._queue.clear()
            self._ready.notify_all()
        if wait:
            for thread in self._threads:
                if thread is not threading.current_thread():
                    thread.join()


SWITCH_SECONDS = 0.0005
"""How long a thread holds the GIL before another waiting for it may take it."""


def install(datasette: Any) -> None:
    """Replace Datasette's thread pool with an :class:`ArrivalOrder` of as many threads
    (``num_sql_threads``; 0, no pool, is left as it is)."""
    # A thread that computes (the heavy routes' pool, a long query's Python loop) holds
    # the GIL for 5 ms at a time by default; the event loop and the SQL threads take it
    # back at every step of a request, so a cheap request of twenty steps waited 100 ms
    # and more for it. 0.5 ms turns: the cost is a little of the computing thread's speed.
    sys.setswitchinterval(SWITCH_SECONDS)
    old = datasette.executor
    if old is None or isinstance(old, ArrivalOrder):
        return
    datasette.executor = ArrivalOrder(datasette.setting("num_sql_threads"))
    old.shutdown(wait=False)


APART_WORKERS = max(1, (os.cpu_count() or 2) // 2)
"""Threads of the pool apart (:func:`run_apart`): half the cores, so that the heavy
routes never take all of them."""
_apart: ArrivalOrder | None = None
_apart_lock = threading.Lock()
_connections = threading.local()


async def run_apart(db: Any, fn: Callable[[Any], Any]) -> Any:
    """``fn(conn)`` on ``db`` in a pool of its own (:data:`APART_WORKERS` threads, each with
    its own connection, prepared as Datasette prepares its own), not in Datasette's SQL
    threads: the translation memory and the concordance and its exports may run to their
    time budget, and three of them at once would otherwise hold every SQL thread, so that
    a table page or a search waited for them step after step."""
    global _apart
    with _apart_lock:
        if _apart is None:
            _apart = ArrivalOrder(APART_WORKERS, name="bilib-apart")

    key = (id(db.ds), db.name, db.path)  # one app's database (tests run many apps)

    def in_thread() -> Any:
        conns = _connections.__dict__.setdefault("by_key", {})
        conn = conns.get(key)
        if conn is None:
            conn = conns[key] = db.connect()
            db.ds._prepare_connection(conn, db.name)
        return fn(conn)

    return await asyncio.get_running_loop().run_in_executor(_apart, in_thread)
