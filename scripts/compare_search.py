#!/usr/bin/env python3
"""The search page's work on two archives built from the same pages (two layouts of the
tables, say), paired query by query: each query runs on both, in a random order, each
the median of three, so the machine's drift falls on both alike.

    python scripts/compare_search.py before.db after.db [--queries 200]

Queries are ``benchmark.py``'s (half 1–4 Chinese characters, half 1–3 English words),
drawn from the first archive's text. Prints each archive's median and p95 in
milliseconds and the ratio of the medians (second over first).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _oracles  # noqa: E402
import benchmark  # noqa: E402

from library.archive import read  # noqa: E402
from library.query import search_all  # noqa: E402


def _median_ms(conn, q: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        search_all.search(conn, q)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first", type=Path)
    ap.add_argument("second", type=Path)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    conns = [read.connect(args.first), read.connect(args.second)]
    texts = _oracles.version_texts(conns[0])
    queries = benchmark.latency_queries(rng.sample(texts, min(2000, len(texts))), args.queries, rng)
    times: list[list[float]] = [[], []]
    for q in queries:
        for k in rng.sample([0, 1], 2):
            times[k].append(_median_ms(conns[k], q))
    for path, values in zip((args.first, args.second), times, strict=True):
        values.sort()
        print(
            f"{path}: median {statistics.median(values):.2f} ms, "
            f"p95 {values[int(0.95 * (len(values) - 1))]:.2f} ms"
        )
    ratio = statistics.median(times[1]) / statistics.median(times[0])
    print(f"second / first, medians: {ratio:.3f} over {len(queries)} queries")


if __name__ == "__main__":
    main()
