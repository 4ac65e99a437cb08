"""Web archives: the pages of a crawl stored as WARC (``.warc``, ``.warc.gz``).

Crawlers (wget ``--warc-file``, Heritrix, Browsertrix, Common Crawl) and bitextor keep
what they fetched as WARC records. A page of the archive is a ``response`` record with
HTTP status 200 and an HTML or text body; its URL (``WARC-Target-URI``) becomes the
version's URL, which URL and link pairing read, and its capture date is the page's date
only when the page itself gives none. A URL captured more than once is read from its
latest capture. ``revisit`` records (a capture that found the page unchanged), other
statuses and other kinds of content are skipped and counted.

warcio reads the records: gzip members, chunked transfer encoding and a gzip
``Content-Encoding`` are undone by its ``content_stream()``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from .links import web_url

WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass
class Capture:
    """One page of a WARC file: where its record starts, what it is."""

    offset: int
    url: str
    format: str
    """'html' or 'text', from the HTTP ``Content-Type``."""
    charset: str | None
    """The HTTP header's charset, if it gives one."""
    captured: str
    """The capture's ISO date (``WARC-Date``)."""


@dataclass
class Contents:
    """The pages of a WARC file, and what was skipped, by reason."""

    captures: list[Capture]
    skipped: Counter = field(default_factory=Counter)


def _open(path: Path):
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's with
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from None


def _records(path: Path, stream) -> Iterator:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = ArchiveIterator(stream)
    try:
        for record in iterator:
            yield iterator, record
    except ArchiveLoadFailed as exc:
        raise SourceError(
            f"not a readable WARC file: {exc.msg}",
            path=path,
            hint="check that the file is a complete .warc or .warc.gz (a crawl cut short "
            "ends mid-record)",
        ) from None
    except (OSError, EOFError, ValueError) as exc:  # a truncated gzip member
        raise SourceError(
            f"the WARC file is damaged: {exc}",
            path=path,
            hint="check that the file is complete; recrawl or repair it with warcio",
        ) from None


def _iso(warc_date: str | None) -> str:
    try:
        return (
            dt.datetime.fromisoformat((warc_date or "").replace("Z", "+00:00")).date().isoformat()
        )
    except ValueError:
        return ""


@contextlib.contextmanager
def _damage_told(path: Path) -> Iterator[None]:
    """warcio's warnings about a record (written to stderr: "Record not followed by
    newline, perhaps Content-Length is invalid") as the file's error, not terminal noise."""
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        yield
    if "WARNING" in said.getvalue():
        first = " ".join(said.getvalue().split())[:200]
        raise SourceError(
            f"the WARC file is damaged: {first}",
            path=path,
            hint="check that the file is complete; recrawl or repair it with warcio",
        )


def _check_magic(path: Path) -> None:
    try:
        with gzip.open(path, "rb") if path.name.lower().endswith(".gz") else _open(path) as f:
            head = f.read(5)
    except (OSError, EOFError) as exc:
        raise SourceError(f"not a readable WARC file: {exc}", path=path) from None
    if head != b"WARC/":
        raise SourceError(
            "not a WARC file: it does not start with a WARC/1.x record",
            path=path,
            hint="only WARC files are read as crawls (an ARC file can be converted "
            "with 'warcio recompress')",
        )


def contents(path: Path) -> Contents:
    """The pages of the WARC file at ``path`` (latest capture of each URL, in the order
    of the file), and the records skipped by reason; a :class:`SourceError` for a file
    that is not a WARC or is damaged."""
    _check_magic(path)
    latest: dict[str, tuple[str, Capture]] = {}
    skipped: Counter = Counter()
    with _open(path) as stream, _damage_told(path):
        for iterator, record in _records(path, stream):
            while record.raw_stream.read(1 << 16):
                pass
            if record.raw_stream.limit:  # the file ends inside this record
                raise SourceError(
                    "the WARC file ends inside a record (at byte "
                    f"{iterator.get_record_offset():,}, {record.raw_stream.limit:,} bytes missing)",
                    path=path,
                    hint="the crawl was cut short: recrawl, or drop the last record",
                )
            kind = record.rec_type
            if kind == "revisit":
                skipped["revisit"] += 1
                continue
            if kind != "response":
                continue  # request, metadata, warcinfo: no page, not counted
            url = web_url(record.rec_headers.get_header("WARC-Target-URI"))
            headers = record.http_headers
            if url is None or headers is None:
                skipped["not a web page"] += 1
                continue
            if headers.get_statuscode() != "200":
                skipped[f"status {headers.get_statuscode()}"] += 1
                continue
            content_type = headers.get_header("Content-Type") or ""
            fmt = PAGE_TYPES.get(content_type.split(";")[0].strip().lower())
            if fmt is None:
                skipped["not HTML or text"] += 1
                continue
            warc_date = record.rec_headers.get_header("WARC-Date") or ""
            charset = _CHARSET.search(content_type)
            capture = Capture(
                offset=iterator.get_record_offset(),
                url=url,
                format=fmt,
                charset=charset.group(1) if charset else None,
                captured=_iso(warc_date),
            )
            if url in latest:
                skipped["older capture"] += 1
                if warc_date < latest[url][0]:
                    continue
            latest[url] = (warc_date, capture)
    captures = sorted((c for _, c in latest.values()), key=lambda c: c.offset)
    return Contents(captures, skipped)


def body(path: Path, offset: int, max_bytes: int) -> bytes:
    """The HTTP body of the record at ``offset`` (de-chunked and un-gzipped), at most
    ``max_bytes`` of it: a :class:`SourceError` for a longer one."""
    with _open(path) as stream, _damage_told(path):
        stream.seek(offset)
        for _, record in _records(path, stream):
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                raise SourceError(
                    f"the page is over {max_bytes / 1e6:g} MB; pages over that are not read",
                    path=path,
                    hint="raise the limit with --max-page-mb",
                )
            return data
    raise SourceError(f"no WARC record at byte {offset:,}", path=path, hint="run the build again")
