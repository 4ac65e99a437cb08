"""Answers written as they are made: every row of a table's ``.tmx``/``.tsv`` and the
plugin's ``?_stream=on`` CSV, in the memory of one page at a time.

Datasette streams its CSV with its own ``AsgiStream``; an output renderer must return
a :class:`~datasette.utils.asgi.Response`, so :class:`Streamed` is a Response whose body
is sent in pieces. A stream that fails after its first byte cannot change its status:
it ends with a line saying so (:func:`stopped_line`) and, for XML, without the closing
tags, so that no reader takes a cut file for a whole one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any

from datasette.utils.asgi import Response

from ..query.concordance import TSV_BREAKS

Chunks = Callable[[], AsyncIterator[str]]


class Streamed(Response):
    """A response whose body is the pieces ``chunks()`` yields, sent as they come."""

    def __init__(
        self,
        chunks: Chunks,
        content_type: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__("", status=status, headers=headers, content_type=content_type)
        self.chunks = chunks

    async def asgi_send(self, send: Callable) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() != "content-type"}
        headers["content-type"] = self.content_type
        await send(
            {
                "type": "http.response.start",
                "status": self.status,
                "headers": [[k.encode("utf-8"), v.encode("utf-8")] for k, v in headers.items()],
            }
        )
        async for chunk in self.chunks():
            if chunk:
                await send(
                    {"type": "http.response.body", "body": chunk.encode("utf-8"), "more_body": True}
                )
        await send({"type": "http.response.body", "body": b""})


def rows_text(rows: Iterable[Sequence[Any]], delimiter: str = ",") -> str:
    """Rows as CSV (``delimiter=","``, quoted where needed) or TSV (``"\t"``: one row a
    line, unquoted, as translation tools read it; tabs and line breaks inside a cell
    become spaces)."""
    if delimiter == "\t":
        return "".join(
            "\t".join(TSV_BREAKS.sub(" ", "" if c is None else str(c)) for c in row) + "\n"
            for row in rows
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue()


def stopped_line(reason: str, xml: bool = False) -> str:
    """The last line of a stream that could not be finished (``xml``: a comment, and the
    document is then left unclosed, so that no XML reader takes it for a whole one)."""
    if xml:
        return f"<!-- stopped before the end: {reason} -->\n"
    return f"\n# stopped before the end: {reason}\n"
