"""A page of thousands of paragraphs (issue 15): its item page shows them in pages of
ROWS rows with links between them, and its sentence pairs keep their own text (the
``segments`` view does not cut them out of the whole version row by row)."""

from __future__ import annotations

import re
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


async def test_a_page_without_sentence_ends_is_bounded_wherever_it_is_shown(tmp_path):
    """One paragraph a side, no sentence end: a sentence pair of 30,000 characters
    holding "customs" 1,500 times. Search shows it cut around a match, the concordance
    gives at most PAIR_LINES lines of it with its other side cut and no TMX unit, the
    term spotter leaves it out, and the item page shows it without the glossary's marks
    (a short item beside it keeps them)."""
    from library.model import SENTENCE_CHARS
    from library.query import concordance
    from library.terms import spotting

    words = "the General Administration of Customs met customs officers at the port"
    zh = "海关总署与海关官员在口岸会面"
    write(tmp_path / "p" / "2023-05-04-run-on.en.txt", "Run on\n\n" + f"{words} " * 1_500 + "\n")
    write(tmp_path / "p" / "2023-05-04-run-on.zh.txt", "不停\n\n" + zh * 1_500 + "\n")
    write(
        tmp_path / "p" / "2023-05-05-short.en.txt",
        "Short\n\nThe General Administration of Customs met customs officers.\n",
    )
    write(tmp_path / "p" / "2023-05-05-short.zh.txt", "短\n\n海关总署与海关官员会面。\n")
    db = tmp_path / "library.db"
    build_mod.build([tmp_path / "p"], db, ROOT / "locales")
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    (longest,) = conn.execute("SELECT max(length(en)) FROM segments").fetchone()
    assert longest > 10 * SENTENCE_CHARS  # one "sentence" of the whole page

    ds = make_datasette(db)
    found = (await ds.client.get("/-/search.json", params={"q": "customs"})).json()
    run_on = [s for s in found["segments"] if s["item_id"] == "2023-05-04-run-on"]
    shown = run_on[0]["en_html"]
    assert "<mark>customs</mark>" in shown.lower() and shown.endswith("…")
    assert len(re.sub("<[^>]+>", "", shown)) <= SENTENCE_CHARS + 2

    lines = (await ds.client.get("/-/concordance.json", params={"q": "customs"})).json()["lines"]
    mine = [x for x in lines if x["item_id"] == "2023-05-04-run-on"]
    assert len(mine) == concordance.PAIR_LINES
    assert all(len(x["other"]) == SENTENCE_CHARS + 1 and x["other"].endswith("…") for x in mine)
    tmx = (await ds.client.get("/-/concordance.tmx", params={"q": "customs"})).text
    assert "2023-05-05-short" in tmx and "2023-05-04-run-on" not in tmx

    spotted = spotting.lookup(conn, "customs officers")
    assert {e.item_id for r in spotted.renderings for e in r.examples} <= {"2023-05-05-short"}
    # A word only the run-on pair holds: nothing to spot in, an answer all the same.
    assert spotting.lookup(conn, "port").renderings == []
    for path, name in [
        ("/-/search.json", "q"),
        ("/-/concordance.json", "q"),
        ("/-/terms.json", "term"),
    ]:
        assert (await ds.client.get(path, params={name: "port"})).status_code == 200, path

    page = (await ds.client.get("/library/items/2023-05-04-run-on")).text
    assert 'class="term"' not in page and "General Administration of Customs" in page
    page = (await ds.client.get("/library/items/2023-05-05-short")).text
    assert 'class="term"' in page
