"""More than one machine (issue 26, item 6): bilib publish writes the folder a stateless
replica needs (the archive, the project's wheel, serve.sh, a Dockerfile, a README), and
its serve command starts our app, immutable, on the port it is given."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import free_port, wait_until_serving

from library.cli import cli


@pytest.fixture(scope="module")
def deployed(sample_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy") / "site"
    archive = folder.parent / "archive.db"
    shutil.copy(sample_db, archive)
    result = CliRunner().invoke(cli, ["publish", "-d", str(archive), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_the_folder_holds_what_a_replica_needs(deployed):
    names = sorted(p.name for p in deployed.iterdir())
    [wheel] = [n for n in names if n.endswith(".whl")]
    assert names == sorted(["Dockerfile", "README.md", "archive.db", "serve.sh", wheel])
    with zipfile.ZipFile(deployed / wheel) as whl:
        inside = whl.namelist()
    assert "library/web/identity.py" in inside and "library/web/templates/row.html" in inside
    assert any(n.endswith("share/bilingual-library/metadata.yml") for n in inside)
    docker = (deployed / "Dockerfile").read_text()
    assert f"RUN pip install --no-cache-dir /tmp/{wheel}" in docker
    assert "COPY archive.db serve.sh /app/" in docker and 'CMD ["sh", "/app/serve.sh"]' in docker
    serve = (deployed / "serve.sh").read_text()
    assert "bilib serve archive.db --public" in serve and '"${PORT:-8001}"' in serve
    assert "## N machines" in (deployed / "README.md").read_text()


def test_publishing_refuses_a_folder_in_use_and_a_database_that_is_no_archive(tmp_path, deployed):
    again = CliRunner().invoke(
        cli, ["publish", "-d", str(deployed / "archive.db"), "-o", str(deployed)]
    )
    assert again.exit_code == 1 and "the folder is not empty" in again.output
    other = tmp_path / "notes.db"
    other.write_bytes(b"")
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = CliRunner().invoke(cli, ["publish", "-d", str(other), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "not an archive built by bilib" in result.output


def test_the_archive_as_an_argument_is_still_read_with_a_warning(tmp_path, deployed):
    """Issue 29, item 4: ``-d`` as every command reading an archive takes it; the old
    argument works, with a deprecation warning; two different archives are refused."""
    wheel = str(next(deployed.glob("*.whl")))
    archive = str(deployed / "archive.db")
    old = CliRunner().invoke(cli, ["publish", archive, "-o", str(tmp_path / "a"), "--wheel", wheel])
    assert old.exit_code == 0 and f"deprecated; use -d {archive}" in old.stderr
    assert (tmp_path / "a" / "archive.db").read_bytes() == Path(archive).read_bytes()
    both = CliRunner().invoke(
        cli, ["publish", archive, "-d", "other.db", "-o", str(tmp_path / "b"), "--wheel", wheel]
    )
    assert both.exit_code == 2 and "the archive is given twice" in both.output


def test_its_serve_command_serves_the_archive_immutable(deployed):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    before = (deployed / "archive.db").read_bytes()
    server = subprocess.Popen(
        ["sh", str(deployed / "serve.sh")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base)
        found = json.loads(urllib.request.urlopen(base + "/-/search.json?q=QBPC").read())
        assert found["ok"] and found["total"] > 0 and found["database"] == "archive"
        databases = json.loads(urllib.request.urlopen(base + "/-/databases.json").read())
        assert [(d["name"], d["is_mutable"]) for d in databases] == [("archive", False)]
        query = urllib.request.urlopen(base + "/archive/search.json?q=QBPC&_shape=array")
        assert json.loads(query.read())  # the project's canned query, by the plugin
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(
                urllib.request.Request(base + "/archive/items.json", method="POST")
            )
        assert refused.value.code == 405
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    assert (deployed / "archive.db").read_bytes() == before
