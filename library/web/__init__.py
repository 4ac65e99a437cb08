"""The Datasette plugin: Chinese-aware search everywhere, the side-by-side item page, the
search, terms, translation-memory and concordance routes, and TSV/TMX renderers.

The only package that knows Datasette or writes HTML. Like Datasette's own built-in
hooks, each concern is a small module; this one gathers their hook implementations
so that the ``datasette`` entry point registers them as one plugin.
"""

from __future__ import annotations

from .errors import handle_exception
from .hooks import (
    asgi_wrapper,
    prepare_connection,
    prepare_jinja2_environment,
    render_cell,
    startup,
)
from .identity import get_metadata
from .pages import extra_template_vars
from .renderers import register_output_renderer
from .routes import register_routes

__all__ = [
    "asgi_wrapper",
    "handle_exception",
    "prepare_jinja2_environment",
    "extra_template_vars",
    "get_metadata",
    "prepare_connection",
    "register_output_renderer",
    "register_routes",
    "render_cell",
    "startup",
]
