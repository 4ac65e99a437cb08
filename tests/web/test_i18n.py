"""The interface in the reader's language: catalogs complete and valid, the language
chosen by parameter, cookie or Accept-Language, Traditional from the Simplified catalog,
dates in the interface language, the JSON API unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import ROOT, in_ci

from library.web import i18n

CATALOGS = ["zh_CN", "en"]
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _messages(path: Path) -> set[tuple[str, ...]]:
    with path.open("rb") as f:
        return {(m.id if isinstance(m.id, str) else tuple(m.id)) for m in read_po(f) if m.id}


@pytest.mark.parametrize("locale", CATALOGS)
def test_catalog_passes_msgfmt_and_is_fully_translated(locale):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        assert not in_ci(), "CI installs gettext"
        pytest.skip("msgfmt is not installed (apt-get install gettext)")
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "bilib.po"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    assert re.match(r"\d+ translated messages\.", result.stderr.strip()), result.stderr


def test_every_marked_string_is_in_the_template_and_the_catalogs(tmp_path):
    """Extracting again from the code and the templates finds nothing the catalogs lack
    (and the catalogs keep nothing the code no longer uses)."""
    pybabel = Path(sys.executable).parent / "pybabel"
    out = tmp_path / "bilib.pot"
    result = subprocess.run(
        [str(pybabel), "extract", "-F", "locales/babel.cfg", "--no-location", "-o", str(out), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    extracted = _messages(out)
    assert extracted == _messages(ROOT / "locales" / "bilib.pot"), (
        "run pybabel extract and pybabel update (docs/guide.md, 'Interface language')"
    )
    for locale in CATALOGS:
        assert _messages(ROOT / "locales" / locale / "LC_MESSAGES" / "bilib.po") == extracted


def test_traditional_catalog_follows_the_simplified_one():
    zh_cn, zh_tw = i18n.translations("zh_CN"), i18n.translations("zh_TW")
    assert zh_cn.gettext("Search the archive") == "全文检索"
    assert zh_tw.gettext("Search the archive") == "全文檢索"
    assert zh_tw.gettext("remove the language filter") == "取消語種篩選"


def test_the_taiwan_interface_says_it_as_taiwan_does():
    """The reviewed wording (locales/zh_TW/wording.tsv) over s2twp: rows are 列, columns
    欄, a licence 授權; each of its lines still finds what it corrects (none is dead),
    and nothing it corrects is left in the Traditional catalog."""
    from library.text.chinese import converter

    zh_tw = i18n.translations("zh_TW")
    assert zh_tw.ngettext("%(num)s row", "%(num)s rows", 2) == "%(num)s 列"
    assert zh_tw.gettext("column") == "欄"
    assert zh_tw.gettext("Data license:") == "資料授權："
    with (ROOT / "locales/zh_CN/LC_MESSAGES/bilib.po").open("rb") as f:
        simplified = [m.string for m in read_po(f) if m.id]
    s2twp = converter("s2twp").convert
    strings = [s2twp(s) for m in simplified for s in (m if isinstance(m, tuple) else [m]) if s]
    messages, phrases = i18n.wording()
    for found in messages:
        assert found in strings, f"wording.tsv: no message is {found!r} any more"
    for found, _ in phrases:
        assert any(found in s for s in strings), f"wording.tsv: {found!r} is found nowhere"
    shown = [i18n.to_taiwan(s) for s in strings]
    for found, said in phrases:
        assert not any(found in s and found not in said for s in shown), found


@pytest.mark.parametrize(
    "header,expected",
    [
        ("zh-CN,zh;q=0.9", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("zh-HK,en;q=0.5", "zh_TW"),
        ("zh-Hant", "zh_TW"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,de;q=0.8", "zh_CN"),
        ("de, en;q=0.3, zh;q=0.2", "en"),
        ("", "zh_CN"),
    ],
)
def test_accept_language_is_negotiated(header, expected):
    assert i18n.negotiate("", [(b"accept-language", header.encode())]) == (expected, False)


async def test_pages_speak_the_readers_language(ds):
    zh = await ds.client.get("/-/search", params={"q": "海关"}, headers=ZH)
    en = await ds.client.get("/-/search", params={"q": "海关"}, headers=EN)
    tw = await ds.client.get(
        "/-/search", params={"q": "海关"}, headers={"Accept-Language": "zh-TW"}
    )
    assert '<html lang="zh-Hans">' in zh.text and "<h1>全文检索</h1>" in zh.text
    assert '<html lang="en">' in en.text and "<h1>Search the archive</h1>" in en.text
    assert '<html lang="zh-Hant">' in tw.text and "<h1>全文檢索</h1>" in tw.text
    assert "6 items in" in en.text and "共 6 条" in zh.text
    # The content stays as published: the Simplified snippet is not converted.
    assert "海关" in tw.text
    for page in (zh, en, tw):
        assert "Accept-Language" in page.headers["vary"]


async def test_switcher_keeps_the_page_and_remembers_the_choice(ds):
    page = await ds.client.get("/-/search", params={"q": "海关", "year": "2022"}, headers=ZH)
    links = dict(re.findall(r'<a href="([^"]*)" lang="[^"]*" hreflang="([^"]*)">', page.text))
    english = next(href for href, lang in links.items() if lang == "en")
    assert english.startswith("/-/search?") and "year=2022" in english and "_lang=en" in english
    chosen = await ds.client.get(english.replace("&amp;", "&"), headers=ZH)
    assert "<h1>Search the archive</h1>" in chosen.text  # the parameter beats the header
    assert "bilib_lang=en" in chosen.headers["set-cookie"]
    remembered = await ds.client.get(
        "/-/search", params={"q": "海关"}, headers={**ZH, "Cookie": "bilib_lang=en"}
    )
    assert "<h1>Search the archive</h1>" in remembered.text  # the cookie beats the header
    assert "set-cookie" not in remembered.headers


async def test_dates_follow_the_interface_language(ds):
    item = "/library/items/2022-03-30-qbpc-gacc-online-meeting"
    assert "2022年3月30日" in (await ds.client.get(item, headers=ZH)).text
    assert "March 30, 2022" in (await ds.client.get(item, headers=EN)).text


async def test_the_json_api_does_not_change_with_the_language(ds):
    zh = await ds.client.get("/-/search.json", params={"q": "海关"}, headers=ZH)
    en = await ds.client.get("/-/search.json", params={"q": "海关"}, headers=EN)
    assert zh.json() == en.json()


async def test_metadata_strings_come_through_the_catalogs(ds):
    """metadata.yml is written in English; its titles and descriptions reach a Chinese
    reader translated, and a neighbour's metadata with a % sign is shown as it is."""
    zh = (await ds.client.get("/library/items", headers=ZH)).text
    en = (await ds.client.get("/library/items", headers=EN)).text
    assert "每行一条新闻，中英文标题并列" in zh and "One row per news item" not in zh
    assert "One row per news item" in en
    assert "英文标题" in zh  # a column description
    import yaml

    from library.web.metadata_strings import messages

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text("utf-8"))
    assert not any(
        re.search(r"[\u4e00-\u9fff]", m) and not re.search(r"[?&]", m) for m in messages(metadata)
    ), "metadata.yml holds the English only"
    from library.web import i18n as web_i18n

    token = web_i18n.use("zh_CN")
    try:
        assert web_i18n.gettext("50% of the items") == "50% of the items"
    finally:
        web_i18n.reset(token)


async def test_bad_parameters_answer_in_the_readers_language(ds):
    zh = await ds.client.get("/-/search", params={"q": "海关", "year": "x"}, headers=ZH)
    en = await ds.client.get("/-/search", params={"q": "海关", "year": "x"}, headers=EN)
    assert zh.status_code == en.status_code == 400
    assert "参数 year 必须是数字" in zh.text and '<html lang="zh-Hans">' in zh.text
    assert "year must be a number" in en.text
    api = await ds.client.get("/-/search.json", params={"q": "海关", "year": "x"}, headers=ZH)
    assert api.json() == {  # Datasette's shape for an error, in English whatever the reader's
        "ok": False,
        "error": "year must be a number",
        "status": 400,
        "title": None,
    }
