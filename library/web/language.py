"""The interface language: each request answered in its reader's language (``i18n``:
``?_lang=``, the cookie that keeps it, the browser's ``Accept-Language``), and the
templates translated through Jinja's i18n extension with the locale's helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

from . import cells, datasette_strings, i18n, identity, labels, script
from .asgi import ASGIApp, http_wrapper


@hookimpl(trylast=True)
def asgi_wrapper() -> Callable[[ASGIApp], ASGIApp]:
    """Answer each request in its reader's language; ``?_lang=`` also sets the cookie
    that keeps the choice, and HTML answers vary by the headers that choose it. The
    outermost of the plugin's wrappers (``trylast``: Datasette wraps the app in the
    hooks' order), so every other one runs in the reader's language."""
    return http_wrapper(_in_readers_language)


async def _in_readers_language(
    app: ASGIApp, scope: dict, receive: Callable, send: Callable
) -> None:
    query = scope.get("query_string", b"").decode("latin-1")
    headers = scope.get("headers", [])
    locale, chosen = i18n.negotiate(query, headers)
    original, mode = script.wants_original(parse_qs(query), i18n.cookie(headers, script.COOKIE))
    remember = [(i18n.COOKIE, locale)] if chosen else []
    remember += [(script.COOKIE, mode)] if mode else []

    async def sending(event: dict) -> None:
        if event.get("type") == "http.response.start":
            headers = list(event.get("headers", []))
            headers.append((b"vary", b"Accept-Language, Cookie"))
            for name, value in remember:
                cookie = f"{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax"
                headers.append((b"set-cookie", cookie.encode("latin-1")))
            event = {**event, "headers": headers}
        await send(event)

    token = i18n.use(locale)
    kept = script.showing_original(original)
    try:
        converting = locale == "zh_TW" and not original
        await app(scope, receive, script.converting(sending) if converting else sending)
    finally:
        script.reset(kept)
        i18n.reset(token)


def _with_arg(request: Any, name: str, value: str) -> str:
    """This page with ``?name=value``, every other parameter kept."""
    query = getattr(request, "query_string", "") if request is not None else ""
    args = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != name]
    path = getattr(request, "path", "/") if request is not None else "/"
    return path + "?" + urlencode([*args, (name, value)])


def language_url(request: Any, locale: str) -> str:
    """This page in another interface language (``?_lang=``, every other parameter kept)."""
    return _with_arg(request, i18n.PARAMETER, locale)


def content_url(request: Any, mode: str) -> str:
    """This page with its content converted or as published (``?_content=``)."""
    return _with_arg(request, script.PARAMETER, mode)


def with_columns(request: Any, columns: list[str]) -> str:
    """This table page with every one of ``columns`` chosen (Datasette's ``_col``), the
    reader's other parameters kept."""
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)]
    kept = [(k, v) for k, v in args if k not in ("_col", "_nocol", "_next")]
    return request.path + "?" + urlencode([*kept, *(("_col", c) for c in columns)])


def place_label(datasette: Any, database: str | None, table: str | None = None) -> str:
    """What a reader calls a database or a table (breadcrumbs, page titles): its title
    in the metadata, in the interface language, else its name."""
    if not database:
        return ""
    if table:
        return identity.said(datasette.table_metadata(database, table), "title") or table
    return identity.said(datasette.metadata(database=database) or {}, "title") or database


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """Jinja's i18n extension with the request's catalog, and the locale helpers the
    templates use (``html_lang``, ``local_date``, ``local_number``, ``language_url``,
    ``place_label``)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(
        i18n.gettext,
        i18n.ngettext,
        newstyle=True,
        pgettext=i18n.pgettext,
        npgettext=i18n.npgettext,
    )
    env.globals.update(
        interface_locale=i18n.current,
        # metadata.yml's strings, looked up as they are (no %-formatting: they are data)
        translate=lambda text: i18n.gettext(text) if text else text,
        # what an archive says of itself, in the reader's language (identity.said)
        said=identity.said,
        html_lang=lambda: i18n.HTML_LANG[i18n.current()],
        interface_languages=lambda: [(k, i18n.LABELS[k]) for k in i18n.LOCALES],
        language_url=language_url,
        content_url=content_url,
        shows_original=script.shows_original,
        place_label=lambda database, table=None: place_label(datasette, database, table),
        table_metadata=datasette.table_metadata,
        describe_table=datasette_strings.describe_table,
        lookup_label=datasette_strings.lookup_label,
        facet_type=datasette_strings.facet_type,
        error_message=datasette_strings.error_message,
        error_title=datasette_strings.error_title,
        column_label=labels.column_label,
        value_label=labels.value_label,
        readers_columns=labels.readers_columns,
        with_columns=with_columns,
        bilingual_label=i18n.label,
        parameter_label=labels.parameter_label,
        parameter_choices=labels.parameter_choices,
    )
    env.filters["markdown"] = cells.markdown
    # A row's key as Datasette's URLs want it: an item id holding "." or "/" tilde-encoded.
    env.filters["row_key"] = tilde_encode
    env.filters["local_date"] = i18n.date
    env.filters["content_lang"] = cells.content_lang
    env.filters["text_lang"] = cells.text_lang
    env.filters["local_number"] = i18n.number
