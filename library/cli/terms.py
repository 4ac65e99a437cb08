"""``bilib terms``: find renderings, check the glossary's consistency, propose entries,
export for CAT tools."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import build as build_mod
from ..errors import counted
from . import _opened, cli, database_option


@cli.group()
def terms() -> None:
    """Terminology: find renderings in the aligned text, check and propose glossary terms."""


@terms.command("find", short_help="Renderings of a term in the other language.")
@click.argument("term")
@database_option
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
    Occurrences inside longer names count too; the longer names are listed
    first ("inside: …") with their renderings.

    Example:

    \b
        bilib terms find "Department of General Operation"
        bilib terms find 综合业务司 --format json
    """
    import json

    from ..terms import spotting

    with _opened(database) as conn:
        try:
            result = spotting.lookup(conn, term, limit)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="TERM") from None
    if fmt == "json":
        click.echo(json.dumps(spotting.as_dict(result, examples), ensure_ascii=False, indent=2))
        return
    other = "Chinese" if result.lang == "en" else "English"
    always = " (always inside a longer name)" if result.inside and result.alone == 0 else ""
    click.echo(
        f"{result.term}: {counted(result.positives, 'sentence pair')} "
        f"{'contains' if result.positives == 1 else 'contain'} it{always}; "
        f"{other} renderings, best first:"
    )
    for i in result.inside:
        status = f"glossary: {i.status}" if i.status else "spotted"
        click.echo(
            f"  inside: {i.name} → {i.rendering or '?'}  ({status}; in {counted(i.pairs, 'pair')})"
        )
    if not result.renderings:
        click.echo("  (none found)")
    for k, r in enumerate(result.renderings, 1):
        if r.weak and (k == 1 or not result.renderings[k - 2].weak):
            click.echo("  weaker candidates, not renderings to offer:")
        status = f"glossary: {r.status}" if r.status else "not in the glossary"
        why = f"; weak: {spotting.WEAK[r.weak]}" if r.weak else ""
        click.echo(
            f"{k:>3}. {r.text}  score {r.score:.2f}  in {r.segments} of its pairs, "
            f"{r.elsewhere} pairs in all  ({status}{why})"
        )
        for ex in r.examples[:examples]:
            click.echo(f"       {ex.item_id}#{ex.position} ({ex.date or 'undated'})")
            click.echo(f"         zh: {ex.zh}")
            click.echo(f"         en: {ex.en}")


@terms.command("check", short_help="Consistency of the glossary's terms across the archive.")
@database_option
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

    from ..terms import check as termcheck
    from ..terms import glossary

    with _opened(database) as conn:
        terms = glossary.terms_under(locales) if locales else None
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
            f"{counted(len(findings), 'finding')} "
            f"({', '.join(f'{n} {k}' for k, n in kinds.items())})"
            f" in {counted(len({f.item_id for f in findings}), 'item')}; "
            f"{counted(len(uses), 'use')} of {counted(len({u.term_id for u in uses}), 'term')}"
        )
    if strict and findings:
        sys.exit(1)


@terms.command("suggest", short_help="Propose missing glossary entries as fuzzy PO entries.")
@database_option
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
    from ..terms import glossary, proposals

    if catalog is None:
        catalogs = glossary.find_catalogs(build_mod.default_locales())
        if not catalogs:
            raise click.ClickException("no glossary catalog found; give --catalog FILE")
        catalog = catalogs[0]
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
@click.option(
    "--direction",
    type=click.Choice(["en-zh", "zh-en"]),
    default="en-zh",
    show_default=True,
    help="omegat: the project's direction (OmegaT matches the first column).",
)
@click.option(
    "--script",
    type=click.Choice(["both", "simplified", "traditional"]),
    help="The Chinese names' scripts (Traditional: converted by OpenCC). Default: both, "
    "but simplified for omegat en-zh (its targets).",
)
@click.option(
    "--deprecated", is_flag=True, help="tbx: keep deprecated names (left out by default)."
)
def terms_export(
    fmt: str,
    output: Path,
    locales: Path | None,
    direction: str,
    script: str | None,
    deprecated: bool,
) -> None:
    """Export the glossary catalogs for CAT tools.

    tbx: TBX-Basic, one term entry per concept (the entries naming one body:
    same Chinese form, or linked by a '#. same-as:' note), each name with its
    status (approved: preferred, fuzzy: admitted, obsolete: deprecated, left
    out unless --deprecated), acronyms as termType acronym, and every Chinese
    name's Traditional form (OpenCC) in a zh-TW language set (--script keeps
    one set: OmegaT 3.6 offers both in a zh-CN project). omegat: OmegaT's
    tab-separated glossary (source, target, comment; deprecated forms left
    out), English to Simplified Chinese or, with --direction zh-en, Chinese
    (Simplified and Traditional, so Traditional pages find their terms) to
    English. csv: every field, with the Traditional form.

    Example:

    \b
        bilib terms export tbx -o glossary.tbx
        bilib terms export omegat -o omegat/glossary/glossary.txt
        bilib terms export omegat --direction zh-en -o zh-en/glossary/glossary.txt
        bilib terms export tbx --script traditional -o zh-TW.tbx
    """
    from ..terms import export as term_export
    from ..terms import glossary

    terms = glossary.terms_under(Path(locales or build_mod.default_locales()))
    options = term_export.Options(deprecated, direction, script)
    count = term_export.export(terms, fmt, output, options)
    unit = {"tbx": "concepts", "omegat": "lines"}.get(fmt, "entries")
    click.echo(f"{output}: {count} {unit} ({fmt}{', ' + direction if fmt == 'omegat' else ''})")
