"""Following the archive (issue 26, item 5): an Atom feed of the newest items, in each
language or both, of a saved search too, valid per feedparser and RFC 4287's required
elements; a sitemap of every item page, split as the protocol asks."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from helpers import make_datasette

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def client(sample_db):
    return make_datasette(sample_db).client


def _items(db, where="1"):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            f"SELECT id, date FROM items WHERE {where} ORDER BY rowid DESC"
        ).fetchall()
    finally:
        conn.close()


async def _feed(client, query=""):
    r = await client.get("/-/feed.atom" + query)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(r.text)
    assert not parsed.bozo, parsed.bozo_exception
    return ET.fromstring(r.text.encode("utf-8")), parsed


def _required(root):
    """RFC 4287 4.1.1 and 4.1.2: the feed's id, title, updated and author (or every
    entry's), and each entry's id, title and updated; one alternate link each."""
    for tag in ("id", "title", "updated"):
        assert root.find(A + tag) is not None and root.find(A + tag).text, tag
    assert root.find(f"{A}author/{A}name").text
    for entry in root.findall(A + "entry"):
        for tag in ("id", "title", "updated"):
            assert entry.find(A + tag) is not None, tag
        [link] = [x for x in entry.findall(A + "link") if x.get("rel") == "alternate"]
        assert link.get("href") == entry.find(A + "id").text


async def test_the_feed_holds_the_newest_items_in_both_languages(client, sample_db):
    root, parsed = await _feed(client)
    _required(root)
    expected = _items(sample_db)
    entries = root.findall(A + "entry")
    assert [urlsplit(e.find(A + "id").text).path.rsplit("/", 1)[1] for e in entries] == [
        i for i, _ in expected
    ]
    for entry in entries:  # each item's URL answers with the item
        assert (await client.get(urlsplit(entry.find(A + "id").text).path)).status_code == 200
    both = next(e for e in entries if e.find(A + "title").get("type") == "xhtml")
    spans = both.find(A + "title").iter("{http://www.w3.org/1999/xhtml}span")
    assert {s.get(XML_LANG) for s in spans} == {"zh-Hans", "en"}
    assert parsed.feed.title == "Bilingual news library (sample)"
    assert parsed.entries[0].updated.startswith(expected[0][1])


@pytest.mark.parametrize("lang, status", [("zh", "zh_only"), ("en", "en_only")])
async def test_a_feed_in_one_language_is_that_languages_items(client, sample_db, lang, status):
    root, parsed = await _feed(client, f"?lang={lang}")
    _required(root)
    expected = [i for i, _ in _items(sample_db, f"status IN ('both', '{status}')")]
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == expected
    for entry in root.findall(A + "entry"):
        for tag in ("title", "summary"):
            assert entry.find(A + tag).get(XML_LANG).startswith(lang), tag
    if lang == "zh":
        assert parsed.feed.title == "双语新闻库（示例）"


async def test_a_saved_search_feed_follows_what_the_search_finds(client):
    found = (await client.get("/-/search.json?q=海关&size=50")).json()
    _, parsed = await _feed(client, "?q=海关")
    assert {e.link.rsplit("/", 1)[1] for e in parsed.entries} == {i["id"] for i in found["items"]}
    assert parsed.feed.title.endswith(": 海关")
    _, none = await _feed(client, "?q=nosuchwordanywhere")
    assert none.entries == []


async def test_bad_feed_parameters_are_named(client):
    r = await client.get("/-/feed.atom?lang=fr")
    assert r.status_code == 400 and "lang" in r.json()["error"]
    r = await client.get("/-/feed.atom?q=" + "海" * 600)
    assert r.status_code == 400 and "q" in r.json()["error"]


async def test_the_home_and_search_pages_link_their_feeds(client):
    home = (await client.get("/", headers={"Accept-Language": "en"})).text
    assert '<link rel="alternate" type="application/atom+xml" href="/-/feed.atom"' in home
    search = (await client.get("/-/search?q=海关")).text
    assert 'type="application/atom+xml" href="/-/feed.atom?q=%E6%B5%B7%E5%85%B3"' in search


async def test_the_sitemap_lists_every_item_page(client, sample_db):
    r = await client.get("/sitemap.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(r.text.encode("utf-8"))
    assert root.tag == S + "urlset"
    locs = [u.find(S + "loc").text for u in root.findall(S + "url")]
    assert sorted(urlsplit(u).path.rsplit("/", 1)[1] for u in locs) == sorted(
        i for i, _ in _items(sample_db)
    )
    for url in locs:
        assert (await client.get(urlsplit(url).path)).status_code == 200


async def test_a_large_archives_sitemap_is_an_index_of_parts(client, sample_db, monkeypatch):
    from library.web import feeds

    monkeypatch.setattr(feeds, "SITEMAP_URLS", 3)  # the sample's 7 items: three parts
    root = ET.fromstring((await client.get("/sitemap.xml")).text.encode("utf-8"))
    assert root.tag == S + "sitemapindex"
    parts = [urlsplit(s.find(S + "loc").text).path for s in root.findall(S + "sitemap")]
    assert parts == ["/-/sitemap-1.xml", "/-/sitemap-2.xml", "/-/sitemap-3.xml"]
    seen = []
    for part in parts:
        urlset = ET.fromstring((await client.get(part)).text.encode("utf-8"))
        seen += [u.find(S + "loc").text for u in urlset.findall(S + "url")]
    assert len(seen) == len(set(seen)) == len(_items(sample_db))
    assert (await client.get("/-/sitemap-4.xml")).status_code == 404
