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
from ..errors import LibraryError
from ..files import replacing
from ..text.chinese import normalize
from ..text.sentences import paragraph_sentences
from ..text.termmatch import en_spans, zh_spans
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


def _glossary_notes(sentence: str, lang: str, terms: Sequence[dict]) -> list[str]:
    notes = []
    norm = normalize(sentence) if lang == "zh" else sentence
    for t in terms:
        if t["status"] == "obsolete" or not t["zh"]:
            continue
        found = zh_spans(t["zh"], norm) if lang == "zh" else en_spans(t["en"], sentence)
        if not found:
            continue
        ctx = f" [{t['context']}]" if t["context"] else ""
        state = "" if t["status"] == "approved" else " (fuzzy: not yet approved)"
        notes.append(f"glossary{ctx}: {t['en']} = {t['zh']}{state}")
    return sorted(set(notes))


def source_units(item_id: str, source: dict) -> list[tuple[str, str]]:
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
    terms: Sequence[dict] | None = None,
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
    source_lang = "en" if to == "zh" else "zh"
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


def export(
    conn: sqlite3.Connection,
    item_id: str,
    to: str,
    output: Path,
    threshold: float = tm.THRESHOLD,
    terms: Sequence[dict] | None = None,
    memory: tm.Memory | None = None,
) -> WorksheetExport:
    """Write the worksheet to ``output`` (atomically)."""
    po, exact, fuzzy = build_catalog(
        conn, item_id, to, threshold=threshold, terms=terms, memory=memory
    )
    output = Path(output)
    with replacing(output) as tmp:
        po.save(str(tmp))
    return WorksheetExport(item_id, output, len(po), exact, fuzzy)


def export_missing(
    conn: sqlite3.Connection, to: str, folder: Path, threshold: float = tm.THRESHOLD
) -> list[WorksheetExport]:
    """One worksheet per item lacking ``to``, named ``ITEM.TO.po`` in ``folder``."""
    terms = archive.glossary_terms(conn)
    missing = archive.items_missing(conn, to)
    memory = tm.Memory(conn, threshold)
    if len(missing) > 20:
        memory.preload("en" if to == "zh" else "zh")
    return [
        export(
            conn, item_id, to, Path(folder) / f"{_safe(item_id)}.{to}.po", threshold, terms, memory
        )
        for item_id in missing
    ]


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name)
