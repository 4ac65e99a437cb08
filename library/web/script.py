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

Python's :class:`html.parser.HTMLParser` rather than a regular expression, since content
elements nest (a paragraph's marks and glossary links); its cost is measured by
``scripts/bench_pages.py``.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable
from html.parser import HTMLParser

from ..text.chinese import HAN_CHAR, to_script

PARAMETER = "_content"
COOKIE = "bilib_content"
MODES = ("converted", "original")
"""``?_content=``: content in the reader's script (the default), or as published."""
SIMPLIFIED = "zh-hans"
LANG_ATTRIBUTE = re.compile(r"""\slang\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
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


class _Converter(HTMLParser):
    """The page again, the text of its Simplified content in Traditional characters."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=False)
        self.convert = convert
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []
        self.converted = 0

    def _inside(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        lang = next((v for k, v in attrs if k == "lang"), None)
        inside = self._inside() if lang is None else (lang or "").lower() == SIMPLIFIED
        if lang is not None and inside:
            raw = LANG_ATTRIBUTE.sub(MARK, raw, count=1)
        self.out.append(raw)
        if tag not in VOID:
            self.open.append((tag, inside))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][0] == tag:
                del self.open[k:]
                break

    def handle_data(self, data: str) -> None:
        if self._inside() and HAN_CHAR.search(data):
            shown = self.convert(data)
            self.converted += shown != data
            data = shown
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def to_traditional(page: str) -> str:
    """``page`` with the text of its Simplified content in Traditional characters, those
    elements marked converted, and the page's notice shown when anything was.

    >>> to_traditional('<p class="bilib-converted" hidden>!</p><td lang="zh-Hans">海关<i>总署')
    '<p class="bilib-converted">!</p><td lang="zh-Hant" data-converted="s2tw">海關<i>總署'
    >>> to_traditional('<p lang="en">海关</p>')
    '<p lang="en">海关</p>'
    """
    parser = _Converter(lambda text: to_script(text, "Hant"))
    parser.feed(page)
    parser.close()
    converted = "".join(parser.out)
    if parser.converted:
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
