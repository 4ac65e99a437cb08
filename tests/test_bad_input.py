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
