"""A good neighbour (issue 15): a researcher's database served beside the archive, with
tables called ``items`` (and its ``items_fts``, as ``sqlite-utils enable-fts`` makes it),
``paragraphs`` and ``segments``, answers exactly as stock Datasette answers it; the
plugin's routes find the archive whatever the order, and answer 404 with none."""

from __future__ import annotations

import pytest
import sqlite_utils
from datasette.app import Datasette
from datasette.plugins import pm

import library.web

VOLATILE = {"query_ms", "truncated"}


@pytest.fixture
def neighbour(tmp_path):
    path = tmp_path / "research.db"
    db = sqlite_utils.Database(path)
    db["items"].insert_all(
        [
            {"id": 1, "title": "海关总署发布新规", "body": "customs rules"},
            {"id": 2, "title": "臺灣新聞", "body": "customers and customs"},
            {"id": 3, "title": "Other", "body": "nothing here"},
        ],
        pk="id",
    )
    db["items"].enable_fts(["title", "body"])
    db["paragraphs"].insert_all([{"id": 1, "item_id": 1, "text": "段落"}], pk="id")
    db["segments"].insert_all(
        [{"id": 1, "item_id": "1", "zh": "句子", "en": "A sentence"}], pk="id"
    )
    return path


PATHS = [
    ("/research/items.json", {"_search": "海关总署发布新规"}),
    ("/research/items.json", {"_search": "臺灣新聞"}),
    ("/research/items.json", {"_search": "custom*"}),
    ("/research/items.json", {"_search": "customs " * 300}),
    ("/research/items.json", {}),
    ("/research/items/1.json", {}),
    ("/research/paragraphs/1.json", {}),
    ("/research/segments.json", {}),
    ("/research.json", {"sql": "select * from items where body like '%customs%'"}),
    ("/research.json", {"sql": "select escape_fts('海关 OR x') as e"}),
]
PAGES = ["/research/items", "/research/items/1", "/research/paragraphs/1", "/research/segments"]


def _plugin_on() -> None:
    library.web.register(pm)


def _clean(body):
    if isinstance(body, dict):
        return {k: _clean(v) for k, v in body.items() if k not in VOLATILE}
    if isinstance(body, list):
        return [_clean(v) for v in body]
    return body


async def _answers(ds):
    out = []
    for path, params in PATHS:
        r = await ds.client.get(path, params=params)
        out.append(
            (path, params, r.status_code, _clean(r.json()) if r.status_code < 500 else r.text)
        )
    return out


async def test_a_neighbour_database_answers_as_stock_datasette(neighbour, sample_db):
    _plugin_on()
    library.web.unregister(pm)
    try:
        stock = Datasette([str(neighbour)])
        expected = await _answers(stock)
        stock_pages = {p: (await stock.client.get(p)).status_code for p in PAGES}
    finally:
        library.web.register(pm)
    served = Datasette([str(neighbour), str(sample_db)])  # the neighbour listed first
    assert await _answers(served) == expected
    assert [e[2] for e in expected[:3]] == [200, 200, 200]
    assert expected[0][3]["rows"] and expected[1][3]["rows"]  # stock FTS finds them
    for page in PAGES:
        r = await served.client.get(page)
        assert r.status_code == stock_pages[page] == 200, page
    segments = (await served.client.get("/research/segments")).text
    assert "/research/items/1" not in segments  # no item link into a table of another kind
    # The plugin's routes find the archive though the neighbour comes first.
    r = await served.client.get("/-/search.json", params={"q": "customs"})
    assert r.status_code == 200 and r.json()["database"] == "library" and r.json()["total"] > 0


async def test_the_routes_answer_404_without_an_archive(neighbour):
    _plugin_on()
    ds = Datasette([str(neighbour)])
    for path in ("/-/search.json", "/-/concordance.json", "/-/tm.json", "/-/terms.json"):
        r = await ds.client.get(path, params={"q": "customs", "term": "customs"})
        assert r.status_code == 404 and "no archive" in r.json()["error"], path
