#!/usr/bin/env python3
"""Rewrite the README's ``$ bilib … --help`` blocks from the current CLI.

tests/test_docs.py fails when they are out of date; run this to mend them.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from library.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def help_text(args: list[str]) -> str:
    out = CliRunner().invoke(cli, [*args, "--help"], terminal_width=100).output
    return out.replace("Usage: cli", "Usage: bilib").strip()


def main() -> None:
    text = README.read_text("utf-8")

    def block(m: re.Match) -> str:
        args = m.group(1).split()
        return f"```\n$ bilib {m.group(1)}--help\n{help_text(args)}\n```"

    text = re.sub(r"```\n\$ bilib ((?:[a-z-]+ )*)--help\n.*?\n```", block, text, flags=re.S)
    README.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
