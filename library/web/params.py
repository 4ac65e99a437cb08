"""The plugin's query parameters, read one way for every route: a value out of range or
not among the choices is a 400 that names the parameter and what it may be, never
silently clamped or ignored (a researcher's script that asks for 500 rows a page must
learn that it gets at most 100, not guess it from the answer).

:class:`BadRequest` is how a route refuses: JSON answers keep the English message (the
API does not change with the reader's language); pages say it in the interface
language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from datasette.utils.asgi import Request, Response

from ..text.query_compiler import MAX_CHARS
from . import i18n
from .i18n import N_

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

Number = TypeVar("Number", int, float)


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


def text(request: Request, name: str, high: int = MAX_CHARS) -> str:
    """A text parameter, stripped; longer than ``high`` characters is a 400."""
    value = (request.args.get(name) or "").strip()
    if len(value) > high:
        raise BadRequest(
            N_("%(name)s is too long: at most %(high)s characters"), name=name, high=str(high)
        )
    return value


def number(request: Request, name: str, default: Number, low: Number, high: Number) -> Number:
    """A number parameter of ``default``'s type (absent or empty: ``default``) that must
    lie in [low, high]: anything else is a 400 naming it and its range."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = type(default)(raw)
    except ValueError:
        raise BadRequest(N_("%(name)s must be a number"), name=name) from None
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
    value = request.args.get(name) or default
    if value not in allowed:
        raise BadRequest(
            N_("%(name)s must be one of %(choices)s"),
            name=name,
            choices=", ".join(a for a in allowed if a),
        )
    return value
