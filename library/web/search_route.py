"""The search page, ``/-/search``, and its data forms (``.json``, ``.csv``, ``.tsv``):
the route over ``library.query.search_all`` (registered by ``library.web.routes``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

from datasette.utils.asgi import Request, Response

from ..model import LANGS
from ..query import search_all
from . import downloads, params
from .answers import ANSWERS
from .highlight import to_html, to_markup
from .i18n import N_
from .params import BadRequest
from .routes import _find_archive, _paging, _run, _summary

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


def _search_params(request: Request) -> dict:
    """The search page's parameters, checked (bad ones raise :class:`BadRequest`)."""
    return {
        "lang": params.choice(request, "lang", (None, "zh", "en")),
        "year": params.number(request, "year", 0, 1, 9999) or None,
        "category": params.text(request, "category") or None,
        "offset": params.offset(request),
        "size": params.size(request, search_all.PAGE_SIZE, search_all.MAX_PAGE_SIZE),
        "segments": params.number(request, "segments", 10, 0, 100),
        "expand": params.choice(request, "expand", ("1", "0"), "1") == "1",
        "fuzzy": params.choice(request, "fuzzy", ("0", "1"), "0") == "1",
        "equivalents": params.choice(request, "equivalents", ("1", "0"), "1") == "1",
    }


async def _every_result(
    fmt: str, search: Callable[[int, int], Awaitable[search_all.Results]]
) -> Response:
    """Every item a search finds, as CSV or TSV: read a page of the most at a time."""

    async def page(offset: int) -> downloads.Page:
        results = await search(offset, search_all.MAX_PAGE_SIZE)
        return downloads.search_rows(results), results.next_offset

    return downloads.tabular(fmt, downloads.SEARCH_COLUMNS, await page(0), page, None)


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
    fmt = request.url_vars.get("format") or ""
    q = params.query(request)
    asked = _search_params(request)
    name, db = await _find_archive(datasette, request)

    async def search(offset: int, size: int) -> search_all.Results:
        these = {**asked, "offset": offset, "size": size}
        try:
            return await ANSWERS.get(
                db,
                ("search", q, *sorted(these.items())),
                lambda: _run(datasette, db, lambda conn: search_all.search(conn, q, **these)),
                search_all.size,
            )
        except search_all.UnknownCategory as exc:
            raise BadRequest(
                N_("category must be one of this archive's categories: %(choices)s"),
                choices=", ".join(exc.known[:40]) + (" …" if len(exc.known) > 40 else ""),
            ) from None

    results = await search(asked["offset"], asked["size"]) if q else None
    if fmt:
        if results is None:
            raise BadRequest(N_("give ?q= (words in English or Chinese)"))
        paging = params.paging(
            datasette,
            request,
            offset=results.offset,
            size=results.size,
            total=results.total,
            next_offset=results.next_offset,
        )
        if fmt in downloads.TABULAR:
            if downloads.asked_a_page(request):
                first = (downloads.search_rows(results), None)
                return downloads.tabular(fmt, downloads.SEARCH_COLUMNS, first, None, paging["next"])
            return await _every_result(fmt, search)
        return Response.json(_summary(name, paging, **search_json(results)))
    links: dict = {}
    if results is not None:
        links = {
            **_paging(request, results.next_offset, results.offset, results.size),
            "json": datasette.urls.path("/-/search.json") + params.with_args(request),
            "year": {
                f["value"]: params.with_args(request, year=str(f["value"]), offset=None)
                for f in results.facets["year"]
                if f["value"] is not None
            },
            "category": {
                f["value"]: params.with_args(request, category=f["value"], offset=None)
                for f in results.facets["category"]
            },
            "lang": {
                f["value"]: params.with_args(request, lang=f["value"], offset=None)
                for f in results.facets["lang"]
                if f["value"] in LANGS
            },
            "expand": params.with_args(
                request, expand="1" if request.args.get("expand") == "0" else "0", offset=None
            ),
            "remove": {
                k: params.with_args(request, **{k: None, "offset": None})
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
