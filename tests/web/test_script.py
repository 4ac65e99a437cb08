"""One script per reader (issue 30, item 4): a zh-TW reader reads Simplified content in
Traditional characters, marked as converted, the original one click away; search and
highlighting work on the shown text; other readers and the API get the content as
published; the interface's labels are in the reader's script."""

from __future__ import annotations

import re

from library.text.chinese import is_traditional
from library.web import i18n
from library.web.script import to_traditional

TW = {"Accept-Language": "zh-TW"}
CN = {"Accept-Language": "zh-CN"}
ITEM = "/library/items/2022-03-30-qbpc-gacc-online-meeting"


def _chinese_cells(page: str) -> list[tuple[str, str]]:
    """(lang, text) of the item page's Chinese paragraph cells."""
    body = page[page.index('id="bilingual-item"') :]
    body = body[: body.index("</table>")]
    return [
        (lang, re.sub(r"<[^>]+>", "", text))
        for lang, text in re.findall(r'<td lang="(zh-Han[st])"[^>]*>(.*?)</td>', body, re.S)
    ]


async def test_a_taiwan_reader_reads_simplified_content_in_traditional(ds):
    tw = (await ds.client.get(ITEM, headers=TW)).text
    cn = (await ds.client.get(ITEM, headers=CN)).text
    shown, published = _chinese_cells(tw), _chinese_cells(cn)
    assert len(shown) == len(published) > 3
    for (tw_lang, tw_text), (cn_lang, cn_text) in zip(shown, published, strict=True):
        assert cn_lang == "zh-Hans" and tw_lang == "zh-Hant"
        assert is_traditional(tw_text) and tw_text != cn_text
        assert len(tw_text) == len(cn_text)  # characters, not words, are converted
    assert "海關總署" in tw and 'lang="zh-Hant" data-converted="s2tw"' in tw
    # Said on the page, with the way back to the original.
    notice = re.search(r'<p class="bilib-converted">(.*?)</p>', tw, re.S).group(1)
    assert i18n.translations("zh_TW").gettext("Show it as published") in notice
    assert 'class="bilib-converted">' not in cn and "data-converted" not in cn
    # The links keep what they link to: a glossary link asks for the published term.
    assert "?q=%E7%BB%BC%E5%90%88%E4%B8%9A%E5%8A%A1%E5%8F%B8" in tw


async def test_the_original_is_one_click_away_and_remembered(ds):
    page = await ds.client.get(ITEM, params={"_content": "original"}, headers=TW)
    assert "海关总署" in page.text and "data-converted" not in page.text
    assert '<html lang="zh-Hant">' in page.text  # the interface stays Traditional
    assert "bilib_content=original" in page.headers["set-cookie"]
    again = await ds.client.get(ITEM, headers={**TW, "Cookie": "bilib_content=original"})
    assert "data-converted" not in again.text
    back = await ds.client.get(
        ITEM, params={"_content": "converted"}, headers={**TW, "Cookie": "bilib_content=original"}
    )
    assert "data-converted" in back.text


async def test_search_finds_and_highlights_the_shown_text(ds):
    page = (await ds.client.get("/-/search", params={"q": "海關總署"}, headers=TW)).text
    assert "<mark>海關總署</mark>" in page
    assert 'value="海關總署"' in page  # the reader's query as typed
    simplified = (await ds.client.get("/-/search", params={"q": "海关总署"}, headers=TW)).text
    assert "<mark>海關總署</mark>" in simplified


async def test_the_api_and_other_readers_get_content_as_published(ds):
    tw = await ds.client.get("/library/items.json", params={"_shape": "array"}, headers=TW)
    assert any(row["title_zh"] == "品保委与海关总署召开2022年首次线上交流会" for row in tw.json())
    tsv = await ds.client.get("/-/concordance.tsv", params={"q": "海关"}, headers=TW)
    assert "海关" in tsv.text and "data-converted" not in tsv.text
    en = (await ds.client.get(ITEM, headers={"Accept-Language": "en"})).text
    assert "海关总署" in en and "data-converted" not in en


async def test_category_names_are_in_the_interface_script(ds):
    """The Traditional page's category 品保委新聞 is named in the reader's script."""
    for headers, wanted, unwanted in (
        (CN, "品保委新闻", "品保委新聞"),
        (TW, "品保委新聞", "品保委新闻"),
    ):
        page = (await ds.client.get("/library/items?_facet=category", headers=headers)).text
        facet = page[page.index('id="facet-category"') :]
        facet = facet[: facet.index("</ul>")]
        assert wanted in facet and unwanted not in facet


def test_the_conversion_leaves_every_other_byte_of_a_page_alone(sample_db):
    """A page without Simplified content comes back byte for byte (the parser rebuilds
    what it read), and nested marks inside content are kept."""
    page = (
        '<!DOCTYPE html><html lang="en"><head><style>a>b{}</style><script>if (a<b) {}</script>'
        "</head><body><p title='x&amp;y'>A &amp; B &#169; <br/>汉字<img src=x></p>"
        "<!-- c --><td lang=zh-Hans>海关<mark>总署</mark>&amp;<a href='?q=海关'>海关</a></td>"
        "<p>海关</p></body></html>"
    )
    converted = to_traditional(page)
    assert to_traditional(page.replace("lang=zh-Hans", "lang=en")) == page.replace(
        "lang=zh-Hans", "lang=en"
    )
    assert (
        '<td lang="zh-Hant" data-converted="s2tw">海關<mark>總署</mark>&amp;'
        "<a href='?q=海关'>海關</a></td><p>海关</p>" in converted
    )
