"""Titles are sentence pairs (position 0, bead ``title``): a name that occurs only in
the titles is found by every tool that reads sentence pairs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from helpers import ROOT, make_datasette, search_json, write

from library import build as build_mod
from library.archive import read
from library.cli import cli
from library.query import concordance
from library.translation import tm

PAGES = {
    "2023-03-01-port": (
        "Ningbo Port Handles More Containers - Hunan Daily",
        "宁波港集装箱吞吐量增长 - 湖南日报",
        "The port handled more containers in February than a year earlier.",
        "二月份该港集装箱吞吐量高于去年同期。",
    ),
    "2023-03-02-rail": (
        "New Rail Line Opens in Changsha - Hunan Daily",
        "长沙新铁路线开通 - 湖南日报",
        "A new rail line opened in Changsha on Thursday.",
        "长沙一条新铁路线于周四开通。",
    ),
}


@pytest.fixture(scope="module")
def titled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("titled")
    for stem, (en_title, zh_title, en, zh) in PAGES.items():
        write(folder / "pages" / f"{stem}.en.txt", f"{en_title}\n\n{en}\n")
        write(folder / "pages" / f"{stem}.zh.txt", f"{zh_title}\n\n{zh}\n")
    db = folder / "library.db"
    build_mod.build([folder / "pages"], db, ROOT / "locales")
    return db


def test_each_item_has_its_title_pair_at_position_0(titled):
    with read.open_archive(titled) as conn:
        rows = conn.execute(
            "SELECT item_id, position, paragraph, bead, zh, en FROM segments WHERE position = 0 "
            "ORDER BY item_id"
        ).fetchall()
        body = conn.execute("SELECT min(position) FROM segments WHERE bead != 'title'")
        assert body.fetchone()[0] == 1
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows] == [
        (stem, None, "title", zh_title, en_title)
        for stem, (en_title, zh_title, _, _) in sorted(PAGES.items())
    ]


def test_a_name_only_in_titles_is_found_everywhere(titled, tmp_path):
    runner = CliRunner()
    found = runner.invoke(cli, ["terms", "find", "Hunan Daily", "-d", str(titled)])
    assert found.exit_code == 0, found.output
    assert "湖南日报" in found.output and "0 sentence pair" not in found.output
    with read.open_archive(titled) as conn:
        lines = concordance.lines(conn, "湖南日报")
        assert {(x.item_id, x.position) for x in lines} == {(s, 0) for s in PAGES}
        assert all("Hunan Daily" in x.other for x in lines)
        match = tm.Memory(conn).lookup("New Rail Line Opens in Changsha - Hunan Daily", "en")
        assert match and match[0].score == 100.0
        assert (match[0].item_id, match[0].position) == ("2023-03-02-rail", 0)
        assert match[0].target == "长沙新铁路线开通 - 湖南日报"
    out = tmp_path / "t.tmx"
    exported = runner.invoke(cli, ["export", "tmx", "-d", str(titled), "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    units = ET.parse(out).getroot().findall("./body/tu")
    titles = [u for u in units if u.findtext("prop[@type='x-bead']") == "title"]
    assert {u.get("tuid") for u in titles} == {f"{s}#0" for s in PAGES}


async def test_the_search_finds_title_pairs_but_snippets_show_the_body(titled):
    body = await search_json(make_datasette(titled), q="湖南日报")
    assert body["total"] == 2 and body["segments_total"] == 2
    assert {s["position"] for s in body["segments"]} == {0}
    assert {r["segment"] for r in body["items"]} == {1}
    assert all("湖南日报" not in r["snippet_zh_html"] for r in body["items"])


def test_glossary_terms_in_titles_are_term_uses(sample_db):
    """The checks see titles too: GACC = 海关总署 in "QBPC and GACC Hold …" /
    "品保委与海关总署召开…", on both sides."""
    with read.open_archive(sample_db) as conn:
        uses = conn.execute(
            "SELECT u.en, u.zh FROM term_uses u JOIN terms t ON t.id = u.term_id "
            "WHERE t.en = 'GACC' AND u.item_id = '2022-03-30-qbpc-gacc-online-meeting' "
            "AND u.segment = 0"
        ).fetchall()
    assert uses == [(1, 1)]
