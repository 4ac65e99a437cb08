"""A search of the items table that matches most of a large archive skips the table's
facets, which would run past their time limit anyway (library/web/broad.py)."""

from __future__ import annotations

from library.web import broad


def _scope(path: str, query: str) -> dict:
    return {"type": "http", "path": path, "query_string": query.encode()}


async def test_a_broad_table_search_skips_its_facets(ds):
    await ds.client.get("/")  # the app is ready
    q = "_search=%E6%B5%B7%E5%85%B3"  # 海关: 6 of the sample's 7 items
    for path in ("/library/items", "/library/items.json"):
        thinned = await broad.thinned(_scope(path, q), ds, broad=5)
        assert thinned["query_string"] == (q + "&_nofacet=1").encode()
        kept = await broad.thinned(_scope(path, q), ds, broad=6)
        assert kept["query_string"] == q.encode()
    for path, query in (
        ("/library/items", q + "&_facet=status"),  # a facet asked for
        ("/library/items", q + "&_nofacet=1"),
        ("/library/items", "_sort=date"),  # no search
        ("/library/versions", q),  # another table
    ):
        assert (await broad.thinned(_scope(path, query), ds, broad=0))["query_string"] == (
            query.encode()
        )


async def test_the_table_page_of_a_small_archive_keeps_its_facets(ds):
    page = (await ds.client.get("/library/items.json", params={"_search": "海关"})).json()
    assert set(page["facet_results"]) == {"category", "year", "status"}
