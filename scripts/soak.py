"""A soak of the served archive (issue 15): ``bilib serve`` on 127.0.0.1 over a generated
archive, 20 concurrent clients sending 4,000 requests that mix a reader's, a
translator's and a researcher's ordinary requests with hostile ones (absurd queries,
SQL that would run forever or take gigabytes, bad parameters); then a cheap request's
latency alone and while three absurd requests run without pause.

    python scripts/soak.py                 # generates and builds 3,000 items first
    python scripts/soak.py --db library.db --requests 4000 --clients 20
    python scripts/soak.py --db library.db --port 8001   # a server already running on it
    python scripts/soak.py --db library.db --workers 2   # bilib serve --workers 2

Prints the status counts, the latency median/p95/p99/max (all requests, and hostile
ones; then the p99 and max of the requests not stopped at their time budget: a query
stopped at Datasette's 1 s SQL limit takes that second by design), every 5xx answer,
and the cheap request's median alone, under load, and their ratio. Exits 1 when a 5xx
other than a 503 (a request stopped at its time budget) was answered, the p99 of all
requests reached 1 s or their maximum 2 s (the issue's bounds).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

WORDS = ["customs", "海关", "知识产权", "trademark", "QBPC", "品保委", "海關總署", "police", "备案"]
ABSURD = [
    ("/-/search.json", {"q": " OR ".join(f"{c}*" for c in "abcdefghijklmnopqrstuvwx")}),
    ("/-/search.json", {"q": "customs " * 2000}),
    ("/-/concordance.json", {"q": "the", "sort": "left"}),
    (
        "/library.json",
        {
            "sql": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
            "SELECT count(*) FROM c"
        },
    ),
    ("/library.json", {"sql": "select randomblob(1000000000)"}),
    ("/-/tm.json", {"q": "海关总署" * 400}),
]


def _hostile(rng: random.Random) -> tuple[str, dict]:
    from helpers import hostile_query

    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice(ABSURD)
    if kind == 1:
        return "/library/items.json", {"_search": hostile_query(rng)}
    if kind == 2:
        return "/-/search.json", {"q": hostile_query(rng), "size": rng.choice(["-1", "x", "9999"])}
    if kind == 3:
        return "/-/concordance.json", {"q": hostile_query(rng), "context": rng.choice(["-5", "x"])}
    if kind == 4:
        return "/library/items/" + urllib.parse.quote(hostile_query(rng)[:50], safe=""), {}
    if kind == 5:
        return "/library.json", {"sql": "select * from segments where zh like '%" + "_%" * 40 + "'"}
    if kind == 6:
        return "/-/terms.json", {"q": hostile_query(rng)}
    return "/-/search", {"q": hostile_query(rng), "year": "abc"}


def _ordinary(rng: random.Random, ids: list[str]) -> tuple[str, dict]:
    kind = rng.randrange(8)
    word = rng.choice(WORDS)
    if kind == 0:
        return "/-/search.json", {"q": word}
    if kind == 1:
        return "/-/search", {"q": f"{word} {rng.choice(WORDS)}"}
    if kind == 2:
        return "/library/items.json", {"_search": word, "_size": "10"}
    if kind == 3:
        return "/library/items/" + urllib.parse.quote(rng.choice(ids), safe=""), {}
    if kind == 4:
        return "/-/concordance.json", {"q": word, "size": "20"}
    if kind == 5:
        return "/-/tm.json", {"q": "海关总署综合业务司副司长出席会议。"}
    if kind == 6:
        return "/library/segments.json", {"_size": "20"}
    return "/", {}


STOPPED = (b"took too long", b"took longer than")
"""What Datasette's SQL time limit (a 400) and the plugin's deadline (a 503) answer."""


def _get(port: int, path: str, params: dict) -> tuple[int, float, bool]:
    """(status, seconds, whether the request was stopped at its time budget)."""
    url = path + ("?" + urllib.parse.urlencode(params) if params else "")
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    stopped = False
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        body = response.read()
        status = response.status
        stopped = status in (400, 503) and any(s in body for s in STOPPED)
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - started, stopped


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _archive(path: Path | None, items: int, tmp: Path) -> Path:
    if path is not None:
        return path
    from make_corpus import generate

    from library import build as build_mod

    generate(items, tmp / "pages", seed=21, days=1500)
    db = tmp / "library.db"
    build_mod.build([tmp / "pages"], db, ROOT / "locales")
    return db


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an archive (default: build 3,000 items)")
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--hostile", type=float, default=0.3, help="share of hostile requests")
    parser.add_argument(
        "--port", type=int, help="soak a server already listening on this port (of --db)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (bilib serve --workers)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = _archive(args.db, args.items, Path(tmp))
        import sqlite3

        ids = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM items LIMIT 500")]
        if args.port:
            _soak(args.port, ids, args)
            return
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "bilib"),
                *("serve", str(db), "--port", str(port), "--workers", str(args.workers)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                if _get(port, "/-/versions.json", {})[0] == 200:
                    break
                time.sleep(0.2)
            _soak(port, ids, args)
        finally:
            server.terminate()
            server.wait(10)


def _soak(port: int, ids: list[str], args) -> None:
    rng = random.Random(5)
    plan = [
        ("hostile", *_hostile(rng))
        if rng.random() < args.hostile
        else ("ordinary", *_ordinary(rng, ids))
        for _ in range(args.requests)
    ]
    results: list[tuple[str, str, int, float, dict, bool]] = []
    lock = threading.Lock()
    queue = iter(plan)

    def client() -> None:
        while True:
            with lock:
                task = next(queue, None)
            if task is None:
                return
            kind, path, params = task
            status, seconds, at_budget = _get(port, path, params)
            with lock:
                results.append((kind, path, status, seconds, params, at_budget))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    statuses = collections.Counter(r[2] for r in results)
    times = [r[3] for r in results]
    hostile = [r[3] for r in results if r[0] == "hostile"]
    slowest = sorted(results, key=lambda r: -r[3])[:3]
    print(f"{len(results)} requests from {args.clients} clients in {wall:.1f} s")
    print("statuses:", json.dumps(dict(sorted(statuses.items()))))
    for name, values in (("all", times), ("hostile", hostile)) if hostile else (("all", times),):
        print(
            f"{name:>8}: median {statistics.median(values) * 1000:.0f} ms, p95 "
            f"{_pct(values, 0.95) * 1000:.0f} ms, p99 {_pct(values, 0.99) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms"
        )
    rest = [r[3] for r in results if not r[5]]
    print(
        f"stopped at their time budget: {len(results) - len(rest)}; the others: p99 "
        f"{_pct(rest, 0.99) * 1000:.0f} ms, max {max(rest) * 1000:.0f} ms"
    )
    by_path = collections.defaultdict(list)
    for kind, path, _, seconds, _, _ in results:
        if kind == "ordinary":
            by_path[
                path if path.startswith("/-/") or path == "/" else "/".join(path.split("/")[:3])
            ].append(seconds)
    print(
        "ordinary by page (p95 ms):",
        ", ".join(f"{p} {_pct(v, 0.95) * 1000:.0f}" for p, v in sorted(by_path.items())),
    )
    over = collections.Counter(
        (kind, "/".join(path.split("/")[:3]) + ("?sql" if "sql" in params else ""))
        for kind, path, _, seconds, params, _ in results
        if seconds >= 1.0
    )
    print(
        "1 s or more:",
        ", ".join(f"{k} {p} x{n}" for (k, p), n in over.most_common()) or "none",
    )
    print("slowest:", "; ".join(f"{p} {s} {t * 1000:.0f} ms" for _, p, s, t, _, _ in slowest))
    for _, path, status, seconds, params, _ in results:
        if status >= 500 or status == 0:
            shown = urllib.parse.urlencode(params)[:80]
            print(f"  {status} after {seconds * 1000:.0f} ms: {path}?{shown}")
    cheap = ("/library/items.json", {"_size": "1"})
    alone = [_get(port, *cheap)[1] for _ in range(20)]
    stop = threading.Event()

    def absurd(k: int) -> None:
        while not stop.is_set():
            _get(port, *ABSURD[k % 4])

    runners = [threading.Thread(target=absurd, args=(k,)) for k in range(3)]
    for t in runners:
        t.start()
    time.sleep(0.5)
    loaded = [_get(port, *cheap)[1] for _ in range(20)]
    stop.set()
    for t in runners:
        t.join()
    a, b = statistics.median(alone), statistics.median(loaded)
    print(
        f"cheap request (items.json?_size=1): median {a * 1000:.0f} ms alone, "
        f"{b * 1000:.0f} ms (max {max(loaded) * 1000:.0f} ms) while 3 absurd requests run: "
        f"{b / a:.1f}x"
    )
    bad = statuses.get(0, 0) + sum(n for s, n in statuses.items() if s >= 500 and s != 503)
    ok = bad == 0 and _pct(times, 0.99) < 1.0 and max(times) < 2.0
    print("PASS" if ok else "FAIL", "(0 x 5xx other than 503 deadlines, p99 < 1 s, max < 2 s)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
