"""Output renderers for any table or query with ``zh`` and ``en`` columns: ``.tsv`` (one
pair a line) and ``.tmx`` (a TMX 1.4b memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from datasette import hookimpl
from datasette.utils.asgi import Response

from ..archive import search_sql as archive_search
from ..exports import tmx
from .databases import is_archive_database

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


def _has_bitext(columns: Sequence[str]) -> bool:
    return "zh" in columns and "en" in columns


def _bitext_rows(columns: Sequence[str], rows: Iterable) -> Iterator[tuple]:
    """(zh, en, row as dict) of the rows with both sides."""
    for row in rows:
        record = dict(zip(columns, row, strict=False))
        if record.get("zh") and record.get("en"):
            yield record["zh"], record["en"], record


def _no_bitext(columns: Sequence[str]) -> Response:
    return Response.text(
        f"no zh and en columns here (columns: {', '.join(columns)}); "
        f".tsv and .tmx export sentence or paragraph pairs",
        status=400,
    )


def render_tsv(columns: Sequence[str], rows: Iterable) -> Response:
    """zh<TAB>en, one pair a line (tabs and line breaks inside a side become spaces)."""
    if not _has_bitext(columns):
        return _no_bitext(columns)

    def clean(text: object) -> str:
        return " ".join(str(text).replace("\t", " ").split())

    body = "".join(f"{clean(zh)}\t{clean(en)}\n" for zh, en, _ in _bitext_rows(columns, rows))
    return Response(body, content_type="text/tab-separated-values; charset=utf-8")


async def render_tmx(
    datasette: Datasette, database: str, columns: Sequence[str], rows: Iterable
) -> Response:
    """A TMX 1.4b memory of the rows' zh/en pairs, in ``bilib export tmx``'s dialect
    (``library.exports.tmx.unit``): sentence pairs get their ``tuid`` (item#position),
    the item's date as ``creationdate`` and its original language as ``srclang``;
    glossary rows (a ``status`` column) are phrases, obsolete ones left out and the
    others marked with their status."""
    if not _has_bitext(columns):
        return _no_bitext(columns)
    records = [record for _, _, record in _bitext_rows(columns, rows)]
    glossary = "status" in columns and "item_id" not in columns
    items: dict = {}
    ids = sorted({r["item_id"] for r in records if r.get("item_id")})
    db = datasette.get_database(database)
    if ids and await is_archive_database(db):
        items = await db.execute_fn(lambda conn: archive_search.item_facts(conn, ids))
    units = [
        tmx.unit({**items.get(r.get("item_id"), {}), **r})
        for r in records
        if not (glossary and r.get("status") == "obsolete")
    ]
    note = "Exported from Datasette by the bilingual-library plugin"
    if glossary:
        note += "; obsolete terms left out, the others marked with their status (x-status)"
    out = io.BytesIO()
    tmx.write(out, units, note=note, segtype="phrase" if glossary else "sentence")
    return Response(out.getvalue().decode("utf-8"), content_type="application/x-tmx+xml")


@hookimpl
def register_output_renderer() -> list[dict]:
    return [
        {"extension": "tsv", "render": render_tsv, "can_render": _has_bitext},
        {"extension": "tmx", "render": render_tmx, "can_render": _has_bitext},
    ]
