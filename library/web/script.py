"""Content in the reader's script: a zh-TW reader reads Simplified content in
Traditional characters (issue 30, item 4).

Every piece of content on the archive's pages carries its language (``lang="zh-Hans"``,
``cells.content_lang``), so the conversion is one rule over the HTML the pages send, not
one per template: the text inside an element marked ``zh-Hans`` is converted with
OpenCC ``s2tw`` (characters only: a name or an official title keeps its words) and the
element is marked ``lang="zh-Hant" data-converted="s2tw"``. Tags, attributes (a search
box's query, a link's address) and the interface's own text are left alone, and a
search's ``<mark>`` is a tag: highlighting survives the conversion whatever it does to
the text. The page's notice (``base.html``, hidden unless something was converted) says
so and links to the original (``?_content=original``, kept in a cookie like the
interface language). The JSON, CSV and TMX answers are never converted: data is data.

Content elements nest (a paragraph's marks and glossary links): the conversion follows
the page's tags and their ``lang``; its cost is measured by ``scripts/benchmark_script.py``.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable

from ..text.chinese import HAN_CHAR, to_script

PARAMETER = "_content"
COOKIE = "bilib_content"
MODES = ("converted", "original")
"""``?_content=``: content in the reader's script (the default), or as published."""
SIMPLIFIED = "zh-hans"
MARK = ' lang="zh-Hant" data-converted="s2tw"'
NOTICE = '<p class="bilib-converted" hidden>'
"""``base.html``'s notice as sent; shown (``hidden`` taken off) when text was converted."""
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


_original: contextvars.ContextVar[bool] = contextvars.ContextVar("bilib_original", default=False)


def showing_original(original: bool) -> contextvars.Token:
    """This request shows content as published (or not); reset with the token."""
    return _original.set(original)


def reset(token: contextvars.Token) -> None:
    _original.reset(token)


def shows_original() -> bool:
    """Whether the request being answered asked for content as published."""
    return _original.get()


TOKENS = re.compile(
    r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|</?[a-zA-Z][^>]*>|<[!?][^>]*>|[^<]+|<",
    re.S | re.I,
)
"""A page's pieces: comments, scripts and styles whole (never content), tags, text."""
TAG_NAME = re.compile(r"</?([a-zA-Z][\w:-]*)")
ATTRIBUTE = re.compile(r"""\s([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
SEPARATOR = "\ue000"
"""Joins the texts to convert into one OpenCC call (a private-use character it keeps)."""


def _lang(tag: str) -> re.Match | None:
    """A start tag's ``lang`` attribute (its value is group 2), if it has one."""
    for m in ATTRIBUTE.finditer(tag, len(TAG_NAME.match(tag).group(0))):  # type: ignore[union-attr]
        if m.group(1).lower() == "lang":
            return m
    return None


def to_traditional(page: str) -> str:
    """``page`` with the text of its Simplified content in Traditional characters, those
    elements marked converted, and the page's notice shown when anything was.

    The page's pieces are read with a regular expression rather than Python's
    ``html.parser`` (three times its speed on the concordance's page, the same output):
    the pages are the plugin's own templates' well-formed HTML, whose scripts and styles
    hold no content.

    >>> to_traditional('<p class="bilib-converted" hidden>!</p><td lang="zh-Hans">海关<i>总署')
    '<p class="bilib-converted">!</p><td lang="zh-Hant" data-converted="s2tw">海關<i>總署'
    >>> to_traditional('<p lang="en">海关</p>')
    '<p lang="en">海关</p>'
    """
    out: list[str] = []
    todo: list[int] = []  # where in ``out`` the texts to convert are
    open_: list[tuple[str, bool]] = []
    for m in TOKENS.finditer(page):
        piece = m.group(0)
        name = TAG_NAME.match(piece) if piece[:1] == "<" and m.group(1) is None else None
        if name is None:
            if piece[:1] != "<" and open_ and open_[-1][1] and HAN_CHAR.search(piece):
                todo.append(len(out))
            out.append(piece)
            continue
        tag = name.group(1).lower()
        if piece[1] == "/":
            for k in range(len(open_) - 1, -1, -1):
                if open_[k][0] == tag:
                    del open_[k:]
                    break
        else:
            lang = _lang(piece) if "lang" in piece else None
            if lang is None:
                inside = open_[-1][1] if open_ else False
            else:
                inside = (lang.group(2) or "").strip("\"'").lower() == SIMPLIFIED
                if inside:
                    piece = piece[: lang.start()] + MARK + piece[lang.end() :]
            if tag not in VOID and not piece.endswith("/>"):
                open_.append((tag, inside))
        out.append(piece)
    if not todo:
        return page
    texts = [out[k] for k in todo]
    shown = to_script(SEPARATOR.join(texts), "Hant").split(SEPARATOR)
    if len(shown) != len(texts):  # never expected: convert one by one
        shown = [to_script(t, "Hant") for t in texts]
    changed = False
    for k, text, new in zip(todo, texts, shown, strict=True):
        out[k] = new
        changed = changed or new != text
    converted = "".join(out)
    if changed:
        converted = converted.replace(NOTICE, NOTICE.replace(" hidden", ""), 1)
    return converted


def wants_original(query: dict[str, list[str]], cookie: str | None) -> tuple[bool, str | None]:
    """(whether the reader asked for content as published, the mode to remember in the
    cookie when ``?_content=`` chose one)."""
    asked = (query.get(PARAMETER) or [""])[0]
    if asked in MODES:
        return asked == "original", asked
    return cookie == "original", None


def converting(send: Callable) -> Callable:
    """``send`` for an answer whose HTML is converted (:func:`to_traditional`): an HTML
    answer's body is held until its end, then sent converted with its new length; any
    other answer passes as it comes."""
    held: dict = {}
    body: list[bytes] = []

    async def sending(event: dict) -> None:
        kind = event.get("type")
        if kind == "http.response.start":
            kinds = [v for k, v in event.get("headers", []) if k.lower() == b"content-type"]
            if kinds and kinds[0].startswith(b"text/html"):
                held["start"] = event
                return
        elif kind == "http.response.body" and "start" in held:
            body.append(event.get("body", b""))
            if event.get("more_body"):
                return
            page = to_traditional(b"".join(body).decode("utf-8")).encode("utf-8")
            start = held.pop("start")
            kept = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            kept.append((b"content-length", str(len(page)).encode("latin-1")))
            await send({**start, "headers": kept})
            await send({"type": "http.response.body", "body": page})
            return
        await send(event)

    return sending
