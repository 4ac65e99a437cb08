"""Variables for the pages the plugin shapes: the landing page and the item page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from datasette import hookimpl
from datasette.utils.asgi import Request

from . import i18n
from .databases import category_labels, is_archive_database
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
    if database is None or view_name not in ("table", "row", "database", "query"):
        return {}

    async def inner() -> dict:
        """``bilib_archive``: whether the page's database is an archive (its columns and
        coded values then get labels), a table page's ``bilib_categories`` (each
        category's name in the interface language) and the item page's
        ``bilingual_item``."""
        db = datasette.get_database(database)
        found: dict = {"bilib_archive": await is_archive_database(db)}
        if view_name in ("table", "row") and found["bilib_archive"]:
            names = await category_labels(db)
            found["bilib_categories"] = {key: i18n.label(*pair) for key, pair in names.items()}
        if view_name == "row" and found["bilib_archive"]:
            item = item_vars(table, database, request, datasette)
            found.update(item if isinstance(item, dict) else await item())
        return found

    return inner
