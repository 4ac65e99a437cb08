"""Bad input gets a message naming the file (and line) and what to do, never a traceback
(issue 15: front matter that is not what it claims, a database that is not one)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import write

from library.cli import cli


def _page(front: str) -> str:
    return f"---\nid: x\ntitle: T\nlang: en\n{front}\n---\n\nHello.\n"


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("date: 2022-13-45", 5, "front matter date '2022-13-45' is not a date"),
        ("date: 20221301", 5, "front matter date '20221301' is not a date"),
        ("category: [a, b]", 5, "front matter 'category' must be one value, not list"),
        ("url: {a: 1}", 5, "front matter 'url' must be one value, not dict"),
    ],
)
def test_front_matter_of_the_wrong_kind_is_named_with_its_line(tmp_path, front, line, words):
    write(tmp_path / "pages" / "x.en.md", _page(front))
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "pages"), "-o", str(tmp_path / "l.db")]
    )
    assert result.exit_code == 1, result.output
    assert f"x.en.md:{line}: {words}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "l.db").exists()


def test_a_title_that_is_a_mapping_is_named(tmp_path):
    write(tmp_path / "pages" / "x.en.md", "---\ntitle: {a: 1}\nlang: en\n---\n\nHello.\n")
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "pages"), "-o", str(tmp_path / "l.db")]
    )
    assert result.exit_code == 1 and "x.en.md:2: front matter 'title' must be one value" in (
        result.output
    )


@pytest.mark.parametrize(
    "args",
    [
        ["tm", "hello", "--database"],
        ["concordance", "hello", "--database"],
        ["terms", "find", "hello", "--database"],
        ["export", "tmx", "-o", "OUT"],
    ],
)
def test_a_file_that_is_not_a_database_is_named(tmp_path, args):
    bad = write(tmp_path / "corrupt.db", "not a database at all")
    args = [a.replace("OUT", str(tmp_path / "x.tmx")) for a in args] + [str(bad)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert f"{bad}: not a readable SQLite database" in result.output
    assert "Traceback" not in result.output


def _build(tmp_path, *extra: str):
    return CliRunner().invoke(
        cli, ["build", str(tmp_path / "pages"), "-o", str(tmp_path / "l.db"), *extra]
    )


def _good_pair(folder):
    write(folder / "2022-05-01-meeting.en.txt", "Customs meeting\n\nThe customs met on May 1.\n")
    write(folder / "2022-05-01-meeting.zh.txt", "海关会议\n\n海关于5月1日召开会议。\n")


def test_every_bad_page_is_listed_at_once_and_skip_bad_builds_the_rest(tmp_path):
    """Four different bad pages: the build names all four (file, line, what to do) and
    writes nothing; with --skip-bad it builds the good pair and lists the four in the
    archive's skipped_pages table, which the home page links."""
    import sqlite3

    pages = tmp_path / "pages"
    _good_pair(pages)
    write(pages / "a.en.md", "---\ntitle: A\ndate: 2022-13-45\n---\n\nText.\n")
    write(pages / "b.en.md", "---\ntitle: B\n\nNo closing line.\n")
    text = "海关总署发布新规。" * 40
    data = text.encode("utf-8")
    (pages / "c.zh.txt").write_bytes(data[:99] + b"\xff\xfe\xff\xfe" + data[99:])
    (pages / "d.en.txt").symlink_to("/etc/hostname")
    result = _build(tmp_path)
    assert result.exit_code == 1 and not (tmp_path / "l.db").exists()
    assert "4 pages cannot be read" in result.output and "--skip-bad" in result.output
    assert "a.en.md:3: front matter date '2022-13-45' is not a date" in result.output
    assert "b.en.md:1: front matter has no closing --- line" in result.output
    assert "c.zh.txt: not valid UTF-8 at byte 99" in result.output
    assert "d.en.txt: a link to a file outside the source folder" in result.output
    assert "Traceback" not in result.output
    result = _build(tmp_path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "4 bad pages skipped" in result.output
    conn = sqlite3.connect(tmp_path / "l.db")
    skipped = dict(conn.execute("SELECT source, problem FROM skipped_pages").fetchall())
    assert {s.rsplit("/", 1)[1] for s in skipped} == {"a.en.md", "b.en.md", "c.zh.txt", "d.en.txt"}
    assert conn.execute("SELECT count(*) FROM items WHERE status = 'both'").fetchone()[0] == 1


async def test_the_home_page_links_the_skipped_pages(tmp_path):
    from helpers import make_datasette

    _good_pair(tmp_path / "pages")
    write(tmp_path / "pages" / "b.en.md", "---\ntitle: B\n\nNo closing line.\n")
    assert _build(tmp_path, "--skip-bad").exit_code == 0
    ds = make_datasette(tmp_path / "l.db")
    page = (await ds.client.get("/", params={"_lang": "en"})).text
    assert 'id="home-skipped"' in page and "1 page skipped by the build" in page
    table = await ds.client.get("/l/skipped_pages.json", params={"_shape": "array"})
    assert table.json()[0]["problem"] == "front matter has no closing --- line"


def test_a_page_over_the_size_limit_is_named_and_the_limit_can_be_raised(tmp_path):
    _good_pair(tmp_path / "pages")
    write(tmp_path / "pages" / "big.en.txt", "Big\n\n" + "Customs met again. " * 70_000)
    assert _build(tmp_path).exit_code == 0  # the default limit is 20 MB
    result = _build(tmp_path, "--max-page-mb", "1")
    assert result.exit_code == 1
    assert "big.en.txt: the page is 1.3 MB; pages over 1 MB are not read" in result.output
    assert "--max-page-mb" in result.output
    assert _build(tmp_path, "--max-page-mb", "2").exit_code == 0


def test_latin_text_in_a_western_encoding_is_read_as_such(tmp_path):
    from library.pages.read import read_page

    page = write(tmp_path / "x.en.txt", "Café\n\nA naïve résumé, 50 € and «quotes».\n", "cp1252")
    version = read_page(page)
    assert version.paragraphs == ["A naïve résumé, 50 € and «quotes»."]
    assert version.encoding == "cp1252"
    page = write(tmp_path / "y.en.txt", "Café\n\nCafé naïve.\n", "latin-1")
    assert read_page(page).paragraphs == ["Café naïve."]


def test_a_file_name_that_is_not_utf8_is_named(tmp_path):
    import os

    pages = tmp_path / "pages"
    _good_pair(pages)
    name = os.fsencode(pages) + b"/caf\xe9.en.txt"
    with open(name, "wb") as f:
        f.write(b"Title\n\nText.\n")
    result = _build(tmp_path)
    assert result.exit_code == 1 and "the file name is not valid UTF-8" in result.output
    assert "Traceback" not in result.output


def test_a_full_disk_is_a_message_and_the_old_archive_stays(tmp_path):
    """A build onto a 200 KB filesystem (a real tmpfs; skipped where mounting is not
    allowed): one line saying so, the old archive kept, no temporary file left."""
    import subprocess
    import sys
    from pathlib import Path

    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(tiny)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here: " + mounted.stderr.decode()[-200:])
    try:
        (tiny / "library.db").write_bytes(b"the old archive")
        bilib = str(Path(sys.executable).parent / "bilib")
        done = subprocess.run(
            # --new: the stand-in "archive" is not one (a build refuses to overwrite
            # what is not its own without it)
            [bilib, "build", "--new", "-o", str(tiny / "library.db")],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert "no space left on the disk" in done.stderr and "old one kept" in done.stderr
        assert (tiny / "library.db").read_bytes() == b"the old archive"
        assert [p.name for p in tiny.iterdir()] == ["library.db"]
    finally:
        subprocess.run(["umount", str(tiny)], capture_output=True)


@pytest.mark.parametrize("value", ["example.org", "example.org=", "a b=example.cn", "=x.cn"])
def test_a_mirror_that_is_not_two_hosts_is_a_usage_error_naming_it(tmp_path, value):
    result = CliRunner().invoke(cli, ["build", "--mirror", value, "-o", str(tmp_path / "l.db")])
    assert result.exit_code == 2 and "--mirror" in result.output and repr(value) in result.output
    assert "Traceback" not in result.output and not (tmp_path / "l.db").exists()


def test_a_good_mirror_builds(tmp_path):
    result = CliRunner().invoke(
        cli, ["build", "--mirror", "english.example.org=Example.CN", "-o", str(tmp_path / "l.db")]
    )
    assert result.exit_code == 0, result.output
