"""Fixtures: real archives built in tmp_path (shared helpers live in ``helpers.py``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from library import build as build_mod

# As sqlite-utils and Datasette do: keep installed plugins out of the way;
# the project's own plugin is registered explicitly (helpers.make_datasette).
sys._called_from_test = True  # type: ignore[attr-defined]


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


@pytest.fixture
def ds(sample_db):
    from helpers import make_datasette

    return make_datasette(sample_db)


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the bundled sample corpus."""
    dest = tmp_path / "sample"
    shutil.copytree(build_mod.sample_dir(), dest)
    return dest


SLOW_FIXTURES = {"generated_db", "generated_corpus"}


def pytest_collection_modifyitems(config, items):
    """Tests on a generated archive are slow wherever they are; so are the modules that
    mark themselves (browser, scripts) and the hostile-load tests."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
