"""The plugin's own pages and their JSON (and export) forms: ``/-/search``, ``/-/terms``,
``/-/tm``, ``/-/concordance`` (and ``library.web.feeds``' feed and sitemap).

Every route takes its parameters through ``library.web.params`` (out-of-range values
are refused, never clamped), finds its archive with :func:`_find_archive`, and answers
bad input the same way: a :class:`~library.web.params.BadRequest` becomes ``{"ok":
false, "error": …}`` with its status, or a short HTML page for the routes that are
pages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Request, Response

from ..budget import deadline
from ..model import LANGS
from ..query import concordance, renderings, search_all
from ..query.marks import Marked
from ..terms import spotting
from ..text.chinese import has_han
from ..translation import tm
from . import bodies, params
from .answers import ANSWERS
from .charts import years_svg
from .databases import find_archive
from .highlight import to_html, to_markup
from .i18n import N_
from .params import BadRequest
from .scheduling import run_apart

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette
    from datasette.database import Database

View = Callable[[Request, "Datasette"], Awaitable[Response]]


ALLOWED = "GET, HEAD, OPTIONS"
"""The methods the plugin's routes answer (they only read); any other is a 405."""


async def wrong_method(request: Request, datasette: Datasette, as_json: bool) -> Response:
    """The 405 for a method other than :data:`ALLOWED`, with ``Allow`` (JSON in English,
    a page in the reader's language)."""
    response = await BadRequest(
        N_("This address answers GET requests only, not %(method)s."),
        status=405,
        method=request.method,
    ).answer(as_json, datasette, request)
    response.headers["Allow"] = ALLOWED
    return response


PAGE = "bilib_page"
"""Set in a route's request scope: whether the route is a page (its errors are answered
as the reader's error page unless a format was asked for), read by the plugin's
``handle_exception`` hook (``library.web.errors``)."""


def _route(view: View, page: bool = False) -> View:
    """``view`` as a route: an OPTIONS preflight and any method but GET and HEAD are
    answered here, and with ``datasette --cors`` (a public archive) its answers carry the
    CORS headers Datasette's own views do. Its errors (a :class:`BadRequest`, a request
    over its budget) are raised to Datasette, whose ``handle_exception`` hook answers
    them: ours (``library.web.errors``) in JSON, or as a page for a route that is a
    ``page`` asked for without a format."""

    async def route(request: Request, datasette: Datasette) -> Response:
        request.scope[PAGE] = page
        if request.method == "OPTIONS":  # a CORS preflight, as Datasette's views answer it
            response = Response.text("ok", headers={"Allow": ALLOWED})
        elif request.method not in ("GET", "HEAD"):
            as_json = bool(request.url_vars.get("format")) or not page
            response = await wrong_method(request, datasette, as_json)
        else:
            response = await view(request, datasette)
        if datasette.cors:
            add_cors_headers(response.headers)
        return response

    route.__doc__ = view.__doc__
    return route


async def _run(
    datasette: Datasette, db: Database, work: Callable[..., Any], *args: Any, apart: bool = False
) -> Any:
    """``work(conn, *args)`` on ``db`` within the request's budget (Datasette's
    ``sql_time_limit_ms``, which bounds its own queries): SQLite is interrupted and the
    Python loops stop when it passes (:class:`~library.budget.OverBudget`). ``apart``: in
    the heavy routes' own pool of processes (``scheduling.run_apart``: ``work`` is then a
    module's function and ``args`` pickle), not Datasette's SQL threads."""
    seconds = datasette.setting("sql_time_limit_ms") / 1000
    if apart:
        return await run_apart(db, seconds, work, *args)

    def bounded(conn: Any) -> Any:
        with deadline(conn, seconds):
            return work(conn, *args)

    return await db.execute_fn(bounded)


async def _find_archive(datasette: Datasette, request: Request) -> tuple[str, Database]:
    """(name, database) to look things up in: ``?db=`` or the first archive."""
    name = request.args.get("db")
    found = await find_archive(datasette, name)
    if found is not None:
        return found
    if name:
        raise BadRequest(N_("no archive database named %(name)s"), status=404, name=repr(name))
    raise BadRequest(N_("no archive database here"), status=404)


async def terms_view(request: Request, datasette: Datasette) -> Response:
    """``/-/terms?term=…``: a term's renderings in the other language (HTML), and
    ``/-/terms.json?term=…`` the same as JSON for researchers' scripts."""
    as_json = request.url_vars.get("format") == ".json"
    term = params.text(request, "term")
    limit = params.number(request, "limit", 5, 1, 50)
    name, db = await _find_archive(datasette, request)
    if as_json:
        if not term:
            raise BadRequest(N_("give ?term= (English or Chinese)"))
        result = await _run(datasette, db, lambda conn: spotting.lookup(conn, term, limit))
        return Response.json({"ok": True, "database": name, **spotting.as_dict(result)})
    page = None
    if term:
        page = await _run(
            datasette, db, lambda conn: renderings.term_page(conn, term, max(limit, 10))
        )
    return Response.html(
        await datasette.render_template(
            "terms.html",
            {"term": term, "result": page, "database": name, "limit": limit, "marked": to_markup},
            request=request,
        )
    )


async def tm_view(request: Request, datasette: Datasette) -> Response:
    """``/-/tm?q=…``: paste a sentence, see the archive's most similar sentences with their
    similarity, the differences marked word by word, the aligned translation, the item
    and its date; ``/-/tm.json`` the same as JSON. ``lang`` (default: Chinese if the
    sentence has Han characters), ``threshold`` (0–100), ``limit`` (1–50). The memory
    is built once per served archive file and kept between requests."""
    as_json = request.url_vars.get("format") == ".json"
    text = params.text(request, "q", tm.MAX_CHARS)
    name, db = await _find_archive(datasette, request)
    if not text and as_json:
        raise BadRequest(N_("give ?q= (a sentence)"))
    lang = params.choice(request, "lang", (None, "zh", "en"))
    threshold = params.number(request, "threshold", int(tm.THRESHOLD), 0, 100)
    limit = params.number(request, "limit", 5, 1, 50)
    matches: list[tuple] = []
    if text:
        lang = lang or ("zh" if has_han(text) else "en")
        asked = (text, lang, limit, float(threshold))
        matches = await ANSWERS.get(
            db,
            ("tm", *asked),
            lambda: _run(datasette, db, tm.served, *asked, apart=len(text) > tm.SENTENCE_LIKE),
            tm.answer_size,
        )
    if as_json:
        return Response.json(
            {
                "ok": True,
                "database": name,
                "q": text,
                "lang": lang,
                "threshold": threshold,
                "matches": [
                    {**asdict(m), "cut": cut, "differences": marks} for m, cut, marks in matches
                ],
            }
        )
    return Response.html(
        await datasette.render_template(
            "tm.html",
            {
                "q": text,
                "lang": lang,
                "threshold": threshold,
                "limit": limit,
                "database": name,
                "matches": [(m, marks) for m, _, marks in matches],
            },
            request=request,
        )
    )


def _concordance_params(request: Request) -> dict:
    """The concordance's parameters, checked: each bad one answers 400 naming it."""
    q = params.text(request, "q") or params.text(request, "term")
    if not q:
        raise BadRequest(N_("give ?q= (a word or phrase, English or Chinese)"))
    return {
        "term": q,
        "lang": params.choice(request, "lang", (None, "zh", "en")),
        "context": params.number(request, "context", 40, 0, concordance.MAX_CONTEXT),
        "sort": params.choice(request, "sort", concordance.SORTS, "date") or "date",
        "offset": params.number(request, "offset", 0, 0, 1_000_000),
        "limit": params.number(request, "size", 50, 1, 500),
    }


async def concordance_view(request: Request, datasette: Datasette) -> Response:
    """``/-/concordance?q=…``: keyword in context, aligned in columns, with the aligned
    sentence of the other language (the term's renderings marked) and the renderings
    over time; ``.json`` the same; ``.csv``, ``.tsv``, ``.tmx`` every line. ``lang``,
    ``context`` (0–500 characters), ``sort=date|left|right``, ``offset`` and ``size``."""
    fmt = request.url_vars.get("format") or ""
    params = _concordance_params(request)
    name, db = await _find_archive(datasette, request)
    if fmt in (".csv", ".tsv", ".tmx"):
        args = {k: params[k] for k in ("term", "lang", "context", "sort")}
        lang = params["lang"] or ("zh" if has_han(params["term"]) else "en")

        body, content_type = await ANSWERS.get(
            db,
            ("concordance", fmt, *args.values()),
            lambda: _run(datasette, db, bodies.concordance_body, fmt, args, lang, apart=True),
            lambda answer: len(answer[0]),
        )
        return Response(body, content_type=content_type)
    # A page by date reads only the pairs it shows: it runs beside the other short
    # requests; sorted by context it reads and sorts thousands, apart.
    result = await ANSWERS.get(
        db,
        ("concordance", *params.values()),
        lambda: _run(
            datasette,
            db,
            bodies.concordance_page,
            params,
            apart=params["sort"] != "date" or params["offset"] > concordance.LIMIT,
        ),
        concordance.size,
    )
    if fmt == ".json":
        return Response.json({"ok": True, "database": name, **bodies.concordance_json(result)})
    years = [y for r in result.renderings for y, n in r.years if y is not None and n]
    return Response.html(
        await datasette.render_template(
            "concordance.html",
            {
                "result": result,
                "database": name,
                "links": {
                    **_paging(request, result.next_offset, result.offset, result.limit),
                    "sort": {s: _with(request, sort=s, offset=None) for s in concordance.SORTS},
                    "formats": {
                        f: datasette.urls.path(f"/-/concordance.{f}") + _with(request, offset=None)
                        for f in ("json", "csv", "tsv", "tmx")
                    },
                },
                "charts": {
                    r.text: years_svg(
                        r.years,
                        min(years),
                        max(years),
                        max(n for x in result.renderings for _, n in x.years),
                        r.text,
                    )
                    for r in result.renderings
                    if years
                },
                "other": lambda line: to_markup(
                    Marked(line.other or "", [], equivalents=line.other_marks)
                ),
            },
            request=request,
        )
    )


def _search_params(request: Request) -> dict:
    """The search page's parameters, checked (bad ones raise :class:`BadRequest`)."""
    year: str | int | None = request.args.get("year") or None
    if year is not None:
        try:
            year = int(year)
        except ValueError:
            raise BadRequest(N_("year must be a number such as 2022")) from None
    return {
        "lang": params.choice(request, "lang", (None, "zh", "en")),
        "year": year,
        "category": request.args.get("category") or None,
        "offset": params.number(request, "offset", 0, 0, 1_000_000),
        "size": params.number(request, "size", search_all.PAGE_SIZE, 1, search_all.MAX_PAGE_SIZE),
        "segments": params.number(request, "segments", 10, 0, 100),
        "expand": params.choice(request, "expand", ("1", "0"), "1") == "1",
        "fuzzy": params.choice(request, "fuzzy", ("0", "1"), "0") == "1",
        "equivalents": params.choice(request, "equivalents", ("1", "0"), "1") == "1",
    }


def _with(request: Request, **changes: str | None) -> str:
    """This page's query string with some parameters changed (None drops one)."""
    args = {k: v for k, v in parse_qsl(request.query_string) if k not in changes}
    args.update({k: v for k, v in changes.items() if v is not None})
    return "?" + urlencode(args)


def _paging(request: Request, next_offset: int | None, offset: int, size: int) -> dict:
    """Links to the next and previous pages (None where there is none)."""
    return {
        "next": _with(request, offset=str(next_offset)) if next_offset is not None else None,
        "previous": _with(request, offset=str(max(0, offset - size))) if offset else None,
    }


def search_json(results: search_all.Results) -> dict:
    """The search results as the JSON API gives them: each marked text as HTML."""
    items = [
        {
            "id": h.id,
            "date": h.date,
            "year": h.year,
            "status": h.status,
            "category_en": h.category_en,
            "category_zh": h.category_zh,
            "title_en": h.title_en,
            "title_zh": h.title_zh,
            "title_en_html": to_html(h.title_en_marked),
            "title_zh_html": to_html(h.title_zh_marked),
            "snippet_zh_html": to_html(h.snippet_zh),
            "snippet_en_html": to_html(h.snippet_en),
            "segment": h.segment,
            "found_in": h.found_in,
            "via_glossary": h.via_glossary,
            "score": h.score,
        }
        for h in results.items
    ]
    segments = [
        {
            "item_id": s.item_id,
            "position": s.position,
            "date": s.date,
            "zh_html": to_html(s.zh),
            "en_html": to_html(s.en),
            "score": s.score,
        }
        for s in results.segments
    ]
    return {
        "q": results.q,
        "expression": results.expression,
        "lang": results.lang,
        "year": results.year,
        "category": results.category,
        "offset": results.offset,
        "size": results.size,
        "total": results.total,
        "ranking": results.ranking,
        "items": items,
        "facets": results.facets,
        "segments": segments,
        "segments_total": results.segments_total,
        "segments_count_capped": results.segments_count_capped,
        "terms": [asdict(t) for t in results.terms],
        "expanded": results.expanded,
        "spotted": results.spotted,
        "approximate": results.approximate,
    }


async def search_view(request: Request, datasette: Datasette) -> Response:
    """``/-/search?q=…`` (HTML) and ``/-/search.json?q=…``: items (bm25, titles first,
    newest on ties) with snippets in both languages, facets by year, category and the
    language the match was found in, paging; the matching sentence pairs and glossary
    terms. ``lang``, ``year``, ``category`` filter; ``offset`` and ``size`` page;
    ``segments`` is how many sentence pairs to list (0: none, and no count);
    ``expand=0`` searches without the glossary's renderings, ``fuzzy=1`` with those
    not yet approved too; ``equivalents=0`` leaves the other language unmarked."""
    as_json = request.url_vars.get("format") == ".json"
    q = params.text(request, "q")
    asked = _search_params(request)
    name, db = await _find_archive(datasette, request)
    results = None
    if q:
        results = await ANSWERS.get(
            db,
            ("search", q, *sorted(asked.items())),
            lambda: _run(datasette, db, lambda conn: search_all.search(conn, q, **asked)),
            search_all.size,
        )
    if as_json:
        if results is None:
            raise BadRequest(N_("give ?q= (words in English or Chinese)"))
        body = search_json(results)
        body["next"] = (
            datasette.urls.path("/-/search.json") + _with(request, offset=str(results.next_offset))
            if results.next_offset is not None
            else None
        )
        return Response.json({"ok": True, "database": name, **body})
    links: dict = {}
    if results is not None:
        links = {
            **_paging(request, results.next_offset, results.offset, results.size),
            "json": datasette.urls.path("/-/search.json") + _with(request),
            "year": {
                f["value"]: _with(request, year=str(f["value"]), offset=None)
                for f in results.facets["year"]
                if f["value"] is not None
            },
            "category": {
                f["value"]: _with(request, category=f["value"], offset=None)
                for f in results.facets["category"]
            },
            "lang": {
                f["value"]: _with(request, lang=f["value"], offset=None)
                for f in results.facets["lang"]
                if f["value"] in LANGS
            },
            "expand": _with(
                request, expand="1" if request.args.get("expand") == "0" else "0", offset=None
            ),
            "remove": {
                k: _with(request, **{k: None, "offset": None})
                for k in ("year", "category", "lang")
                if request.args.get(k)
            },
        }
    return Response.html(
        await datasette.render_template(
            "search.html",
            {"q": q, "results": results, "database": name, "links": links, "marked": to_markup},
            request=request,
        )
    )


@hookimpl
def register_routes() -> list[tuple[str, View]]:
    from .feeds import feed_view, sitemap_view  # they use this module's helpers

    return [
        (r"^/-/feed\.atom$", _route(feed_view)),
        (r"^/sitemap\.xml$", _route(sitemap_view)),
        (r"^/-/sitemap-(?P<part>[0-9]{1,6})\.xml$", _route(sitemap_view)),
        (r"^/-/search(?P<format>\.json)?$", _route(search_view, page=True)),
        (r"^/-/terms(?P<format>\.json)?$", _route(terms_view, page=True)),
        (r"^/-/tm(?P<format>\.json)?$", _route(tm_view, page=True)),
        (
            r"^/-/concordance(?P<format>\.json|\.csv|\.tsv|\.tmx)?$",
            _route(concordance_view, page=True),
        ),
    ]
