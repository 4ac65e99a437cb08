"""Which served databases are archives bilib built: asked once per database object (the
answer lives on it), for every hook and route that needs to know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..archive.schema import is_archive

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette
    from datasette.database import Database


async def is_archive_database(db: Database) -> bool:
    """Whether ``db`` is an archive (it has the search shadow's FTS table)."""
    found = getattr(db, "_bilib_archive", None)
    if found is None:
        found = await db.execute_fn(is_archive)
        db._bilib_archive = found
    return bool(found)


async def find_archive(
    datasette: Datasette, name: str | None = None
) -> tuple[str, Database] | None:
    """(name, database) of the archive called ``name``, or of the first archive served."""
    for candidate in [name] if name else list(datasette.databases):
        if candidate in datasette.databases:
            db = datasette.get_database(candidate)
            if await is_archive_database(db):
                return candidate, db
    return None
