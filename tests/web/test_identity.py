"""An archive under any name, saying what it is (issue 26, item 4): the plugin knows an
archive by its archive_info, not its file name, and shows the title, description,
licence and source its build was given, and no one else's."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from helpers import make_datasette, write

from library.cli import cli

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN"}
PAIR = {
    "news/xiamen.en.txt": "Xiamen Customs seized earphones\n\n2022-03-09\n\n"
    "Xiamen Customs seized 12,600 earphones on 9 March 2022.\n",
    "news/xiamen.zh.txt": "厦门海关查获耳机\n\n2022-03-09\n\n2022年3月9日，厦门海关查获耳机12600件。\n",
}


def _pages(root, about=None):
    for rel, text in PAIR.items():
        write(root / rel, text)
    if about is not None:
        write(root / "metadata.yml", about)
    return root


def _build(*args):
    result = CliRunner().invoke(cli, ["build", "-q", "-j", "1", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def _footer(html):
    return re.search(r"<footer.*?</footer>", html, re.S).group(0)


async def test_an_archive_under_another_name_keeps_its_search_facets_and_queries(
    sample_db, tmp_path
):
    """archive.db (bilib build --help's example) returned every row for ?_search=, had
    no search box and its canned queries answered 404."""
    db = tmp_path / "archive.db"
    shutil.copy(sample_db, db)
    client = make_datasette(db).client
    everything = (await client.get("/archive/items.json?_size=0")).json()
    found = (await client.get("/archive/items.json?_search=海关&_shape=objects")).json()
    assert 0 < found["filtered_table_rows_count"] < everything["filtered_table_rows_count"]
    page = await client.get("/archive/items", headers=EN)
    assert 'name="_search"' in page.text and 'class="facet-info' in page.text
    query = await client.get("/archive/search.json?q=海关&_shape=array")
    assert query.status_code == 200 and query.json()


async def test_a_users_archive_shows_its_own_licence_and_never_the_samples(tmp_path):
    pages = _pages(tmp_path / "mine")
    db = tmp_path / "mine.db"
    _build(
        pages,
        "-o",
        db,
        "--title",
        "Customs briefs",
        "--license",
        "CC0 1.0",
        "--license-url",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "--source",
        "Our own notes",
    )
    client = make_datasette(db).client
    for path in ("/", "/mine/items", "/mine/items/xiamen"):
        html = (await client.get(path, headers=EN)).text
        footer = _footer(html)
        assert "CC0 1.0" in footer and "Our own notes" in footer, path
        assert "Sample content" not in html and "sample corpus" not in html, path
    home = (await client.get("/", headers=EN)).text
    assert '<h1 lang="en">Customs briefs</h1>' in home and "<title>Customs briefs</title>" in home
    # Built again without them, it says nothing of its licence (not the earlier one's).
    _build(pages, "-o", db)
    html = (await make_datasette(db).client.get("/", headers=EN)).text
    assert "Data license" not in html and "CC0" not in html and "Data source" not in html


ABOUT = """title:
  en: QBPC news in two languages
  zh: 品保委双语新闻
description:
  en: Meetings of the association with *customs*.
  zh: 协会与**海关**的会谈。
license: CC BY 4.0
license_url: https://creativecommons.org/licenses/by/4.0/
"""


async def test_a_metadata_file_beside_the_pages_speaks_both_languages(tmp_path):
    db = tmp_path / "qbpc.db"
    _build(_pages(tmp_path / "pages", ABOUT), "-o", db)
    client = make_datasette(db).client
    en = (await client.get("/", headers=EN)).text
    zh = (await client.get("/", headers=ZH)).text
    assert '<h1 lang="en">QBPC news in two languages</h1>' in en and "<em>customs</em>" in en
    assert '<h1 lang="zh-Hans">品保委双语新闻</h1>' in zh and "<strong>海关</strong>" in zh
    assert 'lang="zh-Hans"' in zh.split("metadata-description", 2)[2][:40]
    assert "CC BY 4.0" in _footer(zh)


async def test_several_archives_each_show_their_own(tmp_path, sample_db):
    """The sample and a user's archive served together: each has its search and
    queries; the user's pages never show the sample's licence."""
    db = tmp_path / "mine.db"
    _build(_pages(tmp_path / "mine"), "-o", db, "--license", "CC0 1.0")
    from datasette.app import Datasette

    make_datasette(db)  # registers the plugin
    client = Datasette([str(sample_db), str(db)]).client
    for name in ("library", "mine"):
        found = (await client.get(f"/{name}/items.json?_search=海关")).json()
        assert found["filtered_table_rows_count"] >= 1
        assert (await client.get(f"/{name}/search.json?q=海关")).status_code == 200
    mine = _footer((await client.get("/mine/items", headers=EN)).text)
    assert "CC0 1.0" in mine and "Sample content" not in mine
    sample = _footer((await client.get("/library/items", headers=EN)).text)
    assert "Sample content" in sample and "CC0" not in sample


@pytest.mark.parametrize(
    "text, expected",
    [
        ("license: CC\ntitle: a: b\n", "metadata.yml:2: not valid YAML"),
        ("titel: Customs\n", "unknown key 'titel'"),
        ("license_url: creativecommons.org\n", "license_url is not an http(s) URL"),
        ("title: {en: A, fr: B}\n", "title is neither text nor {en: …, zh: …}"),
        ("- a list\n", "expected keys and values"),
        ("title: x\n" + "#" * 200_000 + "\n", "not an archive's metadata (at most 100,000)"),
        ("title: [a, b]\n", "title is neither text nor"),
    ],
)
def test_a_bad_metadata_file_is_named_with_what_to_do(tmp_path, text, expected):
    pages = _pages(tmp_path / "pages", text)
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["build", "-q", str(pages), "-o", str(db)])
    assert result.exit_code == 1 and expected in result.output, result.output
    assert "Traceback" not in result.output and not db.exists()


def test_a_bad_option_is_named(tmp_path):
    result = CliRunner().invoke(
        cli, ["build", "-q", "--license-url", "cc-by", "-o", str(tmp_path / "a.db")]
    )
    assert result.exit_code == 1 and "--license-url: license_url is not an http(s) URL" in (
        result.output
    )


def test_the_guides_metadata_example_is_read_as_shown(tmp_path):
    from helpers import ROOT

    from library.pages.about import read_about

    section = (ROOT / "docs" / "guide.md").read_text("utf-8").split("## Your own archive", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    said = read_about(write(tmp_path / "metadata.yml", example))
    assert said["title"] == "QBPC news in two languages" and said["title_zh"] == "品保委双语新闻"
    assert said["source_url"] == "https://www.qbpc.org.cn/" and said["license"] == "CC BY 4.0"
