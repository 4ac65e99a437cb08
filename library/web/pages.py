"""Variables for the pages the plugin shapes: the landing page and the item page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from datasette import hookimpl
from datasette.utils.asgi import Request

from .home import home_vars
from .item import item_vars

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


@hookimpl
def extra_template_vars(
    view_name: str,
    table: str | None,
    database: str | None,
    request: Request | None,
    datasette: Datasette,
) -> dict | Callable[[], Awaitable[dict]]:
    if view_name == "index":
        return home_vars(datasette)
    if view_name == "row":
        return item_vars(table, database, request, datasette)
    return {}
