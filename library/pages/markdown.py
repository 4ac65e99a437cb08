"""Markdown pages with YAML front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..errors import SourceError
from .dates import parse_date
from .html import node_text
from .language import detect_lang
from .links import web_url


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as front matter needs it: dates stay text (``parse_date`` reads them, and an
    impossible date such as 2022-13-45 becomes a message, not a traceback)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SCALAR_KEYS = ("title", "date", "lang", "category", "url", "id")


def _key_line(front: str, key: str) -> int | None:
    """The line of the page (from 1; the opening --- is line 1) where ``key:`` stands."""
    for n, line in enumerate(front.splitlines(), start=2):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return n
    return None


_UNCLOSED = re.compile(r"\A---[ \t]*\r?\n[ \t]*[\w-]+[ \t]*:")
"""Front matter opened (``---`` then a ``key:`` line) but never closed."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def parse_markdown(text: str, path: Path) -> dict:
    """Markdown with YAML front matter (title, date, lang, lang_override, category, url, id,
    original)."""
    from markdown_it import MarkdownIt
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    meta: dict = {}
    body = text
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            meta = yaml.load(m.group(1), Loader=_FrontMatterLoader) or {}  # noqa: S506
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SourceError(
                f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                path=path,
                line=(mark.line + 2) if mark else None,
                hint="fix the YAML between the --- lines",
            ) from None
        if not isinstance(meta, dict):
            raise SourceError(
                "front matter must be a mapping of keys to values",
                path=path,
                line=2,
                hint="write 'title: ...' lines between the --- lines",
            )
        for key in _SCALAR_KEYS:
            value = meta.get(key)
            if isinstance(value, dict | list):
                raise SourceError(
                    f"front matter '{key}' must be one value, not {type(value).__name__} {value!r}",
                    path=path,
                    line=_key_line(m.group(1), key),
                    hint=f"write '{key}: text' on one line",
                )
        body = text[m.end() :]
    elif _UNCLOSED.match(text):
        raise SourceError(
            "front matter has no closing --- line",
            path=path,
            line=1,
            hint="end the front matter with a line holding only ---",
        )
    tree = HTMLParser(MarkdownIt("commonmark").render(body))
    title = meta.get("title")
    paragraphs: list[str] = []
    for node in tree.css("h1, h2, h3, p, li, blockquote > p"):
        t = node_text(node)
        if node.tag == "h1" and not title:
            title = t
            continue
        if t and t not in paragraphs[-1:]:
            paragraphs.append(t)
    date = meta.get("date")
    if isinstance(date, dt.datetime):
        date = date.date().isoformat()
    elif isinstance(date, dt.date):
        date = date.isoformat()
    elif date is not None:
        written = str(date)
        date = parse_date(written)
        if date is None:
            raise SourceError(
                f"front matter date {written!r} is not a date",
                path=path,
                line=_key_line(m.group(1), "date") if m else None,
                hint="write it as YYYY-MM-DD, e.g. 'date: 2022-03-30' (or leave the line out)",
            )
    override = meta.get("lang_override", False)
    if not isinstance(override, bool):
        raise SourceError(
            f"front matter 'lang_override' must be true or false, not {override!r}",
            path=path,
            hint="write 'lang_override: true' to keep 'lang' whatever the text looks like",
        )
    lang, lang_from, claim = detect_lang(
        path, f"{title or ''} " + " ".join(paragraphs[:5]), meta.get("lang"), override
    )
    doc_id = meta.get("id")
    original = meta.get("original")
    if original is not None and not isinstance(original, bool):
        raise SourceError(
            f"front matter 'original' must be true or false, not {original!r}",
            path=path,
            hint="write 'original: true' on the page that was "
            "written first and 'original: false' (or nothing) on its translation",
        )
    url = meta.get("url")
    if url is not None and web_url(str(url)) is None:
        raise SourceError(
            f"front matter 'url' is not a web address: {str(url)[:200]!r}",
            path=path,
            hint="give the page's http(s) address, or leave 'url' out",
        )
    worksheet = meta.get("worksheet")
    return {
        "title": str(title) if title is not None else None,
        "date": date,
        # A page an imported worksheet wrote (``worksheet: FILE``): its translator, and
        # its language from the worksheet, as the import stored it.
        "translator": str(meta["translator"]) if meta.get("translator") else None,
        "translated": str(meta["translated"]) if meta.get("translated") else None,
        "category": meta.get("category"),
        "url": str(url).strip() if url is not None else None,
        "doc_id": str(doc_id) if doc_id is not None else None,
        "original": original,
        "paragraphs": paragraphs,
        "lang": lang,
        "lang_from": "worksheet" if worksheet and lang_from == "front matter" else lang_from,
        "lang_claim": claim,
        "breadcrumb": None,
    }
