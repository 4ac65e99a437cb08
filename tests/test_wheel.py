"""Beyond one machine (issue 15): the project's wheel carries the plugin, templates,
catalogs, metadata and sample; installed into a fresh virtual environment (its
dependencies from the package registry) it builds the sample outside the checkout and
serves it immutable, in Chinese, with the glossary."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
import venv

import pytest
from helpers import ROOT, free_port, wait_until_serving


@pytest.mark.slow
def test_the_wheel_installs_and_serves_immutable(tmp_path):
    wheels = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("bilingual_library-*.whl")
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    done = subprocess.run(
        [str(env / "bin" / "pip"), "install", "-q", str(wheel)], capture_output=True, text=True
    )
    if done.returncode != 0 and "Could not find a version" in done.stderr:
        pytest.skip("the package registry cannot be reached: " + done.stderr[-300:])
    assert done.returncode == 0, done.stderr[-2000:]
    away = tmp_path / "elsewhere"  # no locales/ or metadata.yml here: the wheel's are used
    away.mkdir()
    built = subprocess.run(
        [str(env / "bin" / "bilib"), "build", "-o", "library.db"],
        cwd=away,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert "34 glossary terms" in built.stdout
    port = free_port()
    server = subprocess.Popen(
        [
            str(env / "bin" / "datasette"),
            "serve",
            "-i",
            "library.db",
            "--port",
            str(port),
            "--cors",
        ],
        cwd=away,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base)
        found = json.loads(urllib.request.urlopen(base + "/-/search.json?q=QBPC").read())
        assert found["ok"] and found["total"] > 0 and found["expanded"]  # the glossary
        home = urllib.request.urlopen(base + "/?_lang=zh_CN").read().decode("utf-8")
        assert "最新条目" in home  # the catalogs
        taiwan = urllib.request.urlopen(base + "/?_lang=zh_TW").read().decode("utf-8")
        assert "資料授權" in taiwan  # locales/zh_TW/wording.tsv travels in the wheel
        databases = json.loads(urllib.request.urlopen(base + "/-/databases.json").read())
        assert databases[0]["is_mutable"] is False
        # The wheel's metadata.yml, given by the plugin (no --metadata): canned queries.
        query = urllib.request.urlopen(base + "/library/search.json?q=QBPC&_shape=array")
        assert json.loads(query.read())
    finally:
        server.terminate()
        server.wait(10)
