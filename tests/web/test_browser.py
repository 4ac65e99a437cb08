"""A real headless Chromium reads the archive served by ``bilib serve``."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import in_ci

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server(sample_db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bilib = Path(sys.executable).parent / "bilib"
    proc = subprocess.Popen(
        [
            str(bilib),
            "serve",
            str(sample_db),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("bilib serve did not start: " + proc.stdout.read().decode()[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if in_ci():
            pytest.fail("chromium is missing in CI: .ci/run must install it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def test_reader_opens_an_item_and_reads_both_versions_side_by_side(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    page.goto(server + "/library/items/2022-03-30-qbpc-gacc-online-meeting")
    rows = page.locator("#bilingual-item tbody tr")
    assert rows.count() == 5
    first_zh = rows.nth(0).locator('td[lang^="zh"]').inner_text()
    first_en = rows.nth(0).locator('td[lang="en"]').inner_text()
    assert first_zh.startswith("3月9日") and first_en.startswith("On March 9")
    # Side by side: the two cells of a row share a line on screen.
    zh_box = rows.nth(0).locator('td[lang^="zh"]').bounding_box()
    en_box = rows.nth(0).locator('td[lang="en"]').bounding_box()
    assert zh_box["x"] < en_box["x"] and abs(zh_box["y"] - en_box["y"]) < 2
    page.screenshot(path=str(tmp_path / "item.png"), full_page=True)


def test_reader_types_into_the_search_box(server, browser):
    page = browser.new_page(locale="en-US")
    page.goto(server + "/library/items")
    page.fill('input[name="_search"]', "海關")
    page.press('input[name="_search"]', "Enter")
    page.wait_for_load_state()
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 6
    page.fill('input[name="_search"]', "综合业务司")
    page.press('input[name="_search"]', "Enter")
    page.wait_for_load_state()
    assert rows.count() == 1
    # The reader reads the story by its title.
    rows.first.locator("td.col-title_en a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/library/items/2022-03-30-qbpc-gacc-online-meeting")


def test_reader_searches_everything_and_narrows_by_a_facet(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    page.goto(server + "/-/search")
    page.fill('#search-form input[name="q"]', "QBPC 海關")
    page.press('#search-form input[name="q"]', "Enter")
    page.wait_for_load_state()
    hits = page.locator("#search-items .bilib-hit")
    # Five hold both words; one, Chinese-only, holds 品保委 (QBPC, through the glossary).
    assert hits.count() == 6
    assert page.locator("#search-items .bilib-via").count() == 1
    # Both snippets of a hit sit side by side, each with its own language's match marked,
    # and the rendering of QBPC marked in another style on the Chinese side.
    snippet = hits.nth(0).locator(".bilib-snippet")
    zh, en = snippet.locator('div[lang^="zh"]'), snippet.locator('div[lang="en"]')
    assert zh.locator("mark:not(.equivalent)").first.inner_text() in ("海关", "海關")
    assert en.locator("mark").first.inner_text() == "QBPC"
    equivalent = page.locator("#search-items mark.equivalent").first
    assert equivalent.inner_text() == "品保委"
    style = "e => getComputedStyle(e).backgroundColor"
    assert equivalent.evaluate(style) != zh.locator("mark:not(.equivalent)").first.evaluate(style)
    assert zh.bounding_box()["x"] < en.bounding_box()["x"]
    assert abs(zh.bounding_box()["y"] - en.bounding_box()["y"]) < 2
    page.click("#search-facets >> text=Industry News")
    page.wait_for_load_state()
    assert page.locator("#search-items .bilib-hit").count() == 1
    assert "remove the category filter" in page.inner_text("#search-summary")  # an English browser


INTERFACE_TEXT = """() => {
  const out = [];
  const marked = (el) => {  // content marks its language; the interface is unmarked
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (e.hasAttribute('lang')) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el || el.closest('script, style, noscript, textarea, pre, code')) continue;
    if (marked(el) || !el.checkVisibility()) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('input[type=submit], button')) {
    if (!marked(el) && el.checkVisibility()) out.push(el.value || el.textContent || '');
  }
  return out;
}"""
PAGES = [
    "/",
    "/library/items",
    "/library/items/2022-03-30-qbpc-gacc-online-meeting",
    "/-/search?q=海关",
    "/-/terms?q=QBPC",
    "/-/concordance?q=海关总署",
    "/-/tm?q=宁波海关为一线关员举办了为期两天的培训。&threshold=40",
    "/library/search?q=海关",
    "/-/api",
]
# Words a Chinese interface may show as they are: names of formats, tools and the archive's
# own identifiers (database, tables), and codes.
ALLOWED = {
    "opencc",
    "json",
    "csv",
    "tsv",
    "tmx",
    "sql",
    "sqlite",
    "api",
    "datasette",
    "iso",
    "library",
    "items",
    "segments",
    "terms",
    "versions",
    "paragraphs",
    "search",
    "msgid",
    "msgstr",
    "msgctxt",
    "locales",
    "bilib",
    "build",
    "gettext",
    "fuzzy",
    "approved",
    "obsolete",
    "both",
    "text",
    "html",
    "markdown",
    "hans",
    "hant",
    "lang",
    "front",
    "matter",
    "glob",
    "like",
    "variant",
    "deprecated",
    "stem",
    "link",
    "url",
    "auto",
    "single",
    "segments_fts",
    "rowid",
    "position",
    "concordance",
    "shape",
    "array",
    "term",
    "context",
    "sort",
    "date",
    "left",
    "right",
    "example",
    "cc",
    "by",
    "atom",  # the feed format's name, as JSON and CSV are formats' names
    # the API's own names (parameters and fields, its description's format), on /-/api
    "offset",
    "size",
    "total",
    "total_capped",
    "next",
    "null",
    "openapi",
}


def _foreign(texts: list[str], locale: str) -> list[str]:
    """The pieces of interface text in the other interface language."""
    import re

    if locale == "en":
        return [t for t in texts if re.search(r"[\u3400-\u9fff]", t)]
    found = []
    for t in texts:
        # Identifiers (item ids, column and table names, file names) are not words.
        tokens = [w for w in re.split(r"[\s,;:()（）“”\"'·、，：；。|]+", t) if w]
        words = [
            w
            for token in tokens
            if not re.search(r"[_\d/.@-]", token)
            for w in re.findall(r"[A-Za-z]{3,}", token)
            if w.lower() not in ALLOWED
        ]
        if words:
            found.append(t)
    return found


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_interface_speaks_one_language_and_fits_a_phone(server, browser, locale):
    """Every page a reader reaches from the home page: the interface text (everything
    outside content marked with its lang) holds nothing of the other interface
    language, and nothing overflows a 400 px wide screen."""
    import urllib.parse

    interface = "en" if locale.startswith("en") else "zh"
    problems = {}
    for width in (1280, 400):
        page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
        for path in PAGES:
            page.goto(server + urllib.parse.quote(path, safe="/?=&"))
            if width == 1280:
                page.wait_for_load_state("load")
                texts = page.evaluate(INTERFACE_TEXT) + page.evaluate(
                    "Array.from(document.querySelectorAll('.dropdown-menu li a'))"
                    ".map((a) => a.textContent)"
                )  # Datasette's column menu, shown on click
                foreign = _foreign(texts, interface)
                if foreign:
                    problems[path] = foreign[:8]
            else:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 1:
                    problems[f"{path} at 400 px"] = f"{overflow} px too wide"
        page.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


ACCESSIBLE = [
    "/",
    "/-/search?q=海关",
    "/library/items/2022-03-30-qbpc-gacc-online-meeting",
    "/-/concordance?q=海关",
    "/-/tm?q=海关查获侵权货物",
    "/-/terms?term=综合业务司",
    "/-/api",
    "/library/items",
    "/library/segments",
    "/library",
    "/library?sql=select+1",
    "/library/term_usage?term=GACC",
    "/library/nosuch",
]
"""Home, search, item, concordance, translation memory, terms (by its older parameter
name), the API page, the items and segments tables, the database page, a query and an
error page (issue 30, item 5; issue 29)."""


@pytest.mark.parametrize("locale", ["zh-CN", "en", "zh-TW"])
def test_pages_have_no_critical_serious_or_moderate_accessibility_violation(
    server, browser, locale
):
    """axe-core (axe-playwright-python) on each page as the browser shows it, scripts run
    (the SQL editor's label is given once CodeMirror is made). Moderate findings too: the
    pages have one main landmark and headings in order (issue 30, item 5)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(locale=locale, extra_http_headers={"Accept-Language": locale})
    page = context.new_page()
    found = {}
    for path in ACCESSIBLE:
        page.goto(server + path)
        page.wait_for_load_state("load")
        if "sql" in path or path == "/library":
            page.wait_for_selector(".CodeMirror textarea[aria-label]", state="attached")
        violations = Axe().run(page).response["violations"]
        bad = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in violations
            if v["impact"] in ("critical", "serious", "moderate")
        ]
        if bad:
            found[path] = bad
    context.close()
    assert found == {}


FOCUS_STYLE = (
    "(() => { const s = getComputedStyle(document.activeElement);"
    " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
)


@pytest.mark.parametrize(
    "path", ["/", "/library/items/2022-03-30-qbpc-gacc-online-meeting", "/-/search?q=海关"]
)
def test_every_stop_of_the_keyboard_shows_where_it_is(server, browser, path):
    """Tab through a page: every element the keyboard reaches has a visible focus ring
    (WCAG 2.4.7), in the dark header as on the page."""
    page = browser.new_page(locale="en-US")
    page.goto(server + path)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        tag, style, width = page.evaluate(FOCUS_STYLE)
        if tag == "BODY":
            break
        seen.append((tag, style, width))
    assert len(seen) >= 10
    hidden = [s for s in seen if s[1] == "none" or s[2] < 2]
    assert not hidden, hidden


def test_the_keyboard_focus_is_visible_on_the_table_filters(server, browser):
    """Datasette sets ``outline: none`` on its filter selects; reached with the Tab key,
    the select shows a focus ring (issue 30, item 5)."""
    page = browser.new_page(locale="en-US")
    page.goto(server + "/library/items")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "_filter_column":
            break
    else:
        pytest.fail("Tab never reached the filter's column select")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style[0] != "none" and style[1] != "0px", style


ONE_LINE = """() => Array.from(document.querySelectorAll('td.col-date, time, .bilib-date'))
  .filter((el) => el.textContent.trim())
  .map((el) => { const r = document.createRange(); r.selectNodeContents(el);
                 const tops = new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top)));
                 return [el.textContent.trim(), tops.size]; })"""


@pytest.mark.parametrize("width", [1400, 400])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_a_date_is_never_broken_across_lines(server, browser, width, locale):
    """The items table, the concordance, the search and an item: every date on one line
    (issue 30, item 2: "2022-/10-20", "2022年9 / 月5日")."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
    broken, seen = [], 0
    for path in (
        "/library/items",
        "/-/concordance?q=海关",
        "/-/search?q=海关",
        "/library/items/2022-03-30-qbpc-gacc-online-meeting",
    ):
        page.goto(server + path)
        dates = page.evaluate(ONE_LINE)
        seen += len(dates)
        broken += [(path, text) for text, lines in dates if lines > 1]
    page.close()
    assert seen > 20 and not broken, broken


def test_the_item_page_is_an_article_on_a_phone(server, browser):
    """At 400 px the story starts on the first screen, the two versions of a paragraph one
    above the other (each named), and a tap on a glossary term opens its renderings
    (issue 30, item 2)."""
    page = browser.new_page(
        viewport={"width": 400, "height": 900}, locale="zh-CN", has_touch=True, is_mobile=True
    )
    page.goto(server + "/library/items/2022-03-30-qbpc-gacc-online-meeting")
    first = page.locator('tr.paragraph[data-position="0"]')
    zh, en = first.locator('td[lang^="zh"]'), first.locator('td[lang="en"]')
    zh_box, en_box = zh.bounding_box(), en.bounding_box()
    assert zh_box["y"] < 600, zh_box  # the story on the first screen
    assert abs(zh_box["x"] - en_box["x"]) < 2 and en_box["y"] >= zh_box["y"] + zh_box["height"] - 1
    assert zh_box["width"] > 300  # the whole width, not a 140 px column
    named = zh.evaluate("(el) => getComputedStyle(el, '::before').content")
    assert "中文" in named
    heading = page.locator("h1.bilingual-heading span").first
    assert float(heading.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")) <= 24
    assert page.locator(".metadata-description").count() == 0  # not the table's description
    with page.expect_navigation():
        zh.locator("a.term").first.tap()
    assert "/-/terms?q=" in page.url
    page.close()
