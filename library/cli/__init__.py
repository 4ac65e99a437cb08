"""``bilib``: the command line. Parses options, calls the library, prints.

The only package that knows click and the terminal: this module holds the group, the
build, serve, align and export commands; ``terms`` and ``translation`` the rest.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .. import __version__
from .. import build as build_mod
from ..errors import LibraryError, counted
from ..exports.tmx import DEFAULT_MIN_SCORE, TARGET_SCRIPTS
from ..pages.read import MAX_PAGE_BYTES

SRCLANGS = ["auto", "zh", "en"]

database_option = click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
"""The archive a command reads (every command but build, serve and align; ``serve``
takes it as an argument, as ``datasette serve`` does)."""


legacy_database_argument = click.argument(
    "legacy_database",
    metavar="[DATABASE]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
"""The archive as an argument, the old form of a command that now takes ``-d``."""


def _legacy_database(ctx: click.Context, database: Path, legacy: Path | None) -> Path:
    """The archive of a command that once took it as an argument: ``-d/--database`` as
    every command takes it, or the argument, still read with a deprecation warning; both
    naming different files is a usage error."""
    if legacy is None:
        return database
    given = ctx.get_parameter_source("database") is not click.core.ParameterSource.DEFAULT
    if given and Path(legacy) != Path(database):
        raise click.UsageError(
            f"the archive is given twice ({legacy} and -d {database}): give -d only"
        )
    click.echo(f"warning: the archive as an argument is deprecated; use -d {legacy}", err=True)
    return Path(legacy)


def _host_pair(value: str) -> tuple[str, str]:
    """``--mirror a.org=b.cn`` → ('a.org', 'b.cn'); a usage error naming the value else."""
    from ..pages.links import is_host

    a, _, b = value.partition("=")
    if not (is_host(a.strip()) and is_host(b.strip())):
        raise click.BadParameter(
            f"{value!r} is not two host names joined by '=' (e.g. english.example.org=example.cn)",
            param_hint="--mirror",
        )
    return a.strip().lower(), b.strip().lower()


def _fail(exc: LibraryError) -> click.ClickException:
    return click.ClickException(str(exc))


class _Commands(click.Group):
    """The command group: a :class:`LibraryError` from any command, or any of its
    subgroups' (it names the file, line or option and what to do), is printed as click
    prints an error, with exit status 1, instead of a traceback; one place for all."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except LibraryError as exc:
            raise _fail(exc) from None


@click.group(cls=_Commands)
@click.version_option(__version__, package_name="bilingual-library")
def cli() -> None:
    """Bilingual (Chinese–English) news archive: build it, serve it, search it."""


def main() -> None:
    """The ``bilib`` command: :func:`cli` with SIGTERM and SIGHUP handled as Ctrl-C (set
    here, in the command's own process, not when ``cli`` is called from other code)."""
    _stop_on_signals()
    try:
        cli()
    except (OSError, sqlite3.OperationalError) as exc:
        full = getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in str(exc)
        if not full:
            raise
        name = getattr(exc, "filename", None)
        where = f" writing {name}" if name else ""
        click.echo(
            f"Error: no space left on the disk{where} ({exc}); the file being written was "
            "removed and the old one kept (free some space and run the command again)",
            err=True,
        )
        sys.exit(1)


_MAIN_PID: list[int] = []


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop a command as Ctrl-C does: the file being written is removed
    and the old one kept (worker processes just exit; their parent cleans up)."""

    def stop(signum: int, frame: object) -> None:
        if _MAIN_PID and os.getpid() != _MAIN_PID[0]:
            os._exit(128 + signum)
        raise KeyboardInterrupt

    _MAIN_PID[:] = [os.getpid()]
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            with contextlib.suppress(ValueError):  # not the main thread: leave them be
                signal.signal(getattr(signal, name), stop)


@contextlib.contextmanager
def _opened(database: Path) -> Iterator[sqlite3.Connection]:
    """The archive's connection for a command's block; any :class:`LibraryError` in it
    (a missing or foreign database included) becomes the command's error message
    (:class:`_Commands`)."""
    from ..archive.read import open_archive

    with open_archive(database) as conn:
        yield conn


def _about(**given: str | None) -> dict[str, str]:
    """What ``bilib build``'s options say of the archive, checked (``pages.about``)."""
    from ..pages.about import checked

    return {k: checked(k, v, f"--{k.replace('_', '-')}") for k, v in given.items() if v}


@cli.command(short_help="Build the archive from pages and the glossary.")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database to write.",
)
@click.option(
    "--locales",
    type=click.Path(exists=True, path_type=Path),
    help="Folder of gettext catalogs (default: ./locales, else the project's).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes reading pages, aligning items and checking terms "
    "(default: one per CPU; the output is the same).",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Build the pages that can be read and list the others (also in the archive's "
    "skipped_pages table); without it, any bad page stops the build, all of them listed.",
)
@click.option(
    "--max-page-mb",
    type=click.FloatRange(min=0.001),
    default=MAX_PAGE_BYTES / 1e6,
    show_default=True,
    help="Largest page file read, in megabytes (a larger one is a bad page).",
)
@click.option(
    "--mirror",
    "mirrors",
    multiple=True,
    metavar="HOST=HOST",
    callback=lambda ctx, param, values: [_host_pair(v) for v in values],
    help="Two hosts that are one site (english.example.org=example.cn), so that a page's "
    "one-way link to its translation on the other may pair them. Repeatable.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Read and align every page again (ids still kept): without it, a build over an "
    "archive updates only what the pages and glossary changed since.",
)
@click.option(
    "--new",
    is_flag=True,
    help="Start a new archive: without it, items keep the ids they have in the archive "
    "at OUTPUT (and ids no item keeps answer 410 Gone, or redirect to the item their "
    "page joined).",
)
@click.option("--title", help="The archive's title (default: metadata.yml beside the pages).")
@click.option("--description", help="What the archive holds, in a sentence or two (Markdown).")
@click.option("--license", "license_", help="The licence of the archive's content.")
@click.option("--license-url", help="Where that licence is written.")
@click.option("--source", help="Where the content comes from.")
@click.option("--source-url", help="The source's address.")
def build(
    sources: tuple[Path, ...],
    output: Path,
    locales: Path | None,
    quiet: bool,
    jobs: int | None,
    skip_bad: bool,
    max_page_mb: float,
    mirrors: list[tuple[str, str]],
    full: bool,
    new: bool,
    title: str | None,
    description: str | None,
    license_: str | None,
    license_url: str | None,
    source: str | None,
    source_url: str | None,
) -> None:
    """Build the archive from folders or files of pages (none: the bundled sample).

    Pages are .txt (as saved from a news site), .html or .md with front
    matter, in UTF-8, GB18030/GBK or Big5, and the pages of crawls stored
    as .warc or .warc.gz (the latest capture of each URL). A folder made
    by wget --mirror (host/path/index.html) gives each page its URL. Each
    page is filed in the language its text is written in. The database is
    written to a temporary file and renamed over OUTPUT only when complete.
    Built over an earlier archive, each item keeps its id (its URL): matched
    by its pages' front matter id, file, URL or text. It is brought up to
    date in seconds: only the pages added, changed or gone since, the items
    they touch (and those of the glossary entries changed) and the items
    after the first of those in date order are read, aligned and checked
    again; with --full, or when that would be over half of a large archive,
    every page is read again. The archive's title,
    description, licence and source are the options', else those of a
    metadata.yml beside the pages (in English and Chinese: docs/guide.md, "Your own
    archive"); an archive given none shows none.

    Example:

    \b
        bilib build -o library.db
        bilib build pages/ more/page.zh.txt -o archive.db
        bilib build saved-pages/ --skip-bad -o archive.db
        bilib build crawl.warc.gz www.example.org/ -o archive.db
    """
    from tqdm import tqdm

    bar = None
    show = not quiet and sys.stderr.isatty()

    def on_total(total: int) -> None:
        nonlocal bar
        bar = tqdm(total=total, unit="items", desc="Building", disable=not show, file=sys.stderr)

    try:
        arguments = dict(
            on_total=on_total,
            on_progress=lambda n: bar.update(n) if bar else None,
            jobs=jobs,
            skip_bad=skip_bad,
            max_page_bytes=int(max_page_mb * 1e6),
            mirrors=mirrors,
            about=_about(
                title=title,
                description=description,
                license=license_,
                license_url=license_url,
                source=source,
                source_url=source_url,
            ),
        )
        if full or new:
            report = build_mod.build(list(sources), output, locales, new=new, **arguments)  # type: ignore[arg-type]
        else:
            from ..update import update

            report = update(list(sources), output, locales, **arguments)  # type: ignore[arg-type]
    finally:
        if bar:
            bar.close()
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in report.skipped:
        click.echo(f"skipped: {error}", err=True)
    if not quiet:
        click.echo(
            f"{report.output}: {counted(report.items, 'item')} from "
            f"{counted(report.pages, 'page')} "
            f"({report.both} bilingual, {report.en_only} English only, "
            f"{report.zh_only} Chinese only; {report.auto_pairs} paired by score), "
            f"{counted(report.terms, 'glossary term')}, in {report.seconds:.1f}s "
            f"({report.items / max(report.seconds, 1e-9):.0f} items/s)"
            + (f"; {counted(len(report.skipped), 'bad page')} skipped" if report.skipped else "")
        )
        click.echo(
            "  " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.phases.items())
        )
        if report.mode == "update":
            click.echo(f"  updated: {report.note}")
        elif report.note:
            click.echo(f"  built in full: {report.note}")


@cli.command(short_help="A folder to serve the archive from, on one machine or N.")
@database_option
@legacy_database_argument
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write (new or empty).",
)
@click.option(
    "--wheel",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The project's wheel (default: built from this checkout).",
)
@click.pass_context
def publish(
    ctx: click.Context,
    database: Path,
    legacy_database: Path | None,
    output: Path,
    wheel: Path | None,
) -> None:
    """Write a deployable folder for the archive: the archive, the project's wheel,
    serve.sh (bilib serve --public on $PORT with $WORKERS processes), a
    Dockerfile and a README on running N stateless replicas behind a load
    balancer (the archive is immutable while served, so replicas share
    nothing). The archive as an argument (bilib publish library.db) is still
    read, and deprecated: give -d.

    Example:

    \b
        bilib publish -d library.db -o deploy/
        cd deploy && docker build -t archive . && docker run -p 8001:8001 archive
    """
    from ..web.deploy import generate

    database = _legacy_database(ctx, database, legacy_database)
    files = generate(database, output, wheel)
    for path in files:
        click.echo(f"{path}  {path.stat().st_size:,} bytes")


@cli.command(short_help="Serve the archive with Datasette.")
@click.argument("database", default="library.db", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option(
    "-m",
    "--metadata",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Datasette metadata of your own, over the project's (which every archive gets).",
)
@click.option(
    "--build/--no-build",
    "build_first",
    default=False,
    help="Build DATABASE from the bundled sample first if it does not exist.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Publishing mode: the database immutable (nothing writes it; worksheet imports "
    "need a restart to show), CORS headers for researchers' browsers, the same limits.",
)
@click.option(
    "-w",
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port: one Python process answers with one core at "
    "a time, so a public archive on a machine with more cores serves more with one each.",
)
def serve(
    database: Path,
    host: str,
    port: int,
    metadata: Path | None,
    build_first: bool,
    public: bool,
    workers: int,
) -> None:
    """Serve the archive with Datasette, the project's metadata and plugin (suggested
    facets off, facets given 25 ms each, every request within the SQL time limit: see
    library/web/serve.py).

    Example:

    \b
        bilib serve library.db --port 8001
        bilib serve library.db --public --host 0.0.0.0 --port 8080 --workers 4
    """
    if not database.exists():
        if not build_first:
            raise click.ClickException(
                f"{database}: no such database (run 'bilib build -o {database}' first)"
            )
        build_mod.build(None, database)
    from ..web.serve import serve as serve_archive

    mode = " (public: immutable, CORS)" if public else ""
    processes = f", {workers} processes" if workers > 1 else ""
    click.echo(f"Serving {database} on http://{host}:{port}/{mode}{processes}", err=True)
    serve_archive(database, host, port, metadata, public=public, workers=workers)


@cli.command(short_help="Align the sentences of any Chinese and English text.")
@click.argument("zh_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--presplit", is_flag=True, help="Each input line is one sentence.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["beads", "tsv", "tmx"]),
    default="beads",
    show_default=True,
    help="beads: [zh ids]:[en ids] per line (0-based); "
    "tsv: bead, score, Chinese, English; tmx: a TMX 1.4b translation memory "
    "of the beads with both sides.",
)
@click.option(
    "--srclang",
    type=click.Choice(SRCLANGS),
    default="auto",
    show_default=True,
    help="With --format tmx: the source language (auto: unknown, the header's English).",
)
def align(zh_file: Path, en_file: Path, presplit: bool, fmt: str, srclang: str) -> None:
    """Align the sentences of ZH_FILE and EN_FILE and print the beads.

    Without --presplit, paragraphs are split into sentences first, and a page saved
    from a news site (a breadcrumb or date line, HTML, Markdown) is read as the build
    reads it: its title and paragraphs, without the site's lines. Scores are the
    lexical coverage of each bead (0-1); low ones deserve review.

    Example:

    \b
        bilib align chapter.zh.txt chapter.en.txt --presplit
        bilib align news.zh.txt news.en.txt --format tsv
        bilib align news.zh.txt news.en.txt --format tmx --srclang zh > news.tmx
    """
    from ..align.sentences import align_sentences, format_bead
    from ..pages.read import text_of
    from ..text.sentences import file_sentences

    zh = file_sentences(text_of(zh_file, as_page=not presplit), "zh", presplit)
    en = file_sentences(text_of(en_file, as_page=not presplit), "en", presplit)
    beads = align_sentences(zh, en)
    if fmt == "tmx":
        from ..exports import tmx

        tmx.write(
            sys.stdout.buffer,
            tmx.bead_units(beads, zh, en, srclang),
            srclang=tmx.header_srclang(srclang),
            note=f"Sentences of {zh_file.name} and {en_file.name} aligned by bilib",
        )
        return
    for bead in beads:
        if fmt == "beads":
            click.echo(format_bead(bead))
        else:
            click.echo(
                "\t".join(
                    [
                        bead.kind,
                        f"{bead.score:.3f}",
                        " ".join(zh[i] for i in bead.zh),
                        " ".join(en[j] for j in bead.en),
                    ]
                )
            )


@cli.group()
def export() -> None:
    """Export the archive for other tools."""


@export.command("tmx", short_help="The sentence pairs as a TMX 1.4b translation memory.")
@database_option
@legacy_database_argument
@click.option(
    "-o",
    "--output",
    default="library.tmx",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="TMX file to write.",
)
@click.option(
    "--min-score",
    default=DEFAULT_MIN_SCORE,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Leave out sentence pairs scoring below this (0-1).",
)
@click.option(
    "--srclang",
    type=click.Choice(SRCLANGS),
    default="auto",
    show_default=True,
    help="auto: each item's original language; zh or en: one direction for all.",
)
@click.option(
    "--target-script",
    type=click.Choice(list(TARGET_SCRIPTS)),
    default="as-is",
    show_default=True,
    help="Write every Chinese side in one script (OpenCC), for a zh-CN or zh-TW project.",
)
@click.pass_context
def export_tmx(
    ctx: click.Context,
    database: Path,
    legacy_database: Path | None,
    output: Path,
    min_score: float,
    srclang: str,
    target_script: str,
) -> None:
    """Write the sentence pairs of the archive (-d) to a TMX 1.4b file for CAT tools.

    Each unit carries the item's date as creationdate, the item id, bead and
    score as <prop>s, and each version's URL. Units go from the item's original
    language (front matter 'original: true', else the earlier page); where
    nothing tells, from the header's language: English, or Chinese with
    --srclang zh (match your CAT project's source language, or it warns).

    A CAT tool takes a zh-TW sentence as a translation into zh-CN: for a
    Simplified project, --target-script simplified converts the Traditional
    sides (OpenCC; each converted unit has an x-converted prop), and
    traditional the other way.

    The archive given as an argument (DATABASE), as before -d existed, is still
    read, with a warning: it is deprecated.

    Example:

    \b
        bilib export tmx -o library.tmx
        bilib export tmx -d archive.db -o zh-en.tmx --min-score 0.5 --srclang zh
        bilib export tmx -o en-zh-TW.tmx --target-script traditional
    """
    from ..exports import tmx

    database = _legacy_database(ctx, database, legacy_database)

    report = tmx.export_archive(
        database, output, min_score=min_score, srclang=srclang, target_script=target_script
    )
    click.echo(
        f"{report.output}: {report.units} translation units "
        f"(sentence pairs scoring at least {report.min_score:g})"
    )


# The other commands register themselves on ``cli`` when imported.
from . import terms, translation  # noqa: E402, F401
