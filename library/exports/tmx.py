"""TMX 1.4b: the archive's sentence pairs as a translation memory for CAT tools.

One ``<tu>`` per sentence bead with both sides. The header names a real language
(English unless the export is one way from Chinese): OmegaT and others warn on
loading a memory whose header's ``srclang`` (``*all*`` included) is not the project's
source language. Every unit names its own ``srclang``: the item's original language
(``items.original``: front matter, else the earlier page), and where nothing tells
which was written first, the header's. The variant in that language comes first.
``creationdate`` is the item's publication date; ``tuid`` is ``item#position``. The
item id, bead type and score are ``<prop>``s of the unit, each version's URL a
``<prop>`` of its variant. A Chinese side may be written in one script
(:func:`in_script`, OpenCC), a converted unit saying so in an ``x-converted`` prop.
Written with lxml's incremental writer, so an export of any size streams, into a
temporary file renamed over the target when complete.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from .. import __version__
from ..archive import read as archive
from ..errors import LibraryError
from ..files import replacing
from ..model import SENTENCE_REVIEW_BELOW
from ..text.chinese import SCRIPT_CONFIGS, to_script

DTD_PATH = Path(__file__).resolve().parent / "schemas" / "tmx14.dtd"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EN = "en"
ZH = {"Hans": "zh-CN", "Hant": "zh-TW"}
"""xml:lang of Chinese variants by script: the locale codes CAT tools know."""
TARGET_SCRIPTS: dict[str, str | None] = {"as-is": None, "simplified": "Hans", "traditional": "Hant"}
"""``--target-script`` choices: the script every Chinese side is written in (None: each
as published). A CAT tool matches a zh-CN project's memory by language, not script, and
would insert a Traditional sentence as a translation into Simplified."""
DEFAULT_MIN_SCORE = SENTENCE_REVIEW_BELOW
"""Export what is not flagged for review, unless told otherwise."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Unit:
    """One translation unit: a Chinese and an English segment and what is known of them."""

    zh: str
    en: str
    tuid: str | None = None
    srclang: str | None = None
    """'zh' or 'en' when known (the language written first); None: the header's."""
    script: str | None = None
    date: str | None = None
    props: dict[str, str] | None = None
    url_zh: str | None = None
    url_en: str | None = None


def _clean(text: str) -> str:
    """Text without the control characters XML 1.0 cannot carry (pages sometimes have them)."""
    return _NOT_XML.sub("", text)


def _tmx_date(value: str | dt.datetime) -> str:
    """TMX dates are ISO 8601 basic UTC: ``20220330T000000Z``."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y%m%dT%H%M%SZ")


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = _clean(value)


def _tuv(tu: etree._Element, lang: str, text: str, url: str | None) -> None:
    tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
    if url:
        _prop(tuv, "x-url", url)
    etree.SubElement(tuv, "seg").text = _clean(text)


def in_script(unit: Unit, script: str | None) -> Unit:
    """``unit`` with its Chinese side written in ``script`` ('Hans', 'Hant'; None: as
    published), converted by OpenCC and marked ``x-converted`` (e.g. ``Hant>Hans
    (OpenCC t2s)``) when its script was another."""
    have = unit.script or "Hans"
    if script is None or have == script:
        return unit
    done = f"{have}>{script} (OpenCC {SCRIPT_CONFIGS[script]})"
    return replace(
        unit,
        zh=to_script(unit.zh, script),
        script=script,
        props={**(unit.props or {}), "x-converted": done},
    )


def unit_element(unit: Unit, default_srclang: str = "en") -> etree._Element:
    """The ``<tu>`` of one unit: properties first, then the original's variant.
    ``default_srclang`` ('en' or 'zh', the header's) is the ``srclang`` of a unit whose
    original language is not known."""
    zh_lang = ZH.get(unit.script or "Hans", ZH["Hans"])
    srclang = unit.srclang or default_srclang
    tu = etree.Element("tu")
    if unit.tuid:
        tu.set("tuid", unit.tuid)
    tu.set("srclang", zh_lang if srclang == "zh" else EN)
    if unit.date:
        tu.set("creationdate", _tmx_date(unit.date))
    for kind, value in (unit.props or {}).items():
        _prop(tu, kind, value)
    variants = [(zh_lang, unit.zh, unit.url_zh), (EN, unit.en, unit.url_en)]
    if srclang == "en":
        variants.reverse()
    for lang, text, url in variants:
        _tuv(tu, lang, text, url)
    return tu


def _header(srclang: str, note: str | None, segtype: str = "sentence") -> etree._Element:
    header = etree.Element(
        "header",
        {
            "creationtool": "bilib",
            "creationtoolversion": __version__,
            "segtype": segtype,
            "o-tmf": "bilib",
            "adminlang": "en",
            "srclang": srclang,
            "datatype": "plaintext",
            "creationdate": _tmx_date(dt.datetime.now(dt.UTC)),
        },
    )
    if note:
        etree.SubElement(header, "note").text = _clean(note)
    return header


def prologue(srclang: str = EN, note: str | None = None, segtype: str = "sentence") -> str:
    """A TMX document up to its first unit: declaration, doctype, header, ``<body>``."""
    header = etree.tostring(_header(srclang, note, segtype), encoding="unicode", pretty_print=True)
    return (
        f"<?xml version='1.0' encoding='utf-8'?>\n{DOCTYPE}\n"
        f'<tmx version="1.4">\n{header}<body>\n'
    )


def unit_xml(unit: Unit, default_srclang: str = "en") -> str:
    """One unit's ``<tu>`` as text, a line of the body (``default_srclang``: the
    header's, 'en' or 'zh', see :func:`unit_element`)."""
    return etree.tostring(
        unit_element(unit, default_srclang), encoding="unicode", pretty_print=True
    )


EPILOGUE = "</body>\n</tmx>\n"
"""What closes a TMX document after its last unit."""


def write(
    out: BinaryIO,
    units: Iterable[Unit],
    *,
    srclang: str = EN,
    note: str | None = None,
    segtype: str = "sentence",
) -> int:
    """Stream a TMX document of ``units`` to ``out``; returns the number written.

    ``srclang`` is the header's language (``en``, ``zh-CN``, ``zh-TW``), the one of
    every unit whose own is not known. ``segtype`` is
    ``sentence`` for sentence pairs, ``phrase`` for a glossary's terms. The document
    is written in the pieces the served ``.tmx`` streams (:func:`prologue`,
    :func:`unit_xml`, :data:`EPILOGUE`), so the two are one format.
    """
    count = 0
    out.write(prologue(srclang, note, segtype).encode("utf-8"))
    default = header_language(srclang)
    for unit in units:
        out.write(unit_xml(unit, default).encode("utf-8"))
        count += 1
    out.write(EPILOGUE.encode("utf-8"))
    return count


def validate(path: Path) -> list[str]:
    """Problems of a TMX file against the TMX 1.4b DTD ('line N: message'); [] when valid."""
    dtd = etree.DTD(str(DTD_PATH))
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    if dtd.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in dtd.error_log.filter_from_errors()]


def header_srclang(srclang: str, script: str | None = None) -> str:
    """The header's srclang for a 'auto'/'zh'/'en' choice: English both ways (a memory
    of news written in either language; English is the one language every unit
    holds in one form), the Chinese locale of ``script`` one way from Chinese."""
    return ZH[script or "Hans"] if srclang == "zh" else EN


def header_language(header: str) -> str:
    """'zh' or 'en': the language of a header's ``srclang``, the units' default."""
    return "zh" if header.startswith("zh") else EN


def bead_units(
    beads: Iterable, zh: list[str], en: list[str], srclang: str = "auto"
) -> Iterator[Unit]:
    """Units of the beads with both sides, from :func:`align_sentences` on two texts."""
    for bead in beads:
        if bead.zh and bead.en:
            yield Unit(
                zh="".join(zh[i] for i in bead.zh),
                en=" ".join(en[j] for j in bead.en),
                srclang=None if srclang == "auto" else srclang,
                props={"x-bead": bead.kind, "x-score": f"{bead.score:.3f}"},
            )


PROPS = {
    "item_id": "x-item",
    "position": "x-position",
    "bead": "x-bead",
    "score": "x-score",
    "context": "x-context",
    "status": "x-status",
}
"""The columns a unit carries as ``<prop>``, and the prop's type: one dialect for
``bilib export tmx``, the ``.tmx`` of any table or query, and the concordance's."""


def unit(record: Mapping[str, Any], srclang: str = "auto") -> Unit:
    """The translation unit of a row with ``zh`` and ``en`` (and whatever else it has of
    ``item_id``, ``position``, ``date``, ``original``, ``script_zh``, ``url_zh``/``url_en``
    and :data:`PROPS`'s columns). ``srclang`` 'auto' takes the row's ``original``."""
    item, position = record.get("item_id"), record.get("position")
    props = {}
    for column, kind in PROPS.items():
        value = record.get(column)
        if value is not None:
            props[kind] = f"{value:.3f}" if column == "score" else str(value)
    return Unit(
        zh=str(record["zh"]),
        en=str(record["en"]),
        tuid=f"{item}#{position}" if item is not None and position is not None else None,
        script=record.get("script_zh"),
        date=record.get("date"),
        srclang=record.get("original") if srclang == "auto" else srclang,
        url_zh=record.get("url_zh"),
        url_en=record.get("url_en"),
        props=props or None,
    )


def _archive_units(
    rows: Iterable[Mapping[str, Any]], srclang: str, script: str | None
) -> Iterator[Unit]:
    for r in rows:
        yield in_script(unit(r, srclang), script)


@dataclass
class TmxExport:
    """What a TMX export wrote."""

    output: Path
    units: int
    min_score: float


def export_archive(
    database: Path,
    output: Path,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    srclang: str = "auto",
    target_script: str = "as-is",
) -> TmxExport:
    """Write the archive's sentence pairs scoring at least ``min_score`` to ``output``.

    ``srclang`` 'auto' takes each item's original language; 'zh' or 'en' makes
    every unit go that way (for tools that want one direction per file).
    ``target_script`` (:data:`TARGET_SCRIPTS`) writes every Chinese side in one script.
    The file is written beside ``output`` and renamed over it only when complete.
    """
    if srclang not in ("auto", "zh", "en"):
        raise LibraryError(f"unknown source language {srclang!r}", hint="use auto, zh or en")
    if target_script not in TARGET_SCRIPTS:
        raise LibraryError(
            f"unknown target script {target_script!r}", hint="use " + ", ".join(TARGET_SCRIPTS)
        )
    script = TARGET_SCRIPTS[target_script]
    if not 0 <= min_score <= 1:
        raise LibraryError(
            f"minimum score {min_score} is outside 0-1",
            hint="scores are lexical coverage, from 0 to 1",
        )
    database, output = Path(database), Path(output)
    try:
        with archive.open_archive(database) as conn:
            rows = archive.tm_segments(conn, min_score)
            with replacing(output) as tmp, tmp.open("wb") as out:
                count = write(
                    out,
                    _archive_units(rows, srclang, script),
                    srclang=header_srclang(srclang, script),
                    note=f"Sentence pairs of {database.name} scoring at least {min_score:g}",
                )
    except sqlite3.OperationalError as exc:
        raise LibraryError(
            f"cannot read the archive ({exc})",
            path=database,
            hint=f"rebuild it with this version: bilib build -o {database}",
        ) from None
    return TmxExport(output=output, units=count, min_score=min_score)
