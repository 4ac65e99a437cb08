"""The concordance's bounds, pinned: the context it accepts, and when a sorted page says
it saw every line."""

from __future__ import annotations

import pytest

from library.archive.read import open_archive
from library.query import concordance as C


def test_context_may_be_anything_from_none_to_the_most(sample_db):
    with open_archive(sample_db) as conn:
        for context in (0, C.MAX_CONTEXT):
            found = C.concordance(conn, "海关", context=context, with_renderings=False)
            assert found.lines
            if context == 0:
                assert all(line.left == "" and line.right == "" for line in found.lines)
        for context in (-1, C.MAX_CONTEXT + 1):
            with pytest.raises(ValueError, match="context"):
                C.concordance(conn, "海关", context=context)


def test_a_page_sorted_by_context_counts_every_line_when_every_pair_was_read(
    sample_db, monkeypatch
):
    with open_archive(sample_db) as conn:
        every = C.concordance(conn, "海关", sort="right", with_renderings=False)
        lines = C.concordance(conn, "海关", sort="right", limit=10_000).lines
        assert not every.total_capped and every.total == len(lines) > every.pairs
        monkeypatch.setattr(C, "LIMIT", 2)  # fewer pairs read than match
        cut = C.concordance(conn, "海关", sort="right", with_renderings=False)
        assert cut.total_capped and cut.pairs > 2 and cut.total < len(lines)


@pytest.mark.parametrize("sort", C.SORTS)
def test_size_counts_lines_and_the_pages_join_up_to_every_line(sample_db, sort):
    """A page is ``limit`` lines whatever the pairs they come from (issue 29: ``size=2``
    gave 5 lines); the pages, followed by ``next_offset``, are every line once, in order."""
    with open_archive(sample_db) as conn:
        whole = C.lines(conn, "海关", sort=sort)
        seen, offset = [], 0
        while offset is not None:
            page = C.concordance(
                conn, "海关", sort=sort, offset=offset, limit=7, with_renderings=False
            )
            assert len(page.lines) == min(7, len(whole) - offset)
            assert page.total == len(whole) and not page.total_capped
            seen += page.lines
            offset = page.next_offset
        key = [(x.item_id, x.position, x.left, x.match) for x in whole]
        assert [(x.item_id, x.position, x.left, x.match) for x in seen] == key


def test_a_page_by_date_counts_the_lines_of_its_first_pairs_only(sample_db, monkeypatch):
    monkeypatch.setattr(C, "COUNT_PAIRS", 3)
    with open_archive(sample_db) as conn:
        whole = C.lines(conn, "海关")
        first = C.concordance(conn, "海关", limit=2, with_renderings=False)
        assert first.total_capped and 2 <= first.total < len(whole)
        assert first.next_offset == 2  # more pairs unread: there is a next page
        deep = C.concordance(conn, "海关", offset=len(whole) - 1, limit=5, with_renderings=False)
        assert len(deep.lines) == 1 and deep.total == len(whole) and not deep.total_capped
        assert deep.next_offset is None


def _page(lines, renderings=()):
    from library.query.concordance import Concordance

    return Concordance(
        "x", "en", "date", 40, 0, 50, len(lines), list(lines), len(lines), False, list(renderings)
    )


def test_a_pages_size_counts_every_character_it_keeps_once():
    """``size`` (what keeping a page in the answer cache costs) grows by one for each
    character of any part of a line and of a rendering's name, and by a fixed amount
    for each year of a rendering's history."""
    from dataclasses import replace

    from library.query.concordance import Line, Rendering, size

    line = Line("i", 1, None, "left ", "match", " right", "其他", sentence="left match right")
    base = size(_page([line]))
    for part in ("left", "match", "right", "other", "sentence"):
        longer = replace(line, **{part: getattr(line, part) + "xyz"})
        assert size(_page([longer])) == base + 3, part
    assert size(_page([replace(line, other=None)])) == base - 2
    assert size(_page([line, line])) == 2 * base
    assert size(_page([])) == 0
    r = Rendering("x" * 20, "approved", 3, "2021-01-01", "2022-01-01", [(2021, 1)])
    with_one = size(_page([line], [r]))
    assert with_one > base
    assert size(_page([line], [replace(r, years=[])])) == base + 20  # its name, no history
    assert size(_page([line], [replace(r, text="x" * 21)])) == with_one + 1
    two_years = size(_page([line], [replace(r, years=[(2021, 1), (2022, 2)])]))
    assert two_years - with_one == with_one - size(_page([line], [replace(r, years=[])])) > 0


def test_renderings_over_time_are_the_glossarys_unless_others_are_given(sample_db):
    from library.archive import read
    from library.query.concordance import renderings

    conn = read.connect(sample_db)
    try:
        own = renderings(conn, "GACC", "en")
        given = renderings(conn, "GACC", "en", [("综合业务司", "spotted"), ("海关总署", "")])
    finally:
        conn.close()
    assert [(r.text, r.status) for r in own] == [("海关总署", "approved")]
    assert own[0].pairs > 0 and own[0].first <= own[0].last
    assert sum(n for _, n in own[0].years) == own[0].pairs
    assert {r.text for r in given} == {"综合业务司", "海关总署"}
    assert [r.pairs for r in given] == sorted((r.pairs for r in given), reverse=True)


def test_renderings_are_ordered_by_how_many_pairs_hold_them_not_by_their_text(sample_db):
    from library.archive import read
    from library.query.concordance import renderings

    conn = read.connect(sample_db)
    try:
        found = renderings(conn, "customs", "en", [("上海海关", ""), ("海关", "")])
    finally:
        conn.close()
    assert [r.text for r in found] == ["海关", "上海海关"]  # 上 sorts before 海
    assert found[0].pairs > found[1].pairs > 0


def test_a_tsv_concordance_keeps_each_line_on_one_line():
    from library.query.concordance import Line, to_csv

    line = Line("i", 1, "2022-01-01", "left\n", "match", "\tright", "其\n他", sentence="s\r\nt")
    tsv = to_csv([line], delimiter="\t")
    header, row, *rest = tsv.splitlines()
    assert rest == [] and "match" in row
    assert len(row.split("\t")) == len(header.split("\t"))
    csv_text = to_csv([line])
    assert "left\n" in csv_text  # CSV quotes a line break; it need not be replaced
