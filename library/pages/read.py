"""Reading pages from disk: plain text as saved from a site, HTML, Markdown with front matter.

Each file becomes one :class:`Version` (one language of one news item). The
stored text stays as published apart from Unicode NFC; search normalisation
happens later, in the shadow (``library.text.chinese``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError, counted
from ..model import Version, content_hash
from ..text.chinese import han_count, is_traditional
from . import warc
from .dates import future
from .decode import decode, decode_declared
from .html import parse_html
from .language import KNOWN
from .links import is_host, mirror_url
from .markdown import parse_markdown
from .text import parse_text
from .warc import Capture

PAGE_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_SPACE = re.compile(r"\s")
_PARSERS = {"text": parse_text, "html": parse_html, "markdown": parse_markdown}


MAX_PAGE_BYTES = 20_000_000
"""The largest page file read (``bilib build --max-page-mb`` raises it): a news page is
rarely a hundredth of this, and a larger file is more likely a dump saved by mistake."""


def _check_file(path: Path, root: Path | None, max_bytes: int) -> None:
    """Refuse, naming the file, what must not become a page: a file name that is not
    text, a link leading outside the source folder, a file over ``max_bytes``."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise SourceError(
            "the file name is not valid UTF-8",
            path=ascii(str(path)),
            hint="rename the file (its name is stored and shown)",
        ) from None
    if root is not None and path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(Path(root).resolve()):
            raise SourceError(
                f"a link to a file outside the source folder ({target})",
                path=path,
                hint="copy the page into the folder if it belongs to the archive",
            )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from None
    if size > max_bytes:
        raise SourceError(
            f"the page is {size / 1e6:.1f} MB; pages over {max_bytes / 1e6:g} MB are not read",
            path=path,
            hint="split it, or raise the limit with --max-page-mb",
        )


def read_page(
    path: Path,
    root: Path | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
    capture: Capture | None = None,
) -> Version:
    """Read one page file, or one ``capture`` of a WARC file, into a :class:`Version`;
    :class:`SourceError` names the file (and the captured URL)."""
    path = Path(path)
    rel = path.name if root is None else path.relative_to(root).as_posix()
    if capture is not None:
        where = f"{path}#{capture.url}"  # as errors name the page (a Path would fold "//")
        data = warc.body(path, capture.offset, max_bytes)
        text, encoding = decode_declared(data, capture.charset, where)
        return _version(
            text,
            encoding,
            capture.format,
            path,
            f"{rel}#{capture.url}",
            where,
            url=capture.url,
            captured=capture.captured,
            record=capture.offset,
        )
    fmt = PAGE_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(
            f"not a page (expected one of {', '.join(sorted(PAGE_SUFFIXES))}, "
            f"or {' or '.join(warc.WARC_SUFFIXES)})",
            path=path,
        )
    _check_file(path, root, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from None
    text, encoding = decode(data, path)
    site = f"{Path(root).name}/{rel}" if root is not None and is_host(Path(root).name) else rel
    return _version(text, encoding, fmt, path, rel, str(path), url=mirror_url(site))


def _version(
    text: str,
    encoding: str,
    fmt: str,
    path: Path,
    rel: str,
    where: str,
    url: str | None = None,
    captured: str | None = None,
    record: int | None = None,
) -> Version:
    """A page's text read by its format's parser into a :class:`Version`; ``where`` is how
    its errors name it (the file, or the WARC file, ``#`` and the URL). ``url`` is where it
    was fetched (a crawl's, a mirror folder's): the page's own canonical URL comes first.
    ``captured`` is its date only when the page gives none."""
    text = _nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        fields = _PARSERS[fmt](text, Path(where))
    except SourceError as exc:
        exc.path = where
        raise
    # A paragraph never holds a blank line: versions.text joins them with one.
    paragraphs = [re.sub(r"\n\s*\n", "\n", _nfc(p)) for p in fields.pop("paragraphs") if p.strip()]
    if not paragraphs and not fields.get("title"):
        raise SourceError(
            "the page has no title and no text",
            path=where,
            hint="check that this is a news page, or move it out of the folder",
        )
    if fields.get("date") and future(fields["date"], dt.date.today() + dt.timedelta(days=1)):
        raise SourceError(
            f"the page's date, {fields['date']}, is after today",
            path=where,
            hint="correct the date: a page cannot be published later than it is read",
        )
    lang = fields.pop("lang")
    title = fields.pop("title")
    sample = (title or "") + "".join(paragraphs)
    return Version(
        path=path,
        rel=rel,
        lang=lang,
        title=title,
        date=fields.pop("date") or captured or None,
        paragraphs=paragraphs,
        format=fmt,
        encoding=encoding,
        category=(str(fields["category"]) if fields.get("category") else None),
        url=fields.get("url") or url,
        alternates=fields.get("alternates") or {},
        doc_id=fields.get("doc_id"),
        breadcrumb=fields.get("breadcrumb"),
        script=("Hant" if is_traditional(sample) else "Hans") if lang == "zh" else None,
        lang_from=fields.get("lang_from", "detected"),
        lang_claim=fields.get("lang_claim"),
        original=fields.get("original"),
        translator=fields.get("translator"),
        translated=fields.get("translated"),
        nonspace=sum(len(p) - len(_SPACE.findall(p)) for p in paragraphs),
        han=sum(han_count(p) for p in paragraphs),
        record=record,
        digest=content_hash(title, "\n\n".join(paragraphs)),
    )


def read_file(
    path: Path, root: Path | None = None, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[list[tuple[Path, Path | None, Capture | None]], str | None]:
    """The pages a file holds, as ``read_page`` arguments (itself; each capture of a WARC
    file), and for a WARC file what it skipped, for the build's warnings."""
    if not warc.is_warc(path):
        return [(path, root, None)], None
    found = warc.contents(path)
    rel = path.name if root is None else path.relative_to(root).as_posix()
    note = None
    if found.skipped:
        note = f"{rel}: {counted(len(found.captures), 'page')} read; skipped " + ", ".join(
            f"{n:,} {why}" for why, n in sorted(found.skipped.items())
        )
    return [(path, root, c) for c in found.captures], note


def with_text(version: Version) -> Version:
    """``version`` with its paragraphs read again from its file (the build holds versions
    without their text, :meth:`Version.without_text`); a :class:`SourceError` if the
    file changed since it was first read."""
    capture = None
    if version.record is not None:  # read with the encoding the first reading found
        url = version.rel.split("#", 1)[1]
        capture = warc.Capture(version.record, url, version.format, version.encoding, "")
    token = KNOWN.set((version.lang, version.lang_from, version.lang_claim))
    try:
        again = read_page(version.path, max_bytes=1 << 62, capture=capture)  # size checked once
    finally:
        KNOWN.reset(token)
    if (again.nonspace, again.han, again.title) != (version.nonspace, version.han, version.title):
        raise SourceError(
            "the page changed while the build was reading it",
            path=version.path,
            hint="run the build again",
        )
    return replace(version, paragraphs=again.paragraphs)


def text_of(path: Path, as_page: bool = True) -> str:
    """The text of any file (``bilib align`` reads two): a page saved from a news site
    (a breadcrumb or date line, HTML, Markdown) as the build reads it, its title and
    paragraphs without the site's lines, when ``as_page``; any other text as it is."""
    path = Path(path)
    raw = decode(path.read_bytes(), path)[0]
    if not as_page:
        return raw
    try:
        page = read_page(path)
    except SourceError:
        return raw
    if page.format == "text" and not (page.breadcrumb or page.date):
        return raw  # no site lines: the first line is text, not a title to keep apart
    return "\n\n".join([page.title, *page.paragraphs] if page.title else page.paragraphs)


def find_pages(root: Path) -> list[Path]:
    """Page files under ``root`` (or ``root`` itself), sorted; hidden and ``_``-prefixed skipped."""
    return [Path(os.fspath(entry)) for _, entry in _walk(Path(root))]


def _walk(root: Path, ordered: bool = True) -> list[tuple[str, os.DirEntry | Path]]:
    """(path under ``root``, its directory entry) of each page file of :func:`find_pages`,
    sorted unless ``ordered`` is false.

    ``os.scandir`` and strings rather than ``Path.rglob``: an update lists and stats every
    page of the archive to find the new ones, and the directory entries already say which
    are files (making a ``Path`` of each would double the time)."""
    if root.is_file():
        return [(root.name, root)]
    if not root.is_dir():
        raise SourceError("no such file or folder", path=root)
    found: list[tuple[str, os.DirEntry | Path]] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith((".", "_")):
                    continue
                if entry.is_dir():
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file() and (
                    os.path.splitext(entry.name)[1].lower() in PAGE_SUFFIXES
                    or entry.name.lower().endswith(warc.WARC_SUFFIXES)
                ):
                    found.append((prefix + entry.name, entry))
    if ordered:
        found.sort(key=lambda page: page[0])
    return found


def base_of(root: Path) -> Path:
    """The folder a root's pages' ``rel`` paths are relative to: the root itself, or the
    folder of a root that is one file."""
    root = Path(root)
    return root if root.is_dir() else root.parent


def top_of(root: Path) -> str:
    """:func:`base_of` as an absolute path ending in a separator, so that ``top + rel``
    is a page's absolute path (as ``page_files`` holds it)."""
    return os.path.join(os.path.abspath(base_of(root)), "")


def pages_under(roots: list[Path]) -> Iterator[tuple[Path, Path]]:
    """(page, the folder its ``rel`` path is relative to) for every page under each root,
    in a stable order."""
    for root in roots:
        for page in find_pages(Path(root)):
            yield page, base_of(root)


def stamped_pages(roots: list[Path]) -> list[tuple[str, int, int, Path]]:
    """(absolute path, size, modification time in ns, the folder its ``rel`` path is
    relative to, absolute too) of every page under ``roots``: what an update compares with the
    archive's ``page_files`` to know which files are new, changed or gone (as git's
    index does)."""
    out = []
    for root in roots:
        top = top_of(root)
        base = Path(top)
        for rel, entry in _walk(Path(root), ordered=False):
            try:
                st = entry.stat()
            except OSError:
                continue
            out.append((top + rel, st.st_size, st.st_mtime_ns, base))
    return out


def read_pages(roots: list[Path]) -> Iterator[Version]:
    """Every page under each root (each capture of a WARC file), in a stable order."""
    for page, base in pages_under(roots):
        for path, root, capture in read_file(page, base)[0]:
            yield read_page(path, root, capture=capture)
