"""Which served databases are archives bilib built: asked once per database object (the
answer lives on it), for every hook and route that needs to know."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..archive import search_sql as archive_search
from ..archive.schema import is_archive
from ..caches import Kept

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette
    from datasette.database import Database


_ARCHIVES: Kept[tuple[str, str], bool] = Kept(64)
"""Whether each served database is an archive, by (name, file), for the file's mtime (a
database in memory by its object's identity instead of a file)."""


async def is_archive_database(db: Database) -> bool:
    """Whether ``db`` is an archive (its ``archive_info``: ``schema.is_archive``)."""
    key = (db.name, db.path or f"memory {id(db)}")
    found = _ARCHIVES.get(key, db.mtime_ns)
    if found is None:
        found = bool(await db.execute_fn(is_archive))
        _ARCHIVES.put(key, found, db.mtime_ns)
    return found


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


_FACTS: Kept[tuple[str, str], object] = Kept(64)
"""Facts of whole archives (:func:`remembered`) by (file, name), for the file's mtime."""


async def remembered(db: Database, name: str, compute: Callable[[Any], object]) -> object:
    """``compute(conn)`` for a fact of the whole archive (its category names, its item
    ids), kept while its file is unchanged: a page asks for it once per cell."""
    stamp = db.mtime_ns  # a property: the file's mtime, None for a database in memory
    if stamp is None:
        return await db.execute_fn(compute)
    kept = _FACTS.get((db.path, name), stamp)
    if kept is None:
        kept = await db.execute_fn(compute)
        _FACTS.put((db.path, name), kept, stamp)
    return kept


async def category_labels(db: Database) -> dict:
    """The archive's category keys and their (English, Chinese) names."""
    return await remembered(db, "category_labels", archive_search.category_labels)  # type: ignore[return-value]


async def item_ids(db: Database) -> frozenset:
    """Every item id of the archive."""
    return await remembered(db, "item_ids", archive_search.item_ids)  # type: ignore[return-value]
