"""Every archive served is given the archive's metadata, whatever its file is called,
and says what it is in its own words.

- The archive's tables, columns, facets, search and canned queries are the project's
  ``metadata.yml`` (its ``databases: library:`` section, written for the default file
  name): this ``get_metadata`` hook gives that section to every database that is an
  archive (``schema.is_archive``: its ``archive_info``), so ``archive.db``, or several
  archives served at once, each get their search box, facets and queries. A metadata
  file given to Datasette (``bilib serve -m``) still overrides it.
- Title, description, licence and source (and their URLs) are the archive's own
  (``archive_info``, written by ``bilib build --title …`` or from a ``metadata.yml``
  beside the pages: ``library.pages.about``), with their Chinese twins (``title_zh``…)
  that the templates show a Chinese reader (:func:`said`): the first archive's for the
  whole site, each archive's for its own pages. An archive that says none shows none.

``get_metadata`` is synchronous and asked for on every page, many times: what it reads
is kept per file and modification time (an archive rebuilt in place is read again).
"""

from __future__ import annotations

import functools
import os
import sqlite3
from typing import TYPE_CHECKING, Any

import yaml
from datasette import hookimpl

from ..archive.read import about, table_names
from ..archive.schema import is_archive
from ..files import project_file
from . import i18n

if TYPE_CHECKING:  # datasette.app imports the plugins: no import of it at run time
    from datasette.app import Datasette

TEMPLATE = "library"
"""The database name ``metadata.yml``'s archive section is written under."""


TWINNED = ("title", "description")
"""The texts of the project's tables and queries that get a Chinese twin (``title_zh``)."""


def _with_chinese(described: dict[str, Any]) -> dict[str, Any]:
    """``described`` with a ``<key>_zh`` beside each English title and description, from
    the Simplified catalog: the JSON API (``/library.json``, ``/-/metadata.json``) then
    names every table and query in both languages, whatever the reader's language, and
    the pages show the same words (:func:`said`)."""
    chinese = i18n.translations("zh_CN")
    twins = {
        f"{key}_zh": chinese.gettext(text)
        for key in TWINNED
        if isinstance(text := described.get(key), str) and text and f"{key}_zh" not in described
    }
    return {**described, **{k: v for k, v in twins.items() if v != described[k[:-3]]}}


@functools.lru_cache(maxsize=4)
def _template(path: str, mtime_ns: int, catalog_ns: int) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    template = dict((data.get("databases") or {}).get(TEMPLATE) or {})
    for section in ("tables", "queries"):
        if isinstance(template.get(section), dict):
            template[section] = {
                name: _with_chinese(v) if isinstance(v, dict) else v
                for name, v in template[section].items()
            }
    return template


def archive_template() -> dict[str, Any]:
    """The project's metadata for an archive database (its tables, queries…), each
    table's and query's title and description in both languages."""
    path = project_file("metadata.yml")
    try:
        catalog = i18n.catalog_path("zh_CN").stat().st_mtime_ns
        return _template(str(path), path.stat().st_mtime_ns, catalog)
    except OSError:
        return {}


@functools.lru_cache(maxsize=64)
def _said(path: str, mtime_ns: int) -> tuple[dict[str, str], tuple[str, ...]] | None:
    """What the archive at ``path`` says of itself, and its tables and views; None when
    it is no archive."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        if not is_archive(conn):
            return None
        return about(conn), tuple(table_names(conn))
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def archives(
    datasette: Datasette,
) -> dict[str, tuple[dict[str, str], tuple[str, ...]]]:
    """Each archive served, by database name: what it says of itself, its tables."""
    found = {}
    for name, db in list(datasette.databases.items()):
        if db.is_memory or not db.path:
            continue
        try:
            stamp = os.stat(db.path).st_mtime_ns
        except OSError:
            continue
        said = _said(str(db.path), stamp)
        if said is not None:
            found[name] = said
    return found


def said(metadata: dict[str, Any], key: str) -> str | None:
    """A text of ``metadata`` (title, description, licence, source) in the interface
    language: the archive's own Chinese (``<key>_zh``) for a Chinese interface where it
    gave one, else the text through the catalogs (the project's own metadata is English
    and translated there). Chosen when the page is rendered, in the request's language:
    the metadata itself is the same for every reader."""
    text = metadata.get(key)
    chinese = metadata.get(f"{key}_zh")
    if i18n.current().startswith("zh") and chinese:
        if isinstance(text, str) and chinese == i18n.translations("zh_CN").gettext(text):
            return i18n.gettext(text)  # the catalog's twin (_with_chinese): its wording
        return i18n.in_interface_script(str(chinese))
    return i18n.gettext(text) if isinstance(text, str) and text else text


FOOTER = ("license", "license_url", "source", "source_url", "license_zh", "source_zh")
"""What Datasette's table, row and query pages show of their archive (it gives them a
database's or the site's licence and source, but not our ``_zh`` twins): every table's
metadata carries them, so each archive's pages show its own."""


@hookimpl
def get_metadata(datasette: Datasette, key: str, database: str | None, table: str | None) -> dict:
    served = archives(datasette)
    if not served:
        return {}
    template = archive_template()
    databases = {}
    for name, (own, tables) in served.items():
        footer = {k: v for k, v in own.items() if k in FOOTER}
        described = template.get("tables") or {}
        databases[name] = {
            **template,
            **own,
            "tables": {t: {**described.get(t, {}), **footer} for t in {*described, *tables}},
        }
    # The site's title and description are the archive's when it serves one; never its
    # licence and source, which Datasette gives every page without its own as the
    # site's (a neighbour database would wear the archive's licence): the home page
    # shows its archive's (``home.home_vars``).
    own = next(iter(served.values()))[0] if len(served) == 1 else {}
    site = {k: v for k, v in own.items() if k.removesuffix("_zh") in ("title", "description")}
    return {**site, "databases": databases}
