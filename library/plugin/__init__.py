"""The Datasette plugin: Chinese-aware search everywhere, and the side-by-side item page.

The only module that knows Datasette. SQL comes from ``library.store``.
"""

from __future__ import annotations

import html
from dataclasses import asdict

from datasette import hookimpl
from datasette.utils import urlsafe_components
from datasette.utils.asgi import Response

from .. import store
from ..align import REVIEW_BELOW
from ..chinese import fts_query


@hookimpl
def prepare_connection(conn):
    store.register_functions(conn)


@hookimpl(specname="prepare_connection", trylast=True)
def override_escape_fts(conn):
    """Re-register ``escape_fts`` after Datasette's own, on archive databases only.

    Datasette's table search (``?_search=``) and its JSON API call
    ``escape_fts(:search)``; with this the stock search box compiles queries to
    the bigram shadow and never raises an FTS5 syntax error.
    """
    if store.is_archive(conn):
        conn.create_function("escape_fts", 1, fts_query, deterministic=True)


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "items" or request is None:
        return {}

    async def inner():
        db = datasette.get_database(database)
        if not await db.table_exists("paragraphs"):
            return {}
        pks = urlsafe_components(request.url_vars.get("pks") or "")
        item_id = pks[0] if len(pks) == 1 else None
        paragraphs = await db.execute_fn(lambda conn: store.item_paragraphs(conn, item_id))
        versions = {r["lang"]: dict(r) for r in (await db.execute(store.VERSIONS_SQL,
                                                                   {"id": item_id})).rows}
        segments = []
        if "segments" in await db.view_names():
            segments = [dict(r) for r in (await db.execute(store.SEGMENTS_SQL,
                                                           {"id": item_id})).rows]
        return {"bilingual_item": {"paragraphs": paragraphs,
                                   "segments": segments, "versions": versions,
                                   "review_below": REVIEW_BELOW}}

    return inner


class _BadRequest(Exception):
    """A route's answer to bad parameters: a message and a status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status

    def json(self) -> Response:
        return Response.json({"ok": False, "error": self.message}, status=self.status)

    def answer(self, as_json: bool) -> Response:
        """The error as JSON for a .json route, else as a short HTML page."""
        if as_json:
            return self.json()
        return Response.html(f"<p>{html.escape(self.message)}</p>", status=self.status)


def _number(request, name: str, default, low, high, kind=int):
    """A numeric query parameter, clamped to [low, high]."""
    raw = request.args.get(name)
    if not raw:
        return default
    try:
        return min(max(kind(raw), low), high)
    except ValueError:
        raise _BadRequest(f"{name} must be a number") from None


def _choice(request, name: str, allowed: tuple, default=None):
    value = request.args.get(name) or default
    if value not in allowed:
        raise _BadRequest(f"{name} must be one of {', '.join(a for a in allowed if a)}")
    return value


async def _archive(datasette, request):
    """(name, database) to look things up in: ``?db=`` or the first archive."""
    name = request.args.get("db")
    for candidate in [name] if name else list(datasette.databases):
        if candidate in datasette.databases:
            db = datasette.get_database(candidate)
            if await db.execute_fn(store.is_archive):
                return candidate, db
    raise _BadRequest(f"no archive database named {name!r}" if name else
                      "no archive database here", status=404)


def _json_route(view):
    """Bad parameters of a JSON route answer ``{"ok": false, "error": …}`` with their status."""
    async def route(request, datasette):
        try:
            return await view(request, datasette)
        except _BadRequest as exc:
            return exc.json()

    route.__doc__ = view.__doc__
    return route


async def terms_view(request, datasette):
    """``/-/terms?term=…``: a term's renderings in the other language (HTML), and
    ``/-/terms.json?term=…`` the same as JSON for researchers' scripts."""
    from .. import spotting

    as_json = request.url_vars.get("format") == ".json"
    term = (request.args.get("term") or "").strip()
    try:
        limit = _number(request, "limit", 5, 1, 50)
        name, db = await _archive(datasette, request)
        if as_json and not term:
            raise _BadRequest("give ?term= (English or Chinese)")
    except _BadRequest as exc:
        return exc.answer(as_json)
    result = None
    if term:
        result = await db.execute_fn(lambda conn: spotting.lookup(conn, term, limit))
    if as_json:
        return Response.json({"ok": True, "database": name, **spotting.as_dict(result)})
    return Response.html(await datasette.render_template(
        "terms.html", {"term": term, "result": result, "database": name, "limit": limit},
        request=request))


@_json_route
async def tm_view(request, datasette):
    """``/-/tm.json?q=…&lang=zh|en``: translation-memory matches for a sentence."""
    from .. import tm
    from ..termmatch import is_chinese

    text = (request.args.get("q") or "").strip()
    if not text:
        raise _BadRequest("give ?q= (a sentence)")
    lang = _choice(request, "lang", ("zh", "en"), "zh" if is_chinese(text) else "en")
    threshold = _number(request, "threshold", tm.THRESHOLD, 0.0, 100.0, float)
    limit = _number(request, "limit", 5, 1, 50)
    name, db = await _archive(datasette, request)
    matches = await db.execute_fn(lambda conn: tm.lookup(conn, text, lang, threshold, limit))
    return Response.json({"ok": True, "database": name, "q": text, "lang": lang,
                          "matches": [asdict(m) for m in matches]})


@_json_route
async def concordance_view(request, datasette):
    """``/-/concordance.json?q=…`` (or ``.csv``): every sentence pair holding q, as left
    context, match, right context and the aligned sentence; ``lang``, ``context``,
    ``sort=date|left|right``."""
    from .. import concordance

    q = (request.args.get("q") or "").strip()
    if not q:
        raise _BadRequest("give ?q= (a word or phrase, English or Chinese)")
    context = _number(request, "context", 30, 0, 500)
    lang = _choice(request, "lang", (None, "zh", "en"))
    sort = _choice(request, "sort", ("date", "left", "right"), "date")
    name, db = await _archive(datasette, request)
    lines = await db.execute_fn(
        lambda conn: concordance.concordance(conn, q, lang, context, sort))
    if request.url_vars["format"] == ".csv":
        return Response(concordance.to_csv(lines), content_type="text/csv; charset=utf-8")
    return Response.json({"ok": True, "database": name, "q": q, "count": len(lines),
                          "lines": [asdict(x) for x in lines]})


def _search_params(request) -> dict:
    """The search page's parameters, checked (bad ones raise :class:`_BadRequest`)."""
    from .. import search

    year = request.args.get("year") or None
    if year is not None:
        try:
            year = int(year)
        except ValueError:
            raise _BadRequest("year must be a number such as 2022") from None
    return {"lang": _choice(request, "lang", (None, "zh", "en")), "year": year,
            "category": request.args.get("category") or None,
            "offset": _number(request, "offset", 0, 0, 1_000_000),
            "size": _number(request, "size", search.PAGE_SIZE, 1, search.MAX_PAGE_SIZE),
            "segments": _number(request, "segments", 10, 0, 100)}


def _with(request, **changes) -> str:
    """This page's query string with some parameters changed (None drops one)."""
    from urllib.parse import parse_qsl, urlencode

    args = {k: v for k, v in parse_qsl(request.query_string) if k not in changes}
    args.update({k: v for k, v in changes.items() if v is not None})
    return "?" + urlencode(args)


async def search_view(request, datasette):
    """``/-/search?q=…`` (HTML) and ``/-/search.json?q=…``: items (bm25, titles first,
    newest on ties) with snippets in both languages, facets by year, category and the
    language the match was found in, paging; the matching sentence pairs and glossary
    terms. ``lang``, ``year``, ``category`` filter; ``offset`` and ``size`` page;
    ``segments`` is how many sentence pairs to list (0: none, and no count)."""
    from .. import search

    as_json = request.url_vars.get("format") == ".json"
    q = (request.args.get("q") or "").strip()
    try:
        params = _search_params(request)
        name, db = await _archive(datasette, request)
    except _BadRequest as exc:
        return exc.answer(as_json)
    results = None
    if q:
        results = await db.execute_fn(lambda conn: search.search(conn, q, **params))
    if as_json:
        if results is None:
            return _BadRequest("give ?q= (words in English or Chinese)").json()
        body = asdict(results)
        body["next"] = (datasette.urls.path("/-/search.json")
                        + _with(request, offset=str(results.next_offset))
                        if results.next_offset is not None else None)
        return Response.json({"ok": True, "database": name, **body})
    links = {}
    if results is not None:
        links = {
            "next": _with(request, offset=str(results.next_offset))
            if results.next_offset is not None else None,
            "previous": _with(request, offset=str(max(0, results.offset - results.size)))
            if results.offset else None,
            "json": datasette.urls.path("/-/search.json") + _with(request),
            "year": {f["value"]: _with(request, year=str(f["value"]), offset=None)
                     for f in results.facets["year"] if f["value"] is not None},
            "category": {f["value"]: _with(request, category=f["value"], offset=None)
                         for f in results.facets["category"]},
            "lang": {f["value"]: _with(request, lang=f["value"], offset=None)
                     for f in results.facets["lang"] if f["value"] in ("zh", "en")},
            "remove": {k: _with(request, **{k: None, "offset": None})
                      for k in ("year", "category", "lang") if request.args.get(k)},
        }
    return Response.html(await datasette.render_template(
        "search.html", {"q": q, "results": results, "database": name, "links": links,
                        "markup": _markup}, request=request))


def _markup(text: str):
    """HTML that ``library.search`` built and escaped itself."""
    from markupsafe import Markup

    return Markup(text)


@hookimpl
def render_cell(value, column, table, database, datasette):
    """The ``segments`` view's ``item_id`` links to the item, as a table's foreign key
    would (a view has none)."""
    if table != "segments" or column != "item_id" or not isinstance(value, str):
        return None
    from datasette.utils import tilde_encode
    from markupsafe import Markup, escape

    return Markup('<a href="{}">{}</a>').format(
        datasette.urls.row(database, "items", tilde_encode(value)), escape(value))


@hookimpl
def register_routes():
    return [(r"^/-/search(?P<format>\.json)?$", search_view),
            (r"^/-/terms(?P<format>\.json)?$", terms_view), (r"^/-/tm\.json$", tm_view),
            (r"^/-/concordance(?P<format>\.json|\.csv)$", concordance_view)]


def _has_bitext(columns) -> bool:
    return "zh" in columns and "en" in columns


def _bitext_rows(columns, rows):
    """(zh, en, row as dict) of the rows with both sides."""
    for row in rows:
        record = dict(zip(columns, row, strict=False))
        if record.get("zh") and record.get("en"):
            yield record["zh"], record["en"], record


def _no_bitext(columns):
    return Response.text(f"no zh and en columns here (columns: {', '.join(columns)}); "
                         f".tsv and .tmx export sentence or paragraph pairs", status=400)


def render_tsv(columns, rows):
    """zh<TAB>en, one pair a line (tabs and line breaks inside a side become spaces)."""
    if not _has_bitext(columns):
        return _no_bitext(columns)
    def clean(text):
        return " ".join(str(text).replace("\t", " ").split())

    body = "".join(f"{clean(zh)}\t{clean(en)}\n" for zh, en, _ in _bitext_rows(columns, rows))
    return Response(body, content_type="text/tab-separated-values; charset=utf-8")


def render_tmx(columns, rows):
    """A TMX 1.4b memory of the rows' zh/en pairs (item and position as props if present)."""
    import io

    from .. import tmx

    if not _has_bitext(columns):
        return _no_bitext(columns)
    units = []
    for zh, en, record in _bitext_rows(columns, rows):
        props = {f"x-{k.replace('_', '-')}": str(record[k]) for k in ("item_id", "position",
                                                                      "bead", "score")
                 if record.get(k) is not None}
        units.append(tmx.Unit(zh=str(zh), en=str(en), props=props))
    out = io.BytesIO()
    tmx.write(out, units, note="Exported from Datasette by the bilingual-library plugin")
    return Response(out.getvalue().decode("utf-8"), content_type="application/x-tmx+xml")


@hookimpl
def register_output_renderer(datasette):
    return [
        {"extension": "tsv", "render": render_tsv, "can_render": _has_bitext},
        {"extension": "tmx", "render": render_tmx, "can_render": _has_bitext},
    ]
