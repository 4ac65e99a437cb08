"""The ``$ bilib …`` examples of the README and of the docs pages run as written, in
order, and print what they show: the README's in one fresh folder, the docs pages' (in
the site's order) in another, as a reader of either would run them.

What a README block shows after a command is matched line by line: ``…`` stands for
any text within a line, a line of ``…`` alone for any lines; timings ("1.2s", "6
items/s") are set aside. A command whose shown output starts with ``Error:`` must
fail; every other must succeed. ``| head -N`` and ``| tail -N`` are applied to the
output.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, write
from test_docs import docs_pages

from library.build import sample_dir

PROMPT = "$ "


def tour(text: str) -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of each ``$ bilib`` example in the README's code
    blocks, in order; ``--help`` examples left out."""
    examples: list[tuple[str, list[str]]] = []
    inside = False
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("```"):
            inside, current = not inside, None
            continue
        if not inside:
            continue
        if line.startswith(PROMPT):
            command = re.sub(r"\s{2,}#.*$", "", line[len(PROMPT) :]).strip()
            current = None
            if command.startswith("bilib ") and "--help" not in command:
                current = []
                examples.append((command, current))
        elif current is not None:
            current.append(line)
    return examples


def _normal(line: str) -> str:
    line = re.sub(r"\(\d+ items/s\)", "(N items/s)", line)
    return re.sub(r"\b\d+(?:\.\d+)?s\b", "Ns", line).rstrip()


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` output lines are what the README ``shown`` (see the module)."""
    parts = []
    for line in shown:
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = [re.escape(p) for p in _normal(line).split("…")]
            parts.append("[^\n]*".join(pieces) + "\n")
    return re.fullmatch("".join(parts), "".join(_normal(a) + "\n" for a in actual)) is not None


def run(command: str, cwd: Path) -> tuple[int, list[str]]:
    """Run a README command line (``bilib …`` with an optional ``| head/tail -N``)."""
    line, _, pipe = command.partition(" | ")
    args = shlex.split(line)
    assert args[0] == "bilib"
    env = dict(os.environ, COLUMNS="100", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "library.cli", *args[1:]],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    lines = done.stdout.splitlines()
    if pipe:
        tool, count = shlex.split(pipe)
        n = int(count.lstrip("-"))
        lines = lines[:n] if tool == "head" else lines[-n:]
    return done.returncode, lines


def _folder(tmp: Path) -> None:
    """What the tour's examples read beside the bundled sample: ``pages/`` (the sample
    and the four bad pages the error example shows) and ``corrupt.db``."""
    shutil.copytree(sample_dir(), tmp / "pages")
    write(tmp / "pages" / "a.en.md", "---\ntitle: Bad date\ndate: 2022-13-45\n---\n\nText.\n")
    write(tmp / "pages" / "b.en.md", "---\ntitle: Unclosed\n\nText.\n")
    zh = "品保委海关委员会举行季度会议\n\n会议回顾了本季度的工作。".encode()
    (tmp / "pages" / "c.zh.txt").write_bytes(zh + b"\xe6\xff\xfe\xff" + zh)
    write(tmp / "outside" / "notes.txt", "Not part of the archive.\n")
    (tmp / "pages" / "d.en.txt").symlink_to(tmp / "outside" / "notes.txt")
    (tmp / "corrupt.db").write_bytes(b"this is not a database\n" * 100)


def _docs() -> str:
    return "\n".join(page.read_text("utf-8") for page in docs_pages())


def test_the_tour_has_the_examples_it_should():
    for text, least in ((ROOT / "README.md").read_text("utf-8"), 3), (_docs(), 10):
        examples = [c for c, _ in tour(text)]
        assert examples[0] == "bilib build -o library.db"
        assert len(examples) >= least
        assert any(c.startswith("bilib worksheet export") for c in examples)


@pytest.mark.slow
@pytest.mark.parametrize("where", ["README", "docs"])
def test_every_example_runs_as_written(tmp_path, where):
    _folder(tmp_path)
    failures = []
    text = (ROOT / "README.md").read_text("utf-8") if where == "README" else _docs()
    for command, shown in tour(text):
        code, actual = run(command, tmp_path)
        should_fail = bool(shown) and shown[0].startswith("Error:")
        if (code != 0) != should_fail:
            failures.append(f"$ {command}\nexit {code}\n" + "\n".join(actual))
        elif shown and not matches(shown, actual):
            failures.append(
                f"$ {command}\nREADME shows:\n"
                + "\n".join(shown)
                + "\nprints:\n"
                + "\n".join(actual)
            )
    assert not failures, "\n\n".join(failures)
