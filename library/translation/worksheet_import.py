"""Worksheets in: a translated worksheet checked (``library.translation.qa``) and given to
its item as the version in the new language, aligned 1:1 to its source by paragraph and
by sentence, stored by the archive's one writer in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from ..archive import read as archive
from ..archive import write
from ..errors import LibraryError, counted
from ..files import replacing
from ..model import Bead, Segment, Version
from ..terms import check as termcheck
from ..terms import glossary
from ..text.chinese import is_traditional
from ..text.lexicon import Lexicon
from . import qa
from .worksheet_export import KEY, LOCALES, source_units


class ImportRefused(LibraryError):
    """A worksheet whose QA found errors (or warnings, unless accepted)."""

    def __init__(self, message: str, problems: list, path: Path) -> None:
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
    problems: list
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


def _source_page(pages: Path, source_rel: str) -> Path:
    source = Path(pages) / source_rel
    if not source.is_file():
        raise LibraryError(
            f"the source page {source_rel} is not under {pages}",
            hint="give --pages the folder the archive was built from",
        )
    return source


def write_page(pages: Path, source_rel: str, item_id: str, version: Version) -> Path:
    """The imported translation as a Markdown page beside its source page under the
    build's folder ``pages``, so the next ``bilib build`` pairs it with the source
    (same stem; same front matter id when the item's id came from one)."""
    import yaml

    from ..pages.language import stem_of

    source = _source_page(pages, source_rel)
    lang = version.lang
    meta = {
        "title": version.title,
        "date": version.date,
        "lang": LOCALES[lang],
        "original": False,
        "translator": version.translator,
        "translated": version.translated,
    }
    if stem_of(source) != item_id:
        meta = {"id": item_id, **meta}
    target = source.with_name(f"{stem_of(source)}.{lang}.md")
    body = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
    body += version.text + "\n"
    with replacing(target) as tmp:
        tmp.write_text(body, "utf-8")
    return target


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
) -> WorksheetImport:
    """Check a translated worksheet and give its item the translated version.

    QA (``library.translation.qa``) runs first; errors, or warnings without
    ``accept_warnings``, raise :class:`ImportRefused` and the archive is not
    touched. Otherwise the version is stored with the PO's ``Last-Translator``
    and ``PO-Revision-Date``, aligned 1:1 to its source by paragraph and by
    sentence, indexed for search, and the item's term uses recomputed; all in
    one transaction. With ``pages`` (the folder the archive was built from) it
    is also written as a page beside its source (:func:`write_page`).

    An item that already has the language from a page is refused unless ``replace``;
    whatever version is replaced is kept in ``version_history``.
    """
    from ..align.features import Features
    from ..align.sentences import title_segment

    path = Path(path)
    po = glossary.load(path)  # syntax errors name the line
    to = _language(po, path)
    source_lang = "en" if to == "zh" else "zh"
    entries = [e for e in po if e.msgid and not e.obsolete]
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
    if pages is not None:  # checked before the database changes
        _source_page(pages, versions[source_lang]["source"])
    write.replace_translation(
        database,
        item_id,
        version,
        beads,
        segments,
        lambda c: termcheck.check(c, terms, item_id=item_id),
    )
    if pages is not None:
        page = write_page(pages, versions[source_lang]["source"], item_id, version)
    return WorksheetImport(item_id, to, len(entries), len(beads), problems, page)
