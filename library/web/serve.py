"""Serving an archive: Datasette's own ``serve`` with the project's metadata and plugin."""

from __future__ import annotations

from pathlib import Path

from ..files import project_file


def default_metadata() -> Path | None:
    """``./metadata.yml`` if present, else the project's beside the package."""
    for candidate in (
        Path("metadata.yml"),
        project_file("metadata.yml"),
    ):
        if candidate.is_file():
            return candidate
    return None


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
    """The ``datasette serve`` arguments of :func:`serve` (the README's publishing line
    is these): ``public`` serves the file immutable (``-i``: opened read-only, never
    locked, its row counts computed once) with CORS headers."""
    args = ["serve", *(["-i"] if public else []), str(database), "--host", host]
    args += ["--port", str(port), *(["--cors"] if public else [])]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    metadata = metadata or default_metadata()
    if metadata:
        args += ["--metadata", str(metadata)]
    return args


def serve(
    database: Path, host: str, port: int, metadata: Path | None = None, public: bool = False
) -> None:
    """Run ``datasette serve`` on ``database`` until it is stopped (the plugin registers
    itself through its entry point), with :data:`SETTINGS`."""
    from datasette.cli import cli as datasette_cli

    args = serve_args(database, host, port, metadata, public)
    datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)
