"""Each row type of ``library.archive.rows`` against the rows the archive's queries really
return: the same keys (no more, none missing) and values of the declared types. A
column renamed or added in SQL and not in its type fails here, as a reader of the
renamed key fails under mypy."""

from __future__ import annotations

import shutil
import sqlite3
import types
import typing
from pathlib import Path

import pytest

from library.archive import feed, ids, read, rows, search_sql
from library.model import Term


def _conforms(value: object, kind: object, where: str) -> None:
    """Assert ``value`` is of the annotation ``kind`` (the few forms rows.py uses)."""
    origin = typing.get_origin(kind)
    if kind is typing.Any:
        return
    if origin in (types.UnionType, typing.Union):
        errors = []
        for option in typing.get_args(kind):
            try:
                _conforms(value, option, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: {value!r} is none of {kind}: {errors}")
    if kind is type(None):
        assert value is None, f"{where}: {value!r} is not None"
    elif typing.is_typeddict(kind):
        _row(value, kind, where)
    elif origin is list:
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for k, v in enumerate(value):
            _conforms(v, typing.get_args(kind)[0], f"{where}[{k}]")
    elif origin is dict:
        assert isinstance(value, dict), f"{where}: {value!r} is not a dict"
        key, item = typing.get_args(kind)
        for k, v in value.items():
            _conforms(k, key, f"{where} key")
            _conforms(v, item, f"{where}[{k!r}]")
    elif kind is float:
        assert isinstance(value, float | int) and not isinstance(value, bool), where
    elif kind is int:
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r}"
    else:
        assert isinstance(value, kind), f"{where}: {value!r} is not {kind}"  # type: ignore[arg-type]


def _row(row: object, kind: type, where: str = "") -> None:
    """``row`` has exactly ``kind``'s keys (its optional ones or not) and their types."""
    assert isinstance(row, dict), f"{where}: {row!r} is not a dict"
    hints = typing.get_type_hints(kind)
    required = set(kind.__required_keys__)  # type: ignore[attr-defined]
    assert required <= set(row) <= set(hints), (
        f"{kind.__name__}{where}: missing {sorted(required - set(row))}, "
        f"undeclared {sorted(set(row) - set(hints))}"
    )
    for key, value in row.items():
        _conforms(value, hints[key], f"{kind.__name__}{where}.{key}")


def _all(found: list[object], kind: type) -> None:
    assert found, f"no {kind.__name__} to check: the sample no longer has one"
    for k, row in enumerate(found):
        _row(row, kind, f"[{k}]")


@pytest.fixture(scope="module")
def conn(sample_db, tmp_path_factory):
    """The sample archive, with one version an import replaced (``version_history``) and
    two retired ids, one gone and one merged into a live item."""
    path = tmp_path_factory.mktemp("rows") / "library.db"
    shutil.copy(sample_db, path)
    with sqlite3.connect(path) as db:
        item, lang, title, text, source = db.execute(
            "SELECT item_id, lang, title, text, source FROM versions LIMIT 1"
        ).fetchone()
        db.execute(
            "INSERT INTO version_history (item_id, lang, revision, superseded, title, text, "
            "source, lang_from, translator) VALUES (?, ?, 1, '2026-01-02', ?, ?, ?, "
            "'worksheet', 'A. Translator')",
            (item, lang, title, text, source),
        )
        db.executemany(
            "INSERT INTO retired_items (id, title_en, title_zh, merged_into, retired, keys) "
            "VALUES (?, ?, ?, ?, '2026-01-02', '[]')",
            [("gone-story", "Gone", None, None), ("merged-story", "Merged", "合并", item)],
        )
    c = read.connect(Path(path))
    yield c
    c.close()


def _both(conn) -> str:
    return conn.execute("SELECT id FROM items WHERE status = 'both' LIMIT 1").fetchone()[0]


def test_segment_rows(conn):
    _all(read.fts_segments(conn, '"海关"', 50), rows.SegmentRow)
    _all(read.fts_segments_newest(conn, '"海关"', 50), rows.SegmentRow)
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM segment_spans")]
    _all(list(read.segments_by_rowid(conn, rowids).values()), rows.SegmentRow)
    _all(read.two_sided_by_rowid(conn, rowids), rows.SegmentRow)


def test_pair_and_memory_rows(conn):
    _all(list(read.two_sided_segments(conn)), rows.PairRow)
    _all(list(read.two_sided_segments(conn, with_rowid=True)), rows.PairRow)
    _all(list(read.tm_segments(conn, 0.0)), rows.MemoryRow)


def test_item_page_rows(conn):
    for item in [r[0] for r in conn.execute("SELECT id FROM items")]:
        page = read.item_page(conn, item, 0, 1000)
        _row(page, rows.ItemPage, f"[{item}]")
        _all(read.item_versions(conn, item), rows.VersionRow)
    page = read.item_page(conn, _both(conn), 0, 1000)
    assert page["paragraphs"] and page["segments"] and len(page["versions"]) == 2
    histories = [
        read.item_history(conn, i) for (i,) in conn.execute("SELECT item_id FROM version_history")
    ]
    _all([h for found in histories for h in found], rows.HistoryRow)


def test_summary_and_feed_rows(conn):
    _row(read.summary(conn), rows.Summary)
    _all(feed.newest_items(conn, 100), rows.FeedItem)


def test_search_rows(conn):
    _all(search_sql.search_items(conn, '"海关"'), rows.FoundItem)
    _all(search_sql.search_items_newest(conn, '"海关"', leading=True), rows.FoundItem)
    pairs, total = search_sql.search_segments(conn, '"海关"', 50)
    assert total == len(pairs)
    _all(pairs, rows.FoundPair)
    ids_ = [r[0] for r in conn.execute("SELECT id FROM items")]
    _all([p for found in search_sql.item_segments(conn, ids_).values() for p in found],
         rows.SnippetPair)  # fmt: skip
    facts = search_sql.item_facts(conn, ids_)
    _all(list(facts.values()), rows.ItemFacts)
    assert any("url_zh" in f and "url_en" in f for f in facts.values())
    assert any("url_en" not in f for f in facts.values())  # a Chinese-only item


def test_retired_answers(conn):
    kind, gone = ids.retired_item(conn, "gone-story")
    assert kind == "gone"
    _row(gone, rows.Gone)
    kind, moved = ids.retired_item(conn, "merged-story")
    assert kind == "moved"
    _row(moved, rows.Moved)
    assert ids.retired_item(conn, "never-given") is None


def test_the_glossary_is_terms(conn):
    terms = read.glossary_terms(conn)
    assert terms and all(type(t) is Term for t in terms)
    stored = conn.execute("SELECT count(*) FROM terms").fetchone()[0]
    assert len(terms) == stored
    assert {t.status for t in terms} == {"approved", "fuzzy", "obsolete"}
    assert [(t.en, t.context or "") for t in terms] == sorted(
        (t.en, t.context or "") for t in terms
    )


def test_side_reads_one_language_and_refuses_others(conn):
    pair = next(read.two_sided_segments(conn))
    assert (rows.side(pair, "zh"), rows.side(pair, "en")) == (pair["zh"], pair["en"])
    with pytest.raises(ValueError, match="zh or en"):
        rows.side(pair, "fr")
