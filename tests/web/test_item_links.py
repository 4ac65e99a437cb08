"""Links to items work for any item id, one with dots or slashes in it too (Datasette
tilde-encodes such keys; issue 15)."""

from __future__ import annotations

import re

from helpers import ROOT, make_datasette, write

from library import build as build_mod


async def test_every_page_links_an_item_with_dots_in_its_id(tmp_path):
    for lang, title, body in (
        ("en", "Dots Seized", "Customs seized dots."),
        ("zh", "查获点", "海关查获点。"),
    ):
        write(
            tmp_path / "pages" / f"v1.2.{lang}.md",
            f"---\nid: news/v1.2\ntitle: {title}\ndate: 2022-01-02\nlang: {lang}\n---\n\n{body}\n",
        )
    db = tmp_path / "library.db"
    build_mod.build([tmp_path / "pages"], db, ROOT / "locales")
    ds = make_datasette(db)
    pages = [
        "/",
        "/-/search?q=customs",
        "/-/concordance?q=customs",
        "/-/tm?q=Customs+seized+dots.&threshold=10",
    ]
    for path in pages:
        page = (await ds.client.get(path)).text
        links = set(re.findall(r'href="(/library/items/[^"]+)"', page))
        assert links, path
        for link in links:
            assert (await ds.client.get(link)).status_code == 200, (path, link)
