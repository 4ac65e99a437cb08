"""No translator's work lost, and none invented (issue 26, item 3): duplicate or
oversized worksheets refused before any work; imports survive rebuilds through the
archive's translations folder, with their earlier versions; an export never overwrites
a worksheet that holds translations (--update merges as msgmerge does, --force
overwrites)."""

from __future__ import annotations

import shutil
import sqlite3
import time

import polib
import pytest
from click.testing import CliRunner
from test_worksheets import EN_ONLY, TRANSLATION, digest, export, translate

from library import build as build_mod
from library.cli import cli
from library.files import translations_folder


@pytest.fixture
def archive(sample_db, tmp_path):
    db = tmp_path / "library.db"
    shutil.copy(sample_db, db)
    return db


def _run(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def _version(db, item=EN_ONLY, lang="zh"):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT title, text, lang_from, translator FROM versions WHERE item_id = ? AND lang = ?",
            (item, lang),
        ).fetchone()
    finally:
        conn.close()


def _history(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT item_id, lang, revision, title FROM version_history ORDER BY revision"
        ).fetchall()
    finally:
        conn.close()


def test_a_worksheet_with_one_key_twice_is_refused_naming_both_lines(archive, tmp_path):
    """Imported, the duplicate became an extra published sentence and its English
    sentence was paired twice."""
    ws = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", ws)
    translate(ws, TRANSLATION)
    po = polib.pofile(str(ws))
    twin = polib.POEntry(msgctxt=po[1].msgctxt, msgid=po[1].msgid, msgstr="重复的译文。")
    po.append(twin)
    po.save(str(ws))
    before = digest(archive)
    result = _run("worksheet", "import", ws, "-d", archive)
    lines = [e.linenum for e in polib.pofile(str(ws)) if e.msgctxt == po[1].msgctxt]
    assert result.exit_code == 1, result.output
    assert f"appears twice, at lines {lines[0]} and {lines[1]}" in result.output
    assert f"ws.po:{lines[1]}:" in result.output
    assert digest(archive) == before


@pytest.mark.parametrize("kind", ["entries", "bytes"])
def test_an_oversized_worksheet_is_refused_before_any_work(archive, tmp_path, kind):
    ws = tmp_path / "big.po"
    head = 'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
    if kind == "entries":  # 100,000 entries ran 120 s and 528 MB before it was stopped
        body = "".join(f'msgctxt "x/p0/s{k}"\nmsgid "S{k}."\nmsgstr ""\n\n' for k in range(20_000))
        expected = "has 20,000 entries; at most 10,000"
    else:
        body = 'msgctxt "x/p0/s0"\nmsgid "' + "a" * 6_000_000 + '"\nmsgstr ""\n'
        expected = "the worksheet is 6.0 MB; a worksheet is at most 5 MB"
    ws.write_text(head + body, "utf-8")
    started = time.perf_counter()
    result = _run("worksheet", "import", ws, "-d", archive)
    assert result.exit_code == 1 and expected in result.output, result.output
    assert time.perf_counter() - started < 10  # refused on a count, not after parsing


def test_an_import_survives_rebuilds_with_its_earlier_versions(archive, tmp_path):
    ws = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", ws)
    translate(ws, TRANSLATION, **{"Last-Translator": "Li Ming <li@example.org>"})
    result = _run("worksheet", "import", ws, "-d", archive)
    assert result.exit_code == 0, result.output
    page = translations_folder(archive) / "qbpc-news" / f"{EN_ONLY}.zh.md"
    assert page.is_file() and f"{page}: written for the next build" in result.output
    imported = _version(archive)
    build_mod.build(None, archive, jobs=1)  # the sample again, over the archive
    assert _version(archive) == imported
    assert imported[2:] == ("worksheet", "Li Ming <li@example.org>")
    # A revised translation replaces it (it came from a worksheet, not a page) and the
    # first is kept as an earlier version, through the next rebuild too.
    revised = dict(TRANSLATION, title="征集：2022年度知识产权海关保护优秀案例（修订）")
    export(archive, EN_ONLY, "zh", ws, keep="force")
    translate(ws, revised)
    assert _run("worksheet", "import", ws, "-d", archive).exit_code == 0
    assert _version(archive)[0] == revised["title"]
    history = [(EN_ONLY, "zh", 1, TRANSLATION["title"])]
    assert _history(archive) == history
    build_mod.build(None, archive, jobs=1)
    assert _version(archive)[0] == revised["title"] and _history(archive) == history


def test_an_import_without_pages_says_the_next_build_drops_it(archive, tmp_path):
    ws = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", ws)
    translate(ws, TRANSLATION)
    result = _run("worksheet", "import", ws, "-d", archive, "--no-pages")
    assert result.exit_code == 0 and "the next build drops it" in result.output
    assert not translations_folder(archive).exists()
    # The next build, an update by default, sees the archive was edited: it builds in full.
    from library.update import update

    report = update(None, archive, jobs=1)
    assert (report.mode, report.note) == (
        "full",
        "a worksheet was imported into it since it was built",
    )
    assert _version(archive) is None


def test_exporting_again_never_overwrites_a_translators_work(archive, tmp_path):
    ws = tmp_path / "ws.po"
    assert (
        _run("worksheet", "export", EN_ONLY, "--to", "zh", "-o", ws, "-d", archive).exit_code == 0
    )
    # Untouched, exporting again is harmless (it would write the same).
    assert (
        _run("worksheet", "export", EN_ONLY, "--to", "zh", "-o", ws, "-d", archive).exit_code == 0
    )
    half = dict.fromkeys(TRANSLATION, "")
    half.update({"title": TRANSLATION["title"], "p0/s0": TRANSLATION["p0/s0"]})
    translate(ws, half)
    before = digest(ws)
    again = _run("worksheet", "export", EN_ONLY, "--to", "zh", "-o", ws, "-d", archive)
    assert again.exit_code == 1 and f"{ws}: the worksheet here holds 2 translated entries" in (
        again.output
    )
    assert "--update" in again.output and digest(ws) == before
    # --update keeps them; --force drops them.
    updated = _run(
        "worksheet", "export", EN_ONLY, "--to", "zh", "-o", ws, "-d", archive, "--update"
    )
    assert updated.exit_code == 0, updated.output
    kept = {e.msgctxt.split("/", 1)[1]: e.msgstr for e in polib.pofile(str(ws))}
    assert kept["title"] == TRANSLATION["title"] and kept["p0/s0"] == TRANSLATION["p0/s0"]
    forced = _run("worksheet", "export", EN_ONLY, "--to", "zh", "-o", ws, "-d", archive, "--force")
    assert forced.exit_code == 0
    assert not any(e.msgstr for e in polib.pofile(str(ws)))


def test_update_merges_a_changed_source_as_msgmerge_does():
    from library.translation.worksheet_export import merged

    def catalog(*entries):
        po = polib.POFile()
        po.metadata = {"Language": "zh_CN", "Last-Translator": "X"}
        for key, msgid, msgstr in entries:
            po.append(polib.POEntry(msgctxt=key, msgid=msgid, msgstr=msgstr))
        return po

    old = catalog(("i/p0/s0", "Same.", "相同。"), ("i/p0/s1", "Before.", "之前。"),
                  ("i/p0/s2", "Gone.", "已删。"), ("i/p0/s3", "Empty.", ""))  # fmt: skip
    new = catalog(("i/p0/s0", "Same.", ""), ("i/p0/s1", "After.", ""),
                  ("i/p0/s3", "Empty.", "空。"))  # fmt: skip
    new.metadata["Last-Translator"] = "FULL NAME"
    out = merged(old, new)
    by_key = {(e.msgctxt, e.obsolete): e for e in out}
    assert by_key["i/p0/s0", False].msgstr == "相同。" and not by_key["i/p0/s0", False].fuzzy
    changed = by_key["i/p0/s1", False]
    assert (changed.msgstr, changed.fuzzy, changed.previous_msgid) == ("之前。", True, "Before.")
    assert by_key["i/p0/s2", True].msgstr == "已删。"  # kept, obsolete
    assert by_key["i/p0/s3", False].msgstr == "空。"  # the memory's pre-fill where none was
    assert out.metadata["Last-Translator"] == "X"


def test_exporting_every_missing_item_refuses_all_at_once(archive, tmp_path):
    out = tmp_path / "out"
    assert _run("worksheet", "export", "--missing", "zh", "-o", out, "-d", archive).exit_code == 0
    [ws] = out.iterdir()
    translate(ws, dict.fromkeys(TRANSLATION, "") | {"title": TRANSLATION["title"]})
    before = digest(ws)
    result = _run("worksheet", "export", "--missing", "zh", "-o", out, "-d", archive)
    assert result.exit_code == 1 and "1 worksheet in" in result.output and str(ws) in result.output
    assert digest(ws) == before
