"""Output renderers for any table or query with ``zh`` and ``en`` columns: ``.tsv`` (one
pair a line) and ``.tmx`` (a TMX 1.4b memory).

A download holds **every row** of the table (with its filters), never only the page
Datasette hands a renderer (``?_size=max`` is 1,000 rows): the following pages are read
one at a time through Datasette's own JSON, by its ``next`` token, each within the SQL
time limit, as Datasette streams its CSV, and written as they come (:mod:`.streaming`).
Asking for a page (``_size=N`` or ``_next=``) gives that page, with a ``Link: rel=next``
header (and, in TMX, a note) saying where the rest is. A query's rows are not paged:
one cut at Datasette's ``max_returned_rows`` is refused with a 400 that says how to get
all of it, never served partial.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Request, Response

from ..archive import search_sql as archive_search
from ..exports import tmx
from .databases import is_archive_database
from .downloads import link
from .streaming import Streamed, rows_text, stopped_line

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

FORWARDED = ("cookie", "authorization")
"""The asker's headers the following pages are read with (their permissions)."""
TMX_ARGS = {"_srclang": ("auto", "zh", "en"), "_target_script": tuple(tmx.TARGET_SCRIPTS)}
"""The ``.tmx``'s own parameters, as ``bilib export tmx``'s ``--srclang`` and
``--target-script``, and what each takes (the first, when absent)."""
PAGING = (
    "_size",
    "_next",
    "_shape",
    "_nofacet",
    "_nocount",
    "_trace",
    "_dl",
    "_stream",
    "_json",
    *TMX_ARGS,
)
"""The asker's parameters that are not the rows' (their filters, sort and search are)."""


def _has_bitext(columns: Sequence[str]) -> bool:
    return "zh" in columns and "en" in columns


def _bitext_rows(columns: Sequence[str], rows: Iterable) -> Iterator[dict]:
    """The rows with both sides, as dicts."""
    for row in rows:
        record = row if isinstance(row, dict) else dict(zip(columns, row, strict=False))
        if record.get("zh") and record.get("en"):
            yield record


def _refused(message: str) -> dict:
    """A 400 in Datasette's JSON shape for errors (as a renderer's dict: Datasette puts
    its query page's own status over a returned Response's)."""
    return {
        "body": json.dumps({"ok": False, "error": message, "status": 400, "title": None}),
        "status_code": 400,
        "content_type": "application/json; charset=utf-8",
    }


def _no_bitext(columns: Sequence[str]) -> dict:
    return _refused(
        f"no zh and en columns here (columns: {', '.join(columns)}); "
        f".tsv and .tmx export sentence or paragraph pairs"
    )


def _asked_a_page(request: Request) -> bool:
    size = request.args.get("_size")
    return bool(request.args.get("_next")) or bool(size and size != "max")


class _Pages:
    """The rows of a table or query, page after page, from the one Datasette rendered."""

    def __init__(self, datasette: Datasette, request: Request, data: dict, rows: list) -> None:
        self.datasette, self.request, self.data, self.first = datasette, request, data, rows
        self.columns: list[str] = list(data.get("columns") or [])
        self.paged = _asked_a_page(request)
        self.stopped: str | None = None

    def partial(self) -> str | None:
        """Why the rows would be incomplete: None when every row can be read."""
        if self.data.get("truncated"):
            limit = self.datasette.setting("max_returned_rows")
            return (
                f"this query returns more than {limit} rows, and a query's rows are not "
                f"paged: add LIMIT and OFFSET to the SQL to download it in parts, download "
                f"the table's .tmx or .tsv (every row), or run `bilib export tmx`"
            )
        return None

    @property
    def next_url(self) -> str | None:
        """The following page, when a page was asked for."""
        return self.data.get("next_url") if self.paged else None

    async def __aiter__(self) -> AsyncIterator[list]:
        yield self.first
        token = self.data.get("next")
        if self.paged or not token:
            return
        # The path without Datasette's base_url, which its client puts back.
        route = self.request.scope.get("route_path") or self.request.path
        path = route.rsplit(".", 1)[0] + ".json"
        asked = [(k, v) for k, v in parse_qsl(self.request.query_string) if k not in PAGING]
        asked += [("_shape", "objects"), ("_size", "max"), ("_nofacet", "1"), ("_nocount", "1")]
        headers = {k: v for k, v in self.request.headers.items() if k.lower() in FORWARDED}
        while token:
            response = await self.datasette.client.get(
                path + "?" + urlencode([*asked, ("_next", str(token))]), headers=headers
            )
            if response.status_code != 200:
                self.stopped = f"HTTP {response.status_code} reading {path} after {token}"
                return
            page = response.json()
            yield page.get("rows") or []
            token = page.get("next")


async def render_tsv(
    datasette: Datasette, request: Request, columns: Sequence[str], rows: Iterable, data: dict
) -> Response | dict:
    """zh<TAB>en, one pair a line (tabs and line breaks inside a side become spaces), for
    every row (see the module's note)."""
    if not _has_bitext(columns):
        return _no_bitext(columns)
    pages = _Pages(datasette, request, data, list(rows))
    problem = pages.partial()
    if problem:
        return _refused(problem)

    async def chunks() -> AsyncIterator[str]:
        async for page in pages:
            yield rows_text(((r["zh"], r["en"]) for r in _bitext_rows(pages.columns, page)), "\t")
        if pages.stopped:
            yield stopped_line(pages.stopped)

    return Streamed(chunks, "text/tab-separated-values; charset=utf-8", headers=_link(pages))


def _link(pages: _Pages) -> dict[str, str]:
    return link({"next": pages.next_url})


async def render_tmx(
    datasette: Datasette,
    request: Request,
    database: str,
    columns: Sequence[str],
    rows: Iterable,
    data: dict,
) -> Response | dict:
    """A TMX 1.4b memory of the rows' zh/en pairs, in ``bilib export tmx``'s dialect
    (``library.exports.tmx.unit``): sentence pairs get their ``tuid`` (item#position),
    the item's date as ``creationdate`` and its original language as ``srclang``;
    glossary rows (a ``status`` column) are phrases, obsolete ones left out and the
    others marked with their status. ``_srclang`` and ``_target_script`` are
    ``bilib export tmx``'s ``--srclang`` and ``--target-script``. Every row (see the
    module's note)."""
    if not _has_bitext(columns):
        return _no_bitext(columns)
    asked = {}
    for name, allowed in TMX_ARGS.items():
        asked[name] = request.args.get(name) or allowed[0]
        if asked[name] not in allowed or len(request.args.getlist(name)) > 1:
            return _refused(f"{name} must be one of {', '.join(allowed)}, given once")
    srclang, script = asked["_srclang"], tmx.TARGET_SCRIPTS[asked["_target_script"]]
    header = tmx.header_srclang(srclang, script)
    pages = _Pages(datasette, request, data, list(rows))
    problem = pages.partial()
    if problem:
        return _refused(problem)
    glossary = "status" in columns and "item_id" not in columns
    db = datasette.get_database(database)
    archive = await is_archive_database(db)
    note = "Exported from Datasette by the bilingual-library plugin"
    if glossary:
        note += "; obsolete terms left out, the others marked with their status (x-status)"
    if pages.next_url:
        note += f"; one page of the rows, the next: {pages.next_url}"

    async def units(page: list) -> str:
        records = list(_bitext_rows(pages.columns, page))
        ids = sorted({r["item_id"] for r in records if r.get("item_id")})
        items: dict[str, Any] = {}
        if ids and archive:
            items = await db.execute_fn(lambda conn: archive_search.item_facts(conn, ids))
        return "".join(
            tmx.unit_xml(
                tmx.in_script(
                    tmx.unit({**items.get(r.get("item_id") or "", {}), **r}, srclang), script
                ),
                tmx.header_language(header),
            )
            for r in records
            if not (glossary and r.get("status") == "obsolete")
        )

    async def chunks() -> AsyncIterator[str]:
        yield tmx.prologue(
            header,
            note=note,
            segtype="phrase" if glossary else "sentence",
        )
        async for page in pages:
            yield await units(page)
        if pages.stopped:  # left unclosed: no XML reader takes it for the whole memory
            yield stopped_line(pages.stopped, xml=True)
            return
        yield tmx.EPILOGUE

    return Streamed(chunks, "application/x-tmx+xml", headers=_link(pages))


@hookimpl
def register_output_renderer() -> list[dict]:
    return [
        {"extension": "tsv", "render": render_tsv, "can_render": _has_bitext},
        {"extension": "tmx", "render": render_tmx, "can_render": _has_bitext},
    ]
