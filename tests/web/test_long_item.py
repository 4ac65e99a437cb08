"""A page of thousands of paragraphs (issue 15): its item page shows them in pages of
ROWS rows with links between them, and its sentence pairs keep their own text (the
``segments`` view does not cut them out of the whole version row by row)."""

from __future__ import annotations

import sqlite3

from helpers import ROOT, make_datasette, write

from library import build as build_mod
from library.archive import write as archive_write
from library.web import item


def _long_pair(folder, n: int) -> None:
    en = [f"Paragraph {k}: the customs office met on day {k}." for k in range(n)]
    zh = [f"第{k}段：海关办公室于第{k}天开会。" for k in range(n)]
    write(folder / "2023-05-04-long.en.txt", "A long report\n\n" + "\n\n".join(en) + "\n")
    write(folder / "2023-05-04-long.zh.txt", "长篇报告\n\n" + "\n\n".join(zh) + "\n")


async def test_a_long_item_page_is_shown_in_pages_of_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_write, "SPANS_UP_TO", 2_000)
    _long_pair(tmp_path / "pages", 450)
    db = tmp_path / "library.db"
    build_mod.build([tmp_path / "pages"], db, ROOT / "locales")
    conn = sqlite3.connect(db)
    spans, own = conn.execute(
        "SELECT count(zh_start), count(zh_text) FROM segment_spans WHERE item_id = '2023-05-04-long'"
    ).fetchone()
    assert spans == 0 and own >= 450  # past SPANS_UP_TO every pair holds its own text
    assert (
        conn.execute("SELECT en FROM segments WHERE item_id = '2023-05-04-long' AND position = 4")
        .fetchone()[0]
        .startswith("Paragraph 3:")
    )
    ds = make_datasette(db)
    first = (await ds.client.get("/library/items/2023-05-04-long", params={"_lang": "en"})).text
    assert first.count('class="paragraph') == item.ROWS
    assert f"Paragraph rows 1–{item.ROWS} of" in first and "paragraphs_from=200" in first
    assert "Paragraph 199:" in first and "Paragraph 200:" not in first
    last = (
        await ds.client.get(
            "/library/items/2023-05-04-long", params={"_lang": "en", "paragraphs_from": "400"}
        )
    ).text
    assert "Paragraph 449:" in last and "Paragraph 399:" not in last
    assert "paragraphs_from=200" in last and "next page" not in last
