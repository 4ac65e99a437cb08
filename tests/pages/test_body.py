"""An HTML page's main text: the saved Chinese pages' bodies whole and without the sites'
lines, layout tables and <br> paragraphs, and hostile markup read without a crash."""

from __future__ import annotations

import re

import pytest
from helpers import write
from zh_pages import COPYRIGHT, DISCLAIMER, RELATED, SHAPES, saved_pages

from library.build import build
from library.pages.read import read_page

SITE_LINES = re.compile(
    r"责任编辑|责编|免责声明|版权所有|ICP|评论|跟贴|热点推荐|相关新闻|分享到|上一篇"
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return saved_pages(tmp_path_factory.mktemp("zh"))


def test_every_shape_is_in_the_set(pages):
    assert {key.split("-")[0] for key in pages} == set(SHAPES) and len(pages) >= 20


@pytest.mark.parametrize("index", range(22))
def test_a_saved_chinese_page_gives_its_whole_body_and_none_of_the_sites_lines(pages, index):
    key = sorted(pages)[index]
    path, body = pages[key]
    v = read_page(path)
    assert v.lang == "zh"
    got = "\n".join(v.paragraphs)
    for para in body.split("\n"):
        assert para in v.paragraphs, (key, para, v.paragraphs)
    assert not SITE_LINES.search(got), (key, got)
    for line in [*RELATED, DISCLAIMER, COPYRIGHT]:
        assert line not in got, (key, line)
    assert v.title and v.title in body or v.title not in got  # the title is not a paragraph
    assert "_" not in (v.title or ""), v.title  # "标题_海关总署": the site's name left out
    assert v.date is not None


def test_a_layout_table_is_read_as_text(tmp_path):
    body = "。".join(["海关总署发布进出口数据"] * 12)
    page = (
        "<html><body><table><tr><td>首页 | 新闻 | 服务</td></tr>"
        f"<tr><td><div>{body}。</div><div>第二段：数据表如下。</div>"
        "<table><tr><th>月份</th><th>进口</th></tr><tr><td>1月</td><td>12.5</td></tr>"
        "<tr><td>2月</td><td>13.1</td></tr></table></td></tr>"
        "<tr><td>版权所有 海关总署</td></tr></table></body></html>"
    )
    v = read_page(write(tmp_path / "t.html", page))
    text = "\n".join(v.paragraphs)
    assert body in text and "第二段：数据表如下。" in text
    assert "首页" not in text
    assert "版权所有" not in text


def test_paragraphs_separated_by_breaks_are_paragraphs(tmp_path):
    paras = [f"第{i}段：品保委与海关总署召开会议，双方就知识产权保护交换意见。" for i in range(4)]
    page = (
        '<html><body><div class="nav">首页 关于我们</div><div class="newscon">'
        + "<br/><br/>".join(paras)
        + "</div></body></html>"
    )
    v = read_page(write(tmp_path / "b.html", page))
    assert v.paragraphs == paras


HOSTILE = {
    "broken-urls": (
        '<html><head><link rel="canonical" href="http://[ccpa-preferences]">'
        '<link rel="alternate" hreflang="zh-CN" href="http://[::1">'
        '<link rel="alternate" hreflang="en" href="http://exa mple.org/a"></head>'
        "<body><article><p>Customs officers met brand owners on Monday.</p>"
        '<a href="http://[ccpa-preferences]">Do not sell my data</a>'
        '<a href="https://example.org:port/zh/">中文</a></article></body></html>'
    ),
    "entities": (
        "<html><body><article><p>Customs &amp; brand owners &#x4e2d;&#25991; &bogus; "
        "&#0; &#xD800; &#99999999; met on Monday.</p></article></body></html>"
    ),
    "nesting": (
        "<html><body>"
        + "<div>" * 5000
        + "<p>Customs officers met brand owners.</p>"
        + "</div>" * 5000
        + "</body></html>"
    ),
    "unclosed": (
        "<html><body><article><p>Customs officers met brand owners.<p>They agreed"
        "<b><i>to meet again</b></i><table><td>cell<tr></article></body>"
    ),
    "xml-declaration": (
        '<?xml version="1.0" encoding="gb2312"?><html><body><article><p>'
        "Customs officers met brand owners.</p></article></body></html>"
    ),
    "no-body": "<html><head><title>Customs officers met brand owners</title></head></html>",
    "comment-only": "<!-- nothing -->",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markup_is_read_or_refused_with_a_reason_never_a_crash(tmp_path, name):
    path = write(tmp_path / f"{name}.html", HOSTILE[name])
    try:
        v = read_page(path)
    except Exception as exc:  # only the reader's own error, naming the file
        from library.errors import SourceError

        assert isinstance(exc, SourceError) and path.name in str(exc), repr(exc)
        return
    assert v.url is None or v.url.startswith("http")
    assert all(u.startswith("http") for u in v.alternates.values())
    assert "Customs" in (v.title or "") + " ".join(v.paragraphs)


def test_a_page_with_a_broken_link_builds_beside_the_others(tmp_path):
    src = tmp_path / "src"
    write(src / "broken.en.html", HOSTILE["broken-urls"])
    write(src / "fine.en.txt", "Customs officers met\n\nCustoms officers met brand owners.\n")
    report = build([src], tmp_path / "a.db", locales=None, jobs=1)
    assert report.items == 2
