"""Serving an archive: Datasette's own ``serve`` with the project's plugin (which gives
every archive the project's metadata: ``library.web.identity``)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
from pathlib import Path
from typing import Any

SETTINGS = {
    # Suggesting facets tries every column of a table on every page view: with a search
    # matching most of a large archive that is most of the page's time. The archive's
    # tables name their facets in metadata.yml.
    "suggest_facets": "off",
    # A facet that takes longer is left out of that page (Datasette says so) instead of
    # holding the page up.
    "facet_time_limit_ms": "25",
}
"""Datasette settings ``bilib serve`` uses (``datasette serve`` takes them as
``--setting NAME VALUE``)."""


def serve_args(
    database: Path, host: str, port: int, metadata: Path | None = None, public: bool = False
) -> list[str]:
    """The ``datasette serve`` arguments of :func:`serve` (docs/guide.md's publishing line
    is these): ``public`` serves the file immutable (``-i``: opened read-only, never
    locked, its row counts computed once) with CORS headers."""
    args = ["serve", *(["-i"] if public else []), str(database), "--host", host]
    args += ["--port", str(port), *(["--cors"] if public else [])]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    if metadata:
        args += ["--metadata", str(metadata)]
    return args


ENVIRONMENT = "BILIB_SERVE_ARGS"
"""The ``datasette serve`` arguments (JSON) each server process of ``--workers`` reads."""


def serve(
    database: Path,
    host: str,
    port: int,
    metadata: Path | None = None,
    public: bool = False,
    workers: int = 1,
) -> None:
    """Run ``datasette serve`` on ``database`` until it is stopped (the plugin registers
    itself through its entry point), with :data:`SETTINGS`; with ``workers`` above one,
    that many server processes share the port (:func:`app_from_environment`)."""
    args = serve_args(database, host, port, metadata, public)
    if workers <= 1:
        from datasette.cli import cli as datasette_cli

        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)
        return
    import uvicorn

    os.environ[ENVIRONMENT] = json.dumps(args[1:])
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        lifespan="on",
    )


def app_from_environment() -> Any:
    """The Datasette app of one of several server processes: one Python process answers
    with one core at a time (its event loop and the plugin's Python work hold the GIL),
    so on a machine with more cores several processes answer more requests. Each is set
    up by ``datasette serve``'s own option parsing from the arguments in
    :data:`ENVIRONMENT` (the same as one process's), and runs the startup hooks before
    it takes requests, as ``datasette serve`` does: in an event loop of their own (this
    is called inside the server's), on another thread."""
    from datasette.cli import serve as datasette_serve

    context = datasette_serve.make_context("datasette serve", json.loads(os.environ[ENVIRONMENT]))
    datasette = context.invoke(datasette_serve.callback, **context.params, return_instance=True)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, datasette.invoke_startup()).result()
    return datasette.app()
