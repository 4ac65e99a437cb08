"""The strings of ``metadata.yml`` a reader sees (titles, descriptions, column
descriptions, licence and source), for the ``bilib`` catalogs: metadata.yml is written in
English, the catalogs translate it, and the templates show each string through ``_()``.

``pybabel extract`` reads metadata.yml with :func:`extract` (named in
``locales/babel.cfg``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

SHOWN = ("title", "description", "description_html", "license", "source", "about")
"""The keys of a metadata level that pages show as text."""


def messages(metadata: dict[str, Any]) -> Iterator[str]:
    """Every string of ``metadata`` a page shows, top level, databases, tables, their
    columns and canned queries, in file order.

    >>> list(messages({"title": "T", "databases": {"d": {"tables": {"t": {
    ...     "title": "Items", "columns": {"id": "The item"}}}}}}))
    ['T', 'Items', 'The item']
    """

    def level(node: dict[str, Any]) -> Iterator[str]:
        for key in SHOWN:
            if isinstance(node.get(key), str) and node[key].strip():
                yield node[key]

    yield from level(metadata)
    for database in (metadata.get("databases") or {}).values():
        yield from level(database)
        for kind in ("tables", "queries"):
            for entry in (database.get(kind) or {}).values():
                if isinstance(entry, dict):
                    yield from level(entry)
                    for text in (entry.get("columns") or {}).values():
                        if isinstance(text, str) and text.strip():
                            yield text


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for metadata.yml."""
    for text in messages(yaml.safe_load(fileobj) or {}):
        yield 0, None, text, []
