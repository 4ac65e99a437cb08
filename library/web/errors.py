"""Datasette's errors, corrected where the archive knows better.

- A bad parameter is the asker's fault: Datasette 0.65 raises
  ``DatasetteError("Cannot sort table by nosuch")`` with status 500 for ``?_sort=`` (or
  ``_sort_desc``) on a column the table does not have; the API promises a 400. Only the
  status is corrected: Datasette's own ``handle_exception`` (the last one) still renders
  the answer, in JSON or as the archive's error page.
- A POST to a table is the wrong method: a 405 with ``Allow``, not Datasette's 500.
- The plugin's own routes refuse with a :class:`~library.web.params.BadRequest` (and a
  request over its time budget, a query too big, a lost worker become one): answered
  here, in Datasette's JSON shape or as the reader's error page (``routes.PAGE``), with
  CORS headers where Datasette gives them.
- An address under ``/-/`` that no route answers is a page that does not exist, not
  Datasette's "Database not found" (it takes ``-`` for a database's name).
- A client's mistake costs no traceback: Datasette's last exception handler prints every
  exception's traceback with its locals when ``rich`` is installed, some 0.4 s of the
  event loop for each 400 or 404 a client provokes (a soak's p99 doubled);
  :func:`quiet_client_errors` keeps that print for server errors only.
- An item id the archive no longer has is not "not found": its URL was published. An
  item merged into another (its page re-paired) redirects there (301); one whose pages
  left the archive answers **410 Gone** with its last titles (``retired_items``,
  ``library.pages.ids``), in JSON or as a page.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from datasette.utils import add_cors_headers, tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Request, Response
from datasette.views.base import DatasetteError

from ..archive.ids import retired_item
from ..budget import OverBudget
from ..text.query_compiler import QueryTooBig
from . import i18n
from .databases import is_archive_database
from .i18n import N_
from .params import BadRequest
from .routes import PAGE, wrong_method
from .scheduling import ApartStopped

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

ASKERS_ERRORS = ("Cannot sort table by ",)
"""How Datasette's messages for a bad parameter begin."""
POST_ONLY_TO_QUERIES = "You may only POST to a canned query"
"""Datasette 0.65's assertion (a 500) when a table is sent a POST: the method is wrong,
so a 405 with ``Allow``."""


def refusal(exception: Exception) -> BadRequest | None:
    """The :class:`BadRequest` a route's exception is answered with, if it is one of ours."""
    if isinstance(exception, BadRequest):
        return exception
    if isinstance(exception, QueryTooBig):
        return BadRequest(N_("q: %(problem)s"), problem=str(exception))
    if isinstance(exception, ApartStopped):
        return BadRequest(
            N_(
                "The process answering this request stopped before it was done: "
                "try again, or a narrower query."
            ),
            status=503,
        )
    if isinstance(exception, OverBudget):
        return BadRequest(
            N_(
                "This request took longer than %(seconds)s s and was stopped: "
                "try a narrower query (fewer or more specific words, a year, a "
                "language)."
            ),
            status=503,
            seconds=f"{exception.seconds:g}",
        )
    return None


class _ServerErrorsOnly:
    """Stands for ``rich`` in Datasette's ``handle_exception`` module: its console prints
    the traceback of an exception whose status is 500 or more (or that has none), and
    nothing for a client's mistake (a 4xx)."""

    def __init__(self, rich: Any) -> None:
        self.rich = rich

    def get_console(self) -> _ServerErrorsOnly:
        return self

    def print_exception(self, **options: Any) -> None:
        exc = sys.exc_info()[1]
        if exc is not None and getattr(exc, "status", 500) < 500:
            return
        self.rich.get_console().print_exception(**options)


def quiet_client_errors() -> None:
    """Keep Datasette's traceback printing (with ``rich``) for server errors only."""
    # datasette.plugins first: it registers datasette.handle_exception as a default
    # plugin, and that module imports datasette.plugins; imported the other way round
    # (this module the first to touch Datasette, as a doctest run does) the default is
    # registered half made, without its hook, and every error answers a 500.
    import datasette.plugins  # noqa: F401

    # isort: split
    import datasette.handle_exception as last

    if getattr(last, "rich", None) is not None and not isinstance(last.rich, _ServerErrorsOnly):
        last.rich = _ServerErrorsOnly(last.rich)


quiet_client_errors()


@hookimpl
def handle_exception(
    datasette: Datasette, request: Request | None, exception: Exception
) -> Callable[[], Awaitable[Response | None]] | None:
    refused = refusal(exception)
    if refused is not None and request is not None:
        as_json = not (request.scope.get(PAGE) and not request.url_vars.get("format"))

        async def answer() -> Response:
            response = await refused.answer(as_json, datasette, request)
            if datasette.cors:
                add_cors_headers(response.headers)
            return response

        return answer
    if isinstance(exception, DatasetteError) and str(exception.message).startswith(ASKERS_ERRORS):
        exception.status = 400
        return None
    if (
        isinstance(exception, AssertionError)
        and str(exception) == POST_ONLY_TO_QUERIES
        and request is not None
    ):
        as_json = request.url_vars.get("format") == "json"
        return lambda: wrong_method(request, datasette, as_json)
    if isinstance(exception, NotFound) and request is not None:
        route = request.url_vars
        if route.get("database") == "-":  # /-/nosuch.json: no database "-", no such page
            missing = BadRequest(
                N_("There is no page at %(path)s: the archive's API is described at /-/api."),
                status=404,
                path=request.path,
            )
            return lambda: missing.answer(bool(route.get("format")), datasette, request)
        if route.get("table") == "items" and route.get("pks") and route.get("database"):
            return lambda: _retired(datasette, request, route)
    return None


async def _retired(datasette: Datasette, request: Request, route: dict) -> Response | None:
    """The 301 or 410 for a retired item id of an archive (None: Datasette's 404)."""
    name = route["database"]
    if name not in datasette.databases:
        return None
    db = datasette.get_database(name)
    if not await is_archive_database(db):
        return None
    item_id = tilde_decode(route["pks"])
    found = await db.execute_fn(lambda conn: retired_item(conn, item_id))
    if found is None:
        return None
    kind, info = found
    fmt = route.get("format")
    if kind == "moved":
        url = datasette.urls.row(name, "items", tilde_encode(info["id"]))
        url += f".{fmt}" if fmt else ""
        url += f"?{request.query_string}" if request.query_string else ""
        return Response.redirect(url, status=301)
    title = i18n.gettext("Item removed from the archive")
    message = i18n.gettext(
        "The item %(id)s was in this archive until %(date)s; its pages are no longer in it."
    ) % {"id": item_id, "date": i18n.date(info["retired"]) if info["retired"] else "?"}
    answer = {"ok": False, "error": message, "status": 410, "title": title, "item": info}
    if fmt == "json":
        return Response.json(answer, status=410)
    html = await datasette.render_template(
        ["410.html", "error.html"],
        {**answer, "item_id": item_id, "database": name},
        request=request,
    )
    return Response.html(html, status=410)
