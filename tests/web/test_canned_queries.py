"""Canned queries for people (issue 14): SQL hidden unless asked for, parameters as
labelled inputs (a choice list where there are few values), item ids as links, and
descriptions written in Markdown shown as HTML."""

from __future__ import annotations

import re


async def test_sql_is_hidden_unless_asked_for(ds):
    page = (await ds.client.get("/library/search", params={"q": "海关", "_lang": "en"})).text
    assert "order by" not in page.lower() and "_show_sql=1" in page
    shown = (
        await ds.client.get(
            "/library/search", params={"q": "海关", "_show_sql": "1", "_lang": "en"}
        )
    ).text
    assert "bm25(items_fts" in shown


async def test_parameters_are_labelled_inputs_and_sort_a_choice_list(ds):
    page = (await ds.client.get("/library/search", params={"q": "海关", "_lang": "en"})).text
    assert re.search(r'<label for="qp\d">Words to search</label>', page)
    select = re.search(r'<select id="qp\d" name="sort">(.*?)</select>', page, re.S)
    assert select and re.findall(r'value="(\w+)"', select.group(1)) == [
        "relevance",
        "newest",
        "oldest",
    ]
    zh = (await ds.client.get("/library/search", params={"q": "海关", "_lang": "zh-CN"})).text
    assert "最新在前" in zh and "检索词" in zh
    lacking = (await ds.client.get("/library/missing_translations", params={"_lang": "en"})).text
    assert re.search(r'<select id="qp\d" name="lang">', lacking)


async def test_sort_orders_the_rows(ds):
    for sort, reverse in (("newest", True), ("oldest", False)):
        rows = (
            await ds.client.get(
                "/library/search.json", params={"q": "海关", "sort": sort, "_shape": "array"}
            )
        ).json()
        dates = [r["date"] for r in rows]
        assert len(rows) > 2 and dates == sorted(dates, reverse=reverse), sort


async def test_item_ids_link_to_their_items_and_only_those(ds):
    page = (await ds.client.get("/library/search", params={"q": "海关"})).text
    assert '<a href="/library/items/2022-06-21-shenzhen-earphone-seizure">' in page
    terms = (
        await ds.client.get("/library", params={"sql": "select id, en from terms limit 3"})
    ).text
    ids = re.findall(r'<td class="col-id[^"]*">([^<]*)</td>', terms)
    assert ids and all("<a" not in i for i in ids)  # a term id is not an item


async def test_descriptions_are_markdown(ds):
    page = (await ds.client.get("/library/search", params={"_lang": "en"})).text
    description = page[page.index('class="metadata-description"') :][:2000]
    assert '<a href="/-/search">search page</a>' in description
    assert "<code>" in description and "<em>q</em>" in description and "*q*" not in description
