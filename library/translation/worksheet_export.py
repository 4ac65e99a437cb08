"""Worksheets out: an item that exists in one language, as a gettext catalog to translate.

One entry per source sentence, title first; ``msgctxt`` is the sentence's
stable key ``ITEM/title`` or ``ITEM/pP/sS`` (paragraph P, sentence S, from 0),
which the import uses to rebuild the paragraphs. ``#.`` names the glossary
terms in the sentence with their renderings; ``#:`` the item and its source
file. The translation memory pre-fills: an exact match is filled as done, a
fuzzy one (≥ 75% by default) filled, flagged fuzzy, with the memory's source
sentence as the previous msgid (``#|``) so Poedit shows what differs.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from ..archive import read as archive
from ..archive.rows import VersionRow
from ..errors import LibraryError, counted
from ..files import replacing
from ..model import Term, other
from ..terms import glossary
from ..terms.index import index_of
from ..text.chinese import normalize
from ..text.sentences import paragraph_sentences
from . import tm

LOCALES = {"zh": "zh_CN", "en": "en"}
KEY = re.compile(r"^(?P<item>.+)/(?:title|p(?P<p>\d+)/s(?P<s>\d+))$")


@dataclass
class WorksheetExport:
    """What one worksheet export wrote."""

    item_id: str
    output: Path
    entries: int
    exact: int
    fuzzy: int


def _glossary_notes(sentence: str, lang: str, terms: Sequence[Term]) -> list[str]:
    notes = []
    glossary = index_of(terms)
    found = (
        glossary.zh_entries(normalize(sentence)) if lang == "zh" else glossary.en_entries(sentence)
    )
    for t in found:
        if t.status == "obsolete" or not t.zh:
            continue
        ctx = f" [{t.context}]" if t.context else ""
        state = "" if t.status == "approved" else " (fuzzy: not yet approved)"
        notes.append(f"glossary{ctx}: {t.en} = {t.zh}{state}")
    return sorted(set(notes))


def source_units(item_id: str, source: VersionRow) -> list[tuple[str, str]]:
    """(key, sentence) of each entry a worksheet of the item's ``source`` version holds:
    the title, then every sentence of every paragraph (``ITEM/pP/sS``). The import holds
    a worksheet to exactly these."""
    lang = source["lang"]
    units = []
    if source["title"]:
        units.append((f"{item_id}/title", source["title"]))
    for p, sentences in enumerate(paragraph_sentences(source["text"] or "", lang)):
        units += [(f"{item_id}/p{p}/s{s}", text) for s, text in enumerate(sentences)]
    return units


def build_catalog(
    conn: sqlite3.Connection,
    item_id: str,
    to: str,
    *,
    threshold: float = tm.THRESHOLD,
    terms: Sequence[Term] | None = None,
    memory: tm.Memory | None = None,
) -> tuple[polib.POFile, int, int]:
    """The worksheet of ``item_id`` into language ``to``: (catalog, exact, fuzzy fills)."""
    if to not in LOCALES:
        raise LibraryError(f"unknown target language {to!r}", hint="use zh or en")
    versions = {v["lang"]: v for v in archive.item_versions(conn, item_id)}
    if not versions:
        raise LibraryError(
            f"no item {item_id!r} in the archive",
            hint="item ids are in the items table (bilib serve, /library/items)",
        )
    source_lang = other(to)
    source = versions.get(source_lang)
    if source is None:
        raise LibraryError(f"item {item_id!r} has no {source_lang} version to translate from")
    terms = archive.glossary_terms(conn) if terms is None else terms
    memory = memory or tm.Memory(conn, threshold)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": f"bilingual-library worksheet {item_id}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": LOCALES[to],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": get_plural(LOCALES[to]).plural_forms,
        "X-Item-Id": item_id,
        "X-Source-Language": LOCALES[source_lang],
    }
    po.header = (
        f"Worksheet: item {item_id}, from {source_lang} into {to}.\n"
        "Translate each entry; keep msgctxt as it is (it places the sentence)."
    )
    units = source_units(item_id, source)
    exact = fuzzy = 0
    where = [(item_id, ""), (source["source"], "")]
    for ctx, text in units:
        entry = polib.POEntry(
            msgctxt=ctx,
            msgid=text,
            msgstr="",
            occurrences=where,
            comment="\n".join(_glossary_notes(text, source_lang, terms)),
        )
        if "%" in text:
            # News text is no format string: "90% of" is not a "% o" placeholder to keep
            # (msgfmt, Poedit and Weblate read the flag; Babel guesses from the text, so a
            # worksheet is compiled with msgfmt, not pybabel).
            entry.flags.append("no-python-format")
        matches = memory.lookup(text, source_lang, limit=1)
        if matches:
            best = matches[0]
            entry.msgstr = best.target
            if best.score >= 100.0:
                exact += 1
                entry.tcomment = f"TM: exact match from {best.item_id}#{best.position}"
            else:
                fuzzy += 1
                entry.flags.append("fuzzy")
                entry.previous_msgid = best.source
                entry.tcomment = f"TM: {best.score:.0f}% match from {best.item_id}#{best.position}"
        po.append(entry)
    return po, exact, fuzzy


KEEP = ("refuse", "force", "update")
"""What an export does with a worksheet already at its path: refuse when it holds
translations the export would not write (a translator's work), overwrite it anyway
(``force``), or merge the new source into it keeping its translations (``update``,
msgmerge's behaviour)."""


def _read_existing(path: Path) -> polib.POFile | None:
    """The worksheet already at ``path`` (read as the import reads one), if any."""
    if not path.exists():
        return None
    try:
        return glossary.load(path)
    except LibraryError as exc:
        raise LibraryError(
            f"a file is already here and it is not a readable worksheet ({exc.message})",
            path=path,
            line=exc.line,
            hint="move it away, or --force to overwrite it",
        ) from None


def held(existing: polib.POFile, fresh: polib.POFile) -> int:
    """Entries of ``existing`` holding a translation that ``fresh`` would not write."""
    written = {e.msgctxt: e.msgstr for e in fresh}
    return sum(
        1
        for e in existing
        if not e.obsolete and e.msgstr.strip() and written.get(e.msgctxt) != e.msgstr
    )


def merged(existing: polib.POFile, fresh: polib.POFile) -> polib.POFile:
    """``fresh`` (the item's source as it stands) with ``existing``'s translations kept, as
    msgmerge does: an entry whose source sentence is unchanged keeps its translation and
    flags; one whose sentence changed keeps its translation flagged fuzzy, the old
    sentence as its previous msgid; a translated entry whose sentence is gone stays as
    an obsolete entry (``#~``). The translator's header fields are kept."""
    old = {e.msgctxt: e for e in existing if not e.obsolete}
    for entry in fresh:
        before = old.pop(entry.msgctxt, None)
        if before is None or not before.msgstr.strip():
            continue
        entry.msgstr = before.msgstr
        entry.tcomment = before.tcomment
        if before.msgid == entry.msgid:
            entry.flags = list(before.flags)
            entry.previous_msgid = before.previous_msgid
        else:
            entry.flags = sorted({*entry.flags, "fuzzy"})
            entry.previous_msgid = before.msgid
    for before in old.values():
        if before.msgstr.strip():
            before.obsolete = True
            fresh.append(before)
    for key in ("Last-Translator", "Language-Team", "PO-Revision-Date"):
        if existing.metadata.get(key):
            fresh.metadata[key] = existing.metadata[key]
    return fresh


def _kept(output: Path, po: polib.POFile, keep: str) -> polib.POFile:
    """The catalog to write at ``output``, given what is there (see :data:`KEEP`)."""
    existing = None if keep == "force" else _read_existing(output)
    if existing is None:
        return po
    if keep == "update":
        return merged(existing, po)
    n = held(existing, po)
    if n:
        raise LibraryError(
            f"the worksheet here holds {counted(n, 'translated entry', 'translated entries')}"
            " that exporting again would overwrite",
            path=output,
            hint="--update merges the item's source into it keeping the translations; "
            "--force overwrites it",
        )
    return po


def export(
    conn: sqlite3.Connection,
    item_id: str,
    to: str,
    output: Path,
    threshold: float = tm.THRESHOLD,
    terms: Sequence[Term] | None = None,
    memory: tm.Memory | None = None,
    keep: str = "refuse",
) -> WorksheetExport:
    """Write the worksheet to ``output`` (atomically); a worksheet already there is
    kept as ``keep`` says (:data:`KEEP`)."""
    po, exact, fuzzy = build_catalog(
        conn, item_id, to, threshold=threshold, terms=terms, memory=memory
    )
    output = Path(output)
    po = _kept(output, po, keep)
    with replacing(output) as tmp:
        po.save(str(tmp))
    return WorksheetExport(item_id, output, len(po), exact, fuzzy)


def export_missing(
    conn: sqlite3.Connection,
    to: str,
    folder: Path,
    threshold: float = tm.THRESHOLD,
    keep: str = "refuse",
) -> list[WorksheetExport]:
    """One worksheet per item lacking ``to``, named ``ITEM.TO.po`` in ``folder``. Every
    worksheet already there is checked first: if any holds translations (and ``keep``
    is ``refuse``), nothing is written and all of them are named."""
    terms = archive.glossary_terms(conn)
    missing = archive.items_missing(conn, to)
    memory = tm.Memory(conn, threshold)
    if len(missing) > 20:
        memory.preload(other(to))
    planned = []
    refused: list[LibraryError] = []
    for item_id in missing:
        output = Path(folder) / f"{_safe(item_id)}.{to}.po"
        po, exact, fuzzy = build_catalog(
            conn, item_id, to, threshold=threshold, terms=terms, memory=memory
        )
        try:
            planned.append((item_id, output, _kept(output, po, keep), exact, fuzzy))
        except LibraryError as exc:
            refused.append(exc)
    if refused:
        raise LibraryError(
            f"{counted(len(refused), 'worksheet')} in {folder} would be overwritten; "
            "nothing written: "
            + "; ".join(str(e.path) for e in refused[:10])
            + (" …" if len(refused) > 10 else ""),
            path=folder,
            hint=refused[0].hint,
        )
    reports = []
    for item_id, output, po, exact, fuzzy in planned:
        with replacing(output) as tmp:
            po.save(str(tmp))
        reports.append(WorksheetExport(item_id, output, len(po), exact, fuzzy))
    return reports


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name)
