"""The build: the sample end to end, idempotence, atomicity, clear errors from the CLI."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from helpers import ROOT, write

from library import build as build_mod
from library.archive import read, schema
from library.archive import write as archive_write
from library.cli import cli
from library.errors import LibraryError
from library.model import Segment


def _dump(path) -> list[str]:
    return list(sqlite3.connect(path).iterdump())


def test_sample_builds_every_path_of_the_pipeline(sample_db):
    db = sqlite_utils.Database(sample_db)
    items = {r["id"]: r for r in db["items"].rows}
    assert len(items) == 7
    assert {r["status"] for r in items.values()} == {"both", "en_only", "zh_only"}
    assert {r["pair_method"] for r in items.values()} == {"stem", "id", "auto", "single"}
    versions = list(db["versions"].rows)
    assert {v["format"] for v in versions} == {"text", "html", "markdown"}
    assert {v["encoding"] for v in versions} >= {"utf-8", "utf-8-sig", "gb18030", "big5"}
    main = items["2022-03-30-qbpc-gacc-online-meeting"]
    assert main["title_zh"] == "品保委与海关总署召开2022年首次线上交流会"
    assert main["date"] == "2022-03-30" and main["year"] == 2022
    assert (main["category_en"], main["category_zh"]) == ("QBPC News", "品保委新闻")
    rows = list(db["paragraphs"].rows_where("item_id = ?", [main["id"]], order_by="position"))
    assert [r["bead"] for r in rows] == ["1-1"] * 5
    assert [(r["zh_index"], r["en_index"]) for r in rows] == [(str(k), str(k)) for k in range(5)]
    with read.open_archive(sample_db) as conn:
        texts = read.item_paragraphs(conn, main["id"])
    assert texts[0]["en"].startswith("On March 9") and texts[0]["zh"].startswith("3月9日")
    versions = {v["lang"]: v["text"].split("\n\n") for v in versions if v["item_id"] == main["id"]}
    assert [t["zh"] for t in texts] == versions["zh"] and [t["en"] for t in texts] == versions["en"]
    # Foreign keys and indexes exist.
    assert {fk.other_table for fk in db["paragraphs"].foreign_keys} == {"items"}
    assert any(ix.columns == ["date"] for ix in db["items"].indexes)


def test_rebuild_gives_the_same_database(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build_mod.build(None, a, ROOT / "locales")
    build_mod.build(None, b, ROOT / "locales")
    build_mod.build(None, b, ROOT / "locales")  # over an existing file: no duplicates
    assert _dump(a) == _dump(b)


def test_failed_build_leaves_previous_database_intact(tmp_path, sample_copy):
    target = tmp_path / "library.db"
    build_mod.build([sample_copy], target, ROOT / "locales")
    before = _dump(target)
    write(sample_copy / "broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    with pytest.raises(LibraryError, match="broken.md"):
        build_mod.build([sample_copy], target, ROOT / "locales")
    assert _dump(target) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_build_failing_midway_while_writing_leaves_previous_database_intact(tmp_path):
    target = tmp_path / "library.db"
    build_mod.build(None, target, ROOT / "locales")
    before = _dump(target)

    def crash(n):
        raise KeyboardInterrupt  # the user pressing Ctrl-C halfway through writing

    with pytest.raises(KeyboardInterrupt):
        build_mod.build(None, target, ROOT / "locales", on_progress=crash)
    assert _dump(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


def test_cli_build_reports_and_errors_without_traceback(tmp_path, sample_copy):
    runner = CliRunner()
    out = tmp_path / "x.db"
    result = runner.invoke(
        cli, ["build", str(sample_copy), "-o", str(out), "--locales", str(ROOT / "locales")]
    )
    assert result.exit_code == 0, result.output
    assert "7 items from 12 pages" in result.output and "items/s" in result.output
    write(sample_copy / "bad.md", "---\n- just\n- a list\n---\n")
    result = runner.invoke(
        cli, ["build", str(sample_copy), "-o", str(out), "--locales", str(ROOT / "locales")]
    )
    assert result.exit_code == 1
    assert "bad.md:2: front matter must be a mapping" in result.output
    assert "Traceback" not in result.output


def test_cli_reports_bad_glossary_with_line(tmp_path):
    locales = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES"
    write(locales / "glossary.po", 'msgid "GACC"\nmsgstr "海关总署\n')
    result = CliRunner().invoke(
        cli, ["build", "-o", str(tmp_path / "x.db"), "--locales", str(tmp_path / "locales")]
    )
    assert result.exit_code == 1
    assert "glossary.po:2: PO syntax error" in result.output
    assert not (tmp_path / "x.db").exists()


def test_sample_segments_pair_every_sentence_of_paired_paragraphs(sample_db):
    from library.text.sentences import split

    db = sqlite_utils.Database(sample_db)
    segments = list(db["segments"].rows)
    assert segments
    with read.open_archive(sample_db) as conn:
        rows = [
            {**p, "item_id": item}
            for item in {s["item_id"] for s in segments}
            for p in read.item_paragraphs(conn, item)
        ]
    for p in rows:
        mine = [
            s for s in segments if s["item_id"] == p["item_id"] and s["paragraph"] == p["position"]
        ]
        if p["zh"] and p["en"]:
            assert mine and all(s["zh"] and s["en"] for s in mine), (p["item_id"], p["position"])
        # Every sentence of the paragraph row is in exactly one segment, in order.
        for lang in ("zh", "en"):
            expected = [s for part in (p[lang] or "").split("\n\n") for s in split(part, lang)]
            joiner = "" if lang == "zh" else " "
            assert joiner.join(s[lang] for s in mine if s[lang]) == joiner.join(expected)


def test_segment_spans_locate_each_sentence_in_order_or_keep_their_own_text(tmp_path):
    text = "好。好。乙。\n\n丙。"
    segments = [
        Segment(0, zh, None, "1-0", 1.0) for zh in ["好。", "好。", "乙。丙。", None, "丙。"]
    ]
    rows = list(archive_write.segment_span_rows("x", {"zh": text}, segments))
    # (zh_start, zh_length, zh_text): a repeated sentence is found after the previous
    # one; sentences joined across a paragraph break are not a stretch of the text.
    assert [r[4:7] for r in rows] == [
        (0, 2, None),
        (2, 2, None),
        (None, None, "乙。丙。"),
        (None, None, None),
        (8, 2, None),
    ]
    assert all(r[7:10] == (None, None, None) for r in rows)
    # The view gives back every piece, with no function of ours registered.
    db = sqlite_utils.Database(tmp_path / "x.db")
    schema.create_schema(db)
    db.execute("INSERT INTO items (id, status) VALUES ('x', 'zh_only')")
    db.execute("INSERT INTO versions (item_id, lang, text) VALUES ('x', 'zh', ?)", [text])
    db.conn.executemany(archive_write.SEGMENT_SPANS_INSERT, [(None, *r) for r in rows])
    db.conn.commit()
    conn = sqlite3.connect(tmp_path / "x.db")
    assert [r[0] for r in conn.execute("SELECT zh FROM segments ORDER BY position")] == [
        s.zh for s in segments
    ]


def test_archive_holds_sentence_text_once(generated_db):
    """Almost every body pair is a stretch of its versions' text; only the rare pair
    joined across a paragraph break keeps a copy. Title pairs (position 0, not in the
    text) keep theirs."""
    conn = sqlite3.connect(generated_db)
    total, own = conn.execute(
        "SELECT count(*), sum(zh_text IS NOT NULL OR en_text IS NOT NULL) FROM segment_spans "
        "WHERE position > 0"
    ).fetchone()
    assert total > 1000 and own <= total // 100
    titles = conn.execute(
        "SELECT count(*), sum(bead = 'title' AND paragraph IS NULL AND zh_start IS NULL "
        "AND en_start IS NULL), (SELECT count(*) FROM items) FROM segment_spans WHERE position = 0"
    ).fetchone()
    assert titles[0] == titles[1] == titles[2]
    # Each located pair's text is what its offsets cut from the version.
    for zh, start, length, text in conn.execute(
        "SELECT s.zh, p.zh_start, p.zh_length, v.text FROM segments s "
        "JOIN segment_spans p ON p.rowid = s.id JOIN versions v ON v.item_id = s.item_id "
        "AND v.lang = 'zh' WHERE p.zh_start IS NOT NULL LIMIT 2000"
    ):
        assert zh == text[start : start + length] and zh.strip() == zh


@pytest.mark.slow
def test_parallel_build_gives_the_same_database(tmp_path, generated_corpus, monkeypatch):
    """Pages read, items aligned and terms checked (in blocks of 500 segments here) by
    two workers give the database one process gives."""
    from library.terms import check as termcheck

    monkeypatch.setattr(termcheck, "BLOCK", 500)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    build_mod.build([generated_corpus], one, ROOT / "locales", jobs=1)
    report = build_mod.build([generated_corpus], two, ROOT / "locales", jobs=2)
    assert _dump(one) == _dump(two)
    assert set(report.phases) == {"read", "pair", "align", "terms", "compact"}
    assert sqlite_utils.Database(two)["term_uses"].count > 1000
    assert not list(tmp_path.glob("*.uses"))  # the spool is gone


def test_a_long_item_shared_among_workers_gives_the_same_database(tmp_path, monkeypatch):
    """A long page pair (over 20,000 characters here) is read, its paragraphs' anchors
    found and its rows' sentences aligned by the workers in blocks (of 5,000 characters
    here), its sentence pairs written as they come (in chunks of 100 here): the database
    is the one a single process builds."""
    from benchmark_big_page import write_pair

    write_pair(tmp_path / "pages", 0.1)
    monkeypatch.setattr(build_mod, "LONG_ITEM", 20_000)
    monkeypatch.setattr(build_mod, "BLOCK_CHARS", 5_000)
    monkeypatch.setattr(build_mod, "PARALLEL_FROM", 10)
    monkeypatch.setattr(archive_write, "SEGMENT_CHUNK", 100)
    long_ones = []
    align_long = build_mod._align_long
    monkeypatch.setattr(
        build_mod, "_align_long", lambda k, pool: long_ones.append(k) or align_long(k, pool)
    )
    sources = [build_mod.sample_dir(), tmp_path / "pages"]
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    build_mod.build(sources, one, ROOT / "locales", jobs=1)
    assert not long_ones
    build_mod.build(sources, two, ROOT / "locales", jobs=2)
    assert long_ones  # the long item went through the shared path
    assert _dump(one) == _dump(two)
    rows = (
        sqlite3.connect(two)
        .execute("SELECT count(*) FROM segments WHERE item_id = '2023-05-04-long-report'")
        .fetchone()[0]
    )
    assert rows > 500


def test_sentence_pairs_with_little_evidence_are_flagged_for_review(tmp_path):
    from library.model import SENTENCE_REVIEW_BELOW

    write(tmp_path / "p" / "a.zh.txt", "会议\n2022-03-01\n\n海关总署召开会议。今天天气很好。\n")
    write(
        tmp_path / "p" / "a.en.txt",
        "Meeting\n2022-03-01\n\nGACC held a meeting. Profits rose sharply.\n",
    )
    build_mod.build([tmp_path / "p"], tmp_path / "x.db", ROOT / "locales")
    rows = (
        sqlite3.connect(tmp_path / "x.db")
        .execute("SELECT id, zh, en, score, review FROM segments")
        .fetchall()
    )
    flagged = {i for i, _, _, _, review in rows if review}
    doubtful = {i for i, zh, en, score, _ in rows if zh and en and score < SENTENCE_REVIEW_BELOW}
    assert doubtful and flagged == doubtful
