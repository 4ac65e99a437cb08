"""Lint, formatting and types are part of the test command, so CI enforces them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is a test dependency: pip install -e '.[test]'"
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "library", "tests", "scripts"],
        ["ruff", "format", "--check", "library", "tests", "scripts"],
        ["mypy"],  # configured in pyproject.toml: library/, bodies of unannotated helpers too
    ],
    ids=lambda c: " ".join(c),
)
def test_tool_passes(command):
    result = subprocess.run(
        [_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
