"""The item page: both versions side by side, paragraph row by paragraph row, and the
item's sentence pairs (variables for ``templates/row.html``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from datasette.utils import urlsafe_components
from datasette.utils.asgi import Request

from ..archive import read as archive
from ..terms.check import glossary_in_text
from .highlight import glossary_html

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


ROWS = 200
"""Paragraph rows shown per item page: a news item has a few dozen; a page of megabytes
is shown in pages of this many (``?paragraphs_from=``), so it answers in well under a
second."""


def _from(request: Request, start: int) -> str:
    """This item page from paragraph row ``start`` (0: the first), other parameters kept."""
    args = [(k, v) for k, v in parse_qsl(request.query_string) if k != "paragraphs_from"]
    if start:
        args.append(("paragraphs_from", str(start)))
    return request.path + ("?" + urlencode(args) if args else "")


def item_vars(
    table: str | None, database: str | None, request: Request | None, datasette: Datasette
) -> dict | Callable[[], Awaitable[dict]]:
    """``bilingual_item`` for the row page of an archive's ``items`` table."""
    if table != "items" or request is None or database is None:
        return {}

    async def inner() -> dict:
        db = datasette.get_database(database)
        if not await db.table_exists("paragraphs"):
            return {}
        pks = urlsafe_components(request.url_vars.get("pks") or "")
        if len(pks) != 1:
            return {}
        item_id = pks[0]
        try:
            start = max(0, int(request.args.get("paragraphs_from") or 0))
        except ValueError:
            start = 0
        paragraphs = await db.execute_fn(
            lambda conn: archive.item_paragraphs(conn, item_id, start, ROWS)
        )
        terms = await db.execute_fn(archive.glossary_terms)
        history = await db.execute_fn(lambda conn: archive.item_history(conn, item_id))
        for p in paragraphs:
            # Each side's paragraphs with the glossary's terms marked (their rendering on hover).
            for lang in ("zh", "en"):
                p[f"{lang}_html"] = [
                    glossary_html(part, glossary_in_text(part, lang, terms), lang)
                    for part in (p[lang] or "").split("\n\n")
                    if p[lang]
                ]
        versions = {
            r["lang"]: dict(r)
            for r in (await db.execute(archive.VERSIONS_SQL, {"id": item_id})).rows
        }
        segments = []
        if "segments" in await db.view_names():
            bounds = {"id": item_id, "start": start, "end": start + ROWS}
            segments = [dict(r) for r in (await db.execute(archive.SEGMENTS_SQL, bounds)).rows]
        total = (await db.execute(archive.PARAGRAPH_COUNT_SQL, {"id": item_id})).first()
        total = total[0] if total else len(paragraphs)
        return {
            "bilingual_item": {
                "paragraphs": paragraphs,
                "segments": segments,
                "versions": versions,
                "history": history,
                "rows": {
                    "first": start + 1,
                    "last": start + len(paragraphs),
                    "total": total,
                    "next": _from(request, start + ROWS) if start + ROWS < total else None,
                    "previous": _from(request, max(0, start - ROWS)) if start else None,
                },
            }
        }

    return inner
