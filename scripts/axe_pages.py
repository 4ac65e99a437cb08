"""axe-core's findings on the archive's pages, counted by impact (issue 30, item 5): the
figures behind "0 critical, 0 serious", and the moderate and minor ones left.

    python scripts/axe_pages.py URL [--locales zh-CN en zh-TW] [--width 1280]

URL is a served archive (``bilib serve library.db``). For each page of
:data:`PAGES` and each interface language, axe-core 4 (axe-playwright-python) runs in
headless Chromium once the page has loaded (the SQL editor made); prints one line per page
and language: the count of violated rules by impact and the rules' ids, then the totals.
Run it against an older checkout's server for a before/after.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import urllib.parse

PAGES = [
    "/",
    "/-/search?q=海关",
    "/library/items/2022-03-30-qbpc-gacc-online-meeting",
    "/-/concordance?q=海关",
    "/-/tm?q=海关查获侵权货物",
    "/-/terms?q=综合业务司",
    "/-/api",
    "/library/items",
    "/library/segments",
    "/library",
    "/library/term_usage?term=GACC",
    "/library?sql=select+1",
    "/library/nosuch",
]
"""Home, search, item, concordance, translation memory, terms, the API page, the items and
segments tables, the database page, a saved query, a query and an error page."""
IMPACTS = ("critical", "serious", "moderate", "minor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--locales", nargs="+", default=["zh-CN", "en"])
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    totals: collections.Counter[str] = collections.Counter()
    print("page\tlanguage\t" + "\t".join(IMPACTS) + "\trules")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for locale in args.locales:
            context = browser.new_context(
                locale=locale,
                extra_http_headers={"Accept-Language": locale},
                viewport={"width": args.width, "height": 900},
            )
            page = context.new_page()
            for path in PAGES:
                page.goto(args.url.rstrip("/") + urllib.parse.quote(path, safe="/?=&+"))
                page.wait_for_load_state("load")
                if "sql" in path or path == "/library":
                    page.wait_for_timeout(300)  # CodeMirror labels its editor
                violations = Axe().run(page).response["violations"]
                counts = collections.Counter(v["impact"] for v in violations)
                totals.update(counts)
                rules = ", ".join(sorted(f"{v['id']} ({v['impact']})" for v in violations))
                row = "\t".join(str(counts.get(i, 0)) for i in IMPACTS)
                print(f"{path}\t{locale}\t{row}\t{rules}", flush=True)
            context.close()
        browser.close()
    print("total\t\t" + "\t".join(str(totals.get(i, 0)) for i in IMPACTS))
    sys.exit(0)


if __name__ == "__main__":
    main()
