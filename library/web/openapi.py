"""The plugin's API described once: each endpoint, its parameters (type, range, choices,
older names) and what it answers, served as an OpenAPI 3.1 description at
``/-/openapi.json`` and as a page at ``/-/api`` (in the interface language, with a curl
example an endpoint), and checked against the routes by the tests (``openapi-spec-
validator``, and schemathesis fuzzing a served archive in CI).

The ranges are the routes' own constants, not copies of them. The summaries are catalog
strings: the description is in English (an API does not change with the reader's
language); the page says them in the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from shlex import quote
from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Request, Response

from .. import __version__
from ..exports.tmx import TARGET_SCRIPTS
from ..query import concordance, search_all
from ..text.query_compiler import MAX_CHARS
from ..translation import tm
from . import i18n
from .i18n import N_
from .params import MAX_OFFSET, MAX_RESULTS

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette


@dataclass(frozen=True)
class Param:
    name: str
    summary: str
    """What it is (a catalog string)."""
    kind: str = "string"
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    default: str | int | None = None
    aliases: tuple[str, ...] = ()
    """Its older names, still read."""
    required: bool = False
    """Required by the data formats (a page without it shows its empty form)."""

    def schema(self, data: bool = True) -> dict[str, Any]:
        """Its JSON schema (``data``: for a data format, where a query may not be blank;
        a page without one shows its empty form)."""
        out: dict[str, Any] = {"type": self.kind}
        if self.low is not None:
            out["minimum"] = self.low
        if self.high is not None:
            out["maximum"] = self.high
        if self.choices:
            out["enum"] = ["", *self.choices]  # empty: the default, as forms send it
        if self.max_length is not None:
            out["maxLength"] = self.max_length
            if self.required and data:
                out["pattern"] = r"\S"  # blank is no query
        if self.default is not None:
            out["default"] = self.default
        if self.kind == "integer":  # empty: the default, as forms send it
            return {"anyOf": [out, {"const": ""}]}
        return out


@dataclass(frozen=True)
class Endpoint:
    path: str
    title: str
    summary: str
    formats: tuple[str, ...]
    params: tuple[Param, ...]
    example: tuple[tuple[str, str], ...]
    fields: dict[str, Any] = field(default_factory=dict)
    """The JSON answer's own fields (besides ``ok``, ``database`` and the paging)."""


def _query(summary: str, high: int = MAX_CHARS, aliases: tuple[str, ...] = ()) -> Param:
    return Param("q", summary, max_length=high, aliases=aliases, required=True)


def _size(default: int, high: int, aliases: tuple[str, ...] = ()) -> Param:
    return Param(
        "size",
        N_("How many results a page holds (_size is accepted too; _size=max: the most)"),
        "integer",
        1,
        high,
        default=default,
        aliases=aliases,
    )


def _offset(high: int = MAX_OFFSET) -> Param:
    return Param(
        "offset", N_("Where the page starts, counted in results"), "integer", 0, high, default=0
    )


LANG = Param("lang", N_("The language to search or match in"), choices=("zh", "en"))
DB = Param("db", N_("Which archive (default: the first served)"))
ARRAY = {"type": "array"}

ENDPOINTS = (
    Endpoint(
        "/-/search",
        N_("Search"),
        N_(
            "Items matching words in either language, best first, with snippets in both, "
            "facets, the matching sentence pairs and the glossary's terms."
        ),
        ("json", "csv", "tsv"),
        (
            _query(N_('Words in English or Chinese ("phrases", OR, -word, prefix*)')),
            LANG,
            Param("year", N_("Only items of this year"), "integer", 1, 9999),
            Param("category", N_("Only items of this category (its key or either name)")),
            _offset(),
            _size(search_all.PAGE_SIZE, search_all.MAX_PAGE_SIZE),
            Param(
                "segments",
                N_("How many matching sentence pairs to list (0: none)"),
                "integer",
                0,
                100,
                default=10,
            ),
            Param("expand", N_("1: also search the glossary's renderings"), choices=("1", "0")),
            Param("fuzzy", N_("1: with renderings not yet approved too"), choices=("0", "1")),
            Param(
                "equivalents", N_("1: mark the other language's equivalents"), choices=("1", "0")
            ),
            DB,
        ),
        (("q", "海关"), ("size", "2")),
        {"items": ARRAY, "segments": ARRAY, "facets": {"type": "object"}, "terms": ARRAY},
    ),
    Endpoint(
        "/-/concordance",
        N_("Concordance"),
        N_(
            "Every occurrence of a word or phrase in context, with the aligned sentence of "
            "the other language and the term's renderings over time."
        ),
        ("json", "csv", "tsv", "tmx"),
        (
            _query(N_("A word or phrase, English or Chinese"), aliases=("term",)),
            LANG,
            Param(
                "context",
                N_("Characters of context on each side"),
                "integer",
                0,
                concordance.MAX_CONTEXT,
                default=40,
            ),
            Param("sort", N_("Order of the lines"), choices=concordance.SORTS, default="date"),
            _offset(),
            _size(50, 500),
            Param(
                "target_script",
                N_("The .tmx's Chinese in one script, converted with OpenCC"),
                choices=tuple(TARGET_SCRIPTS),
                default="as-is",
            ),
            DB,
        ),
        (("q", "综合业务司"), ("context", "12")),
        {"lines": ARRAY, "renderings": ARRAY, "pairs": {"type": "integer"}},
    ),
    Endpoint(
        "/-/tm",
        N_("Translation memory"),
        N_(
            "The archive's sentences most like a sentence, with their similarity, the "
            "differences and the aligned translation."
        ),
        ("json", "csv", "tsv"),
        (
            _query(N_("A sentence, English or Chinese"), high=tm.MAX_CHARS),
            LANG,
            Param(
                "threshold",
                N_("Lowest similarity, in percent"),
                "integer",
                0,
                100,
                default=int(tm.THRESHOLD),
            ),
            _offset(MAX_RESULTS - 1),
            _size(5, MAX_RESULTS, ("limit",)),
            DB,
        ),
        (("q", "品保委海关委员会为宁波海关一线关员举办品牌识别培训"),),
        {"matches": ARRAY},
    ),
    Endpoint(
        "/-/terms",
        N_("Term lookup"),
        N_(
            "A term's renderings in the other language, the glossary's first, with the "
            "sentence pairs that show them."
        ),
        ("json", "csv", "tsv"),
        (
            _query(N_("A term, English or Chinese"), aliases=("term",)),
            _offset(MAX_RESULTS - 1),
            _size(5, MAX_RESULTS, ("limit",)),
            DB,
        ),
        (("q", "Department of General Operation"), ("size", "1")),
        {"renderings": ARRAY, "positives": {"type": "integer"}},
    ),
)
"""The plugin's endpoints (their pages and data formats)."""

ERROR = {
    "type": "object",
    "required": ["ok", "error", "status", "title"],
    "properties": {
        "ok": {"const": False},
        "error": {"type": "string"},
        "status": {"type": "integer"},
        "title": {"type": ["string", "null"]},
    },
}
PAGING = {
    "ok": {"const": True},
    "database": {"type": "string"},
    "offset": {"type": "integer", "minimum": 0},
    "size": {"type": "integer", "minimum": 1},
    "total": {"type": "integer", "minimum": 0},
    "total_capped": {"type": "boolean"},
    "next": {"type": ["string", "null"], "format": "uri"},
}
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "tmx": "application/x-tmx+xml",
    "html": "text/html",
}


def _parameters(endpoint: Endpoint, data: bool) -> list[dict[str, Any]]:
    out = []
    for p in endpoint.params:
        described = p.summary
        if p.aliases:
            described += f" (older name, still read: {', '.join(p.aliases)})"
        out.append(
            {
                "name": p.name,
                "in": "query",
                "required": p.required and data,
                "description": described,
                "schema": p.schema(data),
            }
        )
    return out


def _errors(statuses: tuple[int, ...], content: str) -> dict[str, Any]:
    reasons = {
        400: "A parameter out of its range or choices, named in the message",
        404: "No archive of that name",
        503: "Over the request's time budget: try a narrower query",
    }
    schema = ERROR if content == "application/json" else {"type": "string"}
    return {
        str(s): {"description": reasons[s], "content": {content: {"schema": schema}}}
        for s in statuses
    }


def _operation(endpoint: Endpoint, fmt: str) -> dict[str, Any]:
    data = fmt != "html"
    if fmt == "json":
        body: dict[str, Any] = {
            "type": "object",
            "required": [*PAGING, "q"],
            "properties": {**PAGING, "q": {"type": "string"}, **endpoint.fields},
        }
    else:
        body = {"type": "string"}
    name = endpoint.path.rsplit("/", 1)[1]
    return {
        "operationId": f"{name}_{fmt}",
        "summary": f"{endpoint.title}: {fmt.upper() if data else 'page'}",
        "description": endpoint.summary,
        "parameters": _parameters(endpoint, data),
        "responses": {
            "200": {
                "description": "The answer" if data else "The page",
                "content": {CONTENT_TYPES[fmt]: {"schema": body}},
            },
            **_errors((400, 404, 503), "application/json" if data else "text/html"),
        },
    }


def description() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the plugin's endpoints (in English)."""
    paths: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        paths[endpoint.path] = {"get": _operation(endpoint, "html")}
        for fmt in endpoint.formats:
            paths[f"{endpoint.path}.{fmt}"] = {"get": _operation(endpoint, fmt)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Bilingual news library",
            "version": __version__,
            "description": (
                "The archive's own endpoints, beside Datasette's JSON and CSV API "
                "(https://docs.datasette.io/en/0.65.x/json_api.html). Every one takes q, "
                "offset and size; every JSON answer carries offset, size, total, "
                "total_capped and next (the absolute URL of the next page, null on the "
                "last). A download (.csv, .tsv, .tmx) holds every result unless size or "
                "offset asks for a page. Errors are Datasette's: "
                '{"ok": false, "error", "status", "title"}.'
            ),
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "paths": paths,
    }


def curl(base: str, endpoint: Endpoint, fmt: str = "json") -> str:
    """The curl command of the endpoint's example, for ``base`` (scheme and host)."""
    args = " ".join(
        f"--data-urlencode {quote(f'{k}={v}')}"
        if any(ord(c) > 127 or c == " " for c in v)
        else f"-d {k}={v}"
        for k, v in endpoint.example
    )
    return f"curl -sG {base}{endpoint.path}.{fmt} {args}"


async def openapi_view(request: Request, datasette: Datasette) -> Response:
    """``/-/openapi.json``: the description, for clients and fuzzers."""
    return Response.json(description())


async def api_view(request: Request, datasette: Datasette) -> Response:
    """``/-/api``: each endpoint, its formats and parameters and a curl example, in the
    reader's language."""
    base = datasette.absolute_url(request, "/").rstrip("/")
    endpoints = [
        {
            "endpoint": e,
            "title": i18n.gettext(e.title),
            "summary": i18n.gettext(e.summary),
            "params": [(p, i18n.gettext(p.summary)) for p in e.params],
            "curl": curl(base, e),
        }
        for e in ENDPOINTS
    ]
    return Response.html(
        await datasette.render_template("api.html", {"endpoints": endpoints}, request=request)
    )
