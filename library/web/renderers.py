"""Output renderers for any table or query with ``zh`` and ``en`` columns: ``.tsv`` (one
pair a line) and ``.tmx`` (a TMX 1.4b memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence

from datasette import hookimpl
from datasette.utils.asgi import Response

from ..exports import tmx


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


def render_tmx(columns: Sequence[str], rows: Iterable) -> Response:
    """A TMX 1.4b memory of the rows' zh/en pairs (item and position as props if present)."""
    if not _has_bitext(columns):
        return _no_bitext(columns)
    units = []
    for zh, en, record in _bitext_rows(columns, rows):
        props = {
            f"x-{k.replace('_', '-')}": str(record[k])
            for k in ("item_id", "position", "bead", "score")
            if record.get(k) is not None
        }
        units.append(tmx.Unit(zh=str(zh), en=str(en), props=props))
    out = io.BytesIO()
    tmx.write(out, units, note="Exported from Datasette by the bilingual-library plugin")
    return Response(out.getvalue().decode("utf-8"), content_type="application/x-tmx+xml")


@hookimpl
def register_output_renderer() -> list[dict]:
    return [
        {"extension": "tsv", "render": render_tsv, "can_render": _has_bitext},
        {"extension": "tmx", "render": render_tmx, "can_render": _has_bitext},
    ]
