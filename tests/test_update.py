"""Updates in seconds (issue 26, item 2): a build over an archive appends the pages added
since, and what it writes is what a full build over the same archive writes: every
table's rows and what the search indexes hold. Checked on fixed cases and on random
sequences of added, changed, renamed and removed pages (hypothesis)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import write
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from library.build import build
from library.update import update

START = dt.date(2022, 1, 3)


def page(folder: Path, name: str, n: int, day: int, lang: str, edit: int = 0) -> Path:
    """A page of story ``n`` (its numbers its own: no two stories pair by score)."""
    date = (START + dt.timedelta(days=day)).isoformat()
    cases = n * 7 + 3 + edit * 1000
    if lang == "en":
        text = f"Customs report {n}\n\n{date}\n\nCustoms officers counted {cases} cases in district {n}.\n"
    else:
        text = f"海关报告{n}\n\n{date}\n\n海关关员统计了{cases}起案件，第{n}区。\n"
    return write(folder / f"{name}.{lang}.txt", text)


ORDERED = {"items", "segment_spans", "term_findings"}
"""Tables whose rowids mean something: items in date order (the search walks them),
sentence pairs (the index's rowids), findings in their sort order."""


def logical_dump(db: Path) -> dict[str, list]:
    """Every table's rows (with their rowids, in rowid order, where rowids mean something;
    the others' rows sorted) and each search index's content (its fts5vocab instances):
    what an archive holds, whatever the order its pages were written in the file."""
    conn = sqlite3.connect(db)
    try:
        out: dict[str, list] = {}
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
            "'sqlite_%' AND name NOT LIKE 'items_fts%' AND name NOT LIKE 'segments_fts%'"
        ).fetchall()
        for name, _ in tables:
            if name in ORDERED:
                out[name] = conn.execute(f"SELECT rowid, * FROM [{name}] ORDER BY rowid").fetchall()
            else:
                rows = conn.execute(f"SELECT * FROM [{name}]").fetchall()
                out[name] = sorted(rows, key=lambda r: [(v is None, str(v)) for v in r])
        for fts in ("items_fts", "segments_fts"):
            conn.execute(
                f"CREATE VIRTUAL TABLE temp.v_{fts} USING fts5vocab(main, {fts}, instance)"
            )
            out[fts] = sorted(conn.execute(f"SELECT * FROM temp.v_{fts}").fetchall())
        return out
    finally:
        conn.close()


def same(a: Path, b: Path, *, rescored: bool = False) -> None:
    """The two archives hold the same. ``rescored``: but for the scores of the pairs made
    by score (``auto``), which weigh every page of the corpus against the others: a full
    build scores them all again, an update only those it writes (they may differ a
    little; the pairs themselves must not)."""
    left, right = logical_dump(a), logical_dump(b)
    assert left.keys() == right.keys()
    if rescored:
        for dump in (left, right):
            scores = {r[1]: r[12] for r in dump["items"] if r[11] == "auto"}
            dump["scores"] = sorted(scores.items())
            dump["items"] = [r[:12] + (None,) + r[13:] if r[11] == "auto" else r
                             for r in dump["items"]]  # fmt: skip
            dump["pair_evidence"] = [r[:2] if r[1] == "auto" else r for r in dump["pair_evidence"]]
        for (item, x), (other, y) in zip(left.pop("scores"), right.pop("scores"), strict=True):
            assert item == other and abs(x - y) < 0.05, (item, x, y)
    for table in left:
        assert left[table] == right[table], table


def test_pages_added_since_are_appended_as_a_full_build_writes_them(tmp_path):
    pages = tmp_path / "pages"
    for n in range(6):
        page(pages / "news", f"story-{n}", n, n, "en")
        page(pages / "news", f"story-{n}", n, n, "zh")
    page(pages / "news", "brief-9", 9, 6, "en")  # one-sided
    first = update([pages], tmp_path / "a.db", jobs=1)
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")
    assert first.mode == "full"
    for n in range(10, 14):  # today's news, and a page in one language
        page(pages / "news", f"story-{n}", n, 20 + n, "en")
        if n != 13:
            page(pages / "news", f"story-{n}", n, 20 + n, "zh")
    report = update([pages], tmp_path / "a.db", jobs=1)
    assert (report.mode, report.note) == (
        "update",
        "7 pages new, 0 changed, 0 gone: 4 items added, 0 written again",
    )
    assert (report.items, report.both, report.en_only) == (11, 9, 2)
    build([pages], tmp_path / "b.db", jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db")


def small_archive(tmp_path: Path) -> tuple[Path, Path]:
    pages, locales = tmp_path / "pages", tmp_path / "locales"
    shutil.copytree(Path(__file__).resolve().parent.parent / "locales", locales)
    for n in range(4):
        page(pages, f"s{n}", n, 10 + n, "en")
        page(pages, f"s{n}", n, 10 + n, "zh")
    page(pages, "lone", 7, 12, "en")
    update([pages], tmp_path / "a.db", locales, jobs=1)
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")
    return pages, locales


@pytest.mark.parametrize(
    "change, note",
    [
        ("older", "1 pages new, 0 changed, 0 gone: 1 items added, 4 written again"),
        ("edit", "0 pages new, 1 changed, 0 gone: 0 items added, 4 written again"),
        ("remove", "0 pages new, 0 changed, 1 gone: 0 items added, 2 written again"),
        ("translation", "1 pages new, 0 changed, 0 gone: 0 items added, 3 written again"),
    ],
)
def test_changed_removed_and_older_pages_rewrite_the_archive_from_the_first_change(
    tmp_path, change, note
):
    """The items from the first that changes on are written again (rowid order is date
    order); those before it are left as they are. Items sort by date, then id: s0 (day
    10), s1 (11), lone and s2 (12), s3 (13)."""
    pages, locales = small_archive(tmp_path)
    if change == "older":  # s1's date, sorting before it: s1, s2, lone and s3 follow
        page(pages, "old", 20, 11, "en")
    elif change == "edit":
        os.utime(page(pages, "s1", 1, 11, "en", edit=1), ns=(1, 1))
    elif change == "remove":
        (pages / "s2.zh.txt").unlink()
    else:  # the lone page's translation arrives
        page(pages, "lone", 7, 12, "zh")
    report = update([pages], tmp_path / "a.db", locales, jobs=1)
    assert (report.mode, report.note) == ("update", note)
    for path in pages.glob("*.txt"):  # every page saved again as it was: nothing to write
        os.utime(path, ns=(5, 5))
    report = update([pages], tmp_path / "a.db", locales, jobs=1)
    saved = len(list(pages.glob("*.txt")))
    assert report.note == f"0 pages new, 0 changed, 0 gone, {saved} saved again unchanged: " \
        "0 items added, 0 written again"  # fmt: skip
    build([pages], tmp_path / "b.db", locales, jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db")


def test_a_glossary_change_writes_again_the_items_using_the_entries_changed(tmp_path):
    """Items whose pairs use a changed entry's forms (old or new) are written again, with
    their alignment (the glossary is in the aligner's dictionary) and term checks; the
    others keep theirs. A change to an entry's note alone rewrites only ``terms``."""
    pages, locales = small_archive(tmp_path)
    for n, day in ((30, 11), (31, 14)):  # s1's day, and after s3
        date = (START + dt.timedelta(days=day)).isoformat()
        write(pages / f"gacc{n}.en.txt", f"GACC meeting {n}\n\n{date}\n\nThe General "
              f"Administration of Customs met brand owners in district {n}.\n")  # fmt: skip
        write(pages / f"gacc{n}.zh.txt", f"海关总署会议{n}\n\n{date}\n\n海关总署在第{n}区"
              "会见了品牌权利人。\n")  # fmt: skip
    update([pages], tmp_path / "a.db", locales, jobs=1)
    po = locales / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    text = po.read_text("utf-8")
    po.write_text(text.replace("#. Short form, without the country name.", "#. Short.", 1), "utf-8")
    report = update([pages], tmp_path / "a.db", locales, jobs=1)
    assert report.note == "0 pages new, 0 changed, 0 gone: 0 items added, 0 written again"
    build([pages], tmp_path / "b.db", locales, jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db")
    po.write_text(  # the short form's Chinese changes: gacc30 (day 11) and all after it
        po.read_text("utf-8").replace('msgstr "海关总署"', 'msgstr "中国海关总署"', 1), "utf-8"
    )
    report = update([pages], tmp_path / "a.db", locales, jobs=1)
    assert report.note == "0 pages new, 0 changed, 0 gone: 0 items added, 6 written again"
    build([pages], tmp_path / "b.db", locales, jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db")
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("SELECT zh FROM terms WHERE en = 'General Administration of "
                            "Customs'").fetchone() == ("中国海关总署",)  # fmt: skip


def test_the_sample_corrected_and_cut_updates_as_a_full_build_writes_it(tmp_path):
    """The bundled sample: pages paired by name, by front matter id and by score, in GBK
    and Big5, categories, term uses and findings (missing renderings). A Chinese page
    corrected and an English one taken down write again the items from the first on."""
    pages = tmp_path / "pages"
    shutil.copytree(Path(__file__).resolve().parent.parent / "library" / "sample", pages)
    update([pages], tmp_path / "a.db", jobs=1)
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")
    with sqlite3.connect(tmp_path / "a.db") as conn:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM term_findings GROUP BY kind"))
        methods = {m for (m,) in conn.execute("SELECT DISTINCT pair_method FROM items")}
    assert kinds.get("missing_zh") and {"stem", "auto", "id"} <= methods, (kinds, methods)
    news = pages / "qbpc-news"
    training = news / "2022-05-18-ningbo-customs-training.zh.txt"
    gbk = training.read_bytes().decode("gb18030")  # saved as the site served it, in GBK
    training.write_bytes((gbk + "\n宁波海关表示将继续开展培训。\n").encode("gb18030"))
    (news / "2022-09-05-case-nominations.en.txt").unlink()
    report = update([pages], tmp_path / "a.db", jobs=1)
    assert report.mode == "update", report.note
    assert report.note.startswith("0 pages new, 1 changed, 1 gone"), report.note
    build([pages], tmp_path / "b.db", jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db", rescored=True)


def test_what_cannot_be_updated_is_built_in_full_saying_why(tmp_path, monkeypatch):
    pages, locales = small_archive(tmp_path)
    monkeypatch.setattr("library.update.TAIL_MIN", 0)
    (pages / "s0.zh.txt").unlink()  # the first item: all five would be written again
    report = update([pages], tmp_path / "a.db", locales, jobs=1)
    assert report.mode == "full", report.note
    assert (
        report.note == "the change reaches back to 2022-01-13: 5 of 5 items would be written again"
    )
    build([pages], tmp_path / "b.db", locales, jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db")
    report = update([pages], tmp_path / "a.db", locales, jobs=1, max_page_bytes=10**6)
    assert report.mode == "full" and "other folders, options" in report.note, report.note
    build([pages], tmp_path / "b.db", locales, jobs=1, max_page_bytes=10**6)
    same(tmp_path / "a.db", tmp_path / "b.db")


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "add", "add-one", "change", "redate", "rename", "remove", "term", "touch"]
        ),
        st.integers(0, 40),  # a story number (or which page, for the others)
        st.booleans(),  # a newer page (days after the last), or any day
    ),
    min_size=1,
    max_size=4,
)
RUNS = int(os.environ.get("UPDATE_RUNS", "100"))
"""Random sequences checked each run (``UPDATE_RUNS`` for more; the closing note of issue
26 reports the count)."""


@settings(
    max_examples=RUNS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_an_update_equals_a_full_build_after_any_changes(tmp_path_factory, ops):
    tmp = tmp_path_factory.mktemp("update")
    pages, locales = tmp / "pages", tmp / "locales"
    shutil.copytree(Path(__file__).resolve().parent.parent / "locales", locales)
    po = locales / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    for n in range(3):
        page(pages / "a", f"s{n}", n, n, "en")
        page(pages / "a", f"s{n}", n, n, "zh")
    update([pages], tmp / "a.db", locales, jobs=1)
    shutil.copy(tmp / "a.db", tmp / "b.db")
    day = 10
    for op, n, newer in ops:
        existing = sorted(pages.rglob("*.txt"))
        if op.startswith("add"):
            day += 1
            when = day if newer else n % 9
            page(pages / ("a" if n % 2 else "b"), f"s{100 + n}", 100 + n, when, "en")
            if op == "add":
                page(pages / ("a" if n % 2 else "b"), f"s{100 + n}", 100 + n, when, "zh")
        elif existing and op == "change":
            target = existing[n % len(existing)]
            target.write_text(target.read_text("utf-8").replace("案件", "宗案件").replace(
                "cases", "cases in all"), "utf-8")  # fmt: skip
            os.utime(target, ns=(n + 1, n + 1))
        elif existing and op == "redate":  # the page moves in date order
            target = existing[n % len(existing)]
            text = target.read_text("utf-8").split("\n")
            text[2] = (START + dt.timedelta(days=n % 15)).isoformat()
            target.write_text("\n".join(text), "utf-8")
            os.utime(target, ns=(n + 7, n + 7))
        elif existing and op == "touch":  # saved again as it was (copied, checked out)
            os.utime(existing[n % len(existing)], ns=(n + 11, n + 11))
        elif op == "term":  # an entry for one district's name, added or taken out
            entry = f'msgid "district {n % 7}"\nmsgstr "第{n % 7}区"\n\n'
            text = po.read_text("utf-8")
            if entry in text:
                text = text.replace(entry, "")
            else:
                text = text.replace("#~ ", entry + "#~ ", 1)
            po.write_text(text, "utf-8")
        elif existing and op == "rename":
            target = existing[n % len(existing)]
            (pages / "moved").mkdir(exist_ok=True)
            target.rename(pages / "moved" / target.name)
        elif existing and op == "remove":
            existing[n % len(existing)].unlink()
        if not any(pages.rglob("*.txt")):
            page(pages / "a", "keep", 99, day, "en")
        report = update([pages], tmp / "a.db", locales, jobs=1)
        event(f"{op}: {report.mode}")  # pytest --hypothesis-show-statistics counts them
        build([pages], tmp / "b.db", locales, jobs=1)
        same(tmp / "a.db", tmp / "b.db")


def test_an_archive_of_the_schema_before_is_updated_alike(tmp_path):
    """Schema 6 stores ``paragraphs`` WITHOUT ROWID; an archive built before keeps its rowid
    table (and the index of its key), and an update writes it as a full build writes the
    new layout."""
    pages = tmp_path / "pages"
    for n in range(4):
        page(pages / "news", f"story-{n}", n, n, "en")
        page(pages / "news", f"story-{n}", n, n, "zh")
    update([pages], tmp_path / "a.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "a.db")
    with conn:
        conn.execute(
            "CREATE TABLE old (item_id TEXT REFERENCES items(id), position INTEGER, "
            "bead TEXT, zh_index TEXT, en_index TEXT, score FLOAT, "
            "PRIMARY KEY (item_id, position))"
        )
        conn.execute("INSERT INTO old SELECT * FROM paragraphs")
        conn.execute("DROP TABLE paragraphs")
        conn.execute("ALTER TABLE old RENAME TO paragraphs")
        conn.execute("UPDATE archive_info SET value = '5' WHERE key = 'schema'")
    conn.close()
    page(pages / "news", "story-1", 1, 1, "en", edit=1)  # a changed page and a new one
    page(pages / "news", "story-9", 9, 9, "en")
    report = update([pages], tmp_path / "a.db", jobs=1)
    assert report.mode == "update"
    conn = sqlite3.connect(tmp_path / "a.db")
    with conn:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'paragraphs'").fetchone()
        assert "WITHOUT ROWID" not in sql  # its layout kept, and said
        assert conn.execute("SELECT value FROM archive_info WHERE key = 'schema'").fetchone() == (
            "5",
        )
        conn.execute("UPDATE archive_info SET value = '6' WHERE key = 'schema'")
    conn.close()
    build([pages], tmp_path / "b.db", jobs=1)
    same(tmp_path / "a.db", tmp_path / "b.db")
