"""Search through a real Datasette: the stock ?_search= box and JSON API, in both languages."""

from __future__ import annotations

import random
import re

import pytest
from helpers import (
    corpus_texts,
    hostile_query,
    make_datasette,
    oracle_substring,
    oracle_word,
    too_big,
)

from library.text.chinese import CJK_RUN


async def search_ids(ds, query: str, path: str = "/library/items.json") -> set[str]:
    r = await ds.client.get(
        path, params={"_search": query, "_shape": "array", "_col": "id", "_size": "max"}
    )
    assert r.status_code == 200, (query, r.text[:300])
    return {row["id"] for row in r.json()}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("海关", "all with Chinese"),
        ("海關", "all with Chinese"),
        ("综合业务司", {"2022-03-30-qbpc-gacc-online-meeting"}),
        ("Department of General Operation", {"2022-03-30-qbpc-gacc-online-meeting"}),
        ("廣州海關", {"briefing-7"}),
        ("广州海关", {"briefing-7"}),
    ],
)
async def test_reader_queries_from_the_issue(ds, sample_db, query, expected):
    if expected == "all with Chinese":
        texts = corpus_texts(sample_db)
        expected = oracle_substring(texts, "海关")
        assert len(expected) == 6
    assert await search_ids(ds, query) == expected


async def test_mixed_query_needs_both_terms(ds, sample_db):
    texts = corpus_texts(sample_db)
    expected = oracle_word(texts, "QBPC") & oracle_substring(texts, "海关")
    got = await search_ids(ds, "QBPC 海关")
    assert got == expected
    assert "2022-10-20-customs-committee-quarterly" not in got  # says 品保委, never QBPC


async def test_json_api_shape_array(ds):
    r = await ds.client.get("/library/items.json", params={"_search": "海关", "_shape": "array"})
    rows = r.json()
    assert r.status_code == 200 and len(rows) == 6
    assert {"id", "title_en", "title_zh", "date", "status"} <= set(rows[0])
    assert [row["date"] for row in rows] == sorted((row["date"] for row in rows), reverse=True)


async def test_search_canned_query(ds):
    r = await ds.client.get("/library/search.json", params={"q": "综合业务司", "_shape": "array"})
    assert r.status_code == 200
    rows = r.json()
    assert [row["id"] for row in rows] == ["2022-03-30-qbpc-gacc-online-meeting"]
    assert rows[0]["title_en"].startswith("QBPC and GACC")


async def test_phrase_and_prefix(ds, sample_db):
    texts = corpus_texts(sample_db)
    assert await search_ids(ds, '"customs filing system"') == {
        i for i, t in texts.items() if "customs filing system" in t.lower()
    }
    assert await search_ids(ds, "recordat*") == {
        i for i, t in texts.items() if re.search(r"\brecordat", t, re.I)
    }


def _random_queries(texts: dict[str, str], rng: random.Random, n: int):
    runs = [m.group(0) for t in texts.values() for m in CJK_RUN.finditer(t)]
    words = sorted({w for t in texts.values() for w in re.findall(r"[A-Za-z]{2,}", t)})
    queries = []
    for _ in range(n):
        if rng.random() < 0.7:
            run = rng.choice(runs)
            size = rng.randint(1, min(4, len(run)))
            start = rng.randrange(len(run) - size + 1)
            queries.append(("zh", run[start : start + size]))
        else:
            queries.append(("en", rng.choice(words)))
    return queries


@pytest.mark.parametrize("which", ["sample_db", "generated_db"])
async def test_search_equals_like_scan_oracle(request, which):
    db_path = request.getfixturevalue(which)
    ds = make_datasette(db_path)
    texts = corpus_texts(db_path)
    rng = random.Random(2022)
    for kind, query in _random_queries(texts, rng, 200):
        expected = oracle_substring(texts, query) if kind == "zh" else oracle_word(texts, query)
        assert await search_ids(ds, query) == expected, query


@pytest.mark.slow
async def test_hostile_queries_never_fail(ds):
    rng = random.Random(7)
    queries = [hostile_query(rng) for _ in range(1000)] + ["", " ", '"', '""', "*", "NEAR(", "(("]
    for q in queries:
        r = await ds.client.get("/library/items.json", params={"_search": q, "_shape": "array"})
        if len(q) > 500 or (too_big(q) and r.status_code == 400):  # refused, saying why
            assert r.status_code == 400 and r.json()["error"].startswith("_search:"), q
            continue
        assert r.status_code == 200, (q, r.text[:200])
        r = await ds.client.get("/library/search.json", params={"q": q, "_shape": "array"})
        assert r.status_code == 200, (q, r.text[:200])


async def test_column_search_uses_the_same_scheme(ds):
    r = await ds.client.get(
        "/library/items.json", params={"_search_title_zh": "海關", "_shape": "array"}
    )
    assert r.status_code == 200
    ids = {row["id"] for row in r.json()}
    assert "2022-03-30-qbpc-gacc-online-meeting" in ids  # 海关总署 in its Chinese title
    assert all("海关" in row["title_zh"] or "海關" in row["title_zh"] for row in r.json())


async def test_raw_search_mode_reports_bad_syntax_as_a_client_error(ds):
    # ?_searchmode=raw is Datasette's opt-in to FTS5 syntax over the shadow: bad
    # syntax is the caller's mistake (400), never a server error.
    r = await ds.client.get(
        "/library/items.json", params={"_search": "NEAR(", "_searchmode": "raw"}
    )
    assert r.status_code == 400 and "fts5" in r.json()["error"]
