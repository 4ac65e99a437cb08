"""``bilib``: the command line. Parses options, calls the library, prints."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__
from . import build as build_mod
from .errors import LibraryError
from .exports.tmx import DEFAULT_MIN_SCORE

SRCLANGS = ["auto", "zh", "en"]


def _fail(exc: LibraryError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group()
@click.version_option(__version__, package_name="bilingual-library")
def cli() -> None:
    """Bilingual (Chinese–English) news archive: build it, serve it, search it."""


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
def build(
    sources: tuple[Path, ...], output: Path, locales: Path | None, quiet: bool, jobs: int | None
) -> None:
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
        report = build_mod.build(
            list(sources),
            output,
            locales,
            on_total=on_total,
            on_progress=lambda n: bar.update(n) if bar else None,
            jobs=jobs,
        )
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
        click.echo(
            "  " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.phases.items())
        )


def _metadata_path() -> Path | None:
    for candidate in (
        Path("metadata.yml"),
        Path(__file__).resolve().parent.parent / "metadata.yml",
    ):
        if candidate.is_file():
            return candidate
    return None


@cli.command(short_help="Serve the archive with Datasette.")
@click.argument("database", default="library.db", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option(
    "-m",
    "--metadata",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Datasette metadata (default: ./metadata.yml, else the project's).",
)
@click.option(
    "--build/--no-build",
    "build_first",
    default=False,
    help="Build DATABASE from the bundled sample first if it does not exist.",
)
def serve(database: Path, host: str, port: int, metadata: Path | None, build_first: bool) -> None:
    """Serve the archive with Datasette, the project's metadata and plugin.

    Example:

    \b
        bilib serve library.db --port 8001
    """
    if not database.exists():
        if not build_first:
            raise click.ClickException(
                f"{database}: no such database (run 'bilib build -o {database}' first)"
            )
        build_mod.build(None, database)
    metadata = metadata or _metadata_path()
    from datasette.cli import cli as datasette_cli

    args = ["serve", str(database), "--host", host, "--port", str(port)]
    if metadata:
        args += ["--metadata", str(metadata)]
    click.echo(f"Serving {database} on http://{host}:{port}/", err=True)
    datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)


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
    help="With --format tmx: the source language (auto: either direction).",
)
def align(zh_file: Path, en_file: Path, presplit: bool, fmt: str, srclang: str) -> None:
    """Align the sentences of ZH_FILE and EN_FILE and print the beads.

    Without --presplit, paragraphs are split into sentences first. Scores are
    the lexical coverage of each bead (0-1); low ones deserve review.

    Example:

    \b
        bilib align chapter.zh.txt chapter.en.txt --presplit
        bilib align news.zh.txt news.en.txt --format tsv
        bilib align news.zh.txt news.en.txt --format tmx --srclang zh > news.tmx
    """
    from .align.sentences import align_sentences, format_bead
    from .pages.decode import decode
    from .text.sentences import file_sentences

    try:
        zh = file_sentences(decode(zh_file.read_bytes(), zh_file)[0], "zh", presplit)
        en = file_sentences(decode(en_file.read_bytes(), en_file)[0], "en", presplit)
    except LibraryError as exc:
        raise _fail(exc) from None
    beads = align_sentences(zh, en)
    if fmt == "tmx":
        from .exports import tmx

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
@click.argument("database", default="library.db", type=click.Path(dir_okay=False, path_type=Path))
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
def export_tmx(database: Path, output: Path, min_score: float, srclang: str) -> None:
    """Write the sentence pairs of DATABASE to a TMX 1.4b file for CAT tools.

    Each unit carries the item's date as creationdate, the item id, bead and
    score as <prop>s, and each version's URL. Units go from the item's original
    language (front matter 'original: true', else the earlier page); where
    nothing tells, they have no srclang and suit either direction.

    Example:

    \b
        bilib export tmx -o library.tmx
        bilib export tmx archive.db -o zh-en.tmx --min-score 0.5 --srclang zh
    """
    from .exports import tmx

    try:
        report = tmx.export_archive(database, output, min_score=min_score, srclang=srclang)
    except LibraryError as exc:
        raise _fail(exc) from None
    click.echo(
        f"{report.output}: {report.units} translation units "
        f"(sentence pairs scoring at least {report.min_score:g})"
    )


@cli.group()
def terms() -> None:
    """Terminology: find renderings in the aligned text, check and propose glossary terms."""


@contextlib.contextmanager
def _opened(database: Path) -> Iterator[sqlite3.Connection]:
    """The archive's connection for a command's block; any :class:`LibraryError` in it
    (a missing or foreign database included) becomes the command's error message."""
    from .archive.read import open_archive

    try:
        with open_archive(database) as conn:
            yield conn
    except LibraryError as exc:
        raise _fail(exc) from None


@terms.command("find", short_help="Renderings of a term in the other language.")
@click.argument("term")
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "-n",
    "--limit",
    default=5,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Renderings to show.",
)
@click.option(
    "--examples",
    default=2,
    show_default=True,
    type=click.IntRange(0, 3),
    help="Example sentence pairs per rendering.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def terms_find(term: str, database: Path, limit: int, examples: int, fmt: str) -> None:
    """Find how TERM (English or Chinese) is rendered in the other language.

    Works from the aligned sentence pairs alone, for terms the glossary lacks:
    each rendering comes with the segments it occurs in with the term, how
    often it occurs elsewhere, a score, examples, and its glossary status.

    Example:

    \b
        bilib terms find "Department of General Operation"
        bilib terms find 综合业务司 --format json
    """
    import json

    from .terms import spotting

    with _opened(database) as conn:
        try:
            result = spotting.lookup(conn, term, limit)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="TERM") from None
    if fmt == "json":
        click.echo(json.dumps(spotting.as_dict(result, examples), ensure_ascii=False, indent=2))
        return
    other = "Chinese" if result.lang == "en" else "English"
    click.echo(
        f"{result.term}: {result.positives} sentence pair(s) contain it; "
        f"{other} renderings, best first:"
    )
    if not result.renderings:
        click.echo("  (none found)")
    for k, r in enumerate(result.renderings, 1):
        status = f"glossary: {r.status}" if r.status else "not in the glossary"
        click.echo(
            f"{k:>3}. {r.text}  score {r.score:.2f}  in {r.segments} of its pairs, "
            f"{r.elsewhere} pairs in all  ({status})"
        )
        for ex in r.examples[:examples]:
            click.echo(f"       {ex.item_id}#{ex.position} ({ex.date or 'undated'})")
            click.echo(f"         zh: {ex.zh}")
            click.echo(f"         en: {ex.en}")


@terms.command("check", short_help="Consistency of the glossary's terms across the archive.")
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--locales",
    type=click.Path(exists=True, path_type=Path),
    help="Check the catalogs here as they are now (default: the glossary the "
    "archive was built with).",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are findings.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def terms_check(database: Path, locales: Path | None, strict: bool, fmt: str) -> None:
    """List where the two languages disagree on glossary terms.

    missing_zh: the English uses an approved term, the Chinese lacks its
    rendering; missing_en: the reverse; variant: an English term consistently
    rendered another way; deprecated: an obsolete form in use. With --strict
    the exit status is 1 when anything is found, for a translation team's CI.

    Example:

    \b
        bilib terms check
        bilib terms check --locales locales/ --strict --format json
    """
    import json

    from .archive.write import term_row
    from .terms import check as termcheck
    from .terms import glossary

    with _opened(database) as conn:
        terms = [term_row(t) for t in glossary.terms_under(locales)] if locales else None
        uses, findings = termcheck.check(conn, terms)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"uses": len(uses), "findings": [termcheck.finding_dict(f) for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in findings:
            where = f"{f.item_id}#{f.position}" if f.position is not None else f.item_id
            found = f"; found {f.found}" if f.found else ""
            click.echo(f"{f.kind:<10} {where}  {f.term_en!r}: expected {f.expected}{found}")
            click.echo(f"           zh: {f.zh}")
            click.echo(f"           en: {f.en}")
        kinds = {
            k: sum(1 for f in findings if f.kind == k)
            for k in ("missing_zh", "missing_en", "variant", "deprecated")
        }
        click.echo(
            f"{len(findings)} findings ({', '.join(f'{n} {k}' for k, n in kinds.items())})"
            f" in {len({f.item_id for f in findings})} items; {len(uses)} uses of "
            f"{len({u.term_id for u in uses})} terms"
        )
    if strict and findings:
        sys.exit(1)


@terms.command("suggest", short_help="Propose missing glossary entries as fuzzy PO entries.")
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--catalog",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PO catalog to add to (default: the first glossary*.po under ./locales, "
    "else the project's).",
)
@click.option(
    "--min-score",
    default=0.25,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Lowest score of a rendering worth proposing.",
)
@click.option("-n", "--limit", type=click.IntRange(1), help="Propose at most this many.")
@click.option("--dry-run", is_flag=True, help="Print the proposals, write nothing.")
def terms_suggest(
    database: Path, catalog: Path | None, min_score: float, limit: int | None, dry_run: bool
) -> None:
    """Find names of bodies and posts and acronyms the glossary lacks, with their
    Chinese rendering from the aligned text, and add them to the catalog as fuzzy.

    Each proposal carries its evidence (#.), references to the pages (#:) and
    the fuzzy flag; existing entries and the header are left byte for byte, and
    a form the catalog has in any state is never proposed again. Approve one
    by removing its fuzzy flag (in Poedit: "Needs work" off); the next build
    treats it as approved.

    Example:

    \b
        bilib terms suggest --dry-run
        bilib terms suggest --catalog locales/zh_CN/LC_MESSAGES/glossary.po
    """
    from .terms import glossary, proposals

    if catalog is None:
        found = glossary.find_catalogs(build_mod.default_locales())
        if not found:
            raise click.ClickException("no glossary catalog found; give --catalog FILE")
        catalog = found[0]
    with _opened(database) as conn:
        found = proposals.suggest(conn, catalog, min_score=min_score, limit=limit)
        written = 0 if dry_run else proposals.write(catalog, found)
    for p in found:
        ctx = f" [{p.context}]" if p.context else ""
        click.echo(
            f"{p.en}{ctx} -> {p.zh}  (score {p.rendering.score:.2f}, "
            f"{p.rendering.segments} of {p.sentences} sentence pairs)"
        )
    verb = "would add" if dry_run else "added"
    click.echo(f"{catalog}: {verb} {len(found) if dry_run else written} fuzzy entries")


@terms.command("export", short_help="The glossary as TBX, OmegaT glossary or CSV.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["tbx", "omegat", "csv"]))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.",
)
@click.option(
    "--locales",
    type=click.Path(exists=True, path_type=Path),
    help="Folder of gettext catalogs (default: ./locales, else the project's).",
)
def terms_export(fmt: str, output: Path, locales: Path | None) -> None:
    """Export the glossary catalogs for CAT tools.

    tbx: TBX-Basic, one term entry per catalog entry, with part of speech,
    status (approved: preferred, fuzzy: admitted, obsolete: deprecated),
    definition and source notes. omegat: OmegaT's tab-separated glossary
    (English, Chinese, comment; deprecated forms left out). csv: every field.

    Example:

    \b
        bilib terms export tbx -o glossary.tbx
        bilib terms export omegat -o omegat/glossary/glossary.txt
    """
    from .terms import export as term_export
    from .terms import glossary

    try:
        terms = glossary.terms_under(Path(locales or build_mod.default_locales()))
        count = term_export.export(terms, fmt, output)
    except LibraryError as exc:
        raise _fail(exc) from None
    click.echo(f"{output}: {count} entries ({fmt})")


@cli.group()
def worksheet() -> None:
    """Worksheets: translate items that exist in one language only, in PO files."""


@worksheet.command("export", short_help="An item (or every item lacking a side) as a PO file.")
@click.argument("item_id", required=False)
@click.option(
    "--to", "to", type=click.Choice(["zh", "en"]), help="Language to translate into (with ITEM_ID)."
)
@click.option(
    "--missing",
    type=click.Choice(["zh", "en"]),
    help="Every item lacking this language, one file each (-o is a folder).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="PO file to write (a folder with --missing).",
)
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--threshold",
    default=75.0,
    show_default=True,
    type=click.FloatRange(0, 100),
    help="Lowest similarity (%) of a translation-memory match to pre-fill as fuzzy.",
)
def worksheet_export(
    item_id: str | None,
    to: str | None,
    missing: str | None,
    output: Path,
    database: Path,
    threshold: float,
) -> None:
    """Write a gettext worksheet of ITEM_ID's sentences to translate into --to.

    One entry per sentence, title first, msgctxt its key (ITEM/pP/sS);
    glossary terms in #. comments; exact translation-memory matches filled,
    fuzzy ones (>= --threshold) filled and flagged with the memory's sentence
    as the previous msgid. Opens in Poedit, Weblate, OmegaT, Lokalize.

    Example:

    \b
        bilib worksheet export 2022-09-05-case-nominations --to zh -o nominations.zh.po
        bilib worksheet export --missing zh -o worksheets/
    """
    from .translation import worksheet_export

    if bool(item_id) == bool(missing):
        raise click.UsageError("give ITEM_ID with --to, or --missing zh|en")
    if item_id and not to:
        raise click.UsageError("--to zh|en is needed with ITEM_ID")
    with _opened(database) as conn:
        if missing:
            reports = worksheet_export.export_missing(conn, missing, output, threshold)
        else:
            reports = [worksheet_export.export(conn, item_id, to, output, threshold)]
    for r in reports:
        click.echo(
            f"{r.output}: {r.entries} entries ({r.exact} exact and {r.fuzzy} fuzzy "
            f"from the translation memory)"
        )
    if missing:
        click.echo(f"{len(reports)} worksheets")


@worksheet.command("import", short_help="Check a translated worksheet and store the translation.")
@click.argument("po_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--accept-warnings",
    is_flag=True,
    help="Import even when QA finds warnings (errors always refuse).",
)
@click.option(
    "--pages",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder the archive was built from: also write the translation there "
    "as a page, so the next build keeps it.",
)
def worksheet_import(
    po_file: Path, database: Path, accept_warnings: bool, pages: Path | None
) -> None:
    """Give the worksheet's item the translated version, after QA.

    QA errors (untranslated or fuzzy entries, numbers or dates that differ,
    unbalanced brackets or quotes) refuse the import; warnings (glossary
    renderings missing, acronyms lost, punctuation of the wrong width, stray
    whitespace) refuse it unless --accept-warnings. Refused or failed, the
    archive is left as it was.

    Example:

    \b
        bilib worksheet import nominations.zh.po --pages pages/
        bilib worksheet import nominations.zh.po --accept-warnings
    """
    from .translation import worksheet_import

    try:
        report = worksheet_import.import_worksheet(
            database, po_file, accept_warnings=accept_warnings, pages=pages
        )
    except worksheet_import.ImportRefused as exc:
        for f in exc.problems:
            click.echo(f"{f.level:<8} {f.check:<12} {f.key}: {f.message}", err=True)
        raise _fail(exc) from None
    except LibraryError as exc:
        raise _fail(exc) from None
    for f in report.problems:
        click.echo(f"{f.level:<8} {f.check:<12} {f.key}: {f.message} (accepted)")
    click.echo(
        f"{database}: item {report.item_id} now has its {report.lang} version "
        f"({report.entries} sentences in {report.paragraphs} paragraphs)"
    )
    if report.page:
        click.echo(f"{report.page}: written for the next build")
    else:
        click.echo(
            "note: the translation is in the database only; with --pages DIR it is "
            "also written as a page, and a rebuild keeps it",
            err=True,
        )


@cli.command("concordance", short_help="Every sentence pair with a term, in context (KWIC).")
@click.argument("term")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="Language of TERM (default: Chinese if it has Han characters).",
)
@click.option(
    "-c",
    "--context",
    default=30,
    show_default=True,
    type=click.IntRange(0, 500),
    help="Characters of context on each side.",
)
@click.option(
    "--sort",
    type=click.Choice(["date", "left", "right"]),
    default="date",
    show_default=True,
    help="left: by the words before the match, read outwards.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "csv"]), default="text", show_default=True
)
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
def concordance_command(
    term: str, lang: str | None, context: int, sort: str, fmt: str, database: Path
) -> None:
    """Print every sentence pair containing TERM as left context, match, right context,
    with the aligned sentence of the other language.

    Example:

    \b
        bilib concordance 海关总署 --sort right
        bilib concordance "right holder" --format csv > right-holder.csv
    """
    from .query import concordance

    with _opened(database) as conn:
        try:
            lines = concordance.concordance(conn, term, lang, context, sort)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="TERM") from None
    if fmt == "csv":
        click.echo(concordance.to_csv(lines), nl=False)
        return
    width = max((len(x.left) for x in lines), default=0)
    for x in lines:
        click.echo(f"{x.left:>{width}} [{x.match}] {x.right}")
        click.echo(f"{'':>{width}}   {x.item_id}#{x.position}: {x.other or '(no translation)'}")
    click.echo(f"{len(lines)} lines")


@cli.command("tm", short_help="Translation-memory matches for a sentence.")
@click.argument("sentence")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="The sentence's language (default: Chinese if it has Han characters).",
)
@click.option(
    "-d",
    "--database",
    default="library.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option("--threshold", default=75.0, show_default=True, type=click.FloatRange(0, 100))
@click.option("-n", "--limit", default=5, show_default=True, type=click.IntRange(1, 50))
def tm_command(
    sentence: str, lang: str | None, database: Path, threshold: float, limit: int
) -> None:
    """Print the archive's sentences most like SENTENCE, with their translations.

    Similarity is percent (100: the same after width, script, case, space and
    punctuation are set aside).

    Example:

    \b
        bilib tm "The right holders confirmed within 24 hours that the goods were fake."
        bilib tm 权利人在24小时内确认货物为侵权商品 --threshold 60
    """
    from .text.chinese import has_han
    from .translation import tm

    lang = lang or ("zh" if has_han(sentence) else "en")
    with _opened(database) as conn:
        matches = tm.lookup(conn, sentence, lang, threshold=threshold, limit=limit)
    if not matches:
        click.echo(f"no match at {threshold:g}% or more")
    for m in matches:
        click.echo(f"{m.score:5.1f}%  {m.item_id}#{m.position}")
        click.echo(f"        {lang}: {m.source}")
        click.echo(f"        {'en' if lang == 'zh' else 'zh'}: {m.target}")


if __name__ == "__main__":  # pragma: no cover
    cli()
