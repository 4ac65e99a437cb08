"""The archive's pages through a real Datasette: side-by-side item page, table, glossary."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import sqlite_utils
from helpers import ROOT, make_datasette, write

from library.archive import read


async def test_item_page_shows_both_versions_paragraph_by_paragraph(ds, sample_db):
    item = "2022-03-30-qbpc-gacc-online-meeting"
    r = await ds.client.get(f"/library/items/{item}")
    assert r.status_code == 200
    page = r.text
    table = page[
        page.index('id="bilingual-item"') : page.index(
            "</table>", page.index('id="bilingual-item"')
        )
    ]
    rows = re.findall(r'<tr class="paragraph[^"]*" data-position="(\d+)">(.*?)</tr>', table, re.S)
    with read.open_archive(sample_db) as conn:
        db_rows = read.item_paragraphs(conn, item)
    assert len(rows) == len(db_rows) == 5
    for (pos, cells), db_row in zip(rows, db_rows, strict=True):
        assert int(pos) == db_row["position"]
        zh = re.search(r'<td lang="zh-Han[st]"[^>]*>(.*?)</td>', cells, re.S).group(1)
        en = re.search(r'<td lang="en"[^>]*>(.*?)</td>', cells, re.S).group(1)
        assert html.unescape(re.sub("<[^>]+>", "", zh)) == db_row["zh"]
        assert html.unescape(re.sub("<[^>]+>", "", en)) == db_row["en"]
    heading = page[page.index("<h1") : page.index("</h1>")]
    assert "品保委与海关总署召开2022年首次线上交流会" in heading
    assert "QBPC and GACC Hold Their First Online Exchange Meeting of 2022" in heading


async def test_one_sided_item_page_says_which_side_is_missing(ds):
    """In the reader's interface language."""
    zh = {"Accept-Language": "zh-CN,zh;q=0.9"}
    en = {"Accept-Language": "en-US,en;q=0.9"}
    r = await ds.client.get("/library/items/2022-09-05-case-nominations", headers=zh)
    assert r.status_code == 200
    assert "（无中文版本）" in r.text
    r = await ds.client.get("/library/items/2022-09-05-case-nominations", headers=en)
    assert "(no Chinese version)" in r.text
    r = await ds.client.get("/library/items/2022-10-20-customs-committee-quarterly", headers=en)
    assert "(no English version)" in r.text
    r = await ds.client.get("/library/items/2022-10-20-customs-committee-quarterly", headers=zh)
    assert "（无英文版本）" in r.text


async def test_other_tables_keep_the_stock_row_page(ds):
    r = await ds.client.get("/library/terms.json?_shape=array&_size=1")
    term_id = r.json()[0]["id"]
    r = await ds.client.get(f"/library/terms/{term_id}")
    assert r.status_code == 200 and "bilingual-item" not in r.text


async def test_items_table_titles_side_by_side_newest_first_with_facets(ds):
    r = await ds.client.get("/library/items", headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 200
    assert "<h1>新闻条目</h1>" in r.text  # metadata.yml's title, through the catalog
    english = await ds.client.get("/library/items", headers={"Accept-Language": "en"})
    assert "<h1>News items</h1>" in english.text and "新闻条目" not in english.text
    for facet in ("category", "year", "status"):
        assert f'id="facet-{facet}"' in r.text
    # A reader's columns by default, every column one click away.
    shown = re.findall(r'<th [^>]*data-column="([^"]+)"', r.text)
    assert shown == ["date", "title_en", "title_zh", "category", "status"]
    every = re.search(r'<p class="bilib-meta" id="readers-columns">.*?<a href="([^"]+)"', r.text)
    everything = await ds.client.get(html.unescape(every.group(1)))
    assert len(re.findall(r"<th [^>]*data-column=", everything.text)) == 16
    r = await ds.client.get("/library/items.json?_shape=array")
    rows = r.json()
    assert rows[0]["date"] == max(row["date"] for row in rows)
    assert all("title_en" in row and "title_zh" in row for row in rows)


async def test_items_search_box_html_escapes_the_query(ds):
    r = await ds.client.get("/library/items", params={"_search": "<script>海关"})
    assert r.status_code == 200
    assert "<script>海关" not in r.text


async def test_glossary_table(ds):
    r = await ds.client.get("/library/terms.json?_shape=array&_size=max")
    rows = {(t["context"], t["en"]): t for t in r.json()}
    assert rows[(None, "Department of General Operation")]["zh"] == "综合业务司"
    assert rows[("acronym", "QBPC")]["status"] == "approved"


async def test_item_page_shows_sentence_pairs(ds, sample_db):
    item = "2022-03-30-qbpc-gacc-online-meeting"
    r = await ds.client.get(f"/library/items/{item}")
    section = r.text[r.text.index('id="bilingual-segments"') :]
    section = section[: section.index("</table>")]
    rows = re.findall(r'<tr class="segment[^"]*" data-paragraph="(\d+)">(.*?)</tr>', section, re.S)
    db_rows = list(
        sqlite_utils.Database(sample_db)["segments"].rows_where(
            "item_id = ? AND paragraph IS NOT NULL", [item], order_by="position"
        )
    )
    assert len(rows) == len(db_rows) > 5
    for (paragraph, cells), db_row in zip(rows, db_rows, strict=True):
        assert int(paragraph) == db_row["paragraph"]
        zh = re.search(r'<td lang="zh-Han[st]"[^>]*>(.*?)</td>', cells, re.S).group(1)
        assert html.unescape(zh) == (db_row["zh"] or "")


async def test_segments_are_searchable_in_both_languages(ds, sample_db):
    r = await ds.client.get(
        "/library/segments.json", params={"_search": "综合业务司", "_shape": "array"}
    )
    rows = r.json()
    assert r.status_code == 200 and len(rows) == 1
    assert "Department of General Operation" in rows[0]["en"]
    r = await ds.client.get(
        "/library/segments.json", params={"_search": "廣州海關", "_shape": "array"}
    )
    assert {row["item_id"] for row in r.json()} == {"briefing-7"}
    assert all("广州海关" in row["zh"] or "廣州海關" in row["zh"] for row in r.json())
    # The view's page links each pair to its item, as a foreign key would.
    page = await ds.client.get("/library/segments", params={"_search": "廣州海關"})
    assert (
        page.status_code == 200
        and '<a href="/library/items/briefing-7">briefing-7</a>' in page.text
    )
    assert (await ds.client.get("/library/items/briefing-7")).status_code == 200


async def test_researcher_canned_queries(ds, sample_db):
    import sqlite3

    with sqlite3.connect(sample_db) as c:
        statuses = dict(c.execute("SELECT status, count(*) FROM items GROUP BY status"))
        gacc_pairs = c.execute(
            "SELECT count(*) FROM term_uses u JOIN terms t ON t.id = u.term_id WHERE t.en = 'GACC'"
        ).fetchone()[0]
    by_year = (
        await ds.client.get("/library/items_by_year.json", params={"_shape": "array"})
    ).json()
    assert by_year == [
        {
            "year": 2022,
            "items": sum(statuses.values()),
            "bilingual": statuses["both"],
            "english_only": statuses["en_only"],
            "chinese_only": statuses["zh_only"],
        }
    ]
    missing = (
        await ds.client.get(
            "/library/missing_translations.json", params={"lang": "zh", "_shape": "array"}
        )
    ).json()
    assert [r["id"] for r in missing] == ["2022-09-05-case-nominations"]
    both = (
        await ds.client.get("/library/missing_translations.json", params={"_shape": "array"})
    ).json()
    assert {r["missing"] for r in both} == {"zh", "en"}
    usage = (
        await ds.client.get(
            "/library/term_usage.json", params={"term": "海關總署", "_shape": "array"}
        )
    ).json()
    gacc = next(r for r in usage if r["en"] == "GACC")
    assert gacc["sentence_pairs"] == gacc_pairs and gacc["in_chinese"] > 0
    assert (
        await ds.client.get("/library/term_usage.json", params={"term": "gacc", "_shape": "array"})
    ).json()[0]["en"] == "GACC"


async def test_bitext_renderers_tsv_and_tmx(ds, sample_db, tmp_path):
    import sqlite3

    from library.exports import tmx

    with sqlite3.connect(sample_db) as c:
        pairs = c.execute(
            "SELECT zh, en FROM segments WHERE zh IS NOT NULL AND en IS NOT NULL "
            "ORDER BY item_id, position"
        ).fetchall()
    r = await ds.client.get("/library/segments.tsv", params={"_size": "max"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated")
    lines = [tuple(line.split("\t")) for line in r.text.splitlines()]
    assert sorted(lines) == sorted(pairs)  # every two-sided pair, nothing else
    r = await ds.client.get("/library/segments.tmx", params={"_size": "max"})
    assert r.status_code == 200
    out = tmp_path / "segments.tmx"
    out.write_text(r.text, "utf-8")
    assert tmx.validate(out) == []
    from translate.storage.tmx import tmxfile

    units = tmxfile(out.open("rb")).units
    assert len(units) == len(pairs)
    # A query with zh and en columns gets the same renderers; one without does not.
    q = await ds.client.get("/library.tsv", params={"sql": "select zh, en from segments limit 2"})
    assert q.status_code == 200 and len(q.text.splitlines()) == 2
    none = await ds.client.get("/library/items.tsv")
    assert none.status_code == 400 and "no zh and en columns" in none.text


async def test_routes_take_hostile_input_without_error(ds):
    hostile = [
        'NEAR("x',
        '"',
        "*",
        "海关 OR",
        "-- ;DROP TABLE items",
        "😀((",
        "a" * 2000,
        "<script>alert(1)</script>",
        "'\"\\",
        "\u0000x",
    ]
    for q in hostile:
        for path, params in [
            ("/-/terms.json", {"term": q}),
            ("/-/terms", {"term": q}),
            ("/-/tm.json", {"q": q}),
            ("/-/concordance.json", {"q": q}),
        ]:
            r = await ds.client.get(path, params=params)
            assert r.status_code in (200, 400), (path, q, r.status_code)
            if r.headers["content-type"].startswith("text/html"):
                assert "<script>alert" not in r.text  # escaped in pages
    page = await ds.client.get("/-/terms", params={"term": "x", "db": "<b>nope</b>"})
    assert page.status_code == 404 and "<b>" not in page.text


async def test_item_page_shades_the_rows_that_need_review(tmp_path):
    """A paragraph row aligned with little evidence (two-sided, score under the
    threshold) is shaded on the item page and counted in items.review."""
    from library import build as build_mod
    from library.model import PARAGRAPH_REVIEW_BELOW

    write(
        tmp_path / "p" / "a.zh.txt",
        "海关会议\n2022-03-01\n\n海关总署召开会议。\n\n海关总署在2022年召开会议。\n",
    )
    write(
        tmp_path / "p" / "a.en.txt",
        "Customs meeting\n2022-03-01\n\nGACC held a meeting.\n\n"
        "In 2019 and 2020 the committee visited many factories, shops and markets in several "
        "provinces to learn about their problems and to hear the views of many people there.\n",
    )
    db = tmp_path / "x.db"
    build_mod.build([tmp_path / "p"], db, ROOT / "locales")
    rows = (
        sqlite_utils.Database(db)
        .execute("SELECT position, zh_index, en_index, score FROM paragraphs")
        .fetchall()
    )
    doubtful = {p for p, zh, en, score in rows if zh and en and score < PARAGRAPH_REVIEW_BELOW}
    assert doubtful  # the constructed pair has one
    assert sqlite_utils.Database(db)["items"].get("a")["review"] == len(doubtful)
    page = (await make_datasette(db).client.get("/x/items/a")).text
    shaded = {
        int(p) for p in re.findall(r'<tr class="paragraph review" data-position="(\d+)"', page)
    }
    assert shaded == doubtful


async def test_item_page_marks_glossary_terms_with_their_rendering(ds):
    page = (await ds.client.get("/library/items/2022-03-30-qbpc-gacc-online-meeting")).text
    body = page[page.index('id="bilingual-item"') :]
    assert re.search(
        r'<a class="term" href="/-/terms\?q=%E7%BB%BC%E5%90%88%E4%B8%9A%E5%8A%A1%E5%8F%B8" '
        r'title="Department of General Operation = 综合业务司">综合业务司</a>',
        body,
    )
    assert re.search(
        r'<a class="term" href="/-/terms\?q=Department\+of\+General\+Operation" '
        r'title="Department of General Operation = 综合业务司">Department of General Operation</a>',
        body,
    )
    # "General Administration of Customs" inside the longer official name is not marked apart.
    assert 'title="General Administration of Customs = 海关总署">General Administration' not in body


def test_the_segments_tables_facets_count_from_an_index(sample_db):
    """The segments table page counts its facets (bead, review) on every view: from an
    index, not a scan of every sentence pair (Datasette's facet query, as it runs it)."""
    conn = sqlite3.connect(sample_db)
    for column in ("bead", "review"):
        plan = " ".join(
            row[-1]
            for row in conn.execute(
                f"EXPLAIN QUERY PLAN select {column} as value, count(*) as count from "
                "(select id, item_id, position, paragraph, bead, zh, en, score, review "
                f"from segments) where {column} is not null group by {column} "
                "order by count desc, value limit 31"
            )
        )
        assert f"COVERING INDEX idx_segment_spans_{column}" in plan, plan


def test_each_concern_is_a_plugin_registered_by_its_entry_point():
    """As Datasette registers its defaults: each module of ``library.web.PLUGINS`` is a
    plugin of its own, and the package's entry points are exactly those."""
    import tomllib

    from datasette.plugins import pm

    import library.web

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert sorted(declared["entry-points"]["datasette"].values()) == sorted(library.web.PLUGINS)
    library.web.register(pm)
    registered = {name for name, _ in pm.list_name_plugin()}
    assert set(library.web.PLUGINS) <= registered
    hooks = {
        h.name
        for name in library.web.PLUGINS
        for h in pm.get_hookcallers(pm.get_plugin(name)) or []
    }
    assert {"asgi_wrapper", "startup", "handle_exception", "register_routes"} <= hooks


def test_every_template_says_in_its_first_line_why_it_is_there():
    """A template named as one of Datasette's replaces it (a fork, to be carried to each
    new Datasette by hand): its first line says it is Datasette 0.65's and why; the
    plugin's own pages say what they are."""
    import datasette

    stock = {p.name for p in (Path(datasette.__file__).parent / "templates").glob("*.html")}
    for template in sorted((ROOT / "library" / "web" / "templates").glob("*.html")):
        first = template.read_text("utf-8").splitlines()[0]
        assert first.startswith("{#- "), template.name
        if template.name in stock:
            assert "Datasette 0.65's" in first, template.name
