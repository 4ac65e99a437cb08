"""The concordance's answers as data: its JSON, and its lines as CSV, TSV or TMX bodies.
The bodies are made in the pool of processes apart (``scheduling.run_apart``), whose
work must be a module's functions, not closures of a request: these are they."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..archive import search_sql as archive_search
from ..archive.rows import ItemFacts
from ..exports import tmx
from ..model import SENTENCE_CHARS
from ..query import concordance


def export(
    fmt: str, found: list[concordance.Line], lang: str, items: Mapping[str, ItemFacts]
) -> tuple[str, str]:
    """The concordance's lines as CSV, TSV, or TMX (``items``: each item's facts, for
    the units' ``srclang`` and URLs, as ``bilib export tmx`` writes them): the body and
    its content type."""
    if fmt == ".tmx":
        units = [
            tmx.unit(
                {
                    **items.get(line.item_id, {}),
                    "zh": line.sentence if lang == "zh" else line.other,
                    "en": line.sentence if lang == "en" else line.other,
                    "item_id": line.item_id,
                    "position": line.position,
                    "date": line.date,
                }
            )
            for line in found
            # A pair with a side of a page (no sentence ends) is no unit for a CAT tool;
            # its line's other side is cut anyway.
            if line.other and max(len(line.sentence), len(line.other)) <= SENTENCE_CHARS
        ]
        out = io.BytesIO()
        tmx.write(out, list({u.tuid: u for u in units}.values()), note="bilib concordance")
        return out.getvalue().decode("utf-8"), "application/x-tmx+xml"
    if fmt == ".tsv":
        body = concordance.to_csv(found, delimiter="\t")
        return body, "text/tab-separated-values; charset=utf-8"
    return concordance.to_csv(found), "text/csv; charset=utf-8"


def concordance_body(conn: Any, fmt: str, args: dict, lang: str) -> tuple[str, str]:
    """Every line of a concordance as a body of ``fmt`` and its content type (made in the
    pool apart, not on the event loop)."""
    found = concordance.lines(conn, **args)
    ids = sorted({line.item_id for line in found}) if fmt == ".tmx" else []
    items = archive_search.item_facts(conn, ids) if ids else {}
    return export(fmt, found, lang, items)


def concordance_page(conn: Any, params: dict) -> concordance.Concordance:
    return concordance.concordance(conn, **params)


def concordance_json(result: concordance.Concordance) -> dict:
    """A page of the concordance as the JSON API gives it (without its paging, which the
    route adds: ``offset``, ``size``, ``total`` lines, ``total_capped``, ``next``)."""
    return {
        "q": result.term,
        "lang": result.lang,
        "sort": result.sort,
        "context": result.context,
        "pairs": result.pairs,
        "lines": [{k: v for k, v in asdict(x).items() if k != "sentence"} for x in result.lines],
        "renderings": [asdict(r) for r in result.renderings],
    }
