"""The concordance's answers as data: its JSON, and its lines as CSV, TSV or TMX bodies
(whole, sorted by context; in pieces of :data:`CHUNK` pairs, sorted by date, for a
download of every line). The bodies are made in the pool of processes apart
(``scheduling.run_apart``), whose work must be a module's functions, not closures of a
request: these are they."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..archive import search_sql as archive_search
from ..archive.rows import ItemFacts
from ..exports import tmx
from ..model import SENTENCE_CHARS
from ..query import concordance
from . import downloads

CHUNK = 1_000
"""Sentence pairs a piece of a concordance download holds (each made within the budget)."""
CONTENT_TYPES = {**downloads.CONTENT_TYPES, ".tmx": "application/x-tmx+xml"}
TMX_NOTE = "bilib concordance"


def _units(
    found: list[concordance.Line], lang: str, items: Mapping[str, ItemFacts]
) -> list[tmx.Unit]:
    """The lines' sentence pairs as TMX units, once each (``items``: each item's facts,
    for the units' ``srclang`` and URLs, as ``bilib export tmx`` writes them)."""
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
    return list({u.tuid: u for u in units}.values())


def piece(
    fmt: str,
    found: list[concordance.Line],
    lang: str,
    items: Mapping[str, ItemFacts],
    header: bool,
    script: str | None = None,
) -> str:
    """Lines as a piece of a CSV or TSV body (its header row first when ``header``) or as
    TMX units (between :func:`library.exports.tmx.prologue` and its epilogue), their
    Chinese in ``script`` when one is asked for (``?target_script=``, as ``bilib export
    tmx --target-script`` writes it)."""
    if fmt == ".tmx":
        return "".join(tmx.unit_xml(tmx.in_script(u, script)) for u in _units(found, lang, items))
    return concordance.to_csv(found, delimiter="\t" if fmt == ".tsv" else ",", header=header)


def _items(conn: Any, fmt: str, found: list[concordance.Line]) -> dict[str, ItemFacts]:
    ids = sorted({line.item_id for line in found}) if fmt == ".tmx" else []
    return archive_search.item_facts(conn, ids) if ids else {}


def concordance_body(
    conn: Any, fmt: str, args: dict, lang: str, script: str | None = None
) -> tuple[str, str]:
    """Every line of a concordance sorted by context (of the first
    :data:`~library.query.concordance.LIMIT` pairs) as a body of ``fmt`` and its content
    type (made in the pool apart, not on the event loop)."""
    found = concordance.lines(conn, **args)
    body = piece(fmt, found, lang, _items(conn, fmt, found), True, script)
    if fmt == ".tmx":
        body = tmx.prologue(note=TMX_NOTE) + body + tmx.EPILOGUE
    return body, CONTENT_TYPES[fmt]


def concordance_chunk(
    conn: Any, fmt: str, args: dict, lang: str, start: int, pairs: int, script: str | None = None
) -> tuple[str, int]:
    """A piece of a download of every line sorted by date: the lines of ``pairs``
    (:data:`CHUNK`) sentence pairs from the ``start``-th newest on, and the pairs read
    (fewer: the last piece). Made in the pool apart."""
    found, read = concordance.chunk(conn, args["term"], args["lang"], args["context"], start, pairs)
    return piece(fmt, found, lang, _items(conn, fmt, found), start == 0, script), read


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
