"""The landing page (``templates/index.html``): a search box, what the archive holds by
language status and year, its latest items with both titles, and where to go next."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from ..archive import read as archive
from ..archive.schema import is_archive

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

LATEST = 10
"""Items listed on the landing page."""


def home_vars(datasette: Datasette) -> Callable[[], Awaitable[dict]]:
    """``bilib_home``: the first archive served and its summary (None without one)."""

    async def inner() -> dict:
        for name in datasette.databases:
            db = datasette.get_database(name)
            if await db.execute_fn(is_archive):
                summary = await db.execute_fn(lambda conn: archive.summary(conn, LATEST))
                return {"bilib_home": {"database": name, **summary}}
        return {"bilib_home": None}

    return inner
