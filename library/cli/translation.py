"""``bilib worksheet``, ``bilib concordance``, ``bilib tm``: the translator's commands."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import counted
from ..model import TM_THRESHOLD
from . import _fail, _opened, cli, database_option


def _threshold_option(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--threshold``: the lowest similarity of a translation-memory match (0–100,
    :data:`~library.model.TM_THRESHOLD` by default), said for the command using it."""
    return click.option(
        "--threshold",
        default=TM_THRESHOLD,
        show_default=True,
        type=click.FloatRange(0, 100),
        help=text,
    )


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
@database_option
@_threshold_option("Lowest similarity (%) of a translation-memory match to pre-fill as fuzzy.")
@click.option(
    "--update",
    is_flag=True,
    help="Merge the item's source into a worksheet already there, keeping its "
    "translations (msgmerge's way: changed sentences fuzzy, gone ones obsolete).",
)
@click.option("--force", is_flag=True, help="Overwrite a worksheet that holds translations.")
def worksheet_export(
    item_id: str | None,
    to: str | None,
    missing: str | None,
    output: Path,
    database: Path,
    threshold: float,
    update: bool,
    force: bool,
) -> None:
    """Write a gettext worksheet of ITEM_ID's sentences to translate into --to.

    One entry per sentence, title first, msgctxt its key (ITEM/pP/sS);
    glossary terms in #. comments; exact translation-memory matches filled,
    fuzzy ones (>= --threshold) filled and flagged with the memory's sentence
    as the previous msgid. Opens in Poedit, Weblate, OmegaT, Lokalize.
    A worksheet already at the path that holds translations is never
    overwritten: the export refuses, naming it (--update merges, --force
    overwrites).

    Example:

    \b
        bilib worksheet export 2022-09-05-case-nominations --to zh -o nominations.zh.po
        bilib worksheet export --missing zh -o worksheets/
    """
    from ..translation import worksheet_export

    if bool(item_id) == bool(missing):
        raise click.UsageError("give ITEM_ID with --to, or --missing zh|en")
    if item_id and not to:
        raise click.UsageError("--to zh|en is needed with ITEM_ID")
    if update and force:
        raise click.UsageError(
            "--update keeps a worksheet's translations, --force drops them: give one"
        )
    keep = "update" if update else "force" if force else "refuse"
    with _opened(database) as conn:
        if missing:
            reports = worksheet_export.export_missing(conn, missing, output, threshold, keep)
        else:
            assert item_id and to  # checked above
            reports = [worksheet_export.export(conn, item_id, to, output, threshold, keep=keep)]
    for r in reports:
        click.echo(
            f"{r.output}: {r.entries} entries ({r.exact} exact and {r.fuzzy} fuzzy "
            f"from the translation memory)"
        )
    if missing:
        click.echo(counted(len(reports), "worksheet"))


@worksheet.command("import", short_help="Check a translated worksheet and store the translation.")
@click.argument("po_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@database_option
@click.option(
    "--accept-warnings",
    is_flag=True,
    help="Import even when QA finds warnings (errors always refuse).",
)
@click.option(
    "--pages",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder the archive was built from: write the translation there, beside "
    "its source, as a page (default: into the archive's translations folder, "
    "library.translations/ for library.db, which every later build reads).",
)
@click.option(
    "--no-pages",
    is_flag=True,
    help="Write no page: the translation is in this database only, and the next build drops it.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Import even when the item has this language from a page (that version is kept "
    "in version_history and shown on the item page as an earlier version).",
)
def worksheet_import(
    po_file: Path,
    database: Path,
    accept_warnings: bool,
    pages: Path | None,
    no_pages: bool,
    replace: bool,
) -> None:
    """Give the worksheet's item the translated version, after QA.

    QA errors (untranslated or fuzzy entries, numbers or dates that differ,
    unbalanced brackets or quotes) refuse the import; warnings (glossary
    renderings missing, acronyms lost, punctuation of the wrong width, stray
    whitespace) refuse it unless --accept-warnings. Refused or failed, the
    archive is left as it was. A worksheet with one msgctxt twice, over
    10,000 entries or over 5 MB is refused before any work. The translation
    is also written as a page that every later build reads (see --pages).

    Example:

    \b
        bilib worksheet import nominations.zh.po
        bilib worksheet import nominations.zh.po --pages library/sample/
        bilib worksheet import nominations.zh.po --accept-warnings
    """
    from ..translation import worksheet_import

    try:
        report = worksheet_import.import_worksheet(
            database,
            po_file,
            accept_warnings=accept_warnings,
            pages=pages,
            replace=replace,
            keep_page=not no_pages,
        )
    except worksheet_import.ImportRefused as exc:
        for f in exc.problems:
            click.echo(f"{f.level:<8} {f.check:<12} {f.key}: {f.message}", err=True)
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
            "note: the translation is in the database only"
            + (" (its source is a page of a web archive)" if not no_pages else "")
            + ": the next build drops it",
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
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "tsv"]),
    default="text",
    show_default=True,
)
@database_option
def concordance_command(
    term: str, lang: str | None, context: int, sort: str, fmt: str, database: Path
) -> None:
    """Print every sentence pair containing TERM as left context, match, right context,
    with the aligned sentence of the other language (newest first, or sorted by
    context). The same lines as /-/concordance and its CSV.

    Example:

    \b
        bilib concordance 海关总署 --sort right
        bilib concordance "right holder" --format csv > right-holder.csv
    """
    from ..query import concordance

    with _opened(database) as conn:
        try:
            lines = concordance.lines(conn, term, lang, context, sort)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="TERM") from None
    if fmt in ("csv", "tsv"):
        click.echo(concordance.to_csv(lines, "\t" if fmt == "tsv" else ","), nl=False)
        return
    width = max((_width(x.left) for x in lines), default=0)
    for x in lines:
        click.echo(" " * (width - _width(x.left)) + f"{x.left} [{x.match}] {x.right}")
        click.echo(" " * width + f"   {x.item_id}#{x.position}: {x.other or '(no translation)'}")
    click.echo(f"{len(lines)} lines")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@cli.command("tm", short_help="Translation-memory matches for a sentence.")
@click.argument("sentence")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="The sentence's language (default: Chinese if it has Han characters).",
)
@database_option
@_threshold_option("Lowest similarity (%) of a match shown.")
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
    from ..text.chinese import has_han
    from ..translation import tm

    lang = lang or ("zh" if has_han(sentence) else "en")
    with _opened(database) as conn:
        matches = tm.lookup(conn, sentence, lang, threshold=threshold, limit=limit)
    if not matches:
        click.echo(f"no match at {threshold:g}% or more")
    for m in matches:
        click.echo(f"{m.score:5.1f}%  {m.item_id}#{m.position}")
        click.echo(f"        {lang}: {m.source}")
        click.echo(f"        {'en' if lang == 'zh' else 'zh'}: {m.target}")
