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


def test_a_page_sorted_by_context_is_complete_when_every_pair_was_read(sample_db, monkeypatch):
    with open_archive(sample_db) as conn:
        every = C.concordance(conn, "海关", sort="right", with_renderings=False)
        assert every.complete and every.pairs == len(
            C.concordance(conn, "海关", sort="right", limit=10_000).lines
        )
        monkeypatch.setattr(C, "LIMIT", 2)  # fewer pairs read than match
        cut = C.concordance(conn, "海关", sort="right", with_renderings=False)
        assert not cut.complete and cut.pairs > 2
