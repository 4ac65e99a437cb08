"""One concordance engine behind the CLI, the JSON route, the exports and the page
(issue 14): the same lines everywhere, bad parameters named, renderings over time."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from library.archive import read
from library.cli import cli
from library.exports import tmx

TERMS = ("海關總署", "right holder", "QBPC", "custom", "综合业务司")


def test_contexts_sorting_and_whole_words(sample_db):
    from library.query import concordance

    with read.open_archive(sample_db) as conn:
        lines = concordance.lines(conn, "海關總署", context=6)
        assert lines and all(x.match == "海关总署" for x in lines)
        assert all(len(x.left) <= 6 and len(x.right) <= 6 for x in lines)
        dates = [x.date or "" for x in lines]
        assert dates == sorted(dates, reverse=True)  # newest first
        first = next(
            x
            for x in lines
            if x.item_id == "2022-03-30-qbpc-gacc-online-meeting" and x.position == 1
        )
        assert first.left.endswith("成员，同") and first.right.startswith("综合业务司")
        assert "GACC" in first.other
        # The rendering is marked in the aligned sentence.
        assert any(first.other[a:b] == "GACC" for a, b in first.other_marks)
        right = concordance.lines(conn, "海关总署", sort="right", context=6)
        assert [x.right.lower() for x in right] == sorted(x.right.lower() for x in right)
        left = concordance.lines(conn, "海关总署", sort="left", context=6)
        assert [x.left[::-1].lower() for x in left] == sorted(x.left[::-1].lower() for x in left)
        english = concordance.lines(conn, "right holder")
        assert english and all(x.match.lower().startswith("right holder") for x in english)
        # "custom" finds customs (the canned query found nothing)
        assert all(x.match.lower() == "customs" for x in concordance.lines(conn, "custom"))
        assert concordance.lines(conn, "custom")


@pytest.mark.parametrize("term", TERMS)
async def test_the_same_lines_from_cli_json_page_and_csv(ds, sample_db, term):
    key = ("item_id", "position", "left", "match", "right")
    cli_csv = CliRunner().invoke(
        cli, ["concordance", term, "--format", "csv", "-c", "20", "--database", str(sample_db)]
    )
    assert cli_csv.exit_code == 0, cli_csv.output
    from_cli = [tuple(r[k] for k in key) for r in csv.DictReader(io.StringIO(cli_csv.output))]
    assert from_cli, term
    params = {"q": term, "context": "20", "size": "500"}
    data = (await ds.client.get("/-/concordance.json", params=params)).json()
    from_json = [tuple(str(x[k]) for k in key) for x in data["lines"]]
    web_csv = (await ds.client.get("/-/concordance.csv", params=params)).text
    from_csv = [tuple(r[k] for k in key) for r in csv.DictReader(io.StringIO(web_csv))]
    tsv = (await ds.client.get("/-/concordance.tsv", params=params)).text
    from_tsv = [tuple(r[k] for k in key) for r in csv.DictReader(io.StringIO(tsv), delimiter="\t")]
    assert from_cli == from_json == from_csv == from_tsv
    page = (await ds.client.get("/-/concordance", params={**params, "_lang": "en"})).text
    table = page[page.index('id="concordance-lines"') :]
    assert table.count('<td class="match"') == len(from_cli)
    for _, _, _, match, _ in from_cli:
        assert f">{match}</td>" in table


async def test_the_lines_as_tmx(ds, tmp_path):
    r = await ds.client.get("/-/concordance.tmx", params={"q": "海关总署"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-tmx+xml")
    path = tmp_path / "lines.tmx"
    path.write_bytes(r.content)
    assert tmx.validate(path) == []
    units = etree.parse(str(path)).findall(".//tu")
    assert units and all(
        "海关总署" in "".join(u.itertext()) or "海關總署" in "".join(u.itertext()) for u in units
    )


@pytest.mark.parametrize("sort", ["date", "left"])
async def test_the_lines_as_tmx_in_one_script(ds, tmp_path, sort):
    """``?target_script=`` writes every Chinese side in one script, as ``bilib export tmx
    --target-script`` does, the converted units marked (issue 30, item 7b)."""
    from library.text.chinese import is_traditional

    asis = await ds.client.get("/-/concordance.tmx", params={"q": "海关", "sort": sort})
    zh = [s for s in _segs(asis.content, "zh")]
    assert any(is_traditional(s) for s in zh) and not all(is_traditional(s) for s in zh)
    for script, wanted in (("simplified", False), ("traditional", True)):
        r = await ds.client.get(
            "/-/concordance.tmx", params={"q": "海关", "sort": sort, "target_script": script}
        )
        path = tmp_path / f"{script}.tmx"
        path.write_bytes(r.content)
        assert tmx.validate(path) == []
        sides = _segs(r.content, "zh")
        assert len(sides) == len(zh)
        from translate.storage.tmx import tmxfile

        assert len(tmxfile(r.content).units) == len(sides)  # as translate-toolkit reads it
        assert all(is_traditional(s) == wanted for s in sides if _script_matters(s))
        converted = etree.parse(str(path)).findall(".//tu/prop[@type='x-converted']")
        assert converted and len(converted) < len(sides)
    bad = await ds.client.get("/-/concordance.tmx", params={"q": "海关", "target_script": "x"})
    assert bad.status_code == 400 and "target_script" in bad.json()["error"]


def _segs(content: bytes, lang: str) -> list[str]:
    root = etree.fromstring(content)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    return [
        "".join(tuv.find("seg").itertext())
        for tuv in root.iter("tuv")
        if tuv.get(xml_lang, "").startswith(lang)
    ]


def _script_matters(text: str) -> bool:
    """Whether ``text`` is written differently in the two scripts (a sentence of names
    and numbers is in both at once)."""
    from library.text.chinese import to_script

    return to_script(text, "Hans") != to_script(text, "Hant")


@pytest.mark.parametrize(
    "params, name",
    [
        ({"q": "QBPC", "context": "-5"}, "context"),
        ({"q": "QBPC", "context": "501"}, "context"),
        ({"q": "QBPC", "context": "wide"}, "context"),
        ({"q": "QBPC", "sort": "foo"}, "sort"),
        ({"q": "QBPC", "lang": "fr"}, "lang"),
        ({"q": "QBPC", "offset": "-1"}, "offset"),
        ({"q": "QBPC", "size": "0"}, "size"),
        ({"q": ""}, "q"),
    ],
)
async def test_each_bad_parameter_answers_400_naming_it(ds, params, name):
    for path in ("/-/concordance.json", "/-/concordance.csv", "/-/concordance"):
        if path == "/-/concordance" and not params["q"]:
            continue  # the page without a query: its empty form (below)
        r = await ds.client.get(path, params=params)
        assert r.status_code == 400, (path, params)
        assert re.search(rf"\b{name}\b", r.text), (path, r.text[:200])


async def test_the_page_without_a_query_is_its_empty_form(ds):
    r = await ds.client.get("/-/concordance", params={"q": " "})
    assert r.status_code == 200 and 'id="concordance-form"' in r.text
    assert 'id="concordance-summary"' not in r.text


async def test_renderings_over_time_with_a_chart(ds):
    data = (await ds.client.get("/-/concordance.json", params={"q": "海关总署"})).json()
    found = {r["text"]: r for r in data["renderings"]}
    assert {"GACC", "General Administration of Customs"} <= set(found)
    gacc = found["GACC"]
    assert gacc["status"] == "approved" and gacc["pairs"] >= 1
    assert gacc["first"] <= gacc["last"] and sum(n for _, n in gacc["years"]) == gacc["pairs"]
    page = (await ds.client.get("/-/concordance", params={"q": "海关总署", "_lang": "en"})).text
    assert 'id="concordance-renderings"' in page and page.count("<svg") >= 2
    assert '<mark class="equivalent">GACC</mark>' in page


async def test_the_page_pages_and_sorts(ds):
    first = (await ds.client.get("/-/concordance.json", params={"q": "QBPC", "size": "2"})).json()
    second = (
        await ds.client.get("/-/concordance.json", params={"q": "QBPC", "size": "2", "offset": "2"})
    ).json()
    assert first["pairs"] == second["pairs"] > 2
    ones = {(x["item_id"], x["position"]) for x in first["lines"]}
    twos = {(x["item_id"], x["position"]) for x in second["lines"]}
    assert ones and twos and not ones & twos
    page = (await ds.client.get("/-/concordance", params={"q": "QBPC", "size": "2"})).text
    assert 'rel="next"' in page and "sort=left" in page
