"""What one replica needs: the memory of ``bilib serve --public`` (one worker) serving an
archive, idle and after a burst of mixed requests (search, table search, concordance,
translation memory, item pages), and how many of them failed.

    python scripts/replica_memory.py library.db [--port 8965] [--rounds 3]

Prints one JSON line: the file's size, its items, RSS idle and after, the requests and
their seconds, and any error answers. The "Publishing" figures of docs/guide.md come from it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

WORDS = ["海关", "customs", "知识产权", "QBPC", "recordation", "海关总署", "侵权", "training"]


def rss_kb(pid: int) -> int:
    """The resident memory of a process, KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("database", type=Path)
    ap.add_argument("--port", type=int, default=8965)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    bilib = str(Path(sys.executable).parent / "bilib")
    server = subprocess.Popen(
        [bilib, "serve", str(args.database), "--public", "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    name = args.database.stem
    try:
        for _ in range(600):
            if server.poll() is not None:
                sys.exit(f"the server stopped (is port {args.port} free?)")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        conn = sqlite3.connect(args.database)
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY random() LIMIT 50")]
        conn.close()
        idle = rss_kb(server.pid)
        started, done, errors = time.perf_counter(), 0, []
        for _ in range(args.rounds):
            urls = []
            for word in WORDS:
                q = urllib.parse.quote(word)
                sentence = urllib.parse.quote(f"Customs officers met right holders about {word}")
                urls += [
                    f"/-/search.json?q={q}",
                    f"/{name}/items.json?_search={q}",
                    f"/-/concordance.json?q={q}",
                    f"/-/tm.json?q={sentence}",
                ]
            urls += [f"/{name}/items/{urllib.parse.quote(i)}" for i in ids]
            for url in urls:
                try:
                    urllib.request.urlopen(base + url, timeout=120).read()
                    done += 1
                except urllib.error.HTTPError as exc:
                    errors.append([exc.code, url])
        busy = rss_kb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "database": str(args.database),
                "mb": round(args.database.stat().st_size / 1e6, 1),
                "items": items,
                "rss_idle_mb": round(idle / 1024),
                "rss_after_mb": round(busy / 1024),
                "requests": done,
                "seconds": round(time.perf_counter() - started, 1),
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main()
