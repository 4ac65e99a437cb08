"""The Datasette plugin: Chinese-aware search everywhere, the side-by-side item page, the
search, terms, translation-memory and concordance routes, and TSV/TMX renderers.

The only package that knows Datasette or writes HTML. As Datasette registers its own
defaults (``datasette.plugins.DEFAULT_PLUGINS``), each concern is a small module with
its own hooks, and each is a plugin of its own: :data:`PLUGINS`, registered one by one
by the package's ``datasette`` entry points (``pyproject.toml``).
"""

from __future__ import annotations

import importlib
from typing import Any

PLUGINS = (
    "library.web",  # no hooks: Datasette finds a plugin's templates/ beside its package
    "library.web.connections",  # the archive's SQL functions and search compiler
    "library.web.cells",  # content cells with their language, labels, item links
    "library.web.language",  # each request in its reader's language; Jinja's i18n
    "library.web.scheduling",  # SQL threads in arrival order; the pool apart
    "library.web.broad",  # absurd searches refused, broad ones without facets
    "library.web.homecache",  # the home page from memory; warming up
    "library.web.identity",  # an archive's metadata
    "library.web.pages",  # the home and item pages' data
    "library.web.routes",  # /-/search, /-/terms, /-/tm, /-/concordance, feeds
    "library.web.renderers",  # .tsv and .tmx
    "library.web.errors",  # the plugin's errors, and Datasette's corrected
)
"""The plugin's modules, each registered as a plugin of Datasette's."""


def register(pm: Any) -> None:
    """Register every module of :data:`PLUGINS` with Datasette's plugin manager (tests
    and scripts that keep installed plugins out do this themselves)."""
    for name in PLUGINS:
        module = importlib.import_module(name)
        if not pm.is_registered(module):
            pm.register(module, name=name)


def unregister(pm: Any) -> None:
    """Take every module of :data:`PLUGINS` out of Datasette's plugin manager."""
    for name in PLUGINS:
        module = importlib.import_module(name)
        if pm.is_registered(module):
            pm.unregister(module)
