"""Worksheets, translation memory and QA: export, pre-fill, import, round trip."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import _oracles
import polib
import pytest
from click.testing import CliRunner
from helpers import in_ci, make_datasette, write

from library import build as build_mod
from library.archive import read
from library.cli import cli
from library.errors import GlossaryError, LibraryError
from library.translation import qa, tm, worksheet_export, worksheet_import

EN_ONLY = "2022-09-05-case-nominations"
ZH_ONLY = "2022-10-20-customs-committee-quarterly"
TRANSLATION = {
    "title": "征集：2022年度知识产权海关保护优秀案例",
    "p0/s0": "品保委海关委员会邀请会员企业推荐2022年度海关与权利人合作突出的知识产权海关保护案例。",
    "p1/s0": "推荐材料应说明案情、涉及的海关、货物及其价值，以及权利人如何协助海关。",
    "p1/s1": "请于10月15日前发送至委员会秘书处。",
    "p2/s0": "入选案例将在委员会与海关总署的年终会议上介绍。",
}


@pytest.fixture
def archive(sample_db, tmp_path):
    db = tmp_path / "library.db"
    shutil.copy(sample_db, db)
    return db


def export(db, item, to, path, **options):
    conn = read.connect(db)
    try:
        return worksheet_export.export(conn, item, to, path, **options)
    finally:
        conn.close()


def translate(path, mapping, **metadata):
    po = polib.pofile(str(path))
    for e in po:
        e.msgstr = mapping[e.msgctxt.split("/", 1)[1]]
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.metadata.update(metadata)
    po.save(str(path))


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_worksheet_structure_header_and_glossary_comments(archive, tmp_path):
    out = tmp_path / "ws.po"
    report = export(archive, EN_ONLY, "zh", out)
    po = polib.pofile(str(out))
    assert report.entries == len(po) == 5
    assert po.metadata["Language"] == "zh_CN"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["X-Item-Id"] == EN_ONLY
    assert [e.msgctxt for e in po][:3] == [
        f"{EN_ONLY}/title",
        f"{EN_ONLY}/p0/s0",
        f"{EN_ONLY}/p1/s0",
    ]
    assert po[0].msgid.startswith("Call for Nominations")
    assert (EN_ONLY, "") in po[1].occurrences
    assert ("qbpc-news/2022-09-05-case-nominations.en.txt", "") in po[1].occurrences
    notes = po[1].comment.splitlines()
    assert "glossary [acronym]: QBPC = 品保委" in notes
    assert any("Customs Committee = 海关委员会 (fuzzy" in n for n in notes)
    en = tmp_path / "ws.en.po"
    export(archive, ZH_ONLY, "en", en)
    po_en = polib.pofile(str(en))
    assert po_en.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po_en.metadata["Language"] == "en"
    with pytest.raises(Exception, match="no en version"):
        export(archive, ZH_ONLY, "zh", tmp_path / "x.po")


def test_exported_worksheets_pass_msgfmt_and_read_back(archive, tmp_path):
    from babel.messages.pofile import read_po

    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    if shutil.which("msgfmt") or in_ci():
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(out)], check=True)
    with out.open("rb") as f:
        catalog = read_po(f)
    assert len(list(catalog)) == 6  # header + 5
    po = polib.pofile(str(out))
    again = tmp_path / "again.po"
    po.save(str(again))
    assert again.read_bytes() == out.read_bytes()


@pytest.fixture(scope="module")
def tm_archive(tmp_path_factory):
    """A bilingual item, and an English-only one repeating one sentence exactly and
    another almost."""
    root = tmp_path_factory.mktemp("tm")
    pages = root / "pages"
    write(
        pages / "a.en.txt",
        "Customs met QBPC\n2022-03-01\n\n"
        "The right holders confirmed within 24 hours that the goods were counterfeit. "
        "Shanghai Customs detained 2,350 shipments of suspected infringing goods.\n",
    )
    write(
        pages / "a.zh.txt",
        "海关会见品保委\n2022-03-01\n\n"
        "权利人在24小时内确认上述货物为侵权商品。上海海关扣留涉嫌侵权货物2350批。\n",
    )
    write(
        pages / "b.en.txt",
        "Another seizure\n2022-04-01\n\n"
        "The right holders confirmed within 24 hours that the goods were counterfeit. "
        "Shanghai Customs detained 2,380 shipments of suspected infringing goods.\n",
    )
    db = root / "tm.db"
    build_mod.build([pages], db)
    return db


def test_translation_memory_prefills_exact_and_fuzzy(tm_archive, tmp_path):
    out = tmp_path / "b.zh.po"
    report = export(tm_archive, "b", "zh", out)
    assert (report.exact, report.fuzzy) == (1, 1)
    po = polib.pofile(str(out))
    exact = next(e for e in po if e.msgid.startswith("The right holders"))
    assert exact.msgstr == "权利人在24小时内确认上述货物为侵权商品。" and not exact.fuzzy
    fuzzy = next(e for e in po if e.msgid.startswith("Shanghai Customs"))
    assert fuzzy.fuzzy and fuzzy.msgstr == "上海海关扣留涉嫌侵权货物2350批。"
    assert (
        fuzzy.previous_msgid
        == "Shanghai Customs detained 2,350 shipments of suspected infringing goods."
    )
    assert "% match from a#2" in fuzzy.tcomment
    assert "#| msgid" in out.read_text("utf-8")


def test_tm_lookup_matches_brute_force_and_normalises(tm_archive):
    conn = read.connect(tm_archive)
    try:
        query = "ＳＨＡＮＧＨＡＩ customs detained 2,350 shipments of suspected infringing goods"
        [best] = tm.lookup(conn, query, "en", limit=1)
        assert best.score == 100.0 and best.target.startswith("上海海关")
        near = tm.lookup(conn, "上海海關扣留涉嫌侵權貨物2300批", "zh")
        assert near and near[0].target.startswith("Shanghai Customs") and near[0].score < 100
        assert (
            _oracles.tm_brute_force(conn, "上海海關扣留涉嫌侵權貨物2300批", "zh").score
            == near[0].score
        )
        assert tm.lookup(conn, "entirely unrelated words here", "en") == []
        assert tm.lookup(conn, "。。。", "zh") == []
    finally:
        conn.close()


def test_cli_tm_prints_each_match_with_its_translation(tm_archive):
    result = CliRunner().invoke(
        cli,
        [
            "tm",
            "Shanghai Customs detained 2,300 shipments.",
            "-d",
            str(tm_archive),
            "--threshold",
            "60",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    score, where = lines[0].split()
    assert 60 <= float(score.rstrip("%")) < 100 and where == "a#2"
    assert lines[1].strip().split(": ", 1) == [
        "en",
        "Shanghai Customs detained 2,350 shipments of suspected infringing goods.",
    ]
    assert lines[2].strip().split(": ", 1) == ["zh", "上海海关扣留涉嫌侵权货物2350批。"]
    nothing = CliRunner().invoke(
        cli, ["tm", "Completely unrelated words here.", "-d", str(tm_archive)]
    )
    assert nothing.exit_code == 0 and nothing.output.startswith("no match at 75% or more")


async def test_tm_json_route(tm_archive):
    ds = make_datasette(tm_archive)
    r = await ds.client.get("/-/tm.json", params={"q": "权利人在24小时内确认货物为侵权商品"})
    data = r.json()
    assert r.status_code == 200 and data["lang"] == "zh"
    assert data["matches"][0]["target"].startswith("The right holders")
    assert (await ds.client.get("/-/tm.json")).status_code == 400
    assert (await ds.client.get("/-/tm.json", params={"q": "x", "lang": "fr"})).status_code == 400


@pytest.mark.parametrize(
    "source_lang,source,target,check,level",
    [
        ("en", "x", "", "untranslated", "error"),
        ("en", "On March 9, QBPC met GACC.", "3月8日，品保委会见了海关总署。", "numbers", "error"),
        ("zh", "2022年共扣留2350批。", "In 2022 it detained 2,530 shipments.", "numbers", "error"),
        ("en", "QBPC met GACC.", "品保委会见了海关总署（", "brackets", "error"),
        ("zh", "品保委会见了海关总署。", 'QBPC met "GACC.', "brackets", "error"),
        ("en", "QBPC met GACC.", "品保委会见了海关。", "glossary", "warning"),
        ("zh", "品保委会见了海关总署。", "The committee met GACC.", "glossary", "warning"),
        ("en", "IPR cases rose.", "案件增加了。", "latin", "warning"),
        ("zh", "IPR案件增加了。", "Cases rose.", "latin", "warning"),
        ("en", "QBPC met GACC.", "品保委会见了海关总署,双方交流.", "punctuation", "warning"),
        ("zh", "品保委会见了海关总署。", "QBPC met GACC。", "punctuation", "warning"),
        ("en", "QBPC met GACC.", " 品保委会见了海关总署。", "whitespace", "warning"),
    ],
)
def test_each_qa_check(sample_db, source_lang, source, target, check, level):
    conn = read.connect(sample_db)
    terms = read.glossary_terms(conn)
    conn.close()
    found = qa.check_entry("k", source, target, source_lang, terms=terms)
    assert (level, check) in {(f.level, f.check) for f in found}, found


def test_qa_passes_a_good_translation_and_flags_fuzzy(sample_db):
    conn = read.connect(sample_db)
    terms = read.glossary_terms(conn)
    conn.close()
    assert (
        qa.check_entry(
            "k", "On March 9, QBPC met GACC.", "3月9日，品保委会见了海关总署。", "en", terms=terms
        )
        == []
    )
    assert [
        f.check
        for f in qa.check_entry(
            "k", "QBPC met GACC.", "品保委会见了海关总署。", "en", fuzzy=True, terms=terms
        )
    ] == ["fuzzy"]


def test_import_creates_the_missing_side_and_round_trips(archive, tmp_path):
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION, **{"Last-Translator": "Li Ming <li@example.org>"})
    result = CliRunner().invoke(cli, ["worksheet", "import", str(out), "-d", str(archive)])
    assert result.exit_code == 0, result.output
    conn = read.connect(archive)
    try:
        item = conn.execute(
            "SELECT status, missing, title_zh FROM items WHERE id = ?", (EN_ONLY,)
        ).fetchone()
        assert item == ("both", None, TRANSLATION["title"])
        zh = {v["lang"]: v for v in read.item_versions(conn, EN_ONLY)}["zh"]
        assert zh["text"].split("\n\n")[1] == TRANSLATION["p1/s0"] + TRANSLATION["p1/s1"]
        translator = conn.execute(
            "SELECT translator FROM versions WHERE item_id = ? AND lang = 'zh'", (EN_ONLY,)
        ).fetchone()[0]
        assert translator == "Li Ming <li@example.org>"
        segments = conn.execute(
            "SELECT zh, en, bead FROM segments WHERE item_id = ? ORDER BY position", (EN_ONLY,)
        ).fetchall()
        # The title pair first (position 0), then the body's pairs.
        title_en = {v["lang"]: v for v in read.item_versions(conn, EN_ONLY)}["en"]["title"]
        assert segments[0] == (TRANSLATION["title"], title_en, "title")
        body = segments[1:]
        assert len(body) == 4 and all(b == "1-1" and z and e for z, e, b in body)
        # Searchable at once, in both indexes.
        assert EN_ONLY in {
            r[0]
            for r in conn.execute(
                "SELECT i.id FROM items_fts f JOIN items i ON i.rowid = f.rowid "
                "WHERE items_fts MATCH bilib_fts_query('年终会议')"
            )
        }
        assert read.fts_count(conn, 'zh : ("秘书 书处")') == 1
    finally:
        conn.close()
    # Exported again, every entry comes back translated and approved, from the memory.
    again = tmp_path / "again.po"
    report = export(archive, EN_ONLY, "zh", again)
    po = polib.pofile(str(again))
    assert report.exact == len(po) == 5  # the title too: it is sentence pair 0
    assert all(e.msgstr and not e.fuzzy for e in po)
    title = next(e for e in po if e.msgctxt.endswith("/title"))
    assert title.msgstr == TRANSLATION["title"] and f"{EN_ONLY}#0" in title.tcomment


def test_import_refuses_errors_and_warnings_leaving_the_archive_unchanged(archive, tmp_path):
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    bad = dict(TRANSLATION, **{"p1/s1": "请于10月16日前发送至委员会秘书处。"})  # wrong date
    translate(out, bad)
    before = digest(archive)
    result = CliRunner().invoke(cli, ["worksheet", "import", str(out), "-d", str(archive)])
    assert result.exit_code == 1
    assert f"{EN_ONLY}/p1/s1" in result.output and "numbers" in result.output
    assert digest(archive) == before
    warn = dict(
        TRANSLATION, **{"p2/s0": "入选案例将在委员会与海关的年终会议上介绍。"}
    )  # no 海关总署
    translate(out, warn)
    result = CliRunner().invoke(cli, ["worksheet", "import", str(out), "-d", str(archive)])
    assert result.exit_code == 1 and "--accept-warnings" in result.output
    assert digest(archive) == before
    result = CliRunner().invoke(
        cli, ["worksheet", "import", str(out), "-d", str(archive), "--accept-warnings"]
    )
    assert result.exit_code == 0 and "(accepted)" in result.output


def test_broken_worksheet_names_the_line(archive, tmp_path):
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    lines = out.read_text("utf-8").splitlines()
    lines[25] = 'msgstr "unterminated'
    out.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(GlossaryError) as err:
        worksheet_import.import_worksheet(archive, out)
    assert err.value.line == 26


def test_missing_exports_one_file_per_item(archive, tmp_path):
    result = CliRunner().invoke(
        cli,
        ["worksheet", "export", "--missing", "zh", "-o", str(tmp_path / "out"), "-d", str(archive)],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{EN_ONLY}.zh.po"]
    assert (
        CliRunner().invoke(cli, ["worksheet", "export", "-o", "x.po", "-d", str(archive)]).exit_code
        == 2
    )


def test_import_with_pages_survives_a_rebuild(tmp_path, sample_copy):
    db = tmp_path / "pages.db"
    build_mod.build([sample_copy], db)
    out = tmp_path / "ws.po"
    export(db, EN_ONLY, "zh", out)
    translate(out, TRANSLATION, **{"Last-Translator": "Li Ming <li@example.org>"})
    result = CliRunner().invoke(
        cli, ["worksheet", "import", str(out), "-d", str(db), "--pages", str(sample_copy)]
    )
    assert result.exit_code == 0, result.output
    page = sample_copy / "qbpc-news" / "2022-09-05-case-nominations.zh.md"
    assert page.is_file() and "written for the next build" in result.output
    rebuilt = tmp_path / "rebuilt.db"
    build_mod.build([sample_copy], rebuilt)
    conn = read.connect(rebuilt)
    try:
        row = conn.execute(
            "SELECT status, title_zh, pair_method FROM items WHERE id = ?", (EN_ONLY,)
        ).fetchone()
        assert row[:2] == ("both", TRANSLATION["title"])
        assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 7
        zh = {v["lang"]: v for v in read.item_versions(conn, EN_ONLY)}["zh"]
        assert TRANSLATION["p1/s1"] in zh["text"]
    finally:
        conn.close()
    # Without the source page under --pages, nothing changes.
    before = digest(db)
    bad = CliRunner().invoke(
        cli, ["worksheet", "import", str(out), "-d", str(db), "--pages", str(tmp_path)]
    )
    assert bad.exit_code == 1 and "not under" in bad.output and digest(db) == before


def _edited(path, change):
    """The worksheet at ``path`` with ``change(po)`` applied (entries edited, removed)."""
    po = polib.pofile(str(path))
    change(po)
    po.save(str(path))


@pytest.mark.parametrize(
    "case, words",
    [
        ("another item", "the worksheet was made for another item"),
        ("source changed", "its source sentence is not the item's"),
        ("entries removed", "of the item's sentences have no entry"),
        ("key out of range", "'2022-09-05-case-nominations/p999999/s0' is not a sentence"),
    ],
)
def test_import_refuses_a_worksheet_that_does_not_belong(archive, tmp_path, case, words):
    """Issue 15: keys and content that do not belong to the item are refused, naming the
    entry, and the archive is untouched."""
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION)

    def change(po):
        if case == "another item":  # the header and every key moved to another item
            po.metadata["X-Item-Id"] = "2022-05-18-ningbo-customs-training"
            for e in po:
                e.msgctxt = e.msgctxt.replace(EN_ONLY, "2022-05-18-ningbo-customs-training")
        elif case == "source changed":
            po[1].msgid = po[1].msgid.replace("member companies", "members")
        elif case == "entries removed":
            for e in [e for e in po if "/p1/" in e.msgctxt]:
                po.remove(e)
        else:
            po.append(polib.POEntry(msgctxt=f"{EN_ONLY}/p999999/s0", msgid="x", msgstr="x"))

    _edited(out, change)
    before = digest(archive)
    result = CliRunner().invoke(cli, ["worksheet", "import", str(out), "-d", str(archive)])
    assert result.exit_code == 1, result.output
    assert words in result.output and str(out) in result.output
    assert digest(archive) == before


def test_import_waits_for_a_reader_and_says_so_if_it_must_give_up(archive, tmp_path, monkeypatch):
    """A read holding the archive for a second: the import waits and succeeds. A read
    holding it longer than the import's patience: a message naming the archive, and the
    archive unchanged (issue 15)."""
    import sqlite3
    import threading
    import time

    from library.archive import replace as archive_replace

    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION)

    def hold(seconds: float, started: threading.Event) -> None:
        conn = sqlite3.connect(archive)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM segment_spans").fetchone()  # a shared lock
        started.set()
        time.sleep(seconds)
        conn.rollback()
        conn.close()

    def import_while_held(seconds: float, patience: float):
        monkeypatch.setattr(archive_replace, "BUSY_SECONDS", patience)
        started = threading.Event()
        reader = threading.Thread(target=hold, args=(seconds, started))
        reader.start()
        started.wait()
        result = CliRunner().invoke(cli, ["worksheet", "import", str(out), "-d", str(archive)])
        reader.join()
        return result

    result = import_while_held(2.0, 0.3)
    assert result.exit_code == 1 and "stayed busy for 0.3 s" in result.output
    assert str(archive) in result.output and "Traceback" not in result.output
    conn = read.connect(archive)
    assert (
        conn.execute("SELECT status FROM items WHERE id = ?", (EN_ONLY,)).fetchone()[0] == "en_only"
    )
    conn.close()
    result = import_while_held(1.0, 10.0)
    assert result.exit_code == 0, result.output


async def test_a_published_translation_is_never_lost(archive, tmp_path):
    """Issue 16: importing into a language the item has from its page is refused unless
    --replace; with it, the page's version is kept in version_history and shown on the
    item page as an earlier version."""
    from helpers import make_datasette

    item = "2022-06-21-shenzhen-earphone-seizure"
    out = tmp_path / "ws.po"
    export(archive, item, "zh", out)
    po = polib.pofile(str(out))
    for e in po:
        e.msgstr = e.msgstr or "深圳海关查获12600副拟出口侵权耳机"
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.save(str(out))
    conn = read.connect(archive)
    published = {v["lang"]: v for v in read.item_versions(conn, item)}["zh"]
    conn.close()
    before = digest(archive)
    refused = CliRunner().invoke(cli, ["worksheet", "import", str(out), "-d", str(archive)])
    assert refused.exit_code == 1 and "already has its zh version from a page" in refused.output
    assert "--replace" in refused.output and digest(archive) == before
    done = CliRunner().invoke(
        cli,
        ["worksheet", "import", str(out), "-d", str(archive), "--replace", "--accept-warnings"],
    )
    assert done.exit_code == 0, done.output
    conn = read.connect(archive)
    history = read.item_history(conn, item)
    conn.close()
    assert [(h["lang"], h["revision"], h["text"]) for h in history] == [
        ("zh", 1, published["text"])
    ]
    assert history[0]["title"] == published["title"] and history[0]["superseded"]
    page = (await make_datasette(archive).client.get(f"/library/items/{item}?_lang=en")).text
    assert 'id="earlier-versions"' in page and published["title"] in page
    assert "revision 1, replaced" in page


@pytest.mark.parametrize("other", ["2022-01-01-an-earlier-item", "2023-01-01-a-later-item"])
def test_import_refuses_an_entry_of_another_item_than_the_headers(archive, tmp_path, other):
    """One entry keyed to another item (whose id sorts before or after the header's) is
    refused: importing it would write a sentence into the wrong item."""
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION)

    def change(po):
        po[2].msgctxt = po[2].msgctxt.replace(EN_ONLY, other)

    _edited(out, change)
    before = digest(archive)
    with pytest.raises(LibraryError, match="do not all belong to the item of the header"):
        worksheet_import.import_worksheet(archive, out)
    assert digest(archive) == before


def test_a_refusal_counts_errors_and_warnings_apart(archive, tmp_path):
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, dict(TRANSLATION, **{
        "p1/s1": "请于10月16日前发送至委员会秘书处。",  # a wrong date: an error
        "p2/s0": "入选案例将在委员会与海关的年终会议上介绍",  # no 海关总署, no full stop
    }))  # fmt: skip
    with pytest.raises(worksheet_import.ImportRefused) as refused:
        worksheet_import.import_worksheet(archive, out)
    levels = [p.level for p in refused.value.problems]
    errors, warnings = levels.count("error"), levels.count("warning")
    assert errors == 1 and warnings >= 1
    assert f"1 error and {warnings} warning" in str(refused.value)


def test_imported_sentence_pairs_sit_in_their_paragraph_rows(archive, tmp_path):
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION)
    worksheet_import.import_worksheet(archive, out)
    conn = read.connect(archive)
    try:
        rows = conn.execute(
            "SELECT paragraph, zh FROM segments WHERE item_id = ? AND position > 0 "
            "ORDER BY position",
            (EN_ONLY,),
        ).fetchall()
        page = read.item_page(conn, EN_ONLY, 0, 100)
        script = conn.execute(
            "SELECT script FROM versions WHERE item_id = ? AND lang = 'zh'", (EN_ONLY,)
        ).fetchone()[0]
    finally:
        conn.close()
    assert script == "Hans"  # the translation's script, as a page's is recorded
    assert rows == [
        (0, TRANSLATION["p0/s0"]),
        (1, TRANSLATION["p1/s0"]),
        (1, TRANSLATION["p1/s1"]),
        (2, TRANSLATION["p2/s0"]),
    ]
    for segment in page["segments"]:
        if segment["paragraph"] is not None:
            row = page["paragraphs"][segment["paragraph"]]
            assert segment["zh"] in row["zh"] and segment["en"] in row["en"]


def test_a_worksheet_of_the_most_entries_is_read_and_one_more_is_refused(tmp_path):
    limit = worksheet_import.MAX_ENTRIES
    header = 'msgid ""\nmsgstr ""\n\n'
    entry = 'msgctxt "x/p0/s{k}"\nmsgid "a"\nmsgstr ""\n\n'
    most = tmp_path / "most.po"
    most.write_text(header + "".join(entry.format(k=k) for k in range(limit)), "utf-8")
    worksheet_import._bounded(most)  # no error
    over = tmp_path / "over.po"
    over.write_text(header + "".join(entry.format(k=k) for k in range(limit + 1)), "utf-8")
    with pytest.raises(LibraryError, match=f"{limit + 1:,} entries"):
        worksheet_import._bounded(over)


def test_a_traditional_translation_is_recorded_as_traditional(archive, tmp_path):
    from library.text.chinese import converter

    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    to_traditional = converter("s2t")
    translate(out, {k: to_traditional.convert(v) for k, v in TRANSLATION.items()})
    worksheet_import.import_worksheet(archive, out)
    conn = read.connect(archive)
    try:
        script, title = conn.execute(
            "SELECT script, title FROM versions WHERE item_id = ? AND lang = 'zh'", (EN_ONLY,)
        ).fetchone()
    finally:
        conn.close()
    assert script == "Hant" and title == to_traditional.convert(TRANSLATION["title"])


def test_a_worksheet_without_its_header_item_is_known_by_its_entries(archive, tmp_path):
    """A tool that drops unknown header fields (X-Item-Id) leaves the entries' keys,
    which all name one item: that is the item; by default the translation is also
    written as a page for the next build."""
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION)
    _edited(out, lambda po: po.metadata.pop("X-Item-Id"))
    result = worksheet_import.import_worksheet(archive, out)
    assert result.item_id == EN_ONLY and result.lang == "zh"
    assert result.page is not None and result.page.is_file()


def test_missing_entries_are_named_five_at_most(archive, tmp_path):
    out = tmp_path / "ws.po"
    export(archive, EN_ONLY, "zh", out)
    translate(out, TRANSLATION)
    _edited(out, lambda po: po.remove(next(e for e in po if e.msgctxt.endswith("/p1/s1"))))
    with pytest.raises(LibraryError) as one:
        worksheet_import.import_worksheet(archive, out)
    assert ": 1 of the item's sentences have no entry: " in str(one.value)
    assert f"{EN_ONLY}/p1/s1" in str(one.value) and "…" not in str(one.value)


def test_a_sentence_with_a_percent_sign_is_no_format_string(archive, tmp_path):
    """Issue 30, item 7e: "90% of" is marked ``no-python-format`` (a tool that reads
    "% o" as a placeholder would refuse every translation of it); other entries carry no
    such flag, and the translated worksheet passes ``msgfmt --check``."""
    item = "2022-08-10-shanghai-customs-recordation"
    out = tmp_path / "ws.po"
    export(archive, item, "zh", out)
    po = polib.pofile(str(out))
    marked = [e for e in po if "no-python-format" in e.flags]
    assert [e.msgid for e in marked] == [e.msgid for e in po if "%" in e.msgid]
    assert any("90% of" in e.msgid for e in marked)
    for e in po:
        e.msgstr = "百分之九十" if "%" in e.msgid else "译文"
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.save(str(out))
    if shutil.which("msgfmt") or in_ci():
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(out)], check=True)
    assert "#, no-python-format" in out.read_text("utf-8")
