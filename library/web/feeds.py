"""Following the archive: an Atom feed of the newest items (``/-/feed.atom``) and a
sitemap of every item page (``/sitemap.xml``) for search engines.

The feed (RFC 4287): ``?lang=zh`` or ``en`` gives the items with a version in that
language, titled and summarised in it; without it each entry's title and summary hold
both languages, each marked with its ``xml:lang`` (XHTML text constructs: an entry has
one title). ``?q=`` follows a saved search: the newest items matching it, as the search
page matches. Entry ids are the items' own URLs, which never change meaning
(``library.pages.ids``). The sitemap follows sitemaps.org: at most 50,000 URLs a file,
so a larger archive's ``/sitemap.xml`` is an index of ``/-/sitemap-N.xml`` parts.

Written by hand with ElementTree rather than with datasette-atom or datasette-sitemap:
those render a SQL query's rows, one language and one title per entry, and know nothing
of our item URLs or ``xml:lang``.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from datasette.utils import tilde_encode
from datasette.utils.asgi import Request, Response

from ..archive import feed as archive_feed
from ..archive.rows import FeedItem
from ..model import LANGS
from ..query import search_all
from . import i18n, params
from .cells import content_lang
from .identity import archives
from .params import BadRequest
from .routes import _find_archive, _run

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette
    from datasette.database import Database

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ITEMS = 30
"""Entries in a feed: the newest this many."""
SITEMAP_URLS = 50_000
"""URLs in one sitemap file, at most (the protocol's limit)."""


def _stamp(date: str | None, fallback: str) -> str:
    """An RFC 3339 time for an item's ISO date (an undated item: ``fallback``)."""
    return f"{date}T00:00:00Z" if date else fallback


def _built(db: Database) -> str:
    """When the archive file was last written, RFC 3339 (for undated items)."""
    seconds = os.stat(db.path).st_mtime if db.path else 0.0
    when = dt.datetime.fromtimestamp(seconds, dt.UTC).replace(microsecond=0)
    return when.isoformat().replace("+00:00", "Z")


def _text_element(parent: ET.Element, tag: str, item: dict, key: str, lang: str | None) -> None:
    """``title`` or ``summary`` of an entry: in ``lang`` (text, ``xml:lang`` on it), or
    in both languages (XHTML, one ``span`` with its ``xml:lang`` each)."""
    sides = [
        (side, item[f"{key}_{side}"])
        for side in LANGS
        if item.get(f"{key}_{side}") and side in ((lang,) if lang else LANGS)
    ]
    if not sides:
        return
    element = ET.SubElement(parent, tag)
    if len(sides) == 1:
        side, text = sides[0]
        element.set("type", "text")
        element.set(XML_LANG, content_lang(text, side))
        element.text = text
        return
    element.set("type", "xhtml")
    div = ET.SubElement(element, "div", xmlns=XHTML)
    for k, (side, text) in enumerate(sides):
        span = ET.SubElement(div, "span")
        span.set(XML_LANG, content_lang(text, side))
        span.text = text
        if k < len(sides) - 1:
            span.tail = " · "


def _said(about: dict[str, str], key: str, lang: str | None) -> str | None:
    """What the archive says (``key``) in the feed's language where it gave both."""
    return (about.get(f"{key}_zh") if lang == "zh" else None) or about.get(key)


async def feed_view(request: Request, datasette: Datasette) -> Response:
    """``/-/feed.atom``: the newest items as an Atom feed (``lang``, ``q``: see above)."""
    lang = params.choice(request, "lang", (None, "zh", "en"))
    q = params.text(request, "q")
    name, db = await _find_archive(datasette, request)

    def read(conn: Any) -> list[FeedItem]:
        rowids = search_all.newest_matching(conn, q, lang=lang, limit=FEED_ITEMS) if q else None
        return archive_feed.newest_items(conn, FEED_ITEMS, lang, rowids)

    items = await _run(datasette, db, read)
    about = archives(datasette).get(name, ({}, ()))[0]
    built = _built(db)
    translations = i18n.translations("zh_CN" if lang == "zh" else "en")
    title = _said(about, "title", lang) or translations.gettext("Bilingual news library")
    feed = ET.Element("feed", xmlns=ATOM)
    feed.set(XML_LANG, {"zh": "zh-Hans", "en": "en"}.get(lang or "", "mul"))
    self_url = datasette.absolute_url(request, request.full_path)
    ET.SubElement(feed, "id").text = self_url
    ET.SubElement(feed, "title").text = f"{title}: {q}" if q else title
    subtitle = _said(about, "description", lang)
    if subtitle:
        ET.SubElement(feed, "subtitle").text = subtitle
    stamps = [_stamp(i["date"], built) for i in items]
    ET.SubElement(feed, "updated").text = max(stamps, default=built)
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = _said(about, "source", lang) or title
    rights = _said(about, "license", lang)
    if rights:
        ET.SubElement(feed, "rights").text = rights
    ET.SubElement(feed, "link", rel="self", href=self_url)
    home = datasette.absolute_url(request, datasette.urls.instance())
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=home)
    ET.SubElement(feed, "generator").text = "bilingual-library"
    for item, stamp in zip(items, stamps, strict=True):
        url = datasette.absolute_url(
            request, datasette.urls.row(name, "items", tilde_encode(item["id"]))
        )
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = url
        _text_element(entry, "title", item, "title", lang)
        if entry.find("title") is None:  # a version without a title
            ET.SubElement(entry, "title").text = item["id"]
        ET.SubElement(entry, "updated").text = stamp
        if item["date"]:
            ET.SubElement(entry, "published").text = stamp
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
        _text_element(entry, "summary", item, "summary", lang)
    return _xml(feed, "application/atom+xml")


async def sitemap_view(request: Request, datasette: Datasette) -> Response:
    """``/sitemap.xml`` (every item page, or an index of parts) and ``/-/sitemap-N.xml``
    (part N, from 1)."""
    name, db = await _find_archive(datasette, request)
    count = await db.execute_fn(archive_feed.item_count)
    parts = max(1, -(-count // SITEMAP_URLS))
    part = request.url_vars.get("part")
    if part is None and parts > 1:
        index = ET.Element("sitemapindex", xmlns=SITEMAP)
        for n in range(1, parts + 1):
            entry = ET.SubElement(index, "sitemap")
            ET.SubElement(entry, "loc").text = datasette.absolute_url(
                request, datasette.urls.path(f"/-/sitemap-{n}.xml")
            )
        return _xml(index)
    n = int(part or 1)
    if not 1 <= n <= parts:
        raise BadRequest(i18n.N_("no such sitemap part: %(part)s"), status=404, part=str(n))
    # One base URL, joined once; the rows written out in SQLite's thread, not on the
    # event loop (50,000 URLs would hold every other request up).
    base = datasette.absolute_url(request, datasette.urls.table(name, "items")) + "/"

    def urlset(conn: Any) -> str:
        lines = [f'<urlset xmlns="{SITEMAP}">']
        for item_id, date in archive_feed.item_dates(conn, (n - 1) * SITEMAP_URLS, SITEMAP_URLS):
            lastmod = f"<lastmod>{escape(date)}</lastmod>" if date else ""
            lines.append(f"<url><loc>{escape(base + tilde_encode(item_id))}</loc>{lastmod}</url>")
        lines.append("</urlset>")
        return "\n".join(lines)

    body = await db.execute_fn(urlset)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="application/xml; charset=utf-8",
    )


def _xml(element: ET.Element, kind: str = "application/xml") -> Response:
    """An XML answer. Its elements are written unqualified under an ``xmlns`` attribute
    (ElementTree would prefix them ``ns0:``, or set its default namespace globally)."""
    body = ET.tostring(element, encoding="unicode")
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body, content_type=f"{kind}; charset=utf-8"
    )
