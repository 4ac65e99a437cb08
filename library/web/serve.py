"""Serving an archive: Datasette's own ``serve`` with the project's metadata and plugin."""

from __future__ import annotations

from pathlib import Path


def default_metadata() -> Path | None:
    """``./metadata.yml`` if present, else the project's beside the package."""
    for candidate in (
        Path("metadata.yml"),
        Path(__file__).resolve().parent.parent.parent / "metadata.yml",
    ):
        if candidate.is_file():
            return candidate
    return None


def serve(database: Path, host: str, port: int, metadata: Path | None = None) -> None:
    """Run ``datasette serve`` on ``database`` until it is stopped (the plugin registers
    itself through its entry point)."""
    from datasette.cli import cli as datasette_cli

    args = ["serve", str(database), "--host", host, "--port", str(port)]
    metadata = metadata or default_metadata()
    if metadata:
        args += ["--metadata", str(metadata)]
    datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)
