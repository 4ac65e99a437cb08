"""The README stays true: it shows each command's current --help and the two set-up commands."""

from __future__ import annotations

import click
from click.testing import CliRunner
from helpers import ROOT

from library.cli import cli

README = (ROOT / "README.md").read_text("utf-8")


def _commands(group: click.Group, prefix: list[str]):
    yield prefix
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, [*prefix, name])
        else:
            yield [*prefix, name]


def test_readme_shows_every_commands_help():
    for path in _commands(cli, []):
        result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0
        assert result.output.replace("Usage: cli", "Usage: bilib").strip() in README, (
            f"README is out of date for 'bilib {' '.join(path)} --help'"
        )


def test_every_command_has_an_example():
    for path in _commands(cli, []):
        cmd = cli
        for name in path:
            cmd = cmd.commands[name]
        if not isinstance(cmd, click.Group):
            assert "Example:" in (cmd.help or ""), path


def test_readme_starts_with_the_two_setup_commands():
    block = README.split("```", 2)[1].strip().splitlines()
    assert len(block) == 2
    assert "bilib build -o library.db" in block[0] and "bilib serve" in block[0]
    assert "pytest" in block[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert block[1] in ci
