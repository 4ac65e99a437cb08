"""The plugin's query parameters, read one way for every route: a value out of range or
not among the choices is a 400 that names the parameter and what it may be, never
silently clamped or ignored (a researcher's script that asks for 500 rows a page must
learn that it gets at most 100, not guess it from the answer).

:class:`BadRequest` is how a route refuses: JSON answers keep the English message (the
API does not change with the reader's language); pages say it in the interface
language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import parse_qsl, urlencode

from datasette.utils.asgi import Request, Response

from ..text.query_compiler import MAX_CHARS
from . import i18n
from .i18n import N_

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

Number = TypeVar("Number", int, float)

_INTEGER = re.compile(r"-?[0-9]{1,18}")
_DECIMAL = re.compile(r"-?[0-9]{1,18}(?:\.[0-9]{1,18})?")

MAX_OFFSET = 1_000_000
"""The deepest ``offset`` any route takes."""
MAX_RESULTS = 50
"""The most renderings of a term, or matches of the memory, one lookup gives (a page is
a slice of them)."""


class BadRequest(Exception):
    """A route's answer to bad parameters: a message (a catalog string, with its
    ``params``) and a status."""

    def __init__(self, message: str, status: int = 400, **params: str) -> None:
        super().__init__(message % params)
        self.template, self.params, self.status = message, params, status
        self.message = message % params

    async def answer(self, as_json: bool, datasette: Datasette, request: Request) -> Response:
        """The error as JSON, else as the archive's error page."""
        if as_json:
            return Response.json(  # Datasette's own shape for an error
                {"ok": False, "error": self.message, "status": self.status, "title": None},
                status=self.status,
            )
        text = i18n.gettext(self.template) % self.params
        page = await datasette.render_template(
            "error.html", {"error": text, "status": self.status, "title": None}, request=request
        )
        return Response.html(page, status=self.status)


def one(request: Request, name: str) -> str | None:
    """The value of parameter ``name`` (None: absent); given twice, which one is meant is
    unknown: a 400 naming it."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadRequest(N_("%(name)s is given more than once"), name=name)
    return values[0] if values else None


def text(request: Request, name: str, high: int = MAX_CHARS) -> str:
    """A text parameter, stripped; longer than ``high`` characters (as given) is a 400."""
    value = one(request, name) or ""
    if len(value) > high:
        raise BadRequest(
            N_("%(name)s is too long: at most %(high)s characters"), name=name, high=str(high)
        )
    return value.strip()


def number(request: Request, name: str, default: Number, low: Number, high: Number) -> Number:
    """A number parameter of ``default``'s type (absent or empty: ``default``) that must
    lie in [low, high]: anything else is a 400 naming it and its range."""
    raw = one(request, name)
    if raw is None or raw == "":
        return default
    shape = _INTEGER if isinstance(default, int) else _DECIMAL
    if not shape.fullmatch(raw):  # Python's int() takes " 5", "+5" and "1_0" too
        raise BadRequest(N_("%(name)s must be a number"), name=name)
    value = type(default)(raw)
    if not low <= value <= high:
        raise BadRequest(
            N_("%(name)s must be between %(low)s and %(high)s"),
            name=name,
            low=str(low),
            high=str(high),
        )
    return value


def choice(
    request: Request, name: str, allowed: tuple[str | None, ...], default: str | None = None
) -> str | None:
    """A parameter that must be one of ``allowed`` (None among them: it may be absent)."""
    value = one(request, name) or default
    if value not in allowed:
        raise BadRequest(
            N_("%(name)s must be one of %(choices)s"),
            name=name,
            choices=", ".join(a for a in allowed if a),
        )
    return value


def query(request: Request, *aliases: str, high: int = MAX_CHARS) -> str:
    """The query: ``q``, else the first of its older names (``aliases``) given."""
    for name in ("q", *aliases):
        value = text(request, name, high)
        if value:
            return value
    return ""


def size(request: Request, default: int, high: int, *aliases: str) -> int:
    """How many results a page holds: ``size``, else Datasette's ``_size`` (``max``: the
    most the route gives) or an older name; each a 400 outside [1, ``high``]."""
    for name in ("size", "_size", *aliases):
        raw = one(request, name)
        if raw is None or raw == "":
            continue
        if name == "_size" and raw == "max":
            return high
        return number(request, name, default, 1, high)
    return default


def offset(request: Request) -> int:
    """Where a page starts, counted in what the route returns."""
    return number(request, "offset", 0, 0, MAX_OFFSET)


def with_args(request: Request, **changes: str | None) -> str:
    """This request's query string with some parameters changed (None drops one)."""
    args = [(k, v) for k, v in parse_qsl(request.query_string) if k not in changes]
    args += [(k, v) for k, v in changes.items() if v is not None]
    return "?" + urlencode(args)


def paging(
    datasette: Datasette,
    request: Request,
    *,
    offset: int,
    size: int,
    total: int,
    next_offset: int | None,
    total_capped: bool = False,
) -> dict:
    """The paging every JSON answer of the plugin carries: ``offset``, ``size``,
    ``total`` (a lower bound when ``total_capped``) and ``next``, the absolute URL of
    the following page (None on the last)."""
    following = None
    if next_offset is not None:
        following = datasette.absolute_url(
            request, request.path + with_args(request, offset=str(next_offset))
        )
    return {
        "offset": offset,
        "size": size,
        "total": total,
        "total_capped": total_capped,
        "next": following,
    }
