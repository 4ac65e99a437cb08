"""Terminology: translation spotting (CLI, library, Datasette route) on real archives."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT, in_ci, make_datasette

from library import build as build_mod
from library.archive import read
from library.cli import cli
from library.model import Term
from library.terms import spotting
from library.terms.check import glossary_in_text
from library.text.chinese import to_simplified
from library.text.termmatch import en_regex, en_spans, outermost, zh_spans

XML_NS = "http://www.w3.org/XML/1998/namespace"


@pytest.fixture(scope="module")
def conn(sample_db):
    c = read.connect(sample_db)
    yield c
    c.close()


def top(conn, term):
    result = spotting.lookup(conn, term)
    assert result.renderings, term
    return result.renderings[0]


def test_english_term_finds_the_maximal_chinese_ngram(conn):
    best = top(conn, "Department of General Operation")
    # Not 业务司 (too short) nor 综合业务司副 / 海关总署综合业务司 (other words of the sentence).
    assert best.text == "综合业务司"
    assert best.status == "approved"
    assert best.examples[0].item_id == "2022-03-30-qbpc-gacc-online-meeting"


def test_chinese_term_finds_english(conn):
    assert top(conn, "海关总署").text == "GACC"
    assert top(conn, "综合业务司").text == "Department of General Operation"
    assert top(conn, "海關總署").text == "GACC"  # Traditional input


def test_names_through_pinyin(conn):
    assert top(conn, "Sun Xiaolu").text == "孙晓路"
    assert top(conn, "孙晓路").text.startswith("Sun")


def test_unknown_term_has_no_renderings(conn):
    result = spotting.lookup(conn, "Ministry of Magic")
    assert result.positives == 0 and result.renderings == []
    with pytest.raises(ValueError):
        spotting.lookup(conn, "   ")


def test_term_matching_tolerates_case_plurals_and_hyphens():
    assert en_spans("Deputy Director", "two deputy directors met") == [(4, 20)]
    assert en_spans("right holder", "Right-holders agreed") == [(0, 13)]
    assert en_spans("Authority", "local authorities") == [(6, 17)]
    assert not en_regex("IPR").search("IPRX")
    assert zh_spans("海关", "上海海关与海关总署") == [(2, 4), (5, 7)]


def test_an_occurrence_strictly_inside_a_longer_one_is_the_longer_ones():
    """outermost (sorted, for texts holding a term tens of thousands of times) says what
    the plain rule says: a span is dropped when another, different span holds it."""
    rng = random.Random(1)
    for _ in range(5_000):
        spans = [(a, a + rng.randrange(5)) for a in (rng.randrange(10) for _ in range(8))]
        plain = [
            not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans) for a, b in spans
        ]
        assert outermost(spans) == plain, spans
    text = "The Deputy Director met the Director. " * 20_000  # no full stop would do the same
    terms = [
        Term(e, e, z, "approved") for e, z in [("Deputy Director", "副司长"), ("Director", "司长")]
    ]
    found = glossary_in_text(text, "en", terms)
    assert [t.en for _, _, t in found[:2]] == ["Deputy Director", "Director"]
    assert len(found) == 40_000


def test_recovers_terms_removed_from_the_glossary(tmp_path):
    """The evaluation of scripts/eval_terms.py on a small corpus: generated titles,
    bodies and people, none in the glossary, are found from the aligned text alone."""
    from eval_terms import aligned_items, reduced_locales, test_terms
    from make_corpus import generate

    from library.text.chinese import normalize
    from library.text.lexicon import default_lexicon

    pages = tmp_path / "pages"
    shutil.copytree(build_mod.sample_dir(), pages / "sample")
    generate(80, pages / "generated", seed=11, days=300)
    terms = test_terms(pages)
    db = tmp_path / "t.db"
    build_mod.build([pages], db, reduced_locales(tmp_path / "locales", set(terms)))
    c = read.connect(db)
    remaining = read.glossary_terms(c)
    right = total = 0
    for en, zh in sorted(terms.items()):
        if not aligned_items(c, en, zh):
            continue
        total += 1
        found = spotting.spot(en, spotting.ArchiveSource(c), default_lexicon(), remaining)
        right += bool(found.renderings) and normalize(found.renderings[0].text) == normalize(zh)
    assert total > 40
    assert right / total >= 0.9, (right, total)


def test_cli_terms_find(sample_db, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["terms", "find", "Department of General Operation", "-d", str(sample_db), "-n", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "1. 综合业务司" in lines[1] and "glossary: approved" in lines[1]
    assert any(line.strip().startswith("zh: ") and "综合业务司" in line for line in lines)
    result = runner.invoke(
        cli, ["terms", "find", "孙晓路", "-d", str(sample_db), "--format", "json"]
    )
    data = json.loads(result.output)
    assert data["lang"] == "zh" and data["renderings"][0]["text"].startswith("Sun")
    assert len(data["renderings"][0]["examples"]) <= 2
    result = runner.invoke(cli, ["terms", "find", "x", "-d", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.output
    result = runner.invoke(cli, ["terms", "find", " ", "-d", str(sample_db)])
    assert result.exit_code == 2 and "TERM" in result.output


async def test_datasette_term_page_and_json(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get(
        "/-/terms.json", params={"term": "Department of General Operation"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["renderings"][0]["text"] == "综合业务司"
    assert data["renderings"][0]["examples"][0]["item_id"] == "2022-03-30-qbpc-gacc-online-meeting"
    page = await ds.client.get("/-/terms", params={"term": "综合业务司"})
    assert page.status_code == 200
    assert "Department of General Operation" in page.text and 'id="term-renderings"' in page.text
    assert (await ds.client.get("/-/terms.json")).status_code == 400
    bad = await ds.client.get("/-/terms.json", params={"term": "x", "db": "nope"})
    assert bad.status_code == 404 and "nope" in bad.json()["error"]


async def test_term_page_and_json_name_the_longer_names(sample_db):
    ds = make_datasette(sample_db)
    term = "Administration of Customs"
    data = (await ds.client.get("/-/terms.json", params={"term": term})).json()
    assert data["positives"] == 1 and data["alone"] == 0
    assert data["inside"][0]["name"] == "General Administration of Customs of P. R. China"
    for lang, says in (("en", "It stands only inside longer names:"), ("zh-CN", "它只出现在")):
        page = await ds.client.get("/-/terms", params={"term": term, "_lang": lang})
        inside = page.text[page.text.index('id="term-inside"') :]
        inside = inside[: inside.index("</div>")]
        assert says in inside and "中华人民共和国海关总署" in inside
        assert "General%20Administration%20of%20Customs" in inside  # a link to its lookup
    plain = await ds.client.get("/-/terms", params={"term": "综合业务司"})
    assert 'id="term-inside"' not in plain.text


async def test_home_page_links_to_the_term_page(ds):
    """The archive's description (metadata.yml) leads readers to the term lookup, and the
    link works."""
    home = await ds.client.get("/")
    assert home.status_code == 200
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', home.text)
    terms = [href for href, text in links if href.startswith("/-/terms")]
    assert terms, links
    page = await ds.client.get(terms[0] + "?term=QBPC")
    assert page.status_code == 200 and "品保委" in page.text


GLOSSARY = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

msgctxt "GACC department"
msgid "Deputy Director"
msgstr "副司长"

msgid "right holder"
msgstr "权利人"

msgctxt "acronym"
msgid "CNIPA"
msgstr "国家知识产权局"

#~ msgid "State Intellectual Property Office"
#~ msgstr "国家知识产权局"
"""


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """An archive whose pages exercise every kind of finding."""
    from helpers import write

    root = tmp_path_factory.mktemp("check")
    pages = root / "pages"
    items = [
        # consistent: plural and Traditional script still count as uses of the rendering
        ("a", "Deputy Directors met right holders.\n", "兩位副司長會見了權利人。\n"),
        # variant: the same English term rendered 副局长 in two items (and missing 副司长)
        ("b", "The Deputy Director spoke first.\n", "副局长首先发言。\n"),
        ("c", "Later the Deputy Director left.\n", "随后副局长离开了。\n"),
        # missing_en: the rendering without the English form
        ("d", "Those who own the rights agreed.\n", "权利人表示同意。\n"),
        # deprecated English form (its rendering is still approved, for CNIPA)
        ("e", "The State Intellectual Property Office replied.\n", "国家知识产权局作出答复。\n"),
    ]
    for k, (stem, en, zh) in enumerate(items):
        date = f"2022-03-{10 + k}"
        write(pages / f"{stem}.en.txt", f"Item {stem}\n{date}\n\n{en}")
        write(pages / f"{stem}.zh.txt", f"条目{stem}\n{date}\n\n{zh}")
    write(root / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po", GLOSSARY)
    db = root / "check.db"
    build_mod.build([pages], db, root / "locales")
    return db, root


def test_term_uses_recorded_at_build(checked):
    import sqlite3

    db, _ = checked
    with sqlite3.connect(db) as c:
        uses = {
            (t, i, en, zh)
            for t, i, en, zh in c.execute(
                "SELECT t.en, u.item_id, u.en, u.zh FROM term_uses u JOIN terms t ON t.id = u.term_id"
            )
        }
    assert ("Deputy Director", "a", 1, 1) in uses  # plural English, Traditional Chinese
    assert ("right holder", "a", 1, 1) in uses
    assert ("right holder", "d", 0, 1) in uses
    assert ("Deputy Director", "b", 1, 0) in uses
    assert ("State Intellectual Property Office", "e", 1, 1) in uses


def test_every_kind_of_finding(checked):
    import sqlite3

    db, _ = checked
    with sqlite3.connect(db) as c:
        c.row_factory = sqlite3.Row
        found = [dict(r) for r in c.execute("SELECT * FROM term_findings")]
    kinds = {(f["kind"], f["item_id"]) for f in found}
    assert ("missing_zh", "b") in kinds and ("missing_zh", "c") in kinds
    assert ("missing_en", "d") in kinds
    assert ("deprecated", "e") in kinds
    assert not any(f["item_id"] == "a" for f in found)
    [variant] = [f for f in found if f["kind"] == "variant"]
    assert variant["term_en"] == "Deputy Director" and variant["found"].startswith("副局长")
    assert variant["expected"] == "副司长"
    [deprecated] = [f for f in found if f["kind"] == "deprecated"]
    assert deprecated["found"] == "State Intellectual Property Office"
    assert deprecated["expected"] == "CNIPA"  # the approved form of the same rendering
    missing = next(f for f in found if f["kind"] == "missing_zh")
    assert missing["zh"] and missing["en"] and missing["expected"] == "副司长"


def test_cli_terms_check_strict_and_current_catalogs(checked, sample_db):
    db, root = checked
    runner = CliRunner()
    result = runner.invoke(cli, ["terms", "check", "-d", str(db)])
    assert result.exit_code == 0
    # e is both deprecated (its English) and missing_en (no CNIPA for 国家知识产权局)
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith("6 findings (2 missing_zh, 2 missing_en, 1 variant, 1 deprecated) in 4 items")
    )
    assert runner.invoke(cli, ["terms", "check", "-d", str(db), "--strict"]).exit_code == 1
    result = runner.invoke(
        cli,
        ["terms", "check", "-d", str(db), "--format", "json", "--locales", str(ROOT / "locales")],
    )
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["uses"] > 0
    assert all({"kind", "item_id", "zh", "en", "expected"} <= set(f) for f in data["findings"])


def test_the_check_accepts_any_approved_name_of_the_same_body(sample_db, tmp_path):
    """Issue 30, item 6: "General Administration of Customs of P. R. China" rendered
    海关总署 (the approved name of its short form, linked by ``#. same-as:``) is no
    missing_zh; without the link it is, so the check can fail."""
    runner = CliRunner()

    def findings(locales):
        result = runner.invoke(
            cli,
            ["terms", "check", "-d", str(sample_db), "--format", "json", "--locales", str(locales)],
        )
        assert result.exit_code == 0, result.output
        return [
            (f["kind"], f["term_en"], f["expected"])
            for f in json.loads(result.output)["findings"]
            if f["kind"] == "missing_zh"
        ]

    linked = findings(ROOT / "locales")
    assert not [f for f in linked if f[1] == "General Administration of Customs of P. R. China"]
    src = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    catalog = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    catalog.parent.mkdir(parents=True)
    text = src.read_text("utf-8")
    assert "#. same-as: General Administration of Customs\n" in text
    catalog.write_text(text.replace("#. same-as: General Administration of Customs\n", ""), "utf-8")
    unlinked = findings(tmp_path / "locales")
    assert (
        "missing_zh",
        "General Administration of Customs of P. R. China",
        "中华人民共和国海关总署",
    ) in unlinked


@pytest.fixture
def reduced(tmp_path):
    """A catalog lacking "Department of General Operation", and the sample built with it."""
    import polib

    src = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    text = src.read_text("utf-8")
    entry = (
        "#. A department of GACC; English form as on QBPC's page of 2022-03-30.\n"
        'msgid "Department of General Operation"\nmsgstr "综合业务司"\n\n'
    )
    assert entry in text
    catalog = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(text.replace(entry, ""), "utf-8")
    assert "Department of General Operation" not in {e.msgid for e in polib.pofile(str(catalog))}
    db = tmp_path / "reduced.db"
    build_mod.build(None, db, tmp_path / "locales")
    return db, catalog


def test_suggest_writes_fuzzy_proposals_and_keeps_the_rest(reduced):
    import subprocess

    import polib
    from babel.messages.pofile import read_po

    db, catalog = reduced
    before = catalog.read_bytes()
    result = CliRunner().invoke(cli, ["terms", "suggest", "-d", str(db), "--catalog", str(catalog)])
    assert result.exit_code == 0, result.output
    assert "Department of General Operation -> 综合业务司" in result.output
    after = catalog.read_bytes()
    po = polib.pofile(str(catalog))
    proposed = [e for e in po if "Proposed by bilib terms suggest" in (e.comment or "")]
    assert proposed and all(e.fuzzy for e in proposed)
    dgo = next(e for e in proposed if e.msgid == "Department of General Operation")
    assert dgo.msgstr == "综合业务司"
    assert dgo.occurrences == [("qbpc-news/2022-03-30-qbpc-gacc-online-meeting.en.txt", "")]
    assert "score" in dgo.comment and "2022-03-30-qbpc-gacc-online-meeting" in dgo.comment
    # Everything that was there keeps its bytes: take the inserted entries out again.
    inserted = "".join(str(e) + "\n" for e in proposed).encode("utf-8")
    assert inserted in after and after.replace(inserted, b"", 1) == before
    # Obsolete entries stay last.
    assert after.index(b"#~ msgid") > after.index(inserted)
    if shutil.which("msgfmt") or in_ci():  # CI installs gettext; elsewhere it may be missing
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)], check=True)
    with catalog.open("rb") as f:
        babel_catalog = read_po(f)
    assert babel_catalog.get("Department of General Operation").fuzzy
    # A second run proposes nothing and leaves the file alone.
    again = CliRunner().invoke(cli, ["terms", "suggest", "-d", str(db), "--catalog", str(catalog)])
    assert again.exit_code == 0 and "added 0 fuzzy entries" in again.output
    assert catalog.read_bytes() == after


def test_approving_a_proposal_makes_it_approved(reduced, tmp_path):
    import sqlite3

    db, catalog = reduced
    CliRunner().invoke(cli, ["terms", "suggest", "-d", str(db), "--catalog", str(catalog)])
    text = catalog.read_text("utf-8")
    block = text[text.index("#. Proposed by bilib terms suggest") :]
    block = block[: block.index('msgid "Department of General Operation"')]
    assert "#, fuzzy\n" in text
    # What Poedit does when the translator approves: the fuzzy flag goes.
    target = text.index('msgid "Department of General Operation"')
    start = text.rindex("#, fuzzy\n", 0, target)
    catalog.write_text(text[:start] + text[start + len("#, fuzzy\n") :], "utf-8")
    rebuilt = tmp_path / "rebuilt.db"
    build_mod.build(None, rebuilt, catalog.parent.parent.parent)
    with sqlite3.connect(rebuilt) as c:
        [(status,)] = c.execute(
            "SELECT status FROM terms WHERE en = 'Department of General Operation'"
        )
    assert status == "approved"


def test_suggest_dry_run_writes_nothing(reduced):
    db, catalog = reduced
    before = catalog.read_bytes()
    result = CliRunner().invoke(
        cli, ["terms", "suggest", "-d", str(db), "--catalog", str(catalog), "--dry-run"]
    )
    assert result.exit_code == 0 and "would add" in result.output
    assert catalog.read_bytes() == before


def test_suggest_proposes_names_not_headlines_or_strung_together_names(sample_db):
    """On the sample: the three real names the glossary lacks, not a headline's title-case
    run ("Shenzhen Customs Seizes") nor known names joined into a phrase ("Guangzhou
    Customs on IPR", "Ningbo Customs IPR")."""
    catalog = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    result = CliRunner().invoke(
        cli, ["terms", "suggest", "-d", str(sample_db), "--catalog", str(catalog), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    proposed = {line.split(" -> ")[0] for line in result.output.splitlines() if " -> " in line}
    assert proposed == {"QBPC Customs Committee", "QBPC Industry Working Groups", "Sun Xiaolu"}


def _export(tmp_path, fmt: str, *options: str) -> Path:
    out = tmp_path / f"g-{fmt}{'-'.join(options)}.{fmt}"
    args = ["terms", "export", fmt, "-o", str(out), "--locales", str(ROOT / "locales"), *options]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def test_exports_read_back(tmp_path):
    """Issue 30, item 7c/d: each export loads in translate-toolkit; the TBX has an entry
    per concept (a body's names, acronyms as termType acronym), each name its own status,
    deprecated names out unless asked; OmegaT's glossary goes either way."""
    import csv as csv_mod

    from lxml import etree
    from translate.storage.omegat import OmegaTFile
    from translate.storage.tbx import tbxfile

    from library.terms import glossary

    terms = glossary.load_terms(glossary.find_catalogs(ROOT / "locales"))
    tbx = _export(tmp_path, "tbx")
    store_ = tbxfile(tbx.open("rb"))
    pairs = {(u.source, u.target) for u in store_.units}
    assert ("Department of General Operation", "综合业务司") in pairs
    entries = list(etree.parse(str(tbx)).iter("termEntry"))
    assert len(store_.units) == len(entries) < len(terms)

    def names(entry, lang):
        return {
            tig.findtext("term"): (
                tig.findtext("termNote[@type='administrativeStatus']"),
                tig.findtext("termNote[@type='termType']"),
            )
            for tig in entry.findall(f"langSet[@{{{XML_NS}}}lang='{lang}']/tig")
        }

    by_en = {en: e for e in entries for en in names(e, "en")}
    gacc = by_en["GACC"]
    assert by_en["General Administration of Customs of P. R. China"] is gacc  # same-as
    assert names(gacc, "en")["GACC"] == ("preferredTerm-admn-sts", "acronym")
    assert set(names(gacc, "zh-CN")) == {"中华人民共和国海关总署", "海关总署"}
    assert "海關總署" in names(gacc, "zh-TW")
    assert gacc.find("descrip[@type='subjectField']") is None  # 'acronym' is no subject
    cnipa = by_en["CNIPA"]
    assert names(cnipa, "zh-CN") == {"国家知识产权局": ("preferredTerm-admn-sts", None)}
    assert "State Intellectual Property Office" not in by_en  # deprecated: left out
    assert names(by_en["Longteng Action"], "en")["Longteng Action"][0] == "admittedTerm-admn-sts"
    assert by_en["Director"].findtext("descrip[@type='subjectField']") in (
        "GACC department",
        "company",
    )
    assert "same-as" not in etree.tostring(gacc, encoding="unicode")

    kept = _export(tmp_path, "tbx", "--deprecated")
    old = {
        tig.findtext("term"): tig.findtext("termNote[@type='administrativeStatus']")
        for tig in etree.parse(str(kept)).iter("tig")
    }
    # The old English name is deprecated; the Chinese name it shares stays preferred.
    assert old["State Intellectual Property Office"] == "deprecatedTerm-admn-sts"
    assert old["国家知识产权局"] == "preferredTerm-admn-sts"
    one = etree.parse(str(_export(tmp_path, "tbx", "--script", "simplified")))
    assert {ls.get(f"{{{XML_NS}}}lang") for ls in one.iter("langSet")} == {"en", "zh-CN"}

    en_zh = OmegaTFile(_export(tmp_path, "omegat").open("rb"))
    assert ("Department of General Operation", "综合业务司") in {
        (u.source, u.target) for u in en_zh.units
    }
    assert "State Intellectual Property Office" not in {u.source for u in en_zh.units}
    assert all(to_simplified(u.target) == u.target for u in en_zh.units)
    zh_en = OmegaTFile(_export(tmp_path, "omegat", "--direction", "zh-en").open("rb"))
    backwards = {(u.source, u.target) for u in zh_en.units}
    assert ("综合业务司", "Department of General Operation") in backwards
    assert ("綜合業務司", "Department of General Operation") in backwards  # Traditional pages
    tw = OmegaTFile(_export(tmp_path, "omegat", "--script", "traditional").open("rb"))
    assert ("Department of General Operation", "綜合業務司") in {
        (u.source, u.target) for u in tw.units
    }

    with _export(tmp_path, "csv").open(encoding="utf-8") as f:
        table = list(csv_mod.DictReader(f))
    assert len(table) == len(terms) and {"fuzzy", "approved", "obsolete"} <= {
        r["status"] for r in table
    }
    assert {r["en"]: r["zh_hant"] for r in table}["Department of General Operation"] == "綜合業務司"


def test_archive_check_in_small_blocks_equals_one_pass(sample_db):
    """The build streams term uses block by block; blocks must not change the result."""
    from library.terms import check as termcheck

    with read.open_archive(sample_db) as conn:
        whole_uses, whole = termcheck.check(conn)
        streamed: list = []
        _, blocked = termcheck.check(conn, block=7, on_uses=streamed.extend)
    assert whole and whole_uses
    assert blocked == whole
    key = lambda u: (u.item_id, u.position, u.term_id)  # noqa: E731
    assert sorted(streamed, key=key) == sorted(whole_uses, key=key)


NESTED_GLOSSARY = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Director"
msgstr "司长"

msgid "Deputy Director"
msgstr "副司长"
"""


def test_a_term_inside_a_longer_terms_occurrence_is_the_longer_ones(tmp_path):
    """Director inside Deputy Director (司长 inside 副司长) is a use of Deputy Director
    only; the Director standing on its own is a use of Director."""
    import sqlite3

    from helpers import write

    pages = tmp_path / "pages"
    write(pages / "a.en.txt", "A\n2022-03-01\n\nThe Deputy Director spoke.\n")
    write(pages / "a.zh.txt", "甲\n2022-03-01\n\n副司长发言。\n")
    write(pages / "b.en.txt", "B\n2022-03-02\n\nThe Deputy Director met the Director.\n")
    write(pages / "b.zh.txt", "乙\n2022-03-02\n\n副司长会见了司长。\n")
    write(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po", NESTED_GLOSSARY)
    db = tmp_path / "x.db"
    build_mod.build([pages], db, tmp_path / "locales")
    with sqlite3.connect(db) as c:
        uses = set(
            c.execute(
                "SELECT t.en, u.item_id, u.en, u.zh FROM term_uses u JOIN terms t ON t.id = u.term_id"
            )
        )
    assert uses == {
        ("Deputy Director", "a", 1, 1),
        ("Deputy Director", "b", 1, 1),
        ("Director", "b", 1, 1),
    }


def test_lookup_finds_a_term_only_inside_a_longer_name_and_names_it(conn, sample_db):
    """The lookup finds every occurrence ("Administration of Customs" stands only inside
    "General Administration of Customs of P. R. China") and names the longer one with
    its glossary rendering; its own best rendering is the Chinese of that pair."""
    result = spotting.lookup(conn, "Administration of Customs")
    assert result.positives == 1 and result.alone == 0
    assert [(i.name, i.rendering, i.status, i.pairs) for i in result.inside] == [
        (
            "General Administration of Customs of P. R. China",
            "中华人民共和国海关总署",
            "approved",
            1,
        )
    ]
    assert result.renderings[0].text == "海关总署"
    out = CliRunner().invoke(
        cli, ["terms", "find", "Administration of Customs", "-d", str(sample_db)]
    )
    assert out.exit_code == 0, out.output
    assert "1 sentence pair contains it (always inside a longer name)" in out.output
    assert (
        "inside: General Administration of Customs of P. R. China → 中华人民共和国海关总署  "
        "(glossary: approved; in 1 pair)"
    ) in out.output


def test_lookup_counts_nested_and_lone_occurrences_and_spots_the_longer_name(tmp_path):
    """Inside a glossary term (Director in Deputy Director) and inside a name the
    glossary lacks (Municipal Bureau of Commerce in Beijing Municipal Bureau of
    Commerce, whose rendering is spotted): every occurrence counts."""
    from helpers import write

    pages = tmp_path / "pages"
    write(pages / "a.en.txt", "A\n2022-03-01\n\nThe Deputy Director spoke.\n")
    write(pages / "a.zh.txt", "甲\n2022-03-01\n\n副司长发言。\n")
    write(pages / "b.en.txt", "B\n2022-03-02\n\nThe Deputy Director met the Director.\n")
    write(pages / "b.zh.txt", "乙\n2022-03-02\n\n副司长会见了司长。\n")
    for k, day in enumerate(("03", "04", "05")):
        write(
            pages / f"c{k}.en.txt",
            f"C{k}\n2022-03-{day}\n\nThe Beijing Municipal Bureau of Commerce held a meeting "
            f"on trade fairs.\n",
        )
        write(
            pages / f"c{k}.zh.txt", f"丙{k}\n2022-03-{day}\n\n北京市商务局召开了关于展会的会议。\n"
        )
    write(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po", NESTED_GLOSSARY)
    db = tmp_path / "x.db"
    build_mod.build([pages], db, tmp_path / "locales")
    with read.open_archive(db) as c:
        director = spotting.lookup(c, "Director")
        bureau = spotting.lookup(c, "Municipal Bureau of Commerce")
    assert director.positives == 2 and director.alone == 1
    assert [(i.name, i.rendering, i.status, i.pairs) for i in director.inside] == [
        ("Deputy Director", "副司长", "approved", 2)
    ]
    assert director.renderings[0].text == "司长"
    assert bureau.positives == 3 and bureau.alone == 0
    assert [(i.name, i.rendering, i.status) for i in bureau.inside] == [
        ("Beijing Municipal Bureau of Commerce", "北京市商务局", None)
    ]


async def test_term_page_shows_each_rendering_once_strong_first_examples_marked(ds):
    """Issue 14: each rendering once with its count and status, examples marked on both
    sides and not repeated under every rendering, weak candidates folded away, each cell
    labelled for a phone."""
    page = (
        await ds.client.get(
            "/-/terms", params={"term": "Department of General Operation", "_lang": "en"}
        )
    ).text
    strong = page[page.index('id="term-renderings"') : page.index("</table>")]
    rows = re.findall(r'<tr>\s*<td data-label="Rendering"[^>]*><strong>([^<]+)</strong>', strong)
    assert rows == ["综合业务司"]  # 举行, 成员 and pieces of the rendering fold away
    weak = page[page.index('id="term-weak"') :]
    assert "举行" in weak and "成员" in weak and "业务司" in weak
    assert "<mark>Department of General Operation</mark>" in strong
    assert '<mark class="equivalent">综合业务司</mark>' in strong
    assert all(f'data-label="{label}"' in strong for label in ("Rendering", "Glossary", "Examples"))
    page = (await ds.client.get("/-/terms", params={"term": "海关总署", "_lang": "en"})).text
    strong = page[page.index('id="term-renderings"') : page.index("</table>")]
    rows = re.findall(r'<tr>\s*<td data-label="Rendering"[^>]*><strong>([^<]+)</strong>', strong)
    assert rows[:2] == ["GACC", "General Administration of Customs"] and len(rows) == len(set(rows))
    examples = re.findall(r'href="/library/items/([^"]+)"', strong)
    # Two renderings, two different example pairs where there are enough of them.
    assert len(examples) >= 2


SHARED_RENDERING = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

msgid "China National Intellectual Property Administration"
msgstr "国家知识产权局"

msgctxt "acronym"
msgid "CNIPA"
msgstr "国家知识产权局"

msgid "Customs"
msgstr "海关"

#~ msgid "Customs"
#~ msgstr "关务"
"""


def test_a_rendering_of_several_forms_and_an_obsolete_rendering_of_an_approved_form(tmp_path):
    """Two rules of the checks, pinned: a Chinese rendering is missing its English only
    when the English has none of the forms it renders (not only the one term's own);
    an obsolete entry is deprecated only on the side whose text is not also approved
    (关务 is obsolete, "Customs" is not)."""
    from helpers import write

    items = [
        (
            "f",
            "The China National Intellectual Property Administration replied.",
            "国家知识产权局作出答复。",
        ),
        ("g", "Customs inspected the goods.", "关务部门检查了货物。"),
        ("h", "The office replied.", "国家知识产权局作出答复。"),
    ]
    for k, (stem, en, zh) in enumerate(items):
        date = f"2022-04-{10 + k}"
        write(tmp_path / "pages" / f"{stem}.en.txt", f"Item {stem}\n{date}\n\n{en}\n")
        write(tmp_path / "pages" / f"{stem}.zh.txt", f"条目{stem}\n{date}\n\n{zh}\n")
    write(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po", SHARED_RENDERING)
    db = tmp_path / "check.db"
    build_mod.build([tmp_path / "pages"], db, tmp_path / "locales")
    import sqlite3

    with sqlite3.connect(db) as c:
        found = sorted(
            (kind, item, found or "", expected)
            for kind, item, found, expected in c.execute(
                "SELECT kind, item_id, found, expected FROM term_findings"
            )
        )
    expected = "CNIPA | China National Intellectual Property Administration"
    missing_en = {f for f in found if f[0] == "missing_en"}
    assert missing_en and all(f[1] == "h" and f[3] == expected for f in missing_en)
    assert [f[:3] for f in found if f[0] == "deprecated"] == [("deprecated", "g", "关务")]


def test_a_term_found_in_text_that_normalising_lengthens_is_placed_in_the_text_as_written():
    """NFKC writes ㈠ as "(一)": the term is found in the normalised text and placed back
    in the published one, start and end, Traditional characters and all."""
    terms = [Term("t", "GACC", "海关总署", "approved")]
    text = "㈠海关總署会见了㈡海关总署"
    found = [(a, b, text[a:b]) for a, b, _ in glossary_in_text(text, "zh", terms)]
    assert found == [(1, 5, "海关總署"), (9, 13, "海关总署")]


def test_one_items_check_leaves_the_variants_to_the_archives(checked):
    """A variant is a rendering many pairs share: one item cannot tell (its findings
    are checked again with the whole archive), so checking one item finds none."""
    from library.terms import check as termcheck

    db, _ = checked
    conn = read.connect(db)
    try:
        whole = termcheck.check(conn)[1]
        [variant] = [f for f in whole if f.kind == "variant"]
        one = termcheck.check(conn, item_id=variant.item_id)[1]
    finally:
        conn.close()
    assert one and not any(f.kind == "variant" for f in one)
    assert {(f.kind, f.position) for f in one} <= {(f.kind, f.position) for f in whole}


def test_variant_samples_are_spread_evenly_over_the_pairs_lacking_a_rendering():
    from library.archive.rows import Stub
    from library.terms.check import VARIANT_SAMPLE, _variant_jobs

    terms = [Term("t", "Deputy Director", "副司长", "approved")]
    many = [Stub(rowid=k) for k in range(5 * VARIANT_SAMPLE)]
    missing = {"deputy director": many, "director": [Stub(rowid=1)]}
    renderings = {"deputy director": {"副司长"}, "director": {"司长"}}
    [(term, sample, total, wanted)] = _variant_jobs(terms, missing, renderings)
    assert term is terms[0] and total == len(many) and wanted == {"副司长"}
    assert [s["rowid"] for s in sample] == list(range(0, 5 * VARIANT_SAMPLE, 5))


def test_a_rendering_holding_latin_letters_is_found_as_written():
    terms = [Term("t", "QBPC Annual Meeting", "QBPC年会", "approved")]
    found = glossary_in_text("品保委QBPC年会在京召开", "zh", terms)
    assert [(a, b) for a, b, _ in found] == [(3, 9)]


def test_only_approved_terms_are_found_in_text():
    terms = [
        Term("a", "Customs Committee", "海关委员会", "fuzzy"),
        Term("b", "State Intellectual Property Office", "国家知识产权局", "obsolete"),
    ]
    assert (
        glossary_in_text(
            "The Customs Committee met the State Intellectual Property Office.", "en", terms
        )
        == []
    )
    assert glossary_in_text("海关委员会会见国家知识产权局", "zh", terms) == []


def test_an_archives_check_without_variants_finds_none(checked):
    from library.terms import check as termcheck

    db, _ = checked
    conn = read.connect(db)
    try:
        with_variants = termcheck.check(conn)[1]
        without = termcheck.check(conn, variants=False)[1]
    finally:
        conn.close()
    assert any(f.kind == "variant" for f in with_variants)
    assert not any(f.kind == "variant" for f in without)
    assert [f for f in with_variants if f.kind != "variant"] == without


def test_a_longer_name_ends_before_a_date():
    """Issue 30, item 6: "Hunan Daily on December 5" names Hunan Daily; a month or a
    weekday, and the connector before it, are no part of a name."""
    from library.terms.candidates import name_parts

    text = (
        "A column of Hunan Daily on December 5 quoted the Party Report of Hunan Daily on "
        "Monday, and Shanghai Customs met QBPC in May."
    )
    assert [text[a:b] for a, b in name_parts(text)] == [
        "Hunan Daily",
        "Party Report of Hunan Daily",
        "Shanghai Customs",
        "QBPC",
    ]


def test_a_title_case_headline_is_no_name():
    """Issue 30, item 6: a headline quoted in a body ("QBPC and GACC Hold Their First
    Online Exchange Meeting") capitalises words a name writes in lower case; it is not
    offered as a longer name, while a body's name with its connectors still is."""
    from library.terms.candidates import longer_name, name_parts

    text = (
        'The report "QBPC and GACC Hold Their First Online Exchange Meeting" names the '
        "Department of General Operation of the General Administration of Customs."
    )
    names = [text[a:b] for a, b in name_parts(text)]
    assert not any("Hold" in n or "Meeting" in n for n in names), names
    assert names[-2:] == ["Department of General Operation", "General Administration of Customs"]
    meeting = text.index("Exchange Meeting")
    assert longer_name(text, (meeting, meeting + len("Exchange Meeting"))) is None


def test_names_joined_by_and_or_a_possessive_are_each_a_name():
    """Issue 30, item 6: "GACC and QBPC" are two bodies, "Wang Yanan and Fu Qiang of
    GACC" two people and a body, "GACC's" is GACC; "and" inside one body's name stays."""
    from library.terms.candidates import name_parts

    text = (
        "Wang Yanan and Fu Qiang of GACC met QBPC. Sun said GACC and QBPC agree on "
        "GACC's plan with the Ministry of Industry and Information Technology and the "
        "Hong Kong and Macao Affairs Office."
    )
    assert [text[a:b] for a, b in name_parts(text)] == [
        "Wang Yanan",
        "Fu Qiang",
        "GACC",
        "QBPC",
        "Sun",
        "GACC",
        "QBPC",
        "GACC",
        "Ministry of Industry and Information Technology",
        "Hong Kong and Macao Affairs Office",
    ]
