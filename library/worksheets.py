"""Worksheets: an item that exists in one language, as a gettext catalog to translate.

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from . import store, tm
from .chinese import normalize
from .errors import LibraryError
from .files import replacing
from .sentences import split
from .termmatch import en_spans, zh_spans

LOCALES = {"zh": "zh_CN", "en": "en"}
KEY = re.compile(r"^(?P<item>.+)/(?:title|p(?P<p>\d+)/s(?P<s>\d+))$")


@dataclass
class ExportReport:
    item_id: str
    output: Path
    entries: int
    exact: int
    fuzzy: int


def sentences_of(text: str, lang: str) -> list[list[str]]:
    """A version's text as paragraphs of sentences."""
    return [split(p.strip(), lang) for p in text.split("\n\n") if p.strip()]


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


def build_catalog(conn, item_id: str, to: str, *, threshold: float = tm.THRESHOLD,
                  terms: Sequence[dict] | None = None, memory: tm.Memory | None = None
                  ) -> tuple[polib.POFile, int, int]:
    """The worksheet of ``item_id`` into language ``to``: (catalog, exact, fuzzy fills)."""
    if to not in LOCALES:
        raise LibraryError(f"unknown target language {to!r}", hint="use zh or en")
    versions = {v["lang"]: v for v in store.item_versions(conn, item_id)}
    if not versions:
        raise LibraryError(f"no item {item_id!r} in the archive",
                           hint="item ids are in the items table (bilib serve, /library/items)")
    source_lang = "en" if to == "zh" else "zh"
    source = versions.get(source_lang)
    if source is None:
        raise LibraryError(f"item {item_id!r} has no {source_lang} version to translate from")
    terms = store.glossary_terms(conn) if terms is None else terms
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
    po.header = (f"Worksheet: item {item_id}, from {source_lang} into {to}.\n"
                 "Translate each entry; keep msgctxt as it is (it places the sentence).")
    units = []
    if source["title"]:
        units.append((f"{item_id}/title", source["title"]))
    for p, sentences in enumerate(sentences_of(source["text"] or "", source_lang)):
        units += [(f"{item_id}/p{p}/s{s}", text) for s, text in enumerate(sentences)]
    exact = fuzzy = 0
    where = [(item_id, ""), (source["source"], "")]
    for ctx, text in units:
        entry = polib.POEntry(msgctxt=ctx, msgid=text, msgstr="", occurrences=where,
                              comment="\n".join(_glossary_notes(text, source_lang, terms)))
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
                entry.tcomment = (f"TM: {best.score:.0f}% match from "
                                  f"{best.item_id}#{best.position}")
        po.append(entry)
    return po, exact, fuzzy


def export(conn, item_id: str, to: str, output: Path, threshold: float = tm.THRESHOLD,
           terms: Sequence[dict] | None = None, memory: tm.Memory | None = None
           ) -> ExportReport:
    """Write the worksheet to ``output`` (atomically)."""
    po, exact, fuzzy = build_catalog(conn, item_id, to, threshold=threshold, terms=terms,
                                     memory=memory)
    output = Path(output)
    with replacing(output) as tmp:
        po.save(str(tmp))
    return ExportReport(item_id, output, len(po), exact, fuzzy)


def export_missing(conn, to: str, folder: Path, threshold: float = tm.THRESHOLD
                   ) -> list[ExportReport]:
    """One worksheet per item lacking ``to``, named ``ITEM.TO.po`` in ``folder``."""
    terms = store.glossary_terms(conn)
    missing = store.items_missing(conn, to)
    memory = tm.Memory(conn, threshold)
    if len(missing) > 20:
        memory.preload("en" if to == "zh" else "zh")
    return [export(conn, item_id, to, Path(folder) / f"{_safe(item_id)}.{to}.po", threshold,
                   terms, memory) for item_id in missing]


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name)


# --- import --------------------------------------------------------------------

class ImportRefused(LibraryError):
    """A worksheet whose QA found errors (or warnings, unless accepted)."""

    def __init__(self, message: str, findings: list, path: Path) -> None:
        super().__init__(message, path=path, hint="fix the entries listed (the msgctxt "
                         "names each) and import again" + ("" if any(
                             f.level == "error" for f in findings) else
                             ", or pass --accept-warnings"))
        self.findings = findings


@dataclass
class ImportReport:
    item_id: str
    lang: str
    entries: int
    paragraphs: int
    findings: list
    page: Path | None = None
    """The Markdown page written for the next build, with ``pages``."""


def _language(po: polib.POFile, path: Path) -> str:
    raw = (po.metadata.get("Language") or "").replace("-", "_").lower()
    if raw.startswith("zh"):
        return "zh"
    if raw.startswith("en"):
        return "en"
    raise LibraryError(f"the worksheet's Language header is {raw or 'missing'!r}", path=path,
                       hint="a worksheet's Language is zh_CN or en")


def _source_page(pages: Path, source_rel: str) -> Path:
    source = Path(pages) / source_rel
    if not source.is_file():
        raise LibraryError(f"the source page {source_rel} is not under {pages}",
                           hint="give --pages the folder the archive was built from")
    return source


def write_page(pages: Path, source_rel: str, item_id: str, lang: str, version: dict) -> Path:
    """The imported translation as a Markdown page beside its source page under the
    build's folder ``pages``, so the next ``bilib build`` pairs it with the source
    (same stem; same front matter id when the item's id came from one)."""
    import yaml

    from .sources import stem_of

    source = _source_page(pages, source_rel)
    meta = {"title": version["title"], "date": version["date"], "lang": LOCALES[lang],
            "original": False, "translator": version["translator"],
            "translated": version["translated"]}
    if stem_of(source) != item_id:
        meta = {"id": item_id, **meta}
    target = source.with_name(f"{stem_of(source)}.{lang}.md")
    body = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
    body += "\n\n".join(version["text"].split("\n\n")) + "\n"
    with replacing(target) as tmp:
        tmp.write_text(body, "utf-8")
    return target


def import_worksheet(database: Path, path: Path, *, accept_warnings: bool = False,
                     lexicon=None, pages: Path | None = None) -> ImportReport:
    """Check a translated worksheet and give its item the translated version.

    QA (``library.qa``) runs first; errors, or warnings without
    ``accept_warnings``, raise :class:`ImportRefused` and the archive is not
    touched. Otherwise the version is stored with the PO's ``Last-Translator``
    and ``PO-Revision-Date``, aligned 1:1 to its source by paragraph and by
    sentence, indexed for search, and the item's term uses recomputed; all in
    one transaction. With ``pages`` (the folder the archive was built from) it
    is also written as a page beside its source (:func:`write_page`).
    """
    from . import glossary, qa, termcheck
    from .chinese import is_traditional
    from .sentence_align import Features

    path = Path(path)
    po = glossary.load(path)  # syntax errors name the line
    to = _language(po, path)
    source_lang = "en" if to == "zh" else "zh"
    entries = [e for e in po if e.msgid and not e.obsolete]
    keys = {}
    for e in entries:
        m = KEY.match(e.msgctxt or "")
        if not m:
            raise LibraryError(f"entry {e.msgid[:40]!r} has no worksheet key (msgctxt "
                               f"ITEM/pP/sS)", path=path, line=e.linenum,
                               hint="export the worksheet again with bilib worksheet export")
        keys[id(e)] = m
    items = {m.group("item") for m in keys.values()}
    item_id = po.metadata.get("X-Item-Id") or (items.pop() if len(items) == 1 else None)
    if not item_id or any(m.group("item") != item_id for m in keys.values()):
        raise LibraryError("the entries do not all belong to the item of the header",
                           path=path, hint="one worksheet per item")
    with store.open_archive(database) as conn:
        terms = store.glossary_terms(conn)
        versions = {v["lang"]: v for v in store.item_versions(conn, item_id)}
    if source_lang not in versions:
        raise LibraryError(f"item {item_id!r} has no {source_lang} version in {database}",
                           path=path, hint="import into the archive the worksheet came from")
    findings = []
    for e in entries:
        findings += qa.check_entry(e.msgctxt, e.msgid, e.msgstr, source_lang,
                                   fuzzy="fuzzy" in e.flags, terms=terms)
    errors = [f for f in findings if f.level == "error"]
    if errors or (findings and not accept_warnings):
        raise ImportRefused(f"{len(errors)} errors and {len(findings) - len(errors)} warnings; "
                            f"nothing imported", findings, path)
    title = next((e.msgstr for e in entries if keys[id(e)].group("p") is None), None)
    rows: dict[int, list[tuple[int, str, str]]] = {}
    for e in entries:
        m = keys[id(e)]
        if m.group("p") is not None:
            rows.setdefault(int(m.group("p")), []).append((int(m.group("s")), e.msgid,
                                                           e.msgstr.strip()))
    glue = {"zh": "", "en": " "}
    paragraphs, segments = [], []
    if lexicon is None:
        from .lexicon import default_lexicon
        lexicon = default_lexicon()
    for p in sorted(rows):
        sentences = sorted(rows[p])
        src = glue[source_lang].join(s for _, s, _ in sentences)
        dst = glue[to].join(t for _, _, t in sentences)
        pair = {source_lang: src, to: dst}
        paragraphs.append({"position": len(paragraphs), "bead": "1-1", "zh_index": str(p),
                           "en_index": str(p), "zh": pair["zh"], "en": pair["en"],
                           "score": 1.0})
        for _, s, t in sentences:
            zh, en = (s, t) if source_lang == "zh" else (t, s)
            score = Features([zh], [en], lexicon).lexical(0, 1, 0, 1)
            segments.append({"position": len(segments), "paragraph": len(paragraphs) - 1,
                             "bead": "1-1", "zh": zh, "en": en, "score": round(score, 4),
                             "review": int(score < store.SEGMENT_REVIEW_BELOW)})
    text = "\n\n".join(p[to] for p in paragraphs)
    version = {"title": title, "date": versions[source_lang]["date"], "category": None,
               "breadcrumb": None, "url": None, "source": f"worksheet:{path.name}",
               "format": "po", "encoding": "utf-8",
               "script": ("Hant" if is_traditional(text) else "Hans") if to == "zh" else None,
               "lang_from": "worksheet", "paragraphs": len(paragraphs),
               "chars": sum(len(p[to]) for p in paragraphs), "text": text,
               "translator": po.metadata.get("Last-Translator") or None,
               "translated": po.metadata.get("PO-Revision-Date") or None}
    page = None
    if pages is not None:  # checked before the database changes
        _source_page(pages, versions[source_lang]["source"])
    store.replace_translation(
        database, item_id, to, version, paragraphs, segments,
        lambda c: termcheck.check(c, terms, item_id=item_id))
    if pages is not None:
        page = write_page(pages, versions[source_lang]["source"], item_id, to, version)
    return ImportReport(item_id, to, len(entries), len(paragraphs), findings, page)
