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
import concurrent.futures.process
import contextvars
import heapq
import itertools
import multiprocessing
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from datasette import hookimpl

from ..archive import read
from ..archive.schema import bound_memory
from ..budget import deadline
from .asgi import ASGIApp, http_wrapper
from .databases import is_archive_database

ARRIVAL: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "bilib_arrival", default=None
)
"""When the request being answered arrived (``time.monotonic()``; set by the plugin's
ASGI wrapper). Work handed in outside a request counts from when it is handed in."""


def arrive() -> contextvars.Token:
    """Mark the request being answered as arriving now (reset with ``ARRIVAL.reset``)."""
    return ARRIVAL.set(time.monotonic())


@hookimpl
def asgi_wrapper() -> Callable[[ASGIApp], ASGIApp]:
    """Stamp each request with its arrival (:data:`ARRIVAL`), which orders its SQL work."""

    async def arriving(app: ASGIApp, scope: dict, receive: Callable, send: Callable) -> None:
        arrival = arrive()
        try:
            await app(scope, receive, send)
        finally:
            ARRIVAL.reset(arrival)

    return http_wrapper(arriving)


@hookimpl
def startup(datasette: Any) -> Callable[[], Awaitable[None]]:
    """When an archive is served: its SQL threads take the earliest request's work first
    (:func:`install`), and the pool apart is started (:func:`start_apart`)."""

    async def inner() -> None:
        for db in list(datasette.databases.values()):
            if await is_archive_database(db):
                install(datasette)
                start_apart()
                return

    return inner


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
    (``num_sql_threads``; 0, no pool, is left as it is). Datasette 0.65 has no hook for
    how its SQL threads take their work, only its ``executor`` attribute, which
    ``Database.execute_fn`` submits to: so that attribute is replaced, once."""
    # A thread that computes (a search's marking, a long query's Python loop) holds
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
"""Processes of the pool apart (:func:`run_apart`): half the cores, so that the heavy
routes never take all of them."""
_apart: concurrent.futures.ProcessPoolExecutor | None = None
_apart_lock = threading.Lock()
_worker_connections: dict[str, tuple[tuple, sqlite3.Connection]] = {}


class ApartStopped(Exception):
    """The pool apart lost a process while it worked on this request (killed, out of
    memory): the request is answered 503, and the next one gets a new pool."""


def _pool() -> concurrent.futures.ProcessPoolExecutor:
    global _apart
    with _apart_lock:
        if _apart is None:
            # forkserver: the workers are forked from a clean process that has imported
            # the routes once, not from this one with its threads and open databases.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__.rpartition(".")[0] + ".routes"])
            _apart = concurrent.futures.ProcessPoolExecutor(
                APART_WORKERS,
                mp_context=context,
                initializer=_outlive_no_server,
                initargs=(os.getpid(),),
            )
        return _apart


def _outlive_no_server(server: int) -> None:
    """In each process of the pool: leave when the server that made the pool is gone.

    A server process of ``--workers`` ends with ``os._exit``, and any can be killed, so
    the pool's own shutdown never runs; its processes would wait for work for ever, and
    keep the fork server (and the pipes of whoever started the server) alive."""

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(server, 0)
            except OSError:  # gone (or its number now another user's process)
                os._exit(0)

    threading.Thread(target=watch, name="bilib-apart-watch", daemon=True).start()


def start_apart() -> None:
    """Start the pool apart and its first process now, not at the first request that needs
    it (which would wait most of a second for Python to start and import the routes)."""
    _pool().submit(os.getpid)


def _in_worker(path: str, seconds: float, fn: Callable[..., Any], args: tuple) -> Any:
    """``fn(conn, *args)`` within ``seconds``, on this worker's read connection to the
    archive at ``path`` (made again when the file is another: a build replaces it)."""
    st = os.stat(path)
    state = (st.st_ino, st.st_mtime_ns, st.st_size)
    kept = _worker_connections.get(path)
    if kept is None or kept[0] != state:
        if kept is not None:
            kept[1].close()
        conn = read.connect(Path(path))
        bound_memory(conn)
        kept = _worker_connections[path] = (state, conn)
    conn = kept[1]
    with deadline(conn, seconds):
        return fn(conn, *args)


async def run_apart(db: Any, seconds: float, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(conn, *args)`` on ``db``'s file within ``seconds``, in a pool of processes of
    its own (:data:`APART_WORKERS`; ``fn`` and ``args`` must pickle: a module's function).

    The translation memory's long lookups and the concordance and its exports may run
    to their time budget. In threads of this process they held Python's GIL, so that a
    short request beside three of them waited for it at each of its steps (a table page
    took 100 ms instead of 10); in Datasette's SQL threads three of them held every
    thread. A process apart shares neither."""
    global _apart
    pool = _pool()
    try:
        return await asyncio.get_running_loop().run_in_executor(
            pool, _in_worker, db.path, seconds, fn, args
        )
    except concurrent.futures.process.BrokenProcessPool:
        with _apart_lock:
            if _apart is pool:  # not one made since by another request
                _apart = None
        pool.shutdown(wait=False, cancel_futures=True)
        raise ApartStopped() from None
