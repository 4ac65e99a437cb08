"""Fixtures: real archives built in tmp_path, a real Datasette with the project's plugin."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

# As sqlite-utils and Datasette do: keep installed plugins out of the way;
# the project's own plugin is registered explicitly below.
sys._called_from_test = True  # type: ignore[attr-defined]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "scripts"))

from library import build as build_mod  # noqa: E402


def in_ci() -> bool:
    import os

    return bool(os.environ.get("CI"))


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "library.db"
    build_mod.build(None, path, ROOT / "locales")
    return path


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory) -> Path:
    from make_corpus import generate

    folder = tmp_path_factory.mktemp("generated")
    generate(300, folder, seed=3, days=400)
    return folder


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory, generated_corpus) -> Path:
    path = tmp_path_factory.mktemp("gen") / "library.db"
    build_mod.build([generated_corpus], path, ROOT / "locales")
    return path


def make_datasette(db_path: Path):
    from datasette.app import Datasette
    from datasette.plugins import pm

    import library.plugin

    if not pm.is_registered(library.plugin):
        pm.register(library.plugin, name="library.plugin")
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text("utf-8"))
    return Datasette([str(db_path)], metadata=metadata)


@pytest.fixture
def ds(sample_db):
    return make_datasette(sample_db)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the bundled sample corpus."""
    dest = tmp_path / "sample"
    shutil.copytree(build_mod.sample_dir(), dest)
    return dest
