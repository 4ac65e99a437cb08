"""A real headless Chromium reads the archive served by ``bilib serve``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, in_ci

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
            "--metadata",
            str(ROOT / "metadata.yml"),
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
    ids = page.locator("table.rows-and-columns tbody tr td.col-id").all_inner_texts()
    assert len(ids) == 6
    page.fill('input[name="_search"]', "综合业务司")
    page.press('input[name="_search"]', "Enter")
    page.wait_for_load_state()
    ids = page.locator("table.rows-and-columns tbody tr td.col-id").all_inner_texts()
    assert [i.strip() for i in ids] == ["2022-03-30-qbpc-gacc-online-meeting"]


def test_reader_searches_everything_and_narrows_by_a_facet(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    page.goto(server + "/-/search")
    page.fill('#search-form input[name="q"]', "QBPC 海關")
    page.press('#search-form input[name="q"]', "Enter")
    page.wait_for_load_state()
    hits = page.locator("#search-items .bilib-hit")
    assert hits.count() == 5
    # Both snippets of a hit sit side by side, each with its own language's match marked.
    snippet = hits.nth(0).locator(".bilib-snippet")
    zh, en = snippet.locator('div[lang^="zh"]'), snippet.locator('div[lang="en"]')
    assert zh.locator("mark").first.inner_text() in ("海关", "海關")
    assert en.locator("mark").first.inner_text() == "QBPC"
    assert zh.bounding_box()["x"] < en.bounding_box()["x"]
    assert abs(zh.bounding_box()["y"] - en.bounding_box()["y"]) < 2
    page.click("#search-facets >> text=Industry News")
    page.wait_for_load_state()
    assert page.locator("#search-items .bilib-hit").count() == 1
    assert "remove the category filter" in page.inner_text("#search-summary")  # an English browser
