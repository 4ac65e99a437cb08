"""The plugin's answers as files: ``.csv`` and ``.tsv`` of the search, the translation
memory, the term lookup and a page of the concordance (its downloads of every line,
``.tmx`` too, are made in pieces by ``library.web.bodies``).

One rule for every download, as for the tables' ``.tmx`` and ``.tsv``
(``library.web.renderers``): it holds **every** result unless the asker asks for a page
(``size``, ``_size`` other than ``max``, or ``offset``); a page carries a ``Link:
rel=next`` header to the rest. ``?_stream=on`` (Datasette's word) asks for everything,
which is the default. Every result is read a page at a time, each within the request's
time budget, and written as it comes (:class:`~library.web.streaming.Streamed`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from datasette.utils.asgi import Request, Response

from ..query import search_all
from ..terms import spotting
from ..translation.tm import Match
from .streaming import Streamed, rows_text, stopped_line

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
}
TABULAR = tuple(CONTENT_TYPES)
PAGE_ARGS = ("size", "_size", "offset", "limit")

SEARCH_COLUMNS = (
    "id",
    "date",
    "title_en",
    "title_zh",
    "category_en",
    "category_zh",
    "found_in",
    "via_glossary",
    "score",
)
TM_COLUMNS = ("score", "zh", "en", "item_id", "position", "date")
TERM_COLUMNS = ("text", "status", "segments", "elsewhere", "dice", "fit", "score", "weak")

Page = tuple[list[Sequence[Any]], int | None]
"""Rows of a page and where the next starts (None: the last)."""


def asked_a_page(request: Request) -> bool:
    """Whether a download is to be one page (see the module's note)."""
    if request.args.get("_stream") == "on":
        return False
    return any(
        request.args.get(k) not in (None, "") and not (k == "_size" and request.args[k] == "max")
        for k in PAGE_ARGS
    )


def search_rows(results: search_all.Results) -> list[Sequence[Any]]:
    return [
        (
            h.id,
            h.date,
            h.title_en,
            h.title_zh,
            h.category_en,
            h.category_zh,
            " ".join(h.found_in),
            " | ".join(h.via_glossary),
            h.score,
        )
        for h in results.items
    ]


def tm_rows(matches: Sequence[Match], lang: str) -> list[Sequence[Any]]:
    return [
        (
            m.score,
            m.source if lang == "zh" else m.target,
            m.target if lang == "zh" else m.source,
            m.item_id,
            m.position,
            m.date,
        )
        for m in matches
    ]


def term_rows(renderings: Sequence[spotting.Rendering]) -> list[Sequence[Any]]:
    return [
        (r.text, r.status, r.segments, r.elsewhere, r.dice, r.fit, r.score, r.weak)
        for r in renderings
    ]


def tabular(
    fmt: str,
    columns: Sequence[str],
    first: Page,
    following: Callable[[int], Awaitable[Page]] | None,
    next_url: str | None,
) -> Response:
    """``first`` page (and, when ``following`` is given, the pages after it, each read
    when the one before is written) as CSV or TSV. ``next_url``: the rest, for a page."""
    delimiter = "\t" if fmt == ".tsv" else ","

    async def chunks() -> AsyncIterator[str]:
        rows, after = first
        yield rows_text([columns, *rows], delimiter)
        while following is not None and after is not None:
            try:
                rows, after = await following(after)
            except Exception as exc:  # the status is sent: say so in the file
                yield stopped_line(str(exc))
                return
            yield rows_text(rows, delimiter)

    return Streamed(chunks, CONTENT_TYPES[fmt], headers=link({"next": next_url}))


def link(paging: dict) -> dict[str, str]:
    """The ``Link`` header to a page's next one (none on the last)."""
    return {"Link": f'<{paging["next"]}>; rel="next"'} if paging.get("next") else {}
