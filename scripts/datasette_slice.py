"""Run a slice of Datasette's own test suite with the project's plugin loaded (issue 15:
the plugin must leave Datasette as it is for everything that is not an archive).

    python scripts/datasette_slice.py                  # fetches the sdist from the registry
    python scripts/datasette_slice.py --sdist datasette-0.65.5.tar.gz

Datasette's sdist on PyPI carries its tests but not their ``conftest.py`` or
``fixtures.py`` (the databases most of them share), so the slice is the test files that
need neither: routing, URLs, responses, utilities, table permissions, ``serve --get``
(about 275 tests). Without Datasette's conftest nothing keeps installed plugins out, so
the project's plugin is loaded (checked before the run). One test is left out: it reads
``spatialite.db``, which the sdist does not ship. Exits with pytest's status (CI runs this
after the README's test command, where the registry is reachable; the tests need no
network).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

SLICE = [
    "test_internals_response.py",
    "test_internals_urls.py",
    "test_routes.py",
    "test_utils.py",
    "test_table_permissions.py",
    "test_cli_serve_get.py",
]
LEFT_OUT = ["tests/test_utils.py::test_check_connection_spatialite_raises"]
PLUGIN = "bilingual_library"


def _sdist(folder: Path, version: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        + ["-q", "-d", str(folder), f"datasette=={version}"],
        check=True,
    )
    return next(folder.glob("datasette-*.tar.gz"))


def main() -> None:
    import datasette.version
    from datasette.plugins import pm

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdist", type=Path, help="Datasette's sdist (default: download it)")
    args = parser.parse_args()
    loaded = [name for name, _ in pm.list_name_plugin()]
    if PLUGIN not in loaded:
        sys.exit(f"the project's plugin ({PLUGIN}) is not loaded: {loaded}")
    version = datasette.version.__version__
    with tempfile.TemporaryDirectory() as tmp:
        sdist = args.sdist or _sdist(Path(tmp), version)
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers() if "/tests/" in m.name]
            tar.extractall(tmp, members=members, filter="data")
        root = next(Path(tmp).glob("datasette-*/tests")).parent
        print(f"Datasette {version}'s tests with {PLUGIN} loaded: {', '.join(SLICE)}")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            + ["-o", "asyncio_default_fixture_loop_scope=function"]  # else pytest-asyncio warns
            + [f"tests/{name}" for name in SLICE]
            + [f"--deselect={test}" for test in LEFT_OUT],
            cwd=root,
        )
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
