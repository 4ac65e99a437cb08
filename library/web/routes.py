"""The plugin's own pages and their data forms (``.json``, ``.csv``, ``.tsv``; the
concordance's ``.tmx`` too): ``/-/search``, ``/-/terms``, ``/-/tm``, ``/-/concordance``
(and ``library.web.feeds``' feed and sitemap, ``library.web.openapi``'s description).

One contract (``library.web.openapi`` describes it): the query is ``q`` (older names
still read); ``offset`` and ``size`` page what the route returns; every JSON answer
carries ``offset``, ``size``, ``total``, ``total_capped`` and ``next``
(``params.paging``); a download holds every result unless a page is asked for
(``library.web.downloads``). Every route takes its parameters through
``library.web.params`` (out-of-range values are refused, never clamped), finds its
archive with :func:`_find_archive`, and answers bad input the same way: a
:class:`~library.web.params.BadRequest` becomes Datasette's ``{"ok": false, "error",
"status", "title"}`` with its status, or the reader's error page for the routes that
are pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Request, Response

from ..budget import deadline
from ..exports.tmx import EPILOGUE as TMX_EPILOGUE
from ..exports.tmx import TARGET_SCRIPTS as tmx_scripts
from ..exports.tmx import prologue as tmx_prologue
from ..query import concordance, renderings
from ..query.marks import Marked
from ..terms import spotting
from ..text.chinese import has_han
from ..translation import tm
from . import bodies, downloads, params
from .answers import ANSWERS
from .charts import years_svg
from .databases import find_archive
from .highlight import to_markup
from .i18n import N_
from .params import MAX_RESULTS, BadRequest
from .scheduling import run_apart
from .streaming import Streamed, stopped_line

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
    CORS headers Datasette's own views do. Its refusals (a :class:`BadRequest`, a
    request over its budget) are answered here (:func:`_refused`), in JSON, or as a
    page for a route that is a ``page`` asked for without a format; any other error is
    raised to Datasette."""

    async def route(request: Request, datasette: Datasette) -> Response:
        request.scope[PAGE] = page
        if request.method == "OPTIONS":  # a CORS preflight, as Datasette's views answer it
            response = Response.text("ok", headers={"Allow": ALLOWED})
        elif request.method not in ("GET", "HEAD"):
            as_json = bool(request.url_vars.get("format")) or not page
            response = await wrong_method(request, datasette, as_json)
        else:
            try:
                response = await view(request, datasette)
            except Exception as exc:
                response = await _refused(exc, request, datasette, page)
        if datasette.cors:
            add_cors_headers(response.headers)
        return response

    route.__doc__ = view.__doc__
    return route


async def _refused(exc: Exception, request: Request, datasette: Datasette, page: bool) -> Response:
    """A route's own refusal answered here (``library.web.errors.refusal``): raised on
    to Datasette, it would be answered too, but Datasette's last exception handler
    prints every exception's traceback with its locals when ``rich`` is installed,
    some 0.4 s of the event loop for each bad parameter a client sends. Anything else
    is raised on."""
    from .errors import refusal  # errors imports this module

    refused = refusal(exc)
    if refused is None:
        raise exc
    as_json = bool(request.url_vars.get("format")) or not page
    return await refused.answer(as_json, datasette, request)


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
    name = params.one(request, "db")
    found = await find_archive(datasette, name)
    if found is not None:
        return found
    if name:
        raise BadRequest(N_("no archive database named %(name)s"), status=404, name=repr(name))
    raise BadRequest(N_("no archive database here"), status=404)


def _summary(name: str, paging: dict, **fields: Any) -> dict:
    """A JSON answer's head: ``ok``, ``database``, the route's own fields, the paging."""
    return {"ok": True, "database": name, **fields, **paging}


def _slice_paging(
    datasette: Datasette, request: Request, offset: int, size: int, found: int
) -> dict:
    """The paging of a slice of at most :data:`MAX_RESULTS` results (``found``: how many
    the lookup gave, one more than the most when there are more)."""
    total = min(found, MAX_RESULTS)
    return params.paging(
        datasette,
        request,
        offset=offset,
        size=size,
        total=total,
        total_capped=found > MAX_RESULTS,
        next_offset=offset + size if offset + size < total else None,
    )


def _sliced_download(
    fmt: str, request: Request, columns: tuple, every: list, page: list, paging: dict
) -> Response:
    """A download of a slice's results: all of them, or the page asked for."""
    if downloads.asked_a_page(request):
        return downloads.tabular(fmt, columns, (page, None), None, paging["next"])
    return downloads.tabular(fmt, columns, (every, None), None, None)


async def terms_view(request: Request, datasette: Datasette) -> Response:
    """``/-/terms?q=…``: a term's renderings in the other language (HTML), and
    ``/-/terms.json`` (``.csv``, ``.tsv``) the same for researchers' scripts. ``q``
    (``term``, its older name); ``size`` (``limit``, its older name) and ``offset`` page
    the renderings, best first."""
    fmt = request.url_vars.get("format") or ""
    term = params.query(request, "term")
    size = params.size(request, 5, MAX_RESULTS, "limit")
    offset = params.number(request, "offset", 0, 0, MAX_RESULTS - 1)
    name, db = await _find_archive(datasette, request)
    if fmt:
        if not term:
            raise BadRequest(N_("give ?q= (a term, English or Chinese)"))
        result = await ANSWERS.get(
            db,
            ("terms", term),
            lambda: _run(datasette, db, lambda conn: spotting.lookup(conn, term, MAX_RESULTS + 1)),
            lambda r: 200 * len(r.renderings) + 1,
        )
        every = result.renderings[:MAX_RESULTS]
        paging = _slice_paging(datasette, request, offset, size, len(result.renderings))
        if fmt in downloads.TABULAR:
            return _sliced_download(
                fmt,
                request,
                downloads.TERM_COLUMNS,
                downloads.term_rows(every),
                downloads.term_rows(every[offset : offset + size]),
                paging,
            )
        body = spotting.as_dict(result)
        body["renderings"] = body["renderings"][:MAX_RESULTS][offset : offset + size]
        body["q"] = body.pop("term")
        return Response.json(_summary(name, paging, **body))
    page = None
    if term:
        page = await _run(
            datasette, db, lambda conn: renderings.term_page(conn, term, max(size, 10))
        )
    return Response.html(
        await datasette.render_template(
            "terms.html",
            {"term": term, "result": page, "database": name, "limit": size, "marked": to_markup},
            request=request,
        )
    )


async def tm_view(request: Request, datasette: Datasette) -> Response:
    """``/-/tm?q=…``: paste a sentence, see the archive's most similar sentences with their
    similarity, the differences marked word by word, the aligned translation, the item
    and its date; ``/-/tm.json`` (``.csv``, ``.tsv``) the same as data. ``lang``
    (default: Chinese if the sentence has Han characters), ``threshold`` (0–100);
    ``size`` (``limit``, its older name) and ``offset`` page the best matches. The
    memory is built once per served archive file and kept between requests."""
    fmt = request.url_vars.get("format") or ""
    text = params.query(request, high=tm.MAX_CHARS)
    name, db = await _find_archive(datasette, request)
    if not text and fmt:
        raise BadRequest(N_("give ?q= (a sentence)"))
    lang = params.choice(request, "lang", (None, "zh", "en"))
    threshold = params.number(request, "threshold", int(tm.THRESHOLD), 0, 100)
    size = params.size(request, 5, MAX_RESULTS, "limit")
    offset = params.number(request, "offset", 0, 0, MAX_RESULTS - 1)
    found: list[tuple] = []
    if text:
        lang = lang or ("zh" if has_han(text) else "en")
        asked = (text, lang, MAX_RESULTS + 1, float(threshold))
        found = await ANSWERS.get(
            db,
            ("tm", *asked),
            lambda: _run(datasette, db, tm.served, *asked, apart=len(text) > tm.SENTENCE_LIKE),
            tm.answer_size,
        )
    every = found[:MAX_RESULTS]
    matches = every[offset : offset + size]
    if fmt:
        paging = _slice_paging(datasette, request, offset, size, len(found))
        if fmt in downloads.TABULAR:
            return _sliced_download(
                fmt,
                request,
                downloads.TM_COLUMNS,
                downloads.tm_rows([m for m, _, _ in every], lang or "zh"),
                downloads.tm_rows([m for m, _, _ in matches], lang or "zh"),
                paging,
            )
        return Response.json(
            _summary(
                name,
                paging,
                q=text,
                lang=lang,
                threshold=threshold,
                matches=[
                    {**asdict(m), "cut": cut, "differences": marks} for m, cut, marks in matches
                ],
            )
        )
    return Response.html(
        await datasette.render_template(
            "tm.html",
            {
                "q": text,
                "lang": lang,
                "threshold": threshold,
                "limit": size,
                "database": name,
                "matches": [(m, marks) for m, _, marks in matches],
            },
            request=request,
        )
    )


def _concordance_params(request: Request) -> dict:
    """The concordance's parameters, checked: each bad one answers 400 naming it."""
    q = params.query(request, "term")
    return {
        "term": q,
        "lang": params.choice(request, "lang", (None, "zh", "en")),
        "context": params.number(request, "context", 40, 0, concordance.MAX_CONTEXT),
        "sort": params.choice(request, "sort", concordance.SORTS, "date") or "date",
        "offset": params.offset(request),
        "limit": params.size(request, 50, 500),
    }


async def _concordance_download(
    datasette: Datasette, db: Database, fmt: str, asked: dict, script: str | None = None
) -> Response:
    """Every line of a concordance as a file. Sorted by date, written a piece of
    ``bodies.CHUNK`` sentence pairs at a time, each made apart within the budget (the
    memory of one piece). Sorted by context, the lines of the newest
    :data:`~library.query.concordance.LIMIT` pairs, which the sort needs all at once: a
    term in more pairs is refused (a 400 saying how to get every line), never cut."""
    args = {k: asked[k] for k in ("term", "lang", "context", "sort")}
    lang = asked["lang"] or ("zh" if has_han(asked["term"]) else "en")
    if asked["sort"] != "date":
        pairs = await _run(datasette, db, concordance.pair_count, args["term"], args["lang"])
        if pairs > concordance.LIMIT:
            raise BadRequest(
                N_(
                    "sort=%(sort)s sorts the lines of the newest %(limit)s sentence pairs, "
                    "and this term is in %(pairs)s: download every line with sort=date, or "
                    "page through the sorted ones with size and offset"
                ),
                sort=asked["sort"],
                limit=f"{concordance.LIMIT:,}",
                pairs=f"{pairs:,}",
            )
        body, content_type = await ANSWERS.get(
            db,
            ("concordance", fmt, script, *args.values()),
            lambda: _run(
                datasette, db, bodies.concordance_body, fmt, args, lang, script, apart=True
            ),
            lambda answer: len(answer[0]),
        )
        return Response(body, content_type=content_type)

    async def chunks() -> AsyncIterator[str]:
        xml = fmt == ".tmx"
        if xml:
            yield tmx_prologue(note=bodies.TMX_NOTE)
        start, chunk = 0, bodies.CHUNK
        while True:
            try:
                body, read = await _run(
                    datasette,
                    db,
                    bodies.concordance_chunk,
                    fmt,
                    args,
                    lang,
                    start,
                    chunk,
                    script,
                    apart=True,
                )
            except Exception as exc:  # the status is sent: say so in the file
                yield stopped_line(str(exc), xml=xml)
                return
            yield body
            if read < chunk:
                break
            start += read
        if xml:
            yield TMX_EPILOGUE

    return Streamed(chunks, bodies.CONTENT_TYPES[fmt])


async def concordance_view(request: Request, datasette: Datasette) -> Response:
    """``/-/concordance?q=…``: keyword in context, aligned in columns, with the aligned
    sentence of the other language (the term's renderings marked) and the renderings
    over time; ``.json`` the same; ``.csv``, ``.tsv``, ``.tmx`` every line (or a page,
    asked for with ``size`` or ``offset``). ``lang``, ``context`` (0–500 characters),
    ``sort=date|left|right``; ``offset`` and ``size`` count lines."""
    fmt = request.url_vars.get("format") or ""
    asked = {**_concordance_params(request), "count": bool(fmt)}
    scripts = (None, *tmx_scripts)
    script = tmx_scripts[params.choice(request, "target_script", scripts) or "as-is"]
    name, db = await _find_archive(datasette, request)
    if not asked["term"]:
        if fmt:
            raise BadRequest(N_("give ?q= (a word or phrase, English or Chinese)"))
        return Response.html(  # the empty form
            await datasette.render_template(
                "concordance.html", {"result": None, "database": name}, request=request
            )
        )
    if fmt == ".tmx" or (fmt in downloads.TABULAR and not downloads.asked_a_page(request)):
        return await _concordance_download(datasette, db, fmt, asked, script)
    # A page by date reads the pairs up to its last line: it runs beside the other short
    # requests; sorted by context it reads and sorts thousands, apart.
    result = await ANSWERS.get(
        db,
        ("concordance", *asked.values()),
        lambda: _run(
            datasette,
            db,
            bodies.concordance_page,
            asked,
            apart=asked["sort"] != "date" or asked["offset"] > concordance.LIMIT,
        ),
        concordance.size,
    )
    if fmt:
        paging = params.paging(
            datasette,
            request,
            offset=result.offset,
            size=result.limit,
            total=result.total,
            total_capped=result.total_capped,
            next_offset=result.next_offset,
        )
        if fmt in downloads.TABULAR:
            body = concordance.to_csv(result.lines, delimiter="\t" if fmt == ".tsv" else ",")
            return Response(
                body, content_type=downloads.CONTENT_TYPES[fmt], headers=downloads.link(paging)
            )
        return Response.json(_summary(name, paging, **bodies.concordance_json(result)))
    years = [y for r in result.renderings for y, n in r.years if y is not None and n]
    return Response.html(
        await datasette.render_template(
            "concordance.html",
            {
                "result": result,
                "database": name,
                "links": {
                    **_paging(request, result.next_offset, result.offset, result.limit),
                    "sort": {
                        s: params.with_args(request, sort=s, offset=None) for s in concordance.SORTS
                    },
                    "formats": {
                        f: datasette.urls.path(f"/-/concordance.{f}")
                        + params.with_args(request, offset=None)
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


def _paging(request: Request, next_offset: int | None, offset: int, size: int) -> dict:
    """Links to the next and previous pages of a page (None where there is none)."""
    following = previous = None
    if next_offset is not None:
        following = params.with_args(request, offset=str(next_offset))
    if offset:
        previous = params.with_args(request, offset=str(max(0, offset - size)))
    return {"next": following, "previous": previous}


DATA = r"(?P<format>\.json|\.csv|\.tsv)"
"""The formats of the plugin's pages as data (the concordance adds ``.tmx``)."""


@hookimpl
def register_routes() -> list[tuple[str, View]]:
    from .feeds import feed_view, sitemap_view  # they use this module's helpers
    from .openapi import api_view, openapi_view
    from .search_route import search_view

    return [
        (r"^/-/feed\.atom$", _route(feed_view)),
        (r"^/sitemap\.xml$", _route(sitemap_view)),
        (r"^/-/sitemap-(?P<part>[0-9]{1,6})\.xml$", _route(sitemap_view)),
        (r"^/-/openapi\.json$", _route(openapi_view)),
        (r"^/-/api$", _route(api_view, page=True)),
        (rf"^/-/search{DATA}?$", _route(search_view, page=True)),
        (rf"^/-/terms{DATA}?$", _route(terms_view, page=True)),
        (rf"^/-/tm{DATA}?$", _route(tm_view, page=True)),
        (
            r"^/-/concordance(?P<format>\.json|\.csv|\.tsv|\.tmx)?$",
            _route(concordance_view, page=True),
        ),
    ]
