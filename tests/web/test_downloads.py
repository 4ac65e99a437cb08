"""Nothing served cut short (issue 29, item 2): a table's ``.tmx`` and ``.tsv`` hold
every row its filters select, read page after page; a page asked for says where the
rest is; a query cut at Datasette's row limit is refused, never served partial."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from helpers import make_datasette
from lxml import etree

from library.exports import tmx


def _units(xml: bytes) -> list[tuple]:
    """(tuid, segments, srclang, creationdate) of each unit of a TMX document."""
    return [
        (
            tu.get("tuid"),
            tuple(s.text for s in tu.iter("seg")),
            tu.get("srclang"),
            tu.get("creationdate"),
        )
        for tu in etree.fromstring(xml).iter("tu")
    ]


@pytest.mark.slow
async def test_the_served_memory_is_the_exported_memory_unit_for_unit(generated_db, tmp_path):
    """The generated 300-item archive has thousands of sentence pairs, several pages of
    Datasette's largest (1,000 rows): the download holds them all, as the CLI writes
    them (before: the units of the first page only)."""
    ds = make_datasette(generated_db)
    r = await ds.client.get("/library/segments.tmx", params={"score__gte": "0.3"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/x-tmx+xml"
    served = tmp_path / "served.tmx"
    served.write_bytes(r.content)
    assert tmx.validate(served) == []
    exported = tmp_path / "exported.tmx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "library.cli",
            "export",
            "tmx",
            "-d",
            str(generated_db),
            "--min-score",
            "0.3",
            "-o",
            str(exported),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "translation units" in done.stdout
    from_cli = _units(exported.read_bytes())
    from_web = _units(r.content)
    with sqlite3.connect(generated_db) as conn:
        rows = conn.execute("SELECT count(*) FROM segments").fetchone()[0]
    assert rows > 2_000 and len(from_cli) > 1_000
    assert sorted(from_web, key=str) == sorted(from_cli, key=str)
    tsv = await ds.client.get("/library/segments.tsv", params={"score__gte": "0.3"})
    assert len(tsv.text.splitlines()) == len(from_cli)


async def test_a_page_asked_for_is_one_page_that_links_the_rest(ds):
    r = await ds.client.get("/library/segments.tsv", params={"_size": "2"})
    assert len(r.text.splitlines()) == 2
    link = r.headers["link"]
    assert link.startswith("<http://localhost/library/segments.tsv?") and 'rel="next"' in link
    assert "_next=" in link
    t = await ds.client.get("/library/segments.tmx", params={"_size": "2"})
    assert len(_units(t.content)) == 2 and "one page of the rows, the next:" in t.text
    whole = await ds.client.get("/library/segments.tsv")
    assert "link" not in whole.headers and len(whole.text.splitlines()) > 2


async def test_filters_and_search_apply_to_every_page(ds, sample_db):
    with sqlite3.connect(sample_db) as conn:
        wanted = conn.execute(
            "SELECT count(*) FROM segments WHERE item_id = ? AND zh IS NOT NULL AND en IS NOT NULL",
            ("2022-03-30-qbpc-gacc-online-meeting",),
        ).fetchone()[0]
    r = await ds.client.get(
        "/library/segments.tsv",
        params={"item_id": "2022-03-30-qbpc-gacc-online-meeting", "_size": "max"},
    )
    assert len(r.text.splitlines()) == wanted > 2


async def test_a_query_cut_at_the_row_limit_is_refused_with_what_to_do(sample_db):
    ds = make_datasette(sample_db, settings={"max_returned_rows": 5})
    for fmt in ("tmx", "tsv"):
        r = await ds.client.get(f"/library.{fmt}", params={"sql": "select zh, en from segments"})
        body = r.json()
        assert r.status_code == 400 and body["status"] == 400 and body["ok"] is False
        assert "more than 5 rows" in body["error"] and "bilib export tmx" in body["error"]
        fits = await ds.client.get(
            f"/library.{fmt}", params={"sql": "select zh, en from segments limit 5"}
        )
        assert fits.status_code == 200


async def test_a_table_of_more_rows_than_a_page_streams_them_all(sample_db):
    """With pages of 3 rows (Datasette's ``max_returned_rows``), every row still comes."""
    ds = make_datasette(sample_db, settings={"max_returned_rows": 3, "default_page_size": 3})
    with sqlite3.connect(sample_db) as conn:
        pairs = conn.execute(
            "SELECT count(*) FROM segments WHERE zh IS NOT NULL AND en IS NOT NULL"
        ).fetchone()[0]
    r = await ds.client.get("/library/segments.tsv")
    assert len(r.text.splitlines()) == pairs > 9
    t = await ds.client.get("/library/segments.tmx")
    assert len(_units(t.content)) == pairs and t.text.rstrip().endswith("</tmx>")
    # Served under a prefix (Datasette's base_url), the following pages are found too.
    settings = {"max_returned_rows": 3, "default_page_size": 3, "base_url": "/archive/"}
    prefixed = make_datasette(sample_db, settings=settings)
    r = await prefixed.client.get("/library/segments.tsv")  # the client adds the prefix
    assert r.status_code == 200 and len(r.text.splitlines()) == pairs


async def test_a_concordance_download_holds_every_line_in_pieces(ds, sample_db, monkeypatch):
    """Sorted by date, the download is written a piece of ``bodies.CHUNK`` pairs at a
    time (3 here, so that a common term takes many): the file holds every line, as the
    CLI prints them, and the TMX every pair once."""
    import csv
    import io

    from library.archive.read import open_archive
    from library.query import concordance
    from library.web import bodies

    monkeypatch.setattr(bodies, "CHUNK", 3)
    with open_archive(sample_db) as conn:
        assert concordance.pair_count(conn, "海关") > 3 * bodies.CHUNK
        every = concordance.lines(conn, "海关", context=10)
    for fmt, delimiter in ((".csv", ","), (".tsv", "\t")):
        r = await ds.client.get(f"/-/concordance{fmt}", params={"q": "海关", "context": "10"})
        rows = list(csv.DictReader(io.StringIO(r.text), delimiter=delimiter))
        key = [(x.item_id, str(x.position), x.left, x.match) for x in every]
        assert [(x["item_id"], x["position"], x["left"], x["match"]) for x in rows] == key
    t = await ds.client.get("/-/concordance.tmx", params={"q": "海关"})
    assert t.text.rstrip().endswith("</tmx>")
    pairs = {(x.item_id, x.position) for x in every if x.other}
    assert sorted(u[0] for u in _units(t.content)) == sorted(f"{i}#{p}" for i, p in pairs)


async def test_a_download_sorted_by_context_beyond_its_sort_is_refused(ds, monkeypatch):
    from library.query import concordance

    monkeypatch.setattr(concordance, "LIMIT", 2)  # fewer pairs sorted than the term is in
    r = await ds.client.get("/-/concordance.csv", params={"q": "海关", "sort": "left"})
    body = r.json()
    assert r.status_code == 400 and body["error"].startswith("sort=left sorts the lines")
    assert "sort=date" in body["error"]
    by_date = await ds.client.get("/-/concordance.csv", params={"q": "海关"})
    assert by_date.status_code == 200 and len(by_date.text.splitlines()) > 3
