"""The landing page (``templates/index.html``): a search box, what the archive holds by
language status and year, its latest items with both titles, and where to go next."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from ..archive import read as archive
from .databases import find_archive

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

LATEST = 10
"""Items listed on the landing page."""


def home_vars(datasette: Datasette) -> Callable[[], Awaitable[dict]]:
    """``bilib_home``: the first archive served, its summary and its metadata (what it
    says of itself: the page's title, description, licence and source; None without
    one)."""

    async def inner() -> dict:
        found = await find_archive(datasette)
        if found is None:
            return {"bilib_home": None}
        name, db = found
        summary = await db.execute_fn(lambda conn: archive.summary(conn, LATEST))
        about = datasette.metadata(database=name, fallback=False) or {}
        return {"bilib_home": {"database": name, "metadata": about, **summary}}

    return inner
