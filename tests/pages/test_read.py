"""Reading pages: each format, each encoding, each date style, missing parts, bad input."""

from __future__ import annotations

import pytest
from helpers import SHARED, write

from library.errors import SourceError
from library.pages.dates import parse_date
from library.pages.decode import decode
from library.pages.language import stem_of
from library.pages.read import find_pages, read_page
from library.pages.text import parse_breadcrumb

ZH_PAGE = """您现在的位置：首页 > 媒体中心 > 品保委新闻

品保委与海关总署召开线上交流会

发布时间：2022-03-30

3月9日，品保委与海关总署综合业务司举行线上交流会。
双方就2022年合作计划进行了交流。

会议最后，双方表示将保持密切沟通。
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_simplified_page_in_each_encoding(tmp_path, encoding):
    v = read_page(write(tmp_path / "a.txt", ZH_PAGE, encoding))
    assert v.lang == "zh" and v.lang_from == "detected"
    assert v.title == "品保委与海关总署召开线上交流会"
    assert v.date == "2022-03-30"
    assert v.category == "品保委新闻"
    assert v.breadcrumb == "媒体中心 > 品保委新闻"
    # Lines of one paragraph are joined without a space in Chinese.
    assert v.paragraphs == [
        "3月9日，品保委与海关总署综合业务司举行线上交流会。双方就2022年合作计划进行了交流。",
        "会议最后，双方表示将保持密切沟通。",
    ]
    assert v.script == "Hans"
    assert decode(ZH_PAGE.encode(encoding))[1] == {"gbk": "gb18030"}.get(encoding, encoding)


def test_traditional_page_in_big5(tmp_path):
    text = "品保委出席廣州海關研討會\n\n2022年4月12日\n\n來自海關、平台和權利人的約40名代表參加了會議。\n"
    v = read_page(write(tmp_path / "b.txt", text, "big5"))
    assert v.encoding == "big5"
    assert (v.lang, v.script, v.date, v.title) == (
        "zh",
        "Hant",
        "2022-04-12",
        "品保委出席廣州海關研討會",
    )
    assert v.category is None


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Create Time:2022-03-30", "2022-03-30"),
        ("发布时间：2022-03-30", "2022-03-30"),
        ("發佈時間：2022年3月30日", "2022-03-30"),
        ("2022年3月30日", "2022-03-30"),
        ("２０２２年３月３０日", "2022-03-30"),
        ("Date: March 30, 2022", "2022-03-30"),
        ("30 Mar. 2022", "2022-03-30"),
        ("2022/3/30", "2022-03-30"),
        ("2022.03.30 Source: QBPC Views: 120", "2022-03-30"),
    ],
)
def test_date_line_styles(tmp_path, line, expected):
    v = read_page(write(tmp_path / "p.en.txt", f"Title here\n\n{line}\n\nBody text.\n"))
    assert v.date == expected
    assert v.paragraphs == ["Body text."]


def test_missing_date_keeps_every_paragraph(tmp_path):
    v = read_page(write(tmp_path / "p.en.txt", "A title\n\nFirst paragraph.\n\nSecond one.\n"))
    assert (v.title, v.date, v.paragraphs) == ("A title", None, ["First paragraph.", "Second one."])


def test_missing_title_when_page_starts_with_date(tmp_path):
    v = read_page(write(tmp_path / "p.en.txt", "Create Time:2021-01-02\n\nOnly a body here.\n"))
    assert (v.title, v.date, v.paragraphs) == (None, "2021-01-02", ["Only a body here."])


def test_missing_title_when_page_starts_with_a_long_paragraph(tmp_path):
    body = "Customs officers met right holders. " * 3 + "\nand the text goes on."
    v = read_page(write(tmp_path / "p.en.txt", body + "\n"))
    assert v.title is None and v.paragraphs[0].startswith("Customs officers")


def test_breadcrumb_with_lost_separators():
    assert parse_breadcrumb("You are here: Home Media RoomQBPC News") == ["Media Room", "QBPC News"]
    assert parse_breadcrumb("QBPC and GACC") is None


def test_language_overrides_detection(tmp_path):
    # Mostly Latin text, but the file name says Chinese.
    v = read_page(write(tmp_path / "x.zh.txt", "QBPC IPR GACC\n\nQBPC 与 GACC。\n"))
    assert (v.lang, v.lang_from) == ("zh", "file name")
    assert stem_of(v.path) == "x"


def test_html_page_drops_boilerplate(tmp_path):
    html = """<html lang="en"><head><title>Site - A page</title>
    <meta property="article:published_time" content="2022-05-18T09:00:00+08:00">
    <link rel="canonical" href="https://example.org/p"></head><body>
    <nav class="menu"><a>Home</a><a>News</a></nav>
    <div class="breadcrumb">Home &gt; Media Room &gt; QBPC News</div>
    <div class="content"><h1>Customs training in Ningbo</h1>
    <p>On May 12 customs officers were trained.</p><p>Experts from 9 companies spoke.</p></div>
    <div class="share">Share: WeChat</div><footer>Copyright QBPC</footer></body></html>"""
    v = read_page(write(tmp_path / "t.html", html))
    assert (v.format, v.lang, v.lang_from) == ("html", "en", "html lang")
    assert v.title == "Customs training in Ningbo"
    assert v.date == "2022-05-18" and v.url == "https://example.org/p"
    assert v.category == "QBPC News"
    assert v.paragraphs == [
        "On May 12 customs officers were trained.",
        "Experts from 9 companies spoke.",
    ]


def test_markdown_front_matter(tmp_path):
    md = (
        "---\nid: item-1\ntitle: 深圳海关查获侵权耳机\ndate: 2022-06-21\nlang: zh-CN\n"
        "category: 行业资讯\nurl: https://example.org/zh\n---\n\n"
        "6月14日，深圳海关查获**12600**件耳机。\n\n案件已移交[公安机关](https://x)。\n"
    )
    v = read_page(write(tmp_path / "m.md", md))
    assert (v.doc_id, v.lang, v.lang_from, v.date, v.category) == (
        "item-1",
        "zh",
        "front matter",
        "2022-06-21",
        "行业资讯",
    )
    assert v.paragraphs == ["6月14日，深圳海关查获12600件耳机。", "案件已移交公安机关。"]


def test_markdown_bad_front_matter_names_file_and_line(tmp_path):
    path = write(tmp_path / "bad.md", "---\ntitle: ok\ndate: [unclosed\n---\n\nBody.\n")
    with pytest.raises(SourceError) as err:
        read_page(path)
    assert "bad.md:" in str(err.value) and "YAML" in str(err.value)
    assert err.value.line is not None and 3 <= err.value.line <= 5


def test_markdown_original_must_be_true_or_false(tmp_path):
    assert read_page(write(tmp_path / "o.md", "---\noriginal: true\n---\n\nBody.\n")).original
    with pytest.raises(SourceError, match="'original' must be true or false") as err:
        read_page(write(tmp_path / "p.md", "---\noriginal: zh\n---\n\nBody.\n"))
    assert "p.md" in str(err.value)


def test_empty_page_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no title and no text"):
        read_page(write(tmp_path / "empty.txt", "\n\n"))


def test_undecodable_bytes_are_an_error_naming_the_file(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 4 + b"\x00\xff\xfe\x81")
    try:
        v = read_page(path)
    except SourceError as exc:
        assert "noise.txt" in str(exc)
    else:  # charset detection may still find a single-byte reading: never silently Chinese
        assert v.encoding not in ("utf-8", "gb18030", "big5")


def test_find_pages_skips_hidden_and_other_files(tmp_path):
    write(tmp_path / "a.en.txt", "x")
    write(tmp_path / ".hidden" / "b.txt", "x")
    write(tmp_path / "_drafts" / "c.txt", "x")
    write(tmp_path / "notes.pdf", "x")
    write(tmp_path / "sub" / "d.md", "x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_pages(tmp_path)] == [
        "a.en.txt",
        "sub/d.md",
    ]


def test_parse_date_rejects_impossible_dates():
    assert parse_date("2022-02-30") is None


@pytest.mark.skipif(
    not (SHARED / "seed").is_dir(), reason="../shared/seed is not beside the project"
)
def test_reads_the_seed_page_exactly_as_saved():
    path = SHARED / "seed" / "qbpc-gacc-2022-03-30.en.txt"
    v = read_page(path)
    assert v.lang == "en" and v.lang_from == "file name"
    assert v.title == "QBPC and GACC Successfully Held the First Online Meeting in 2022"
    assert v.date == "2022-03-30"
    assert v.category == "QBPC News" and v.breadcrumb == "Media Room > QBPC News"
    assert len(v.paragraphs) == 5
    assert v.paragraphs[0].startswith("On March 9, Quality Brands Protection Committee")
