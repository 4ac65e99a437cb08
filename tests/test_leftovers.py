"""No leftovers (issue 15): a killed write's temporary file is removed by the next write
of the same file (never a live writer's), and SIGTERM stops a build as Ctrl-C does."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from library import files


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_write_removes_what_a_killed_one_left(tmp_path):
    target = tmp_path / "library.db"
    target.write_text("old")
    dead = tmp_path / f".library.db.{_dead_pid()}.abc123.tmp"
    scratch = tmp_path / f"{dead.name}.uses"
    live = tmp_path / f".library.db.{os.getppid()}.def456.tmp"  # a running process's
    other = tmp_path / f".other.db.{_dead_pid()}.abc123.tmp"
    for path in (dead, scratch, live, other):
        path.write_text("half")
    assert files.stale_temporaries(target) == [dead, scratch]
    with files.replacing(target) as tmp:
        assert str(os.getpid()) in tmp.name
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert not dead.exists() and not scratch.exists() and live.exists() and other.exists()


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_a_build_cleanly(tmp_path, signum):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_corpus import generate

    generate(600, tmp_path / "pages", seed=4, days=300)
    db = tmp_path / "library.db"
    db.write_bytes(b"the old archive")
    before = hashlib.sha1(db.read_bytes()).hexdigest()
    bilib = Path(sys.executable).parent / "bilib"
    child = subprocess.Popen(
        [str(bilib), "build", str(tmp_path / "pages"), "-o", str(db), "-q"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    while not list(tmp_path.glob(".library.db.*.tmp")) and time.time() < deadline:
        time.sleep(0.05)  # the build is writing its temporary file
    time.sleep(0.5)
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode != 0
    assert "Traceback" not in err, err[-2000:]
    assert hashlib.sha1(db.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob(".library.db.*")), list(tmp_path.iterdir())


def test_a_written_file_has_the_mode_a_new_file_gets(tmp_path):
    """Files the CLI writes (TMX, worksheets, the archive) get the umask's mode, not
    mkstemp's 0600; a file rewritten keeps the mode it had (issue 16, one item)."""
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "out.tmx"
        with files.replacing(fresh) as tmp:
            tmp.write_text("x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        fresh.chmod(0o640)
        with files.replacing(fresh) as tmp:
            tmp.write_text("y")
        assert fresh.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
