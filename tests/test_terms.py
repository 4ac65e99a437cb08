"""Terminology: translation spotting (CLI, library, Datasette route) on real archives."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT, make_datasette

from library import build as build_mod
from library import spotting, store
from library.cli import cli
from library.termmatch import en_regex, en_spans, zh_spans


@pytest.fixture(scope="module")
def conn(sample_db):
    c = store.connect(sample_db)
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


def test_recovers_terms_removed_from_the_glossary(tmp_path):
    """The evaluation of scripts/eval_terms.py on a small corpus: generated titles,
    bodies and people, none in the glossary, are found from the aligned text alone."""
    from eval_terms import aligned_items, reduced_locales, test_terms
    from make_corpus import generate

    from library.chinese import normalize
    from library.lexicon import default_lexicon

    pages = tmp_path / "pages"
    shutil.copytree(build_mod.sample_dir(), pages / "sample")
    generate(80, pages / "generated", seed=11, days=300)
    terms = test_terms(pages)
    db = tmp_path / "t.db"
    build_mod.build([pages], db, reduced_locales(tmp_path / "locales", set(terms)))
    c = store.connect(db)
    remaining = store.glossary_terms(c)
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
    result = runner.invoke(cli, ["terms", "find", "Department of General Operation",
                                 "-d", str(sample_db), "-n", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "1. 综合业务司" in lines[1] and "glossary: approved" in lines[1]
    assert any(line.strip().startswith("zh: ") and "综合业务司" in line for line in lines)
    result = runner.invoke(cli, ["terms", "find", "孙晓路", "-d", str(sample_db),
                                 "--format", "json"])
    data = json.loads(result.output)
    assert data["lang"] == "zh" and data["renderings"][0]["text"].startswith("Sun")
    assert len(data["renderings"][0]["examples"]) <= 2
    result = runner.invoke(cli, ["terms", "find", "x", "-d", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.output
    result = runner.invoke(cli, ["terms", "find", " ", "-d", str(sample_db)])
    assert result.exit_code == 2 and "TERM" in result.output


async def test_datasette_term_page_and_json(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get("/-/terms.json", params={"term": "Department of General Operation"})
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


def test_metadata_links_the_term_page():
    assert "/-/terms" in (ROOT / "metadata.yml").read_text("utf-8")
