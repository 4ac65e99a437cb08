"""Worksheets in: a translated worksheet checked (``library.translation.qa``) and given to
its item as the version in the new language, aligned 1:1 to its source by paragraph and
by sentence, stored by the archive's one writer in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from ..archive import read as archive
from ..archive import replace as archive_replace
from ..errors import LibraryError, counted
from ..files import replacing, translations_folder
from ..model import Bead, Segment, Version, other
from ..terms import check as termcheck
from ..terms import glossary
from ..text.chinese import is_traditional
from ..text.lexicon import Lexicon
from . import qa
from .worksheet_export import KEY, LOCALES, source_units


class ImportRefused(LibraryError):
    """A worksheet whose QA found errors (or warnings, unless accepted)."""

    def __init__(self, message: str, problems: list[qa.Problem], path: Path) -> None:
        super().__init__(
            message,
            path=path,
            hint="fix the entries listed (the msgctxt "
            "names each) and import again"
            + ("" if any(f.level == "error" for f in problems) else ", or pass --accept-warnings"),
        )
        self.problems = problems


@dataclass
class WorksheetImport:
    """What one worksheet import did."""

    item_id: str
    lang: str
    entries: int
    paragraphs: int
    problems: list[qa.Problem]
    page: Path | None = None
    """The Markdown page written for the next build, with ``pages``."""


def _language(po: polib.POFile, path: Path) -> str:
    raw = (po.metadata.get("Language") or "").replace("-", "_").lower()
    if raw.startswith("zh"):
        return "zh"
    if raw.startswith("en"):
        return "en"
    raise LibraryError(
        f"the worksheet's Language header is {raw or 'missing'!r}",
        path=path,
        hint="a worksheet's Language is zh_CN or en",
    )


MAX_ENTRIES = 10_000
"""Entries a worksheet may hold: a news item has dozens to hundreds of sentences; a file
of 100,000 is no worksheet this tool wrote (checked before it is parsed)."""
MAX_BYTES = 5_000_000
"""A worksheet's size, at most (checked before anything is read)."""


def _bounded(path: Path) -> None:
    """Refuse a worksheet too big to be one, before any work on it."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LibraryError(
            f"the worksheet is {size / 1e6:.1f} MB; a worksheet is at most {MAX_BYTES / 1e6:g} MB",
            path=path,
            hint="one worksheet per item: export it again with bilib worksheet export",
        )
    with path.open("rb") as f:
        entries = sum(1 for line in f if line.startswith(b"msgid "))
    if entries > MAX_ENTRIES + 1:  # the header is an entry too
        raise LibraryError(
            f"the worksheet has {entries - 1:,} entries; at most {MAX_ENTRIES:,}",
            path=path,
            hint="one worksheet per item: export it again with bilib worksheet export",
        )


def _unique_keys(entries: list[polib.POEntry], path: Path) -> None:
    """Refuse an entry whose msgctxt another has (msgfmt calls it a fatal duplicate
    definition): importing both would publish an extra sentence."""
    first: dict[str, int] = {}
    for e in entries:
        key = e.msgctxt or ""
        if key in first:
            raise LibraryError(
                f"entry {key!r} appears twice, at lines {first[key]} and {e.linenum}",
                path=path,
                line=e.linenum,
                hint="keep one of them (msgfmt --check refuses such a file too)",
            )
        first[key] = e.linenum


def _source_page(pages: Path, source_rel: str) -> Path:
    source = Path(pages) / source_rel
    if not source.is_file():
        raise LibraryError(
            f"the source page {source_rel} is not under {pages}",
            hint="give --pages the folder the archive was built from",
        )
    return source


def page_path(folder: Path, source_rel: str, lang: str, beside: bool) -> Path | None:
    """Where the translation of the page ``source_rel`` into ``lang`` is written: beside
    its source under the build's folder (``beside``), or at the same place under the
    translations folder, so the build pairs the two by folder and name; None for a page
    of a web archive, which has no folder to mirror."""
    from ..pages.language import stem_of

    if "#" in source_rel:
        return None
    source = _source_page(folder, source_rel) if beside else Path(folder) / source_rel
    return source.with_name(f"{stem_of(source)}.{lang}.md")


def write_page(target: Path, doc_id: str | None, version: Version) -> Path:
    """The imported translation as a Markdown page at ``target`` (:func:`page_path`), with
    its source's front matter id if it had one (then the build pairs them by it)."""
    import yaml

    meta = {
        "title": version.title,
        "date": version.date,
        "lang": LOCALES[version.lang],
        "original": False,
        "translator": version.translator,
        "translated": version.translated,
        "worksheet": version.path.name,
    }
    if doc_id:
        meta = {"id": doc_id, **meta}
    body = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
    body += version.text + "\n"
    with replacing(target) as tmp:
        tmp.write_text(body, "utf-8")
    return target


def _source_id(database: Path, folder: Path, source_rel: str) -> str | None:
    """The front matter id of the source page, read from the folder given or one of the
    folders the archive was built from (its ``archive_info`` ``sources``); None when it
    has none or the file is not there to read."""
    from ..pages.read import read_page

    with archive.open_archive(database) as conn:
        roots = [Path(folder), *map(Path, archive.built_from(conn))]
    for root in roots:
        if (root / source_rel).is_file():
            try:
                return read_page(root / source_rel).doc_id
            except LibraryError:
                return None
    return None


def _check_belongs(
    entries: list[polib.POEntry], expected: list[tuple[str, str]], item_id: str, path: Path
) -> None:
    """The worksheet holds exactly the item's current source: every key one of its
    sentences, each msgid that sentence as it now stands, none missing. A worksheet made
    for another item, or before its source changed, is refused here (it would otherwise
    replace a translation with one of a different text)."""
    wanted = dict(expected)
    seen = set()
    for e in entries:
        key = e.msgctxt or ""
        if key not in wanted:
            raise LibraryError(
                f"entry {key!r} is not a sentence of item {item_id!r} as it now stands",
                path=path,
                line=e.linenum,
                hint="export the worksheet again with bilib worksheet export",
            )
        if e.msgid != wanted[key]:
            raise LibraryError(
                f"entry {key!r}: its source sentence is not the item's ({wanted[key][:40]!r}…); "
                "the worksheet was made for another item or before the source changed",
                path=path,
                line=e.linenum,
                hint="export the worksheet again and carry the translations over",
            )
        seen.add(key)
    missing = [key for key, _ in expected if key not in seen]
    if missing:
        raise LibraryError(
            f"{len(missing)} of the item's sentences have no entry: {', '.join(missing[:5])}"
            + (" …" if len(missing) > 5 else ""),
            path=path,
            hint="keep every entry of the exported worksheet (leave one untranslated "
            "rather than deleting it)",
        )


def import_worksheet(
    database: Path,
    path: Path,
    *,
    accept_warnings: bool = False,
    lexicon: Lexicon | None = None,
    pages: Path | None = None,
    replace: bool = False,
    keep_page: bool = True,
) -> WorksheetImport:
    """Check a translated worksheet and give its item the translated version.

    QA (``library.translation.qa``) runs first; errors, or warnings without
    ``accept_warnings``, raise :class:`ImportRefused` and the archive is not
    touched. Otherwise the version is stored with the PO's ``Last-Translator``
    and ``PO-Revision-Date``, aligned 1:1 to its source by paragraph and by
    sentence, indexed for search, and the item's term uses recomputed; all in
    one transaction. Then it is also written as a page (:func:`write_page`), so that
    later builds keep it: into the archive's :func:`translations_folder`, or beside its
    source under ``pages`` (the folder the archive was built from) when given; not at
    all without ``keep_page``.

    An item that already has the language from a page is refused unless ``replace``;
    whatever version is replaced is kept in ``version_history``.
    """
    from ..align.features import Features
    from ..align.sentences import title_segment

    path = Path(path)
    _bounded(path)
    po = glossary.load(path)  # syntax errors name the line
    to = _language(po, path)
    source_lang = other(to)
    entries = [e for e in po if e.msgid and not e.obsolete]
    _unique_keys(entries, path)
    keys = {}
    for e in entries:
        m = KEY.match(e.msgctxt or "")
        if not m:
            raise LibraryError(
                f"entry {e.msgid[:40]!r} has no worksheet key (msgctxt ITEM/pP/sS)",
                path=path,
                line=e.linenum,
                hint="export the worksheet again with bilib worksheet export",
            )
        keys[id(e)] = m
    items = {m.group("item") for m in keys.values()}
    item_id = po.metadata.get("X-Item-Id") or (items.pop() if len(items) == 1 else None)
    if not item_id or any(m.group("item") != item_id for m in keys.values()):
        raise LibraryError(
            "the entries do not all belong to the item of the header",
            path=path,
            hint="one worksheet per item",
        )
    with archive.open_archive(database) as conn:
        terms = archive.glossary_terms(conn)
        versions = {v["lang"]: v for v in archive.item_versions(conn, item_id)}
    if source_lang not in versions:
        raise LibraryError(
            f"item {item_id!r} has no {source_lang} version in {database}",
            path=path,
            hint="import into the archive the worksheet came from",
        )
    _check_belongs(entries, source_units(item_id, versions[source_lang]), item_id, path)
    existing = versions.get(to)
    if existing is not None and existing.get("lang_from") != "worksheet" and not replace:
        raise LibraryError(
            f"item {item_id!r} already has its {to} version from a page "
            f"({existing['source']}); importing would replace it",
            path=path,
            hint="add --replace to import anyway (the page's version is kept as an earlier "
            "version, shown on the item page)",
        )
    problems = []
    for e in entries:
        problems += qa.check_entry(
            e.msgctxt, e.msgid, e.msgstr, source_lang, fuzzy="fuzzy" in e.flags, terms=terms
        )
    errors = [f for f in problems if f.level == "error"]
    if errors or (problems and not accept_warnings):
        raise ImportRefused(
            f"{counted(len(errors), 'error')} and "
            f"{counted(len(problems) - len(errors), 'warning')}; nothing imported",
            problems,
            path,
        )
    title = next((e.msgstr for e in entries if keys[id(e)].group("p") is None), None)
    rows: dict[int, list[tuple[int, str, str]]] = {}
    for e in entries:
        m = keys[id(e)]
        if m.group("p") is not None:
            rows.setdefault(int(m.group("p")), []).append(
                (int(m.group("s")), e.msgid, e.msgstr.strip())
            )
    glue = {"zh": "", "en": " "}
    texts: list[str] = []  # the translation, by paragraph
    beads: list[Bead] = []
    segments: list[Segment] = []
    if lexicon is None:
        from ..text.lexicon import default_lexicon

        lexicon = default_lexicon()
    for p in sorted(rows):
        sentences = sorted(rows[p])
        texts.append(glue[to].join(t for _, _, t in sentences))
        beads.append(Bead((p,), (p,), 1.0))
        for _, s, t in sentences:
            zh, en = (s, t) if source_lang == "zh" else (t, s)
            score = Features([zh], [en], lexicon).lexical(0, 1, 0, 1)
            segments.append(Segment(len(beads) - 1, zh, en, "1-1", round(score, 4)))
    titles = {source_lang: versions[source_lang]["title"], to: title}
    head = title_segment(titles["zh"], titles["en"], lexicon)
    segments = ([head] if head else []) + segments
    text = "\n\n".join(texts)
    version = Version(
        path=path,
        rel=f"worksheet:{path.name}",
        lang=to,
        title=title,
        date=versions[source_lang]["date"],
        paragraphs=texts,
        format="po",
        encoding="utf-8",
        script=("Hant" if is_traditional(text) else "Hans") if to == "zh" else None,
        lang_from="worksheet",
        translator=po.metadata.get("Last-Translator") or None,
        translated=po.metadata.get("PO-Revision-Date") or None,
    )
    page = None
    source_rel = versions[source_lang]["source"]
    folder = pages if pages is not None else translations_folder(database)
    target = page_path(folder, source_rel, to, pages is not None) if keep_page else None
    archive_replace.replace_translation(
        database,
        item_id,
        version,
        beads,
        segments,
        lambda c: termcheck.check(c, terms, item_id=item_id),
    )
    if target is not None:
        page = write_page(target, _source_id(database, folder, source_rel), version)
    return WorksheetImport(item_id, to, len(entries), len(beads), problems, page)
