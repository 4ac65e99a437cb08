"""The interface language: each request answered in its reader's language (``i18n``:
``?_lang=``, the cookie that keeps it, the browser's ``Accept-Language``), and the
templates translated through Jinja's i18n extension with the locale's helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

from . import cells, datasette_strings, i18n, identity, labels
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
    locale, chosen = i18n.negotiate(
        scope.get("query_string", b"").decode("latin-1"), scope.get("headers", [])
    )

    async def sending(event: dict) -> None:
        if event.get("type") == "http.response.start":
            headers = list(event.get("headers", []))
            headers.append((b"vary", b"Accept-Language, Cookie"))
            if chosen:
                cookie = f"{i18n.COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax"
                headers.append((b"set-cookie", cookie.encode("latin-1")))
            event = {**event, "headers": headers}
        await send(event)

    token = i18n.use(locale)
    try:
        await app(scope, receive, sending)
    finally:
        i18n.reset(token)


def language_url(request: Any, locale: str) -> str:
    """This page in another interface language (``?_lang=``, every other parameter kept)."""
    query = getattr(request, "query_string", "") if request is not None else ""
    args = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != i18n.PARAMETER]
    path = getattr(request, "path", "/") if request is not None else "/"
    return path + "?" + urlencode([*args, (i18n.PARAMETER, locale)])


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """Jinja's i18n extension with the request's catalog, and the locale helpers the
    templates use (``html_lang``, ``local_date``, ``local_number``, ``language_url``)."""
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
        describe_table=datasette_strings.describe_table,
        lookup_label=datasette_strings.lookup_label,
        facet_type=datasette_strings.facet_type,
        column_label=labels.column_label,
        value_label=labels.value_label,
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
