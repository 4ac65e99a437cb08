"""The landing page and Datasette's own pages, in the reader's language."""

from __future__ import annotations

import html
import re

import pytest

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}


async def test_landing_page_leads_to_search_and_shows_what_the_archive_holds(ds, sample_db):
    import sqlite3

    page = (await ds.client.get("/", headers=EN)).text
    assert re.search(r'<form action="/-/search"[^>]*id="home-search"', page)
    with sqlite3.connect(sample_db) as c:
        total = c.execute("SELECT count(*) FROM items").fetchone()[0]
        status = dict(c.execute("SELECT status, count(*) FROM items GROUP BY status"))
        newest = c.execute(
            "SELECT id, title_zh, title_en FROM items ORDER BY date DESC, id LIMIT 1"
        ).fetchone()
    assert f">{total} items</a>" in page
    assert f"in both languages: {status['both']}" in page
    assert f"in Chinese only: {status['zh_only']}" in page
    latest = page[page.index('id="home-latest"') :]
    first_row = latest[: latest.index("</tr>")]
    assert f"/library/items/{newest[0]}" in first_row
    for title in newest[1:]:
        if title:
            assert title in first_row
    for href in ("/-/terms", "/library/segments", "/library/terms"):
        assert f'href="{href}"' in page, href


async def test_landing_page_in_chinese(ds):
    page = (await ds.client.get("/", headers=ZH)).text
    assert '<h1 lang="zh-Hans">双语新闻库' in page and "最新条目" in page and "中英文均有：" in page
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", page)  # dates in Chinese form


async def test_datasette_pages_speak_the_interface_language(ds):
    cases = [
        ("/library/items", "7 rows", "7 行"),
        ("/library/items", 'value="Apply"', 'value="应用"'),
        ("/library", ">Tables</h2>", ">表</h2>"),
        ("/library", 'value="Run SQL"', 'value="运行 SQL"'),
        ("/library?sql=select+1", "Custom SQL query returning 1 row", "自定义 SQL 查询，返回 1 行"),
        ("/library/items/2022-03-30-qbpc-gacc-online-meeting", "This data as", "此数据的格式"),
    ]
    for path, english, chinese in cases:
        en = (await ds.client.get(path, headers=EN)).text
        zh = (await ds.client.get(path, headers=ZH)).text
        assert english in en and english not in zh, (path, english)
        assert chinese in zh and chinese not in en, (path, chinese)


async def test_item_heading_is_the_title_in_both_languages(ds):
    page = (await ds.client.get("/library/items/2022-03-30-qbpc-gacc-online-meeting")).text
    heading = re.search(r'<h1 class="bilingual-heading"[^>]*>(.*?)</h1>', page, re.S).group(1)
    assert '<span lang="zh-Hans">品保委与海关总署召开2022年首次线上交流会</span>' in heading
    assert (
        '<span lang="en">QBPC and GACC Hold Their First Online Exchange Meeting of 2022</span>'
        in heading
    )
    assert "2022-03-30-qbpc" not in heading  # not the slug


async def test_content_carries_its_language(ds):
    """Chinese content is marked zh-Hans or zh-Hant by its characters, English en; the
    interface around it has the page's language."""
    items = (await ds.client.get("/library/items", headers=EN)).text
    # The titles are the reader's links to the items.
    assert re.search(
        r'<a href="/library/items/[^"]+" lang="zh-Hans">品保委与海关总署召开2022年首次线上交流会</a>',
        items,
    )
    assert re.search(r'<a href="[^"]+" lang="zh-Hant">[^<]*廣州海關', items)
    assert re.search(
        r'<a href="[^"]+" lang="en">QBPC and GACC Hold Their First Online Exchange Meeting of 2022</a>',
        items,
    )
    versions = (await ds.client.get("/library/versions?lang=zh", headers=EN)).text
    assert '<span lang="zh-Hans">' in versions
    search = (await ds.client.get("/-/search", params={"q": "廣州"}, headers=EN)).text
    assert 'lang="zh-Hant"' in search


async def test_table_description_and_filter_operators_are_translated(ds):
    path = "/library/items?status=both&_sort_desc=date&title_en__contains=QBPC"
    en = html.unescape((await ds.client.get(path, headers=EN)).text)
    zh = html.unescape((await ds.client.get(path, headers=ZH)).text)
    assert (
        'where Status = "in both languages" and English title contains "QBPC", sorted by Date, descending'
        in en
    )
    assert "筛选：状态 =“中英文均有”，且英文标题 包含“QBPC”，按日期降序排列" in zh
    assert ">包含</option>" in zh and ">contains</option>" in en
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", zh, flags=re.S))
    assert "sorted by" not in visible and "contains" not in visible


async def test_the_home_page_is_kept_until_a_database_changes(sample_db, tmp_path):
    """The home page is answered from memory while no database file changed, per
    interface language; a write to the archive (a worksheet import, a rebuild) shows at
    once."""
    import os
    import sqlite3

    from helpers import make_datasette

    db = tmp_path / "library.db"
    db.write_bytes(sample_db.read_bytes())
    ds = make_datasette(db)
    first = (await ds.client.get("/", params={"_lang": "en"})).text
    assert "in English only: 1" in first
    assert "最新条目" in (await ds.client.get("/", params={"_lang": "zh_CN"})).text
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE items SET status = 'en_only' WHERE status = 'both' AND rowid = "
        "(SELECT min(rowid) FROM items WHERE status = 'both')"
    )
    conn.commit()
    conn.close()
    os.utime(db, ns=(time_ns := os.stat(db).st_mtime_ns + 10**9, time_ns))
    again = (await ds.client.get("/", params={"_lang": "en"})).text
    assert "in English only: 2" in again
    assert again != first


async def test_startup_makes_the_home_page_in_each_language(sample_db):
    """The home page is made at startup (before ``bilib serve`` listens), in every
    interface language, so the first readers are answered from memory."""
    from helpers import make_datasette

    from library.web import homecache, i18n

    homecache._pages.clear()
    ds = make_datasette(sample_db)
    await ds.invoke_startup()
    assert {locale for locale, _ in homecache._pages.keys()} == set(i18n.LOCALES)
    stamp = homecache._stamp(ds)
    kept = {key: homecache._pages.get(key, stamp) for key in homecache._pages.keys()}
    for locale in i18n.LOCALES:
        page = await ds.client.get("/", headers={"Accept-Language": locale.replace("_", "-")})
        assert page.status_code == 200
    # Answered from memory: the very pages kept at startup, not made again.
    assert all(homecache._pages.get(key, stamp) is kept[key] for key in kept)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/library/items",
        "/library/items/2022-03-30-qbpc-gacc-online-meeting",
        "/-/search?q=海关",
        "/-/tm",
        "/-/api",
        "/library/nosuch",
    ],
)
async def test_every_page_leads_to_the_tools(ds, path):
    """Issue 30, item 3: search, concordance, translation memory, terms and the API in the
    navigation of every page (error pages too), the page one is on marked."""
    r = await ds.client.get(path, headers={"Accept-Language": "en"})
    nav = r.text[
        r.text.index('<ul class="bilib-tools"') : r.text.index(
            "</ul>", r.text.index('<ul class="bilib-tools"')
        )
    ]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links == ["/-/search", "/-/concordance", "/-/tm", "/-/terms", "/-/api"], path
    for label in ("Search", "Concordance", "Translation memory", "Term lookup", "API"):
        assert f">{label}</a>" in nav
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', nav)
    assert current == ([path.split("?")[0]] if path.startswith("/-/") else [])
