"""``bilib``: the command line. Parses options, calls the library, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import build as build_mod
from .errors import LibraryError


def _fail(exc: LibraryError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group()
@click.version_option(package_name="bilingual-library")
def cli() -> None:
    """Bilingual (Chinese–English) news archive: build it, serve it, search it."""


@cli.command(short_help="Build the archive from pages and the glossary.")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", default="library.db", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Database to write.")
@click.option("--locales", type=click.Path(exists=True, path_type=Path),
              help="Folder of gettext catalogs (default: ./locales, else the project's).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(sources: tuple[Path, ...], output: Path, locales: Path | None, quiet: bool) -> None:
    """Build the archive from folders or files of pages (none: the bundled sample).

    Pages are .txt (as saved from a news site), .html or .md with front
    matter, in UTF-8, GB18030/GBK or Big5. The database is written to a
    temporary file and renamed over OUTPUT only when complete.

    Example:

    \b
        bilib build -o library.db
        bilib build pages/ more/page.zh.txt -o archive.db
    """
    from tqdm import tqdm

    bar = None
    show = not quiet and sys.stderr.isatty()

    def on_total(total: int) -> None:
        nonlocal bar
        bar = tqdm(total=total, unit="items", desc="Building", disable=not show, file=sys.stderr)

    try:
        report = build_mod.build(list(sources), output, locales, on_total=on_total,
                                 on_progress=lambda n: bar.update(n) if bar else None)
    except LibraryError as exc:
        raise _fail(exc) from None
    finally:
        if bar:
            bar.close()
    if not quiet:
        click.echo(
            f"{report.output}: {report.items} items from {report.pages} pages "
            f"({report.both} bilingual, {report.en_only} English only, "
            f"{report.zh_only} Chinese only; {report.auto_pairs} paired by score), "
            f"{report.terms} glossary terms, in {report.seconds:.1f}s "
            f"({report.items / max(report.seconds, 1e-9):.0f} items/s)"
        )


def _metadata_path() -> Path | None:
    for candidate in (Path("metadata.yml"),
                      Path(__file__).resolve().parent.parent / "metadata.yml"):
        if candidate.is_file():
            return candidate
    return None


@cli.command(short_help="Serve the archive with Datasette.")
@click.argument("database", default="library.db",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("-m", "--metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Datasette metadata (default: ./metadata.yml, else the project's).")
@click.option("--build/--no-build", "build_first", default=False,
              help="Build DATABASE from the bundled sample first if it does not exist.")
def serve(database: Path, host: str, port: int, metadata: Path | None,
          build_first: bool) -> None:
    """Serve the archive with Datasette, the project's metadata and plugin.

    Example:

    \b
        bilib serve library.db --port 8001
    """
    if not database.exists():
        if not build_first:
            raise click.ClickException(
                f"{database}: no such database (run 'bilib build -o {database}' first)")
        build_mod.build(None, database)
    metadata = metadata or _metadata_path()
    from datasette.cli import cli as datasette_cli

    args = ["serve", str(database), "--host", host, "--port", str(port)]
    if metadata:
        args += ["--metadata", str(metadata)]
    click.echo(f"Serving {database} on http://{host}:{port}/", err=True)
    datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    cli()
