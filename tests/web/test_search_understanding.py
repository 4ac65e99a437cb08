"""Search as a translator uses it (issue 14): the phrase first and as one span, no
function word highlighted alone, the rendering of what was searched marked in the
other language, items found through the glossary and labelled so, the reader's
operators, and facets whose counts are what clicking them returns."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, make_datasette, search_json, write

from library import build as build_mod

# id: (date, (category_en, title_en, body_en) or None, (category_zh, title_zh, body_zh) or None)
PAGES = {
    "together": (
        "2016-01-05",
        (
            "News",
            "Officials Meet the Department of General Operation",
            "Officials of the Department of General Operation met industry representatives.",
        ),
        ("新闻", "官员会见综合业务司", "综合业务司官员会见了行业代表。"),
    ),
    "scattered": (
        "2023-02-01",
        (
            "News",
            "General Meeting Reviews Department Operation",
            "The general meeting of the "
            "association reviewed the operation of each department and the general budget.",
        ),
        ("新闻", "协会全体大会审议各部门运作", "协会全体大会审议了各部门的运作和总预算。"),
    ),
    "gacc": (
        "2021-04-01",
        (
            "Seizures",
            "GACC Publishes Seizure Figures",
            "The General Administration of Customs published its seizure figures for the year.",
        ),
        ("查获", "海关总署公布查获数据", "海关总署公布了全年的查获数据。"),
    ),
    "zh-only": ("2020-03-03", None, ("新聞", "品保委召開會員大會", "品保委召開年度會員大會。")),
    "en-qbpc": (
        "2019-09-09",
        ("News", "QBPC Annual Meeting", "QBPC held its annual meeting."),
        ("新闻", "品保委召开年会", "品保委召开了年会。"),
    ),
    "police": (
        "2018-08-08",
        ("Seizures", "Police Seize Fake Watches", "Police seized fake watches in Shenzhen."),
        ("查获", "警方查获假冒手表", "警方在深圳查获假冒手表。"),
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for item_id, (date, en, zh) in PAGES.items():
        for lang, version in (("en", en), ("zh", zh)):
            if version:
                category, title, body = version
                write(
                    folder / f"{item_id}.{lang}.md",
                    f"---\nid: {item_id}\ntitle: {title}\ndate: {date}\nlang: {lang}\n"
                    f"category: {category}\n---\n\n{body}\n",
                )
    db = tmp_path_factory.mktemp("db") / "library.db"
    build_mod.build([folder], db, ROOT / "locales")
    return db


@pytest.fixture
def ds(built):
    return make_datasette(built)


_search = search_json


def _html(body) -> str:
    """Every marked text of a search answer."""
    return " ".join(
        [v for h in body["items"] for k, v in h.items() if k.endswith("_html")]
        + [v for s in body["segments"] for k, v in s.items() if k.endswith("_html")]
    )


async def test_the_phrase_ranks_first_and_is_one_span(ds):
    body = await _search(ds, q="Department of General Operation")
    ids = [h["id"] for h in body["items"]]
    assert ids[0] == "together" and "scattered" in ids  # older, but the words stand together
    top = body["items"][0]
    assert "<mark>Department of General Operation</mark>" in top["title_en_html"]
    assert "<mark>Department of General Operation</mark>" in top["snippet_en_html"]
    scattered = next(h for h in body["items"] if h["id"] == "scattered")
    assert "<mark>General</mark>" in scattered["title_en_html"]  # the words, one by one


async def test_no_function_word_is_highlighted_alone(ds):
    for q in ("Department of General Operation", "the general meeting", "meeting of the"):
        html = _html(await _search(ds, q=q))
        assert html
        for word in ("of", "the", "Of", "The"):
            assert f"<mark>{word}</mark>" not in html, (q, word)
    # A query of nothing but function words still shows what it found.
    assert "<mark>the</mark>" in _html(await _search(ds, q="the")).lower()


async def test_the_glossary_rendering_is_marked_on_the_other_side(ds):
    body = await _search(ds, q="Department of General Operation")
    top = body["items"][0]
    assert '<mark class="equivalent">综合业务司</mark>' in top["title_zh_html"]
    assert '<mark class="equivalent">综合业务司</mark>' in top["snippet_zh_html"]
    assert body["expanded"] == [
        {
            "form": "Department of General Operation",
            "lang": "en",
            "renderings": ["综合业务司"],
            "status": "approved",
        }
    ]
    body = await _search(ds, q="海关总署")
    hit = next(h for h in body["items"] if h["id"] == "gacc")
    assert '<mark class="equivalent">GACC</mark>' in hit["title_en_html"]
    assert (
        '<mark class="equivalent">General Administration of Customs</mark>'
        in hit["snippet_en_html"]
    )
    assert "<mark>海关总署</mark>" in hit["title_zh_html"]


async def test_the_spotter_marks_a_rendering_when_the_glossary_has_none(ds):
    body = await _search(ds, q="watches")
    assert body["expanded"] == [] and body["spotted"].get("zh")
    pair = body["segments"][0]
    assert (
        '<mark class="equivalent">' in pair["zh_html"] and "<mark>watches</mark>" in pair["en_html"]
    )


async def test_a_chinese_only_item_is_found_through_the_glossary(ds):
    body = await _search(ds, q="QBPC")
    found = {h["id"]: h["via_glossary"] for h in body["items"]}
    assert found == {"en-qbpc": [], "zh-only": ["品保委"]}
    assert '<mark class="equivalent">品保委</mark>' in next(
        h["title_zh_html"] for h in body["items"] if h["id"] == "zh-only"
    )
    plain = await _search(ds, q="QBPC", expand="0")
    assert [h["id"] for h in plain["items"]] == ["en-qbpc"] and plain["expanded"] == []
    page = (await ds.client.get("/-/search", params={"q": "QBPC", "_lang": "en"})).text
    assert "via the glossary:" in page and "search without the glossary" in page
    body = await _search(ds, q="General Administration of Customs", expand="0")
    assert [h["id"] for h in body["items"]] == ["gacc"]
    body = await _search(ds, q="海关总署 OR 品保委")
    assert {h["id"] for h in body["items"]} == {"gacc", "zh-only", "en-qbpc"}


async def test_fuzzy_renderings_only_when_asked(ds, built, tmp_path):
    assert (await _search(ds, q="QBPC", fuzzy="1"))["total"] >= 2
    r = await ds.client.get("/-/search.json", params={"q": "QBPC", "fuzzy": "maybe"})
    assert r.status_code == 400 and "fuzzy" in r.json()["error"]
    r = await ds.client.get("/-/search.json", params={"q": "QBPC", "expand": "yes"})
    assert r.status_code == 400 and "expand" in r.json()["error"]


async def test_or_exclusion_phrase_and_prefix(ds):
    ids = {h["id"] for h in (await _search(ds, q="police OR 品保委"))["items"]}
    assert ids == {"police", "en-qbpc", "zh-only"}
    assert (await _search(ds, q="police -fake"))["total"] == 0
    assert [h["id"] for h in (await _search(ds, q="police -QBPC"))["items"]] == ["police"]
    assert [h["id"] for h in (await _search(ds, q='seiz* -"fake watches"'))["items"]] == ["gacc"]
    assert [h["id"] for h in (await _search(ds, q="-police"))["items"]] == ["police"]  # alone
    body = await _search(ds, q="meeting OR")  # a dangling OR is a word
    assert body["total"] == 0


FACET_QUERIES = ("meeting", "查获", "品保委", "QBPC", "the")


@pytest.mark.parametrize("q", FACET_QUERIES)
async def test_every_facet_count_is_what_clicking_it_returns(ds, q):
    body = await _search(ds, q=q, segments="100")
    assert body["total"]
    for name in ("year", "category", "lang"):
        for f in body["facets"][name]:
            if f["value"] in (None, "zh+en"):
                continue
            clicked = await _search(ds, q=q, segments="100", **{name: str(f["value"])})
            assert clicked["total"] == f["count"], (name, f)
            if name == "lang":
                side = f["value"]
                assert all(re.search("<mark", s[f"{side}_html"]) for s in clicked["segments"])
            elif name == "year":
                assert all(s["date"].startswith(str(f["value"])) for s in clicked["segments"])
            assert clicked["segments_total"] <= body["segments_total"]


async def test_a_category_is_one_thing_in_both_languages_and_scripts(ds):
    body = await _search(ds, q="品保委")
    assert body["facets"]["category"] == [{"value": "News", "count": 2, "en": "News", "zh": "新闻"}]
    for name in ("News", "新闻", "新聞"):
        assert (await _search(ds, q="品保委", category=name))["total"] == 2
    assert (await _search(ds, q="海关总署", lang="en", expand="0"))["segments_total"] == 0
    # GACC's: the first sentence and the title pair ("QBPC and GACC Hold …")
    assert (await _search(ds, q="海关总署", lang="en"))["segments_total"] == 2
    assert (await _search(ds, q="海关总署", category="News"))["segments_total"] == 0
    for lang, label in (("zh-CN", "新闻"), ("zh-TW", "新聞"), ("en", "News")):
        page = (await ds.client.get("/-/search", params={"q": "品保委", "_lang": lang})).text
        facets = page[page.index('id="search-facets"') : page.index('id="search-items"')]
        assert f">{label}</a>" in facets, lang


def test_the_phrase_ranks_first_when_too_many_items_match_for_bm25(built):
    from library.archive import read
    from library.query import search_all

    with read.open_archive(built) as conn:
        found = search_all.search(conn, "Department of General Operation", rank_up_to=1)
        assert found.ranking == "phrase, then newest"
        assert [h.id for h in found.items][:1] == ["together"] and found.total >= 2
        paged = search_all.search(conn, "Department of General Operation", rank_up_to=1, size=1)
        second = search_all.search(
            conn, "Department of General Operation", rank_up_to=1, size=1, offset=1
        )
        assert [h.id for h in paged.items + second.items] == [h.id for h in found.items][:2]
        assert search_all.search(conn, "QBPC", rank_up_to=1).ranking == "titles, then newest"


async def test_single_characters_are_not_sent_to_the_spotter(ds):
    """A one-character query matches most sentence pairs and is rendered by nothing in
    particular: it costs the spotter most and tells it least."""
    assert (await _search(ds, q="查"))["spotted"] == {}
    assert (await _search(ds, q="watches"))["spotted"]


async def test_the_items_table_shows_categories_by_their_name_in_the_interface_language(ds):
    for lang, label in (("zh-CN", "新闻"), ("zh-TW", "新聞"), ("en", "News")):
        page = (await ds.client.get("/library/items", params={"_lang": lang})).text
        facet = page[page.index('id="facet-category"') :]
        facet = facet[: facet.index("</ul>")]
        assert f">{label}</a>" in facet, lang
        cells = page[page.index("<tbody>") :]
        assert f">{label}</span>" in cells, lang


@pytest.mark.parametrize("rank_up_to", [0, 100])
def test_a_year_filters_items_and_sentence_pairs_to_that_year_alone(tmp_path, rank_up_to):
    """``year`` keeps the items and sentence pairs of that year only, ranked or newest
    first (a year's items are a range of rowids then), and a year with no item finds
    nothing, not the next year's."""
    from library.archive.read import open_archive
    from library.query import search_all

    for year in (2020, 2022, 2024):
        write(
            tmp_path / "pages" / f"n{year}.en.txt",
            f"Customs news of {year}\n{year}-05-06\n\nCustoms officers met in {year}.\n",
        )
        write(
            tmp_path / "pages" / f"n{year}.zh.txt",
            f"{year}年海关新闻\n{year}-05-06\n\n海关关员于{year}年会面。\n",
        )
    db = tmp_path / "years.db"
    build_mod.build([tmp_path / "pages"], db, ROOT / "locales")
    with open_archive(db) as conn:
        for year, expected in ((2022, ["n2022"]), (2021, []), (2023, []), (2024, ["n2024"])):
            found = search_all.search(conn, "海关", year=year, rank_up_to=rank_up_to)
            assert [i.id for i in found.items] == expected, (year, rank_up_to)
            assert found.total == len(expected)
            assert {s.item_id for s in found.segments} == set(expected)
        every = search_all.search(conn, "customs", rank_up_to=rank_up_to)
        assert {f["value"]: f["count"] for f in every.facets["year"]} == {2020: 1, 2022: 1, 2024: 1}


def test_the_words_as_a_phrase_come_before_the_words_scattered(tmp_path):
    """Ranking: an item holding the query's words side by side comes before one where
    they are scattered, however often; then bm25 with titles weighing more than bodies."""
    from library.archive.read import open_archive
    from library.query import search_all

    scattered = " ".join(["The general meeting discussed operation plans."] * 6)
    pages = {
        "scattered": ("Annual review", "2022-05-01", scattered),
        "phrase": ("Budget news", "2022-05-02", "It met the department of general operation."),
        "title": ("Operation Review", "2022-05-03", "Customs officers met in spring."),
        "body": ("Spring news", "2022-05-04", "Customs officers discussed the operation."),
    }
    for stem, (title, date, text) in pages.items():
        write(tmp_path / "pages" / f"{stem}.en.txt", f"{title}\n{date}\n\n{text}\n")
    db = tmp_path / "rank.db"
    build_mod.build([tmp_path / "pages"], db, ROOT / "locales")
    with open_archive(db) as conn:
        ranked = [i.id for i in search_all.search(conn, "general operation", expand=False).items]
        assert ranked == ["phrase", "scattered"]
        ranked = [i.id for i in search_all.search(conn, "operation", expand=False).items]
        assert ranked.index("title") < ranked.index("body")
