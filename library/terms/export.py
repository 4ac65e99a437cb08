"""The glossary for CAT tools: TBX-Basic, OmegaT's tab-separated glossary, CSV.

TBX holds one ``termEntry`` per concept (:mod:`.concepts`: GACC, General Administration
of Customs and its full names are one body), each name a ``tig`` with its own status:
approved → preferred, fuzzy → admitted (usable, not yet checked), obsolete →
deprecated, a name held by several entries taking the best (国家知识产权局 is preferred
though the State Intellectual Property Office, its old English name, is deprecated).
Acronyms are names of their concept with ``termType`` acronym. Deprecated names are left
out unless asked for (a CAT tool offers what it reads). Chinese names are Simplified
in a ``zh-CN`` language set and, converted by OpenCC (``s2tw``) and marked so,
Traditional in a ``zh-TW`` one; ``script`` keeps one of them, for a tool that matches
language sets by language alone (OmegaT 3.6 offers both scripts' names in a zh-CN project).

OmegaT's glossary goes one way (``en-zh`` or ``zh-en``: OmegaT matches the first column
against the source text). From Chinese, a Traditional form is a line of its own, so a
Traditional page finds its terms; into Chinese, the targets are in one script.

Part of speech is known for what a glossary of official titles holds: a capitalised
English form is a proper noun, another a noun. Each file is written beside its target
and renamed over it when complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import LibraryError
from ..files import replacing
from ..model import Term
from ..text.chinese import SCRIPT_CONFIGS, to_script
from .concepts import Concept, Name, concepts

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = {
    "approved": "preferredTerm-admn-sts",
    "fuzzy": "admittedTerm-admn-sts",
    "obsolete": "deprecatedTerm-admn-sts",
}
FORMATS = ("tbx", "omegat", "csv")
DIRECTIONS = ("en-zh", "zh-en")
SCRIPTS = {"both": ("Hans", "Hant"), "simplified": ("Hans",), "traditional": ("Hant",)}
"""The scripts of an export's Chinese names; a format's default is :data:`DEFAULT_SCRIPT`'s."""
DEFAULT_SCRIPT = {"tbx": "both", "csv": "both", "en-zh": "simplified", "zh-en": "both"}
CONVERTED = f"Traditional form converted from the Simplified by OpenCC {SCRIPT_CONFIGS['Hant']}"
"""The note on a converted name: OpenCC is a dictionary, not a reviewer."""


@dataclass(frozen=True)
class Options:
    """What an export holds: deprecated names (TBX), the direction (OmegaT) and the
    scripts of the Chinese names (:data:`SCRIPTS`; None: the format's default)."""

    deprecated: bool = False
    direction: str = "en-zh"
    script: str | None = None

    def scripts(self, fmt: str) -> tuple[str, ...]:
        key = self.direction if fmt == "omegat" else fmt
        return SCRIPTS[self.script or DEFAULT_SCRIPT[key]]


def _part_of_speech(en: str) -> str:
    return "properNoun" if en[:1].isupper() else "noun"


def _tig(lang_set: etree._Element, name: Name, pos: str, note: str | None = None) -> etree._Element:
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = name.text
    if name.acronym:
        etree.SubElement(tig, "termNote", type="termType").text = "acronym"
    etree.SubElement(tig, "termNote", type="partOfSpeech").text = pos
    etree.SubElement(tig, "termNote", type="administrativeStatus").text = ADMIN_STATUS[name.status]
    if note:
        etree.SubElement(tig, "note").text = note
    return tig


def _kept(names: list[Name], deprecated: bool) -> list[Name]:
    return [n for n in names if deprecated or n.status != "obsolete"]


def _entry(
    body: etree._Element, concept: Concept, deprecated: bool, scripts: tuple[str, ...]
) -> None:
    english = _kept(concept.names("en"), deprecated)
    chinese = _kept(concept.names("zh"), deprecated)
    if not english and not chinese:
        return
    pos = _part_of_speech((english or concept.names("en"))[0].text)
    entry = etree.SubElement(body, "termEntry", id=f"c{concept.id}")
    if concept.sense:
        etree.SubElement(entry, "descrip", type="subjectField").text = concept.sense
    definition = concept.definition()
    if definition:
        etree.SubElement(entry, "descrip", type="definition").text = definition
    sources = "; ".join(
        f"{t.source}:{t.line}" if t.line else t.source for t in concept.entries if t.source
    )
    references = " ".join(t.references for t in concept.entries if t.references)
    if sources or references:
        etree.SubElement(entry, "note").text = "; ".join(
            x
            for x in (sources and f"Source: {sources}", references and f"references: {references}")
            if x
        )
    if english:
        lang_set = etree.SubElement(entry, "langSet", {XML_LANG: "en"})
        for name in english:
            _tig(lang_set, name, _part_of_speech(name.text))
    if chinese and "Hans" in scripts:
        lang_set = etree.SubElement(entry, "langSet", {XML_LANG: "zh-CN"})
        for name in chinese:
            _tig(lang_set, name, pos)
    if chinese and "Hant" in scripts:
        lang_set = etree.SubElement(entry, "langSet", {XML_LANG: "zh-TW"})
        seen = set()
        for name in chinese:
            hant = to_script(name.text, "Hant")
            if hant not in seen:
                seen.add(hant)
                _tig(lang_set, Name(hant, name.status), pos, CONVERTED)


def tbx(terms: Sequence[Term], options: Options = Options()) -> bytes:
    """A TBX-Basic document (``martif``): one ``termEntry`` per concept."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source, "p").text = (
        "Glossary of official titles exported by bilib from gettext catalogs"
        + ("" if options.deprecated else "; deprecated names left out")
    )
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in concepts(terms):
        _entry(body, concept, options.deprecated, options.scripts("tbx"))
    return bytes(
        etree.tostring(
            root,
            xml_declaration=True,
            encoding="UTF-8",
            pretty_print=True,
            doctype='<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
        )
    )


def _usable(terms: Sequence[Term]) -> list[Term]:
    """What a CAT tool may suggest: not deprecated, with a rendering."""
    return [t for t in terms if t.status != "obsolete" and t.zh]


def omegat_rows(terms: Sequence[Term], options: Options = Options()) -> list[tuple[str, str, str]]:
    """OmegaT's glossary lines (source, target, comment) in ``options.direction``."""
    rows: list[tuple[str, str, str]] = []
    for t in _usable(terms):
        comment = "; ".join(
            x for x in (t.context, "not yet approved" if t.status == "fuzzy" else None, t.note) if x
        )
        for script in options.scripts("omegat"):
            zh = to_script(t.zh, script)
            said = "; ".join(x for x in (CONVERTED, comment) if x) if zh != t.zh else comment
            rows.append((t.en, zh, said) if options.direction == "en-zh" else (zh, t.en, said))
    return list(dict.fromkeys(rows))


def omegat(terms: Sequence[Term], options: Options = Options()) -> bytes:
    """OmegaT's glossary: source, target, comment, tab-separated, one line per usable
    entry (deprecated forms are left out: OmegaT would suggest them)."""
    lines = ["\t".join(_one_line(x) for x in row) for row in omegat_rows(terms, options)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _one_line(text: str | None) -> str:
    return " ".join((text or "").replace("\t", " ").split())


CSV_FIELDS = (
    "id",
    "en",
    "zh",
    "zh_hant",
    "context",
    "status",
    "note",
    "references",
    "source",
    "line",
)


def csv_bytes(terms: Sequence[Term], options: Options = Options()) -> bytes:
    """Every entry and field (deprecated ones too: the status says), with the
    Traditional form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for t in terms:
        values = {
            **{f: getattr(t, f, None) for f in CSV_FIELDS},
            "zh_hant": to_script(t.zh, "Hant"),
        }
        writer.writerow(["" if values[f] is None else values[f] for f in CSV_FIELDS])
    return out.getvalue().encode("utf-8")


WRITERS = {"tbx": tbx, "omegat": omegat, "csv": csv_bytes}


def export(terms: Sequence[Term], fmt: str, output: Path, options: Options = Options()) -> int:
    """Write ``terms`` in ``fmt`` to ``output`` (atomically); returns the entries written
    (TBX: concepts; OmegaT: lines; CSV: rows)."""
    if options.direction not in DIRECTIONS:
        raise LibraryError(
            f"unknown direction {options.direction!r}", hint="use " + " or ".join(DIRECTIONS)
        )
    if options.script is not None and options.script not in SCRIPTS:
        raise LibraryError(f"unknown script {options.script!r}", hint="use " + ", ".join(SCRIPTS))
    data = WRITERS[fmt](terms, options)
    with replacing(Path(output)) as tmp:
        tmp.write_bytes(data)
    if fmt == "tbx":
        return len(etree.fromstring(data).findall(".//termEntry"))
    return len(omegat_rows(terms, options)) if fmt == "omegat" else len(terms)
