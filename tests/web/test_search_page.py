"""The search-all page (/-/search and .json) on a constructed archive."""

from __future__ import annotations

import random

import pytest
from helpers import ROOT, hostile_query, make_datasette, search_json, too_big, write

from library import build as build_mod

PAGES = {
    # id: (date, category, (title_en, body_en), (title_zh, body_zh))
    "title-hit": (
        "2019-05-01",
        "News",
        ("Customs Recordation Explained", "A short note."),
        ("海关备案说明", "简短说明。"),
    ),
    "body-hit": (
        "2022-05-01",
        "News",
        ("A Short Note", "Customs recordation, explained."),
        ("简短说明", "海关备案说明。"),
    ),
    "tie-old": (
        "2018-03-01",
        "Seizures",
        ("Ningbo Seizure", "Ningbo Customs seized toys."),
        ("宁波查获", "宁波海关查获玩具。"),
    ),
    "tie-new": (
        "2021-03-01",
        "Seizures",
        ("Ningbo Seizure", "Ningbo Customs seized toys."),
        ("宁波查获", "宁波海关查获玩具。"),
    ),
    "escape": (
        "2020-01-01",
        "News",
        ("Markup <b>& Co</b>", "The <b>tag</b> & recordation."),
        ("标记", "<b>标签</b>与海关备案&。"),
    ),
    "traditional": (
        "2020-06-01",
        "News",
        ("Training in Shenzhen", "QBPC trained officers."),
        ("深圳培訓", "品保委為深圳海關關員舉辦培訓。"),
    ),
}


def _page(item_id, date, category, lang, title, body):
    return (
        f"---\nid: {item_id}\ntitle: {title}\ndate: {date}\nlang: {lang}\n"
        f"category: {category}\n---\n\n{body}\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for item_id, (date, category, en, zh) in PAGES.items():
        write(folder / f"{item_id}.en.md", _page(item_id, date, category, "en", *en))
        write(folder / f"{item_id}.zh.md", _page(item_id, date, category, "zh", *zh))
    db = tmp_path_factory.mktemp("db") / "library.db"
    build_mod.build([folder], db, ROOT / "locales")
    return db


@pytest.fixture
def sds(built):
    return make_datasette(built)


_search = search_json


async def test_titles_rank_above_bodies_and_newer_items_win_ties(sds):
    ids = [h["id"] for h in (await _search(sds, q="recordation"))["items"]]
    assert ids.index("title-hit") < ids.index("body-hit")
    ids = [h["id"] for h in (await _search(sds, q="Ningbo seized"))["items"]]
    assert ids == ["tie-new", "tie-old"]


async def test_snippets_in_both_languages_highlight_the_query(sds):
    hit = next(h for h in (await _search(sds, q="备案"))["items"] if h["id"] == "body-hit")
    assert hit["snippet_zh_html"] == "海关<mark>备案</mark>说明。"
    # The aligned sentence, with the rendering the spotter finds for 备案 marked.
    assert (
        hit["snippet_en_html"] == 'Customs <mark class="equivalent">recordation</mark>, explained.'
    )
    assert (await _search(sds, q="备案"))["spotted"] == {"en": ["recordation"]}
    assert hit["found_in"] == ["zh"]
    hit = (await _search(sds, q="QBPC 海关"))["items"][0]
    assert hit["id"] == "traditional" and hit["found_in"] == []  # one word in each language
    assert "<mark>海關</mark>" in hit["snippet_zh_html"]  # Simplified query, Traditional text
    assert hit["snippet_en_html"].startswith("<mark>QBPC</mark> trained")


async def test_highlighting_never_breaks_escaping(sds):
    body = await _search(sds, q="recordation b")
    hit = next(h for h in body["items"] if h["id"] == "escape")
    assert hit["title_en_html"] == "Markup &lt;<mark>b</mark>&gt;&amp; Co&lt;/<mark>b</mark>&gt;"
    # (Markdown bodies lose their tags; the & stays and is escaped.)
    assert hit["snippet_en_html"] == "The tag &amp; <mark>recordation</mark>."
    page = (await sds.client.get("/-/search", params={"q": "<script>alert(1)</script> b"})).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


async def test_facets_filter_and_page(sds):
    body = await _search(sds, q="海关")
    assert body["total"] == 6
    assert {f["value"]: f["count"] for f in body["facets"]["year"]} == {
        2022: 1,
        2021: 1,
        2020: 2,
        2019: 1,
        2018: 1,
    }
    assert {f["value"]: f["count"] for f in body["facets"]["category"]} == {
        "News": 4,
        "Seizures": 2,
    }
    assert {f["value"]: f["count"] for f in body["facets"]["lang"]} == {
        "zh": 6,
        "en": 0,
        "zh+en": 0,
    }
    body = await _search(sds, q="海关", year="2020")
    assert {h["id"] for h in body["items"]} == {"escape", "traditional"}
    body = await _search(sds, q="海关", category="Seizures")
    assert {h["id"] for h in body["items"]} == {"tie-old", "tie-new"}
    assert (await _search(sds, q="customs", lang="zh"))["total"] == 0
    assert (await _search(sds, q="customs", lang="en"))["total"] == 4
    seen, url = [], "/-/search.json?q=%E6%B5%B7%E5%85%B3&size=4"
    while url:
        page = (await sds.client.get(url)).json()
        seen += [h["id"] for h in page["items"]]
        # `next` is absolute, as a script follows it; the test client takes its path
        assert page["next"] is None or page["next"].startswith("http://localhost/-/search.json?")
        url = page["next"] and page["next"].removeprefix("http://localhost")
    assert len(seen) == 6 and set(seen) == {h for h in PAGES if h != "title-hit"} | {"title-hit"}


async def test_query_forms_mixed_traditional_phrase_prefix(sds):
    assert [h["id"] for h in (await _search(sds, q="深圳海關"))["items"]] == ["traditional"]
    assert {h["id"] for h in (await _search(sds, q='"customs recordation"'))["items"]} == {
        "title-hit",
        "body-hit",
    }
    assert (await _search(sds, q='"recordation customs"'))["total"] == 0
    assert {h["id"] for h in (await _search(sds, q="recordat*"))["items"]} == {
        "title-hit",
        "body-hit",
        "escape",
    }
    assert (await _search(sds, q="recordat"))["total"] == 0  # whole words without the *
    # FTS5 syntax is plain text: words joined by punctuation make a phrase
    body = await _search(sds, q="NEAR(customs toys)")
    assert body["expression"] == '"near customs" AND "toys"' and body["total"] == 0


async def test_segments_and_glossary_terms_come_with_the_items(sds):
    body = await _search(sds, q="GACC")
    assert any(t["en"] == "GACC" for t in body["terms"])
    body = await _search(sds, q="玩具")
    assert body["segments_total"] == 2
    assert all("<mark>玩具</mark>" in s["zh_html"] for s in body["segments"])


async def test_html_page_shows_facets_hits_and_paging(sds):
    page = (await sds.client.get("/-/search", params={"q": "海关", "size": "2"})).text
    assert 'id="search-facets"' in page and "Seizures" in page
    assert page.count('class="bilib-hit"') == 2 and 'rel="next"' in page
    assert (await sds.client.get("/-/search", params={"q": "x", "year": "soon"})).status_code == 400


@pytest.mark.slow
async def test_hostile_queries_never_fail_the_search_page(sds):
    rng = random.Random(11)
    for q in [hostile_query(rng) for _ in range(300)] + ['"', "*", "((", "-", "NEAR(", "\x00"]:
        r = await sds.client.get("/-/search.json", params={"q": q, "size": "3"})
        if len(q) > 500 or (too_big(q) and r.status_code == 400):  # refused, saying why
            assert r.status_code == 400 and r.json()["error"].startswith("q"), q
            continue
        assert r.status_code == (200 if q.strip() else 400), (q, r.text[:200])
        assert r.json()["ok"] is bool(q.strip())


def test_category_facet_is_estimated_beyond_the_exact_limit(sample_db):
    from library.archive import read
    from library.query import search_all

    with read.open_archive(sample_db) as conn:
        exact = search_all.search(conn, "海关")
        estimated = search_all.search(conn, "海关", exact_categories_up_to=2)
    truth = {f["value"]: f["count"] for f in exact.facets["category"]}
    assert exact.approximate == [] and sum(truth.values()) == exact.total == 6
    assert estimated.approximate == ["category"]
    guess = {f["value"]: f["count"] for f in estimated.facets["category"]}
    assert set(guess) <= set(truth) and guess
    assert estimated.facets["year"] == exact.facets["year"]  # the other facets stay exact


async def test_results_lead_and_the_glossary_is_one_line_after_them(sds):
    page = (await sds.client.get("/-/search", params={"q": "海关"})).text
    assert page.index('id="search-items"') < page.index('id="search-terms"')
    if 'id="search-segments"' in page:
        assert page.index('id="search-segments"') < page.index('id="search-terms"')
    terms = page[page.index('id="search-terms"') :]
    terms = terms[: terms.index("</p>")]
    assert "<li" not in terms and "<h2" not in terms  # one compact line, not a list
