"""The Datasette plugin: Chinese-aware search everywhere, and the side-by-side item page.

The only module that knows Datasette. SQL comes from ``library.store``.
"""

from __future__ import annotations

import html

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
        paragraphs = (await db.execute(store.PARAGRAPHS_SQL, {"id": item_id})).rows
        versions = {r["lang"]: dict(r) for r in (await db.execute(store.VERSIONS_SQL,
                                                                   {"id": item_id})).rows}
        segments = []
        if await db.table_exists("segments"):
            segments = [dict(r) for r in (await db.execute(store.SEGMENTS_SQL,
                                                           {"id": item_id})).rows]
        return {"bilingual_item": {"paragraphs": [dict(r) for r in paragraphs],
                                   "segments": segments, "versions": versions,
                                   "review_below": REVIEW_BELOW}}

    return inner


async def _archive(datasette, name: str | None):
    """The database to look terms up in: ``?db=`` or the first archive."""
    names = [name] if name else list(datasette.databases)
    for candidate in names:
        if candidate not in datasette.databases:
            continue
        db = datasette.get_database(candidate)
        if await db.execute_fn(store.is_archive):
            return candidate, db
    return None, None


async def terms_view(request, datasette):
    """``/-/terms?term=…``: a term's renderings in the other language (HTML), and
    ``/-/terms.json?term=…`` the same as JSON for researchers' scripts."""
    from .. import spotting

    as_json = request.url_vars.get("format") == ".json"
    term = (request.args.get("term") or "").strip()
    try:
        limit = min(max(int(request.args.get("limit") or 5), 1), 50)
    except ValueError:
        return Response.json({"ok": False, "error": "limit must be a whole number"},
                             status=400)
    name, db = await _archive(datasette, request.args.get("db"))
    if db is None:
        error = "no archive database here" if not request.args.get("db") else \
            f"no archive database named {request.args.get('db')!r}"
        if as_json:
            return Response.json({"ok": False, "error": error}, status=404)
        return Response.html(f"<p>{html.escape(error)}</p>", status=404)
    result = None
    if term:
        result = await db.execute_fn(lambda conn: spotting.lookup(conn, term, limit))
    if as_json:
        if not term:
            return Response.json({"ok": False, "error": "give ?term= (English or Chinese)"},
                                 status=400)
        return Response.json({"ok": True, "database": name, **spotting.as_dict(result)})
    return Response.html(await datasette.render_template(
        "terms.html", {"term": term, "result": result, "database": name, "limit": limit},
        request=request))


async def tm_view(request, datasette):
    """``/-/tm.json?q=…&lang=zh|en``: translation-memory matches for a sentence."""
    from .. import tm
    from ..termmatch import is_chinese

    text = (request.args.get("q") or "").strip()
    if not text:
        return Response.json({"ok": False, "error": "give ?q= (a sentence)"}, status=400)
    lang = request.args.get("lang") or ("zh" if is_chinese(text) else "en")
    try:
        threshold = float(request.args.get("threshold") or tm.THRESHOLD)
        limit = min(max(int(request.args.get("limit") or 5), 1), 50)
    except ValueError:
        return Response.json({"ok": False, "error": "threshold and limit must be numbers"},
                             status=400)
    if lang not in ("zh", "en"):
        return Response.json({"ok": False, "error": "lang must be zh or en"}, status=400)
    name, db = await _archive(datasette, request.args.get("db"))
    if db is None:
        return Response.json({"ok": False, "error": "no archive database here"}, status=404)
    matches = await db.execute_fn(lambda conn: tm.lookup(conn, text, lang, threshold, limit))
    from dataclasses import asdict

    return Response.json({"ok": True, "database": name, "q": text, "lang": lang,
                          "matches": [asdict(m) for m in matches]})


async def concordance_view(request, datasette):
    """``/-/concordance.json?q=…`` (or ``.csv``): every sentence pair holding q, as left
    context, match, right context and the aligned sentence; ``lang``, ``context``,
    ``sort=date|left|right``."""
    from dataclasses import asdict

    from .. import concordance

    fmt = request.url_vars["format"]
    q = (request.args.get("q") or "").strip()
    try:
        context = min(max(int(request.args.get("context") or 30), 0), 500)
    except ValueError:
        return Response.json({"ok": False, "error": "context must be a whole number"},
                             status=400)
    lang = request.args.get("lang") or None
    sort = request.args.get("sort") or "date"
    if not q or lang not in (None, "zh", "en") or sort not in ("date", "left", "right"):
        return Response.json({"ok": False, "error": "give ?q=, and lang zh|en, sort "
                                                    "date|left|right if any"}, status=400)
    name, db = await _archive(datasette, request.args.get("db"))
    if db is None:
        return Response.json({"ok": False, "error": "no archive database here"}, status=404)
    lines = await db.execute_fn(
        lambda conn: concordance.concordance(conn, q, lang, context, sort))
    if fmt == ".csv":
        return Response(concordance.to_csv(lines), content_type="text/csv; charset=utf-8")
    return Response.json({"ok": True, "database": name, "q": q, "count": len(lines),
                          "lines": [asdict(x) for x in lines]})


@hookimpl
def register_routes():
    return [(r"^/-/terms(?P<format>\.json)?$", terms_view), (r"^/-/tm\.json$", tm_view),
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
