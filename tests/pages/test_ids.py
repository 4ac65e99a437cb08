"""Permanent item ids (issue 26): an item's URL names the same story after every later
build, whatever pages are added, renamed, moved, re-paired or removed; an id no item
keeps answers 301 (merged) or 410 (gone); ids never collide."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from helpers import make_datasette, write

from library.build import build
from library.errors import LibraryError

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="https://{site}.example.org/{lang}/">
<link rel="alternate" hreflang="{other}" href="https://{site}.example.org/{other}/">
</head><body><article><h1>{title}</h1><p>{date}</p><p>{body}</p></article></body></html>
"""
STORIES = {
    "a": (
        "Fuzhou Customs met right holders",
        "福州海关与权利人座谈",
        "On 3 March 2022, 41 right holders met Fuzhou Customs.",
        "2022年3月3日，41家权利人与福州海关座谈。",
    ),
    "b": (
        "Xiamen Customs seized 12,600 earphones",
        "厦门海关查获耳机12600件",
        "On 9 March 2022, Xiamen Customs seized 12,600 earphones.",
        "2022年3月9日，厦门海关查获耳机12600件。",
    ),
    "c": (
        "Ningbo Customs trained 35 officers",
        "宁波海关培训关员35名",
        "On 18 May 2022, Ningbo Customs trained 35 officers.",
        "2022年5月18日，宁波海关培训关员35名。",
    ),
}


def _site(root, site, folder=None):
    en_title, zh_title, en_body, zh_body = STORIES[site]
    date = {"a": "2022-03-03", "b": "2022-03-09", "c": "2022-05-18"}[site]
    for lang, other, title, body in (
        ("en", "zh", en_title, en_body),
        ("zh", "en", zh_title, zh_body),
    ):
        write(
            root / (folder or site) / lang / "index.html",
            PAGE.format(lang=lang, other=other, title=title, site=site, date=date, body=body),
        )


def _ids(db):
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT title_en, id FROM items").fetchall())
    finally:
        conn.close()


def _retired(db):
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT id, merged_into, title_en FROM retired_items ORDER BY id")
        return [tuple(r) for r in rows]
    finally:
        conn.close()


def test_adding_pages_that_sort_first_changes_no_id(tmp_path):
    """The issue's case: b/… and c/… were items index and index-2; a/… added, the Xiamen
    story became index-2 and index another story. Now every id stays, a's is new."""
    pages, db = tmp_path / "pages", tmp_path / "library.db"
    _site(pages, "b")
    _site(pages, "c")
    build([pages], db, jobs=1)
    before = _ids(db)
    assert len(set(before.values())) == 2
    _site(pages, "a")
    build([pages], db, jobs=1)
    after = _ids(db)
    assert {t: after[t] for t in before} == before
    assert after[STORIES["a"][0]] not in before.values()
    assert _retired(db) == []


def test_renamed_and_moved_pages_keep_their_item(tmp_path):
    pages, db = tmp_path / "pages", tmp_path / "library.db"
    _site(pages, "b")
    _site(pages, "c")
    build([pages], db, jobs=1)
    before = _ids(db)
    shutil.move(pages / "b", pages / "archive-2022" / "xiamen")  # moved and renamed
    build([pages], db, jobs=1)
    assert _ids(db) == before
    assert _retired(db) == []


def test_colliding_names_get_distinct_readable_ids(tmp_path):
    """a/dup.en.txt, b/dup.en.txt and c/dup-2.en.txt were dup, dup-2 and dup-2 and the
    build died on items.id's UNIQUE constraint: the two dups are qualified by folder."""
    src = tmp_path / "src"
    for folder, name in [("a", "dup"), ("b", "dup"), ("c", "dup-2")]:
        write(
            src / folder / f"{name}.en.txt",
            f"Customs {folder}\n\n2022-03-0{ord(folder) - 96}\n\nOfficers met in {folder}.\n",
        )
    build([src], tmp_path / "a.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "a.db")
    ids = dict(conn.execute("SELECT v.source, v.item_id FROM versions v").fetchall())
    assert ids == {"a/dup.en.txt": "a-dup", "b/dup.en.txt": "b-dup", "c/dup-2.en.txt": "dup-2"}


def test_a_new_story_never_takes_a_retired_id(tmp_path):
    src, db = tmp_path / "src", tmp_path / "a.db"
    write(src / "a" / "seizure.en.txt", "Seizure in Xiamen\n\n2022-03-09\n\n12,600 earphones.\n")
    build([src], db, jobs=1)
    assert set(_ids(db).values()) == {"seizure"}
    (src / "a" / "seizure.en.txt").unlink()
    write(src / "b" / "seizure.en.txt", "Seizure in Ningbo\n\n2022-05-18\n\n35 watches.\n")
    build([src], db, jobs=1)
    assert _ids(db) == {"Seizure in Ningbo": "b-seizure"}
    assert _retired(db) == [("seizure", None, "Seizure in Xiamen")]
    # The page comes back: its story takes its id back.
    write(src / "a" / "seizure.en.txt", "Seizure in Xiamen\n\n2022-03-09\n\n12,600 earphones.\n")
    build([src], db, jobs=1)
    assert _ids(db) == {"Seizure in Ningbo": "b-seizure", "Seizure in Xiamen": "seizure"}
    assert _retired(db) == []


def _repaired(tmp_path):
    """Two pages that were items of their own (six weeks apart: no scored pair), then
    paired by front matter ids."""
    src, db = tmp_path / "src", tmp_path / "a.db"
    en = "---\ntitle: Xiamen seizure\ndate: 2022-03-09\nlang: en\n---\n\n12,600 earphones.\n"
    zh = "---\ntitle: 厦门查获\ndate: 2022-04-20\nlang: zh\n---\n\n耳机12600件。\n"
    write(src / "xiamen-seizure.md", en)
    write(src / "xiamen-chahuo.md", zh)
    build([src], db, jobs=1, new=True)
    assert sorted(_ids(db).values()) == ["xiamen-chahuo", "xiamen-seizure"]
    write(src / "xiamen-seizure.md", en.replace("---\ntitle", "---\nid: xm-1\ntitle"))
    write(src / "xiamen-chahuo.md", zh.replace("---\ntitle", "---\nid: xm-1\ntitle"))
    build([src], db, jobs=1)
    return db


def test_re_paired_pages_keep_one_id_and_the_other_redirects(tmp_path):
    db = _repaired(tmp_path)
    [(kept, both)] = sqlite3.connect(db).execute("SELECT id, status FROM items").fetchall()
    assert both == "both" and kept in ("xiamen-chahuo", "xiamen-seizure")
    other = ({"xiamen-chahuo", "xiamen-seizure"} - {kept}).pop()
    assert _retired(db) == [(other, kept, None if other == "xiamen-chahuo" else "Xiamen seizure")]


@pytest.mark.asyncio
async def test_a_merged_id_redirects_and_a_gone_one_answers_410(tmp_path):
    db = _repaired(tmp_path)
    kept = sqlite3.connect(db).execute("SELECT id FROM items").fetchone()[0]
    other = ({"xiamen-chahuo", "xiamen-seizure"} - {kept}).pop()
    client = make_datasette(db).client
    moved = await client.get(f"/a/items/{other}.json?_shape=objects")
    assert moved.status_code == 301
    assert moved.headers["location"] == f"/a/items/{kept}.json?_shape=objects"
    assert (await client.get(moved.headers["location"])).status_code == 200
    # Both pages leave the archive: the id that stood for them is gone, with its titles.
    for page in (tmp_path / "src").iterdir():
        page.unlink()
    write(tmp_path / "src" / "other.en.txt", "Another story\n\n2022-04-01\n\nText.\n")
    build([tmp_path / "src"], db, jobs=1)
    client = make_datasette(db).client
    gone = await client.get(f"/a/items/{kept}.json")
    assert gone.status_code == 410
    body = gone.json()
    assert (body["ok"], body["status"], body["item"]["title_en"]) == (False, 410, "Xiamen seizure")
    page = await client.get(f"/a/items/{kept}", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 410
    assert "条目已从档案中移除" in page.text and "Xiamen seizure" in page.text
    assert '<li lang="zh-Hans">厦门查获</li>' in page.text
    # The merged id follows the chain and ends in the same 410; an unknown id is a 404.
    assert (await client.get(f"/a/items/{other}.json")).status_code == 410
    assert (await client.get("/a/items/never-was.json")).status_code == 404


def test_a_database_that_is_not_an_archive_is_not_overwritten(tmp_path):
    mine = tmp_path / "mine.db"
    sqlite3.connect(mine).execute("CREATE TABLE notes (x)").connection.commit()
    with pytest.raises(LibraryError, match="not an archive built by bilib.*--new"):
        build(None, mine, jobs=1)
    assert sqlite3.connect(mine).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("notes",)
    ]
    build(None, mine, jobs=1, new=True)
    assert sqlite3.connect(mine).execute("SELECT count(*) FROM items").fetchone()[0] > 0
