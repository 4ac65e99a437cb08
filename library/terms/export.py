"""The glossary for CAT tools: TBX-Basic, OmegaT's tab-separated glossary, CSV.

Statuses map to TBX administrative status: approved → preferred, fuzzy →
admitted (usable, not yet checked), obsolete → deprecated. Part of speech is
known for what a glossary of official titles holds: a capitalised English form
is a proper noun, another a noun. Each file is written beside its target and
renamed over it when complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from ..files import replacing
from ..model import Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = {
    "approved": "preferredTerm-admn-sts",
    "fuzzy": "admittedTerm-admn-sts",
    "obsolete": "deprecatedTerm-admn-sts",
}
FORMATS = ("tbx", "omegat", "csv")


def _part_of_speech(en: str) -> str:
    return "properNoun" if en[:1].isupper() else "noun"


def _tig(lang_set: etree._Element, text: str, status: str, pos: str | None) -> None:
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = text
    if pos:
        etree.SubElement(tig, "termNote", type="partOfSpeech").text = pos
    etree.SubElement(tig, "termNote", type="administrativeStatus").text = ADMIN_STATUS[status]


def tbx(terms: Sequence[Term]) -> bytes:
    """A TBX-Basic document (``martif``) with one ``termEntry`` per glossary entry."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(
        source, "p"
    ).text = "Glossary of official titles exported by bilib from gettext catalogs"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for t in terms:
        entry = etree.SubElement(body, "termEntry", id=f"t{t.id}")
        if t.context:
            etree.SubElement(entry, "descrip", type="subjectField").text = t.context
        if t.note:
            etree.SubElement(entry, "descrip", type="definition").text = t.note
        where = f"{t.source}:{t.line}" if t.line else t.source
        etree.SubElement(entry, "note").text = f"Source: {where}" + (
            f"; references: {t.references}" if t.references else ""
        )
        _tig(
            etree.SubElement(entry, "langSet", {XML_LANG: "en"}),
            t.en,
            t.status,
            _part_of_speech(t.en),
        )
        if t.zh:
            _tig(
                etree.SubElement(entry, "langSet", {XML_LANG: "zh-CN"}),
                t.zh,
                t.status,
                _part_of_speech(t.en),
            )
    return bytes(
        etree.tostring(
            root,
            xml_declaration=True,
            encoding="UTF-8",
            pretty_print=True,
            doctype='<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
        )
    )


def omegat(terms: Sequence[Term]) -> bytes:
    """OmegaT's glossary: English, Chinese, comment, tab-separated, one line per usable
    entry (deprecated forms are left out: OmegaT would suggest them)."""
    lines = []
    for t in terms:
        if t.status == "obsolete" or not t.zh:
            continue
        comment = "; ".join(
            x for x in (t.context, "not yet approved" if t.status == "fuzzy" else None, t.note) if x
        )
        lines.append("\t".join(_one_line(x) for x in (t.en, t.zh, comment)))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _one_line(text: str | None) -> str:
    return " ".join((text or "").replace("\t", " ").split())


def csv_bytes(terms: Sequence[Term]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = ("id", "en", "zh", "context", "status", "note", "references", "source", "line")
    writer.writerow(fields)
    for t in terms:
        writer.writerow([getattr(t, f) if getattr(t, f) is not None else "" for f in fields])
    return out.getvalue().encode("utf-8")


WRITERS: dict[str, Callable[[Sequence[Term]], bytes]] = {
    "tbx": tbx,
    "omegat": omegat,
    "csv": csv_bytes,
}


def export(terms: Sequence[Term], fmt: str, output: Path) -> int:
    """Write ``terms`` in ``fmt`` to ``output`` (atomically); returns the entries written."""
    data = WRITERS[fmt](terms)
    with replacing(Path(output)) as tmp:
        tmp.write_bytes(data)
    if fmt == "omegat":
        return sum(1 for t in terms if t.status != "obsolete" and t.zh)
    return len(terms)
