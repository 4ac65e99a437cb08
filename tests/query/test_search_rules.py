"""Rules of the search page's results (``query.search_all``) that a page of the sample
does not show by itself: which sentence pair gives an item's snippet, what an empty
answer says, and which items a saved search's feed follows."""

from __future__ import annotations

import pytest

from library.archive import read
from library.archive.rows import SnippetPair
from library.query import search_all
from library.text.query_compiler import parse


@pytest.fixture(scope="module")
def conn(sample_db):
    c = read.connect(sample_db)
    yield c
    c.close()


def _pair(position: int, zh: str | None, en: str | None) -> SnippetPair:
    return SnippetPair(position=position, zh=zh, en=en)


def test_the_snippet_comes_from_the_pair_matching_most_of_the_query_then_the_phrase():
    pairs = [
        _pair(1, "会议在上海举行。", "The meeting was held in Shanghai."),
        _pair(2, "海关官员出席。", "Customs officials attended."),
        _pair(3, "上海海关官员出席。", "Officials of Shanghai and of Customs attended."),
        _pair(4, "上海海关官员出席。", "Shanghai Customs officials attended."),
    ]
    best = search_all._best_segment
    assert best(pairs, parse("customs"))["position"] == 2  # the first holding the word
    assert best(pairs, parse("shanghai customs"))["position"] == 4  # both words, as a phrase
    assert best(pairs[:3], parse("shanghai customs"))["position"] == 3  # both words apart
    assert best(pairs, parse("上海"))["position"] == 1  # either side
    assert best(pairs, parse("beijing"))["position"] == 1  # none: the first (a title match)
    assert best([], parse("customs")) is None


def test_a_query_matching_nothing_answers_an_empty_page_without_claiming_a_cap(conn):
    for q in ("*", '""'):
        results = search_all.search(conn, q)
        assert (results.total, results.items, results.segments) == (0, [], [])
        assert results.segments_total == 0 and results.segments_count_capped is False
        assert results.facets == {"year": [], "category": [], "lang": []}
    unknown_year = search_all.search(conn, "customs", year=1900)
    assert unknown_year.total == 0 and unknown_year.segments_count_capped is False


def test_a_saved_searchs_feed_follows_the_newest_items_the_search_finds(conn):
    found = search_all.newest_matching(conn, "海关")
    assert found, "the sample has items about customs"
    dates = [
        conn.execute("SELECT date FROM items WHERE rowid = ?", (r,)).fetchone()[0] for r in found
    ]
    assert dates == sorted(dates, reverse=True)  # newest first
    page = search_all.search(conn, "海关", size=100)
    assert {r for (r,) in conn.execute(
        f"SELECT rowid FROM items WHERE id IN ({','.join('?' * len(page.items))})",
        [i.id for i in page.items],
    )} == set(found)  # fmt: skip
    assert search_all.newest_matching(conn, "海关", limit=1) == found[:1]
    assert search_all.newest_matching(conn, "*") == []


def test_a_saved_search_also_follows_the_glossary_renderings(conn):
    through = set(search_all.newest_matching(conn, "GACC"))
    directly = set(search_all.newest_matching(conn, '"GACC"'))  # a quoted form: not expanded
    rendering = set(search_all.newest_matching(conn, "海关总署"))
    assert rendering and rendering <= through
    assert through == directly | rendering


@pytest.mark.parametrize("q", ["海关 总署", "海关 知识产权", "customs protection", "QBPC members"])
def test_newest_first_pages_cover_every_match_once_the_phrase_first(conn, q):
    """Past ``rank_up_to`` matches, items holding the words as a phrase come first, then
    the rest, each newest first; pages of one item walk the same order without a gap
    or a repeat across the boundary between the two."""
    whole = search_all.search(conn, q, size=100, rank_up_to=0)
    assert whole.ranking == "phrase, then newest" and whole.total >= 2
    order = [i.id for i in whole.items]
    assert len(order) == len(set(order)) == whole.total
    paged = [
        search_all.search(conn, q, size=1, offset=k, rank_up_to=0).items[0].id
        for k in range(whole.total)
    ]
    assert paged == order
    phrase = parse(q).together
    assert phrase is not None
    holds = [bool(search_all.sql.matching_rowids(conn, phrase.expression, [r]))
             for r in _rowids(conn, order)]  # fmt: skip
    assert holds == sorted(holds, reverse=True)  # the phrase's items first
    assert any(holds)


def _rowids(conn, ids: list[str]) -> list[int]:
    return [conn.execute("SELECT rowid FROM items WHERE id = ?", (i,)).fetchone()[0] for i in ids]


def test_sentence_pairs_are_counted_up_to_a_cap_that_is_said(conn, monkeypatch):
    found = search_all.search(conn, "海关")
    assert found.segments_total > 2 and not found.segments_count_capped
    monkeypatch.setattr(search_all, "COUNT_UP_TO", 2)
    capped = search_all.search(conn, "海关")
    assert capped.segments_total == 2 and capped.segments_count_capped
    monkeypatch.setattr(search_all, "COUNT_UP_TO", found.segments_total)
    exact = search_all.search(conn, "海关")
    assert exact.segments_total == found.segments_total and not exact.segments_count_capped


@pytest.mark.parametrize("q", ["海关", "customs", "QBPC"])
def test_one_word_past_the_ranking_limit_puts_title_matches_first_page_by_page(conn, q):
    whole = search_all.search(conn, q, size=100, rank_up_to=0)
    assert whole.ranking == "titles, then newest" and whole.total >= 2
    order = [i.id for i in whole.items]
    paged = [
        search_all.search(conn, q, size=1, offset=k, rank_up_to=0).items[0].id
        for k in range(whole.total)
    ]
    assert paged == order and len(set(order)) == whole.total
    titles = f"{{title_zh title_en}} : ({whole.expression})"  # the expression searched
    in_title = [
        bool(search_all.sql.matching_rowids(conn, titles, [r])) for r in _rowids(conn, order)
    ]
    assert in_title == sorted(in_title, reverse=True) and any(in_title)


def test_a_search_is_ranked_by_bm25_up_to_the_limit_and_fuzzy_terms_wait_to_be_asked(conn):
    found = search_all.search(conn, "海关")
    assert found.ranking == "bm25" and found.total > 1
    at_limit = search_all.search(conn, "海关", rank_up_to=found.total)
    assert at_limit.ranking == "bm25"
    assert search_all.search(conn, "海关", rank_up_to=found.total - 1).ranking != "bm25"
    assert search_all.search(conn, "Customs Committee").expanded == []
    assert [
        e["status"] for e in search_all.search(conn, "Customs Committee", fuzzy=True).expanded
    ] == ["fuzzy"]
