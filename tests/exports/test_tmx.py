"""TMX export: valid against the TMX 1.4b DTD, read back by translate-toolkit, true to the archive."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from helpers import write
from lxml import etree
from translate.storage.tmx import tmxfile

from library import build as build_mod
from library.cli import cli
from library.errors import LibraryError
from library.exports import tmx
from library.text.chinese import han_ratio, to_simplified

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _segments(db, min_score):
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT s.item_id, s.position, s.zh, s.en, s.score, i.original FROM segments s "
            "JOIN items i ON i.id = s.item_id WHERE s.zh IS NOT NULL AND s.en IS NOT NULL "
            "AND s.score >= ?",
            (min_score,),
        ).fetchall()


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("tmx") / "library.tmx"
    report = tmx.export_archive(sample_db, out)
    return out, report


def test_export_is_valid_tmx_14b(exported):
    out, report = exported
    assert report.units > 20
    assert tmx.validate(out) == []
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "1.4"
    # A real language (OmegaT warns on loading '*all*'), and a srclang on every unit.
    assert root.find("header").get("srclang") == "en"
    assert all(tu.get("srclang") in ("en", "zh-CN", "zh-TW") for tu in root.iter("tu"))


def test_dtd_rejects_what_the_spec_forbids(tmp_path):
    """The validation can fail: a unit whose variant lacks <seg>, a prop after a tuv."""
    bad = write(
        tmp_path / "bad.tmx",
        """<?xml version="1.0" encoding="utf-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>
<body><tu><tuv xml:lang="en"><seg>a</seg></tuv><prop type="x-a">b</prop></tu>
<tu><tuv xml:lang="zh-CN"></tuv></tu></body></tmx>""",
    )
    problems = tmx.validate(bad)
    assert len(problems) >= 2 and all(p.startswith("line ") for p in problems)
    no_header = write(tmp_path / "nohead.tmx", '<tmx version="1.4"><body/></tmx>')
    assert tmx.validate(no_header)
    broken = write(tmp_path / "broken.tmx", "<tmx><body></tmx>")
    assert tmx.validate(broken)[0].startswith("line 1:")


def test_units_match_the_archive_segments(exported, sample_db):
    out, report = exported
    rows = _segments(sample_db, tmx.DEFAULT_MIN_SCORE)
    assert report.units == len(rows)
    store = tmxfile(out.open("rb"))
    by_id = {u.getid(): u for u in store.units}
    assert len(by_id) == len(rows)
    for item_id, position, zh, en, _score, original in rows:
        unit = by_id[f"{item_id}#{position}"]
        texts = {n.get(XML_LANG)[:2]: unit.getNodeText(n) for n in unit.getlanguageNodes()}
        assert texts["zh"] == zh and texts["en"] == en
        if original:
            # translate-toolkit takes the unit's srclang variant as the source.
            assert unit.source == (zh if original == "zh" else en)
            assert unit.target == (en if original == "zh" else zh)


def test_original_language_sets_srclang_and_order(exported):
    out, _ = exported
    root = etree.parse(str(out)).getroot()
    seizure = [
        tu
        for tu in root.iter("tu")
        if tu.findtext("prop[@type='x-item']") == "2022-06-21-shenzhen-earphone-seizure"
    ]
    assert seizure, "the sample's Markdown pair says 'original: true' on the Chinese page"
    for tu in seizure:
        assert tu.get("srclang") == "zh-CN"
        assert tu.get("creationdate") == "20220621T000000Z"
        assert [v.get(XML_LANG) for v in tu.findall("tuv")] == ["zh-CN", "en"]
        urls = [v.findtext("prop[@type='x-url']") for v in tu.findall("tuv")]
        assert urls[0].startswith("https://example.org/zh/") and "/en/" in urls[1]
    unknown = [
        tu
        for tu in root.iter("tu")
        if tu.findtext("prop[@type='x-item']") == "2022-03-30-qbpc-gacc-online-meeting"
    ]
    # Nothing tells which was written first: the header's language, English first.
    assert unknown and all(tu.get("srclang") == "en" for tu in unknown)
    assert all(tu.find("tuv").get(XML_LANG) == "en" for tu in unknown)


def test_threshold_and_direction(sample_db, tmp_path):
    strict = tmx.export_archive(sample_db, tmp_path / "strict.tmx", min_score=0.6, srclang="en")
    assert 0 < strict.units < len(_segments(sample_db, 0.0))
    assert strict.units == len(_segments(sample_db, 0.6))
    root = etree.parse(str(tmp_path / "strict.tmx")).getroot()
    assert root.find("header").get("srclang") == "en"
    for tu in root.iter("tu"):
        assert float(tu.findtext("prop[@type='x-score']")) >= 0.6
        assert tu.get("srclang") == "en" and tu.find("tuv").get(XML_LANG) == "en"
    store = tmxfile((tmp_path / "strict.tmx").open("rb"))
    assert store.units and all(han_ratio(u.source) == 0 < han_ratio(u.target) for u in store.units)


def test_traditional_items_get_zh_tw(tmp_path):
    pages = tmp_path / "pages"
    write(
        pages / "a.zh.txt",
        "海關舉行會議\n2022年3月9日\n\n海關總署與品保委舉行會議。雙方交流了工作計劃。",
    )
    write(
        pages / "a.en.txt",
        "Customs holds meeting\nMarch 9, 2022\n\n"
        "The GACC met the QBPC. The two sides discussed their work plan.",
    )
    db = tmp_path / "t.db"
    build_mod.build([pages], db)
    tmx.export_archive(db, tmp_path / "t.tmx", min_score=0)
    langs = {v.get(XML_LANG) for v in etree.parse(str(tmp_path / "t.tmx")).iter("tuv")}
    assert langs == {"zh-TW", "en"}
    assert tmx.validate(tmp_path / "t.tmx") == []
    # For a Simplified project: every Chinese side Simplified, each converted unit marked.
    tmx.export_archive(db, tmp_path / "s.tmx", min_score=0, target_script="simplified")
    root = etree.parse(str(tmp_path / "s.tmx")).getroot()
    zh = [v for v in root.iter("tuv") if v.get(XML_LANG) != "en"]
    assert zh and {v.get(XML_LANG) for v in zh} == {"zh-CN"}
    assert all(to_simplified(v.findtext("seg")) == v.findtext("seg") for v in zh)
    assert "海关总署与品保委举行会议。" in [v.findtext("seg") for v in zh]
    marks = [tu.findtext("prop[@type='x-converted']") for tu in root.iter("tu")]
    assert marks and all(m and m.startswith("Hant>Hans") for m in marks)
    assert tmx.validate(tmp_path / "s.tmx") == []


def test_target_script_traditional_converts_only_what_is_simplified(exported, sample_db, tmp_path):
    """A zh-TW project's memory: the Simplified sides converted (OpenCC s2tw) and marked,
    the Traditional ones as published; the header says zh-TW one way from Chinese."""
    out = tmp_path / "tw.tmx"
    tmx.export_archive(sample_db, out, srclang="zh", target_script="traditional")
    root = etree.parse(str(out)).getroot()
    assert root.find("header").get("srclang") == "zh-TW"
    before = {tu.get("tuid"): tu for tu in etree.parse(str(exported[0])).getroot().iter("tu")}
    converted = kept = 0
    for tu in root.iter("tu"):
        assert tu.get("srclang") == "zh-TW" and tu.find("tuv").get(XML_LANG) == "zh-TW"
        old = before[tu.get("tuid")]
        old_zh = next(v for v in old.findall("tuv") if v.get(XML_LANG) != "en")
        mark = tu.findtext("prop[@type='x-converted']")
        if old_zh.get(XML_LANG) == "zh-CN":
            assert mark == "Hans>Hant (OpenCC s2tw)"
            assert to_simplified(tu.find("tuv").findtext("seg")) == to_simplified(
                old_zh.findtext("seg")
            )
            converted += 1
        else:
            assert mark is None and tu.find("tuv").findtext("seg") == old_zh.findtext("seg")
            kept += 1
    assert converted and kept
    with pytest.raises(LibraryError, match="target script"):
        tmx.export_archive(sample_db, out, target_script="cyrillic")


def test_control_characters_are_dropped_not_fatal(tmp_path):
    out = tmp_path / "c.tmx"
    with out.open("wb") as f:
        n = tmx.write(f, [tmx.Unit(zh="海关\x0c总署", en="GACC\x00 said", srclang="zh")])
    assert n == 1 and tmx.validate(out) == []
    store = tmxfile(out.open("rb"))
    assert (store.units[0].source, store.units[0].target) == ("海关总署", "GACC said")


def test_bad_database_keeps_existing_file(tmp_path):
    target = write(tmp_path / "keep.tmx", "old")
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(LibraryError, match="not an archive"):
        tmx.export_archive(plain, target)
    with pytest.raises(LibraryError, match="no such database"):
        tmx.export_archive(tmp_path / "missing.db", target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_export_and_align_tmx(sample_db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli.tmx"
    result = runner.invoke(
        cli, ["export", "tmx", "-d", str(sample_db), "-o", str(out), "--min-score", "0.5"]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(_segments(sample_db, 0.5))} translation units" in result.output
    assert tmx.validate(out) == []
    result = runner.invoke(cli, ["export", "tmx", "-d", str(sample_db), "--min-score", "2"])
    assert result.exit_code == 2 and "--min-score" in result.output
    result = runner.invoke(cli, ["export", "tmx", "-d", str(tmp_path / "nope.db"), "-o", str(out)])
    assert result.exit_code == 1 and "no such database" in result.output

    zh = write(tmp_path / "zh.txt", "海关总署召开会议。\n会议讨论了2022年计划。\n")
    en = write(tmp_path / "en.txt", "The GACC held a meeting.\nIt discussed the plan for 2022.\n")
    result = runner.invoke(
        cli, ["align", str(zh), str(en), "--presplit", "--format", "tmx", "--srclang", "zh"]
    )
    assert result.exit_code == 0, result.output
    aligned = write(tmp_path / "aligned.tmx", result.output)
    assert tmx.validate(aligned) == []
    store = tmxfile(aligned.open("rb"))
    assert [(u.source, u.target) for u in store.units] == [
        ("海关总署召开会议。", "The GACC held a meeting."),
        ("会议讨论了2022年计划。", "It discussed the plan for 2022."),
    ]


def test_export_takes_the_archive_as_every_command_does_and_the_old_argument_with_a_warning(
    sample_db, tmp_path
):
    """Issue 29, item 4: ``-d/--database`` as on every other command; the archive as an
    argument (the old form) still works, with a deprecation warning on stderr; given
    both ways, naming two files, it is a usage error."""
    runner = CliRunner()
    new, old = tmp_path / "new.tmx", tmp_path / "old.tmx"
    with_option = runner.invoke(cli, ["export", "tmx", "-d", str(sample_db), "-o", str(new)])
    assert with_option.exit_code == 0 and "deprecated" not in with_option.output
    with_argument = runner.invoke(cli, ["export", "tmx", str(sample_db), "-o", str(old)])
    assert with_argument.exit_code == 0
    assert f"deprecated; use -d {sample_db}" in with_argument.stderr
    assert old.read_bytes().count(b"<tu ") == new.read_bytes().count(b"<tu ") > 0
    same = runner.invoke(
        cli, ["export", "tmx", str(sample_db), "-d", str(sample_db), "-o", str(old)]
    )
    assert same.exit_code == 0
    twice = runner.invoke(
        cli, ["export", "tmx", str(sample_db), "-d", str(tmp_path / "other.db"), "-o", str(old)]
    )
    assert twice.exit_code == 2 and "given twice" in twice.output


async def test_one_tmx_dialect_everywhere(sample_db, tmp_path):
    """Issue 16: a sentence pair exported by ``bilib export tmx``, by the segments
    table's ``.tmx`` and by the concordance's ``.tmx`` is the same unit (tuid,
    creationdate, srclang, props); the glossary's ``.tmx`` is phrases without the
    obsolete entry, the unapproved ones marked."""
    from helpers import make_datasette
    from lxml import etree as ET

    out = tmp_path / "cli.tmx"
    exported = CliRunner().invoke(cli, ["export", "tmx", "-d", str(sample_db), "-o", str(out)])
    assert exported.exit_code == 0
    ds = make_datasette(sample_db)
    table = (await ds.client.get("/library/segments.tmx", params={"_size": "max"})).content
    concordance = (await ds.client.get("/-/concordance.tmx", params={"q": "customs"})).content

    def units(data: bytes) -> dict:
        root = ET.fromstring(data)
        return {
            tu.get("tuid"): (
                tu.get("creationdate"),
                tu.get("srclang"),
                sorted((p.get("type"), p.text) for p in tu.findall("prop")),
                [s.text for s in tu.iter("seg")],
            )
            for tu in root.iter("tu")
        }

    exported, served, found = units(out.read_bytes()), units(table), units(concordance)
    shared = set(exported) & set(served)
    assert len(shared) > 20 and all(served[t] == exported[t] for t in shared)
    assert found and all(
        found[t][:2] == exported[t][:2] and found[t][3] == exported[t][3]
        for t in set(found) & set(exported)
    )
    assert all(dict(f[2]).get("x-item") for f in found.values())
    terms = ET.fromstring(
        (await ds.client.get("/library/terms.tmx", params={"_size": "max"})).content
    )
    assert terms.find("header").get("segtype") == "phrase"
    text = ET.tostring(terms, encoding="unicode")
    assert "State Intellectual Property Office" not in text  # obsolete
    assert text.count('<prop type="x-status">fuzzy</prop>') == 4


async def test_the_tables_tmx_takes_the_exports_direction_and_script(sample_db, tmp_path):
    """Issue 30, item 7b: ``_srclang`` and ``_target_script`` on a table's ``.tmx`` give
    the units ``bilib export tmx --srclang --target-script`` writes; a bad value is a 400
    naming the parameter."""
    from helpers import make_datasette

    out = tmp_path / "cli.tmx"
    args = ["--srclang", "zh", "--target-script", "simplified"]
    result = CliRunner().invoke(cli, ["export", "tmx", "-d", str(sample_db), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    ds = make_datasette(sample_db)
    served = await ds.client.get(
        "/library/segments.tmx",
        params={"_size": "max", "_srclang": "zh", "_target_script": "simplified"},
    )
    assert served.status_code == 200

    def units(data: bytes) -> dict:
        root = etree.fromstring(data)
        assert root.find("header").get("srclang") == "zh-CN"
        return {
            tu.get("tuid"): (
                tu.get("srclang"),
                tu.findtext("prop[@type='x-converted']"),
                [(v.get(XML_LANG), v.findtext("seg")) for v in tu.findall("tuv")],
            )
            for tu in root.iter("tu")
        }

    exported, table = units(out.read_bytes()), units(served.content)
    shared = set(exported) & set(table)
    assert len(shared) > 20 and all(table[t] == exported[t] for t in shared)
    assert any(exported[t][1] for t in shared)
    for bad in ({"_target_script": "cyrillic"}, {"_srclang": "fr"}):
        refused = await ds.client.get("/library/segments.tmx", params=bad)
        assert refused.status_code == 400 and next(iter(bad)) in refused.json()["error"]
