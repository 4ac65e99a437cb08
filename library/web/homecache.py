"""The home page, answered from memory while no served database has changed.

Datasette's index view lists every database with its tables, and asks SQLite for each
table's columns, primary keys, FTS table and row count: some seventy short queries, each
waiting its turn for one of the SQL threads. Alone that is 100 ms; under twenty busy
clients it was the slowest page (4 s at the 95th percentile in ``scripts/soak.py``). The
page changes only when a database file does (a build, a worksheet import), so it is kept
per interface language and query string, stamped with every database's mtime, for
anonymous readers (a signed-in actor may see other menus).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from datasette import hookimpl

from ..caches import Kept
from ..query import warm_up
from . import i18n
from .asgi import ASGIApp, http_wrapper
from .databases import is_archive_database

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

KEPT = 32
"""Home pages kept (languages × query strings)."""
_pages: Kept[tuple, list[dict]] = Kept(KEPT)
"""The home page's ASGI events by (interface language, query string), stamped with every
served database file's mtime: a page kept under another stamp is made again."""
_making: dict[tuple, asyncio.Lock] = {}


def _cacheable(scope: dict) -> bool:
    if scope.get("path") != "/" or scope.get("method") != "GET":
        return False
    cookies = b"".join(v for k, v in scope.get("headers", []) if k == b"cookie")
    return b"ds_actor" not in cookies


def _stamp(datasette: Datasette) -> tuple:
    """Each database file's mtime (databases in memory, Datasette's internal one among
    them, have none and are left out)."""
    return tuple(
        (name, db.mtime_ns) for name, db in datasette.databases.items() if not db.is_memory
    )


async def serve(
    app: ASGIApp, scope: dict, receive: Callable, send: Callable, datasette: Datasette
) -> None:
    """``app``'s answer to ``scope``, from memory when it is the home page and nothing
    it shows can have changed since it was kept."""
    if not _cacheable(scope):
        await app(scope, receive, send)
        return
    key = (i18n.current(), scope.get("query_string", b""))
    # One reader makes a missing page; the others asking for it meanwhile wait for it
    # (twenty readers arriving at once would otherwise each make it, each slower).
    if len(_making) > 4 * KEPT:
        _making.clear()  # locks of event loops gone (a test makes one per test)
    lock = _making.setdefault((id(asyncio.get_running_loop()), key), asyncio.Lock())
    async with lock:
        await _answer(app, scope, receive, send, datasette, key)


async def _answer(
    app: ASGIApp, scope: dict, receive: Callable, send: Callable, datasette: Datasette, key: tuple
) -> None:
    stamp = _stamp(datasette)
    kept = _pages.get(key, stamp)
    if kept is not None:
        for event in kept:
            await send(event)
        return
    events: list[dict] = []

    async def keeping(event: dict) -> None:
        events.append(event)
        await send(event)

    await app(scope, receive, keeping)
    started = next((e for e in events if e.get("type") == "http.response.start"), None)
    if started is not None and started.get("status") == 200:
        _pages.put(key, events, stamp)


_SERVING: contextvars.ContextVar[bool] = contextvars.ContextVar("bilib_serving", default=False)
"""True while a request is answered (set by :func:`asgi_wrapper`)."""


@hookimpl(tryfirst=True)
def asgi_wrapper(datasette: Datasette) -> Callable[[ASGIApp], ASGIApp]:
    """Answer the home page from memory (:func:`serve`). The innermost of the plugin's
    wrappers (``tryfirst``), so it runs in the reader's language."""

    async def serving(app: ASGIApp, scope: dict, receive: Callable, send: Callable) -> None:
        token = _SERVING.set(True)
        try:
            await serve(app, scope, receive, send, datasette)
        finally:
            _SERVING.reset(token)

    return http_wrapper(serving)


@hookimpl(trylast=True)
def startup(datasette: Datasette) -> Callable[[], Awaitable[None]]:
    """Warm up before serving an archive (``library.query.warm_up``: a second or
    so, once per process): the first search would otherwise spend it, past its time
    budget. Then make the home page in each interface language, so the first readers
    do not each wait for its seventy queries."""

    async def inner() -> None:
        for db in list(datasette.databases.values()):
            if await is_archive_database(db):
                await db.execute_fn(warm_up)
                # The last startup hook (trylast): what is left of Datasette's startup is
                # to mark it done; marked now, the home-page requests below do not run
                # the startup hooks again. ``bilib serve`` runs startup before listening,
                # so the pages are made before the first reader comes. Datasette 0.65
                # has no public way to say so (its client runs invoke_startup() first,
                # which runs every startup hook, this one included, unless marked).
                datasette._startup_invoked = True
                if not _SERVING.get():  # not when a request started it: it holds a page
                    await _warm_home(datasette)
                return

    return inner


async def _warm_home(datasette: Datasette) -> None:
    """Ask for the home page once per interface language (kept by :func:`serve`)."""
    for locale in i18n.LOCALES:
        try:
            await datasette.client.get("/", headers={"Accept-Language": locale.replace("_", "-")})
        except Exception:  # noqa: BLE001 - a warm-up; the first reader will make it instead
            return
