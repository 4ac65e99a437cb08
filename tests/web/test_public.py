"""Publishing mode (issue 15): ``bilib serve --public`` serves the archive immutable with
CORS headers on every answer, the plugin's routes included; the arguments are the
README's ``datasette serve`` line."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from library.web.serve import serve_args


def test_the_public_arguments(tmp_path):
    args = serve_args(tmp_path / "library.db", "0.0.0.0", 8080, public=True)
    assert args[:3] == ["serve", "-i", str(tmp_path / "library.db")] and "--cors" in args
    assert "-i" not in serve_args(tmp_path / "library.db", "127.0.0.1", 8001)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Origin": "http://researcher.example"})
    with urllib.request.urlopen(request, timeout=10) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


@pytest.mark.slow
def test_public_serving_is_immutable_with_cors(sample_db, tmp_path):
    sample_copy = tmp_path / "served" / "library.db"
    sample_copy.parent.mkdir()
    sample_copy.write_bytes(sample_db.read_bytes())
    before = hashlib.sha256(sample_copy.read_bytes()).hexdigest()
    port = _port()
    bilib = str(Path(sys.executable).parent / "bilib")
    server = subprocess.Popen(
        [bilib, "serve", str(sample_copy), "--public", "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        for path in (
            "/-/search.json?q=customs",
            "/library/items.json?_size=1",
            "/-/tm.json?q=%E6%B5%B7%E5%85%B3",
        ):
            status, headers, _ = _get(base + path)
            assert status == 200 and headers.get("access-control-allow-origin") == "*", path
        _, _, body = _get(base + "/-/databases.json")
        assert b'"is_mutable": false' in body
    finally:
        server.terminate()
        server.wait(10)
    assert hashlib.sha256(sample_copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == [sample_copy.name]
