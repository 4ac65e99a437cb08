"""Datasette's own pages in the reader's language and for readers (issue 30, item 1):
error pages with a way on, breadcrumbs and titles by the tables' labels, the database
page by titles and descriptions, canned queries with labelled columns and values, and
the JSON naming tables and queries in both languages. Each in zh-CN, en and zh-TW."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from helpers import ROOT

from library.web import i18n, labels

LANGUAGES = {
    "zh_CN": {"Accept-Language": "zh-CN"},
    "en": {"Accept-Language": "en"},
    "zh_TW": {"Accept-Language": "zh-TW"},
}
ITEM = "2022-03-30-qbpc-gacc-online-meeting"


def _in(locale: str, message: str) -> str:
    """``message`` as the catalog of ``locale`` gives it (the test reads the catalogs,
    it does not repeat them)."""
    token = i18n.use(locale)
    try:
        return i18n.gettext(message)
    finally:
        i18n.reset(token)


def _text(page: str) -> str:
    """What a reader sees of a page's body: its text, tags and scripts removed."""
    body = page[page.index("<body") :]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/library/nosuch", 404, "The archive has no table of this name."),
        ("/library/items/nosuch", 404, "The archive has no item or row with this id."),
        ("/nosuch", 404, "No database of this name is served here."),
        ("/library/items?_sort=nosuch", 400, "The table has no column %(column)s to sort by."),
    ],
)
async def test_error_pages_speak_the_readers_language_and_lead_on(
    ds, locale, path, status, message
):
    page = await ds.client.get(path, headers=LANGUAGES[locale])
    assert page.status_code == status
    said = _in(locale, message).replace("%(column)s", "nosuch")
    assert said in _text(page.text)
    heading = re.search(r"<h1>(.*?)</h1>", page.text).group(1)
    assert str(status) in heading  # the number a script or a support request quotes
    if locale != "en":
        assert said != message
        assert "not found" not in page.text.lower()  # Datasette's English is gone
    # The navigation with its search box, and the way home.
    assert 'role="search"' in page.text and 'href="/-/search"' in page.text
    assert re.search(r'<p class="crumbs">\s*<a href="/">', page.text)
    if status == 404:
        assert page.text.count('role="search"') == 2  # the page's own box too


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_breadcrumbs_and_titles_name_tables_by_their_labels(ds, locale):
    headers = LANGUAGES[locale]
    item = (await ds.client.get(f"/library/items/{ITEM}", headers=headers)).text
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', item, re.S).group(1)
    shown = [html.unescape(t).strip() for t in re.findall(r">([^<]+)</a>", crumbs)]
    table = _in(locale, "News items")
    assert shown[0] == _in(locale, "home") and shown[-1] == table
    assert "library" not in shown and "items" not in shown
    listing = (await ds.client.get("/library/items", headers=headers)).text
    title = re.search(r"<title>(.*?)</title>", listing, re.S).group(1)
    assert title.startswith(table) and "library:" not in title
    view = (await ds.client.get("/library/segments", headers=headers)).text
    assert f"<h1>{_in(locale, 'Sentence pairs')}</h1>" in view  # no "(view)"


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_database_page_lists_tables_by_title_and_description(ds, locale):
    page = (await ds.client.get("/library", headers=LANGUAGES[locale])).text
    text = " ".join(_text(page).split())
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text("utf-8"))
    tables = metadata["databases"]["library"]["tables"]
    for name in ("items", "segments", "terms"):
        assert _in(locale, tables[name]["title"]) in text
        first = " ".join(tables[name]["description"].split(".")[0].split())
        if locale == "en" and name != "segments":  # a view: listed by its title
            assert first in text
    assert "temp" not in text  # SQLite's own schema is not an attached database
    assert not re.search(r"\d+ (rows|行|列)\b", text)  # descriptions, not counts
    assert not re.search(r"title_en, title_zh", text)  # nor column names


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_canned_queries_label_their_columns_values_and_heading(ds, locale):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text("utf-8"))
    queries = metadata["databases"]["library"]["queries"]
    arguments = {"q": "海关", "term": "GACC", "lang": "", "sort": "newest"}
    for name, query in queries.items():
        params = {p: arguments[p] for p in re.findall(r":(\w+)", query["sql"])}
        page = await ds.client.get(f"/library/{name}", params=params, headers=LANGUAGES[locale])
        assert page.status_code == 200, name
        heads = re.findall(
            r'<th class="col-[^"]*" scope="col" title="([^"]*)">([^<]*)</th>', page.text
        )
        assert heads, name
        for column, shown in heads:
            assert column in labels.COLUMNS, f"{name}: no label for {column}"
            if locale != "en" or column not in ("id", "en", "zh"):
                assert shown != column or shown == labels.COLUMNS[column], (name, column)
        assert "Custom SQL query" not in page.text and "自定义 SQL 查询" not in page.text
    usage = await ds.client.get(
        "/library/term_usage", params={"term": "GACC"}, headers=LANGUAGES[locale]
    )
    assert f'<span title="acronym">{_in(locale, "acronym")}</span>' in usage.text


async def test_the_json_names_tables_and_queries_in_both_languages(ds):
    """The API is the same whatever the reader's language, and carries both."""
    zh = (await ds.client.get("/library.json", headers=LANGUAGES["zh_CN"])).json()
    en = (await ds.client.get("/library.json", headers=LANGUAGES["en"])).json()
    zh.pop("query_ms"), en.pop("query_ms")
    assert zh == en
    queries = {q["name"]: q for q in zh["queries"]}
    usage = queries["term_usage"]
    assert usage["title"] == "A term's uses per year"
    assert usage["title_zh"] == _in("zh_CN", usage["title"]) != usage["title"]
    metadata = (await ds.client.get("/-/metadata.json")).json()
    items = metadata["databases"]["library"]["tables"]["items"]
    assert items["title_zh"] == _in("zh_CN", "News items")


async def test_facet_values_and_glossary_notes_say_what_they_are(ds):
    zh = LANGUAGES["zh_CN"]
    segments = (await ds.client.get("/library/segments?_facet=bead", headers=zh)).text
    facet = segments[segments.index('id="facet-bead"') :]
    assert _in("zh_CN", "titles") in facet[: facet.index("</ul>")]
    terms = (await ds.client.get("/library/terms?_size=max", headers=zh)).text
    contexts = re.findall(r'<td class="col-context[^"]*">(.*?)</td>', terms, re.S)
    notes = re.findall(r'<td class="col-note[^"]*">(.*?)</td>', terms, re.S)
    for cell in [*contexts, *notes]:
        if cell.strip() and cell.strip() != "&nbsp;":
            assert re.match(r'<span (lang="en"|title="acronym")', cell.strip()), cell
    assert any('lang="en"' in c for c in notes)
