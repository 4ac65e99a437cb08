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


def _serve(db: Path, *options: str, stderr: int = subprocess.DEVNULL):
    """(the process, its base URL) of ``bilib serve db --public`` with ``options`` on a
    free port, once it answers (or after 30 s)."""
    port = _port()
    bilib = str(Path(sys.executable).parent / "bilib")
    command = [bilib, "serve", str(db), "--public", "--port", str(port), *options]
    server = subprocess.Popen(command, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            _get(base + "/-/versions.json")
            break
        except OSError:
            time.sleep(0.2)
    return server, base


@pytest.mark.slow
def test_public_serving_is_immutable_with_cors(sample_db, tmp_path):
    sample_copy = tmp_path / "served" / "library.db"
    sample_copy.parent.mkdir()
    sample_copy.write_bytes(sample_db.read_bytes())
    before = hashlib.sha256(sample_copy.read_bytes()).hexdigest()
    server, base = _serve(sample_copy)
    try:
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


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_several_server_processes_share_the_port_and_stop_together(sample_db, tmp_path):
    server, base = _serve(sample_db, "--workers", "2", stderr=subprocess.PIPE)
    try:
        children = _children(server.pid)  # the two servers and multiprocessing's tracker
        servers = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(servers) == 2, children
        # ("/" as HTML has no CORS header in stock Datasette either: its JSON has.)
        for path in ("/.json", "/-/search.json?q=customs", "/library/items.json?_size=1") * 4:
            status, headers, _ = _get(base + path)
            assert status == 200 and headers.get("access-control-allow-origin") == "*", path
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert server.returncode == 0, err.decode()[-2000:]
    assert b"2 processes" in err and b"Traceback" not in err
    for _ in range(50):  # the tracker leaves once it sees its parent gone
        if not [c for c in children if Path(f"/proc/{c}").exists()]:
            break
        time.sleep(0.1)
    assert not [c for c in children if Path(f"/proc/{c}").exists()]
