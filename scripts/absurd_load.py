"""Cheap requests beside absurd ones (issue 27): while ``--absurd`` clients send, without
pause, the translation-memory request that cost the most (a 2,000-character query cut
from a page of ``--mb`` megabytes without sentence ends, ``threshold=0``; a new window of
it each time, so that no answer comes from memory, unless ``--same``), how fast are a
short TM lookup (a new one each time too), a search and a table page?

    python scripts/absurd_load.py [--mb 1] [--absurd 3] [--requests 150]

Builds the bundled sample and the run-on page pair, serves it with ``bilib serve`` (one
process), times one absurd request alone, then the cheap requests in turn beside the
absurd clients. Prints each kind's median and the cheap requests' median, p95, p99 and
statuses, and how many absurd requests were answered meanwhile.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark_big_page import write_pair  # noqa: E402

from library.build import build, sample_dir  # noqa: E402


def get(base: str, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=120) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--absurd", type=int, default=3)
    ap.add_argument("--requests", type=int, default=150)
    ap.add_argument("--port", type=int, default=8041)
    ap.add_argument(
        "--same", action="store_true", help="repeat one absurd request (answered from memory)"
    )
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="absurd-"))
    pages = work / "pages"
    shutil.copytree(sample_dir(), pages)
    write_pair(pages / "big", args.mb, run_on=True)
    db = work / "library.db"
    build([pages], db, max_page_bytes=int(args.mb * 4 * 2**20), new=True)
    bilib = str(Path(sys.executable).parent / "bilib")
    server = subprocess.Popen(
        [bilib, "serve", str(db), "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        run_on = next((pages / "big").rglob("*.en.*")).read_text("utf-8")
        windows = itertools.count()

        def absurd() -> str:
            """A new 2,000-character window of the run-on page each time (none of them
            kept from before), or always the same one with ``--same``."""
            at = 5000 + (0 if args.same else 997 * next(windows) % (len(run_on) - 9000))
            query = {"q": run_on[at : at + 2000], "threshold": 0, "limit": 5}
            return "/-/tm.json?" + urllib.parse.urlencode(query)

        status, seconds = get(base, absurd())
        print(f"one absurd TM request alone: {status}, {seconds:.2f} s")
        stop = threading.Event()
        answered: list[tuple[int, float]] = []

        def client() -> None:
            while not stop.is_set():
                answered.append(get(base, absurd()))

        clients = [threading.Thread(target=client) for _ in range(args.absurd)]
        for thread in clients:
            thread.start()
        time.sleep(1)
        cheap = [
            "/-/tm.json?q=" + urllib.parse.quote("海关查获侵权货物"),
            "/-/search.json?q=" + urllib.parse.quote("海关"),
            "/library/items.json?_size=5",
        ]
        times: dict[str, list[float]] = {path: [] for path in cheap}
        statuses: dict[int, int] = {}
        for k in range(args.requests):
            path = cheap[k % len(cheap)]
            asked = path + str(k) if path.startswith("/-/tm") else path  # never asked before
            status, seconds = get(base, asked)
            times[path].append(seconds)
            statuses[status] = statuses.get(status, 0) + 1
            time.sleep(0.02)
        stop.set()
        for thread in clients:
            thread.join()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    for path, values in times.items():
        median = statistics.median(values) * 1000
        print(f"  {urllib.parse.unquote(path)[:40]:40} median {median:5.0f} ms")
    every = sorted(s for values in times.values() for s in values)
    p95, p99 = every[int(len(every) * 0.95)], every[min(len(every) - 1, int(len(every) * 0.99))]
    print(
        f"cheap requests beside {args.absurd} absurd clients: {len(every)}, statuses "
        f"{statuses}; median {statistics.median(every) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms; absurd requests answered meanwhile: {len(answered)} "
        f"(statuses {sorted({s for s, _ in answered})})"
    )


if __name__ == "__main__":
    main()
