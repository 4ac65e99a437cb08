"""The item page: both versions side by side, paragraph row by paragraph row, and the
item's sentence pairs (variables for ``templates/row.html``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from datasette.utils import urlsafe_components
from datasette.utils.asgi import Request
from markupsafe import Markup

from ..archive import read as archive
from ..terms.check import glossary_in_text
from ..terms.index import archive_index
from .highlight import glossary_html

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


ROWS = 200
"""Paragraph rows shown per item page: a news item has a few dozen; a page of megabytes
is shown in pages of this many (``?paragraphs_from=``), so it answers in well under a
second."""


MARKED_UP_TO = 20_000
"""Paragraphs up to this many characters show the glossary's terms marked; a longer one
(a page without paragraph breaks) is shown plain: marking costs a pass of every term
over it, on the server's event loop, where a megabyte would hold up every request."""


def _from(request: Request, start: int) -> str:
    """This item page from paragraph row ``start`` (0: the first), other parameters kept."""
    args = [(k, v) for k, v in parse_qsl(request.query_string) if k != "paragraphs_from"]
    if start:
        args.append(("paragraphs_from", str(start)))
    return request.path + ("?" + urlencode(args) if args else "")


def item_vars(
    table: str | None, database: str | None, request: Request | None, datasette: Datasette
) -> dict | Callable[[], Awaitable[dict]]:
    """``bilingual_item`` for the row page of an archive's ``items`` table (called for
    archives only: ``pages.extra_template_vars`` asks)."""
    if table != "items" or request is None or database is None:
        return {}

    async def inner() -> dict:
        pks = urlsafe_components(request.url_vars.get("pks") or "")
        if len(pks) != 1:
            return {}
        item_id = pks[0]
        try:
            start = max(0, int(request.args.get("paragraphs_from") or 0))
        except ValueError:
            start = 0
        db = datasette.get_database(database)
        page = await db.execute_fn(lambda conn: archive.item_page(conn, item_id, start, ROWS))
        terms = await db.execute_fn(archive_index)
        lookup = datasette.urls.path("/-/terms")

        def marked(text: str | None, lang: str) -> list[Markup]:
            """A side's paragraphs with the glossary's terms marked: links to the term
            page, their rendering on hover."""
            return [
                glossary_html(
                    part,
                    glossary_in_text(part, lang, terms) if len(part) <= MARKED_UP_TO else [],
                    lang,
                    lookup,
                )
                for part in (text or "").split("\n\n")
                if text
            ]

        paragraphs = [
            {**p, "zh_html": marked(p["zh"], "zh"), "en_html": marked(p["en"], "en")}
            for p in page["paragraphs"]
        ]
        total = page["total"]
        return {
            "bilingual_item": {
                "paragraphs": paragraphs,
                "segments": page["segments"],
                "versions": page["versions"],
                "history": page["history"],
                "rows": {
                    "first": start + 1,
                    "last": start + len(page["paragraphs"]),
                    "total": total,
                    "next": _from(request, start + ROWS) if start + ROWS < total else None,
                    "previous": _from(request, max(0, start - ROWS)) if start else None,
                },
            }
        }

    return inner
