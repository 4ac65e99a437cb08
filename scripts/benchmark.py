#!/usr/bin/env python3
"""Build throughput and search latency on a generated archive, against baselines in the same run.

    python scripts/benchmark.py              # 10,000 items
    python scripts/benchmark.py --n 500 --queries 50

Measures, in one run:
- the build (``bilib build`` in a child process): items/s, peak RSS, database
  size against the raw text size;
- search latency, median and p95 over the same random queries (1–4 Chinese
  characters, English words) for: the stock ``?_search=`` through Datasette's
  in-process client; the raw FTS5 query on the same database with the
  expression already compiled (the floor); a LIKE scan over the texts (what a
  user without our index would do).
Prints ratios against the raw FTS5 floor. Machines here are shared: medians.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys._called_from_test = True  # keep other installed Datasette plugins out  # type: ignore

from make_corpus import generate  # noqa: E402

from library import store  # noqa: E402
from library.chinese import CJK_RUN, fts_query  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def queries_from(db: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = store.version_texts(store.connect(db))
    texts = rng.sample(texts, min(2000, len(texts)))
    runs = [m.group(0) for t in texts for m in CJK_RUN.finditer(t)]
    words = sorted({w for t in texts for w in re.findall(r"[A-Za-z]{3,}", t)})
    out = []
    for i in range(n):
        if i % 5 < 3:
            run = rng.choice(runs)
            size = rng.randint(1, min(4, len(run)))
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start:start + size])
        elif i % 5 == 3:
            out.append(rng.choice(words))
        else:
            out.append(" ".join(rng.sample(words, 2)))
    return out


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


async def datasette_latencies(db: Path, queries: list[str]) -> list[float]:
    import yaml
    from datasette.app import Datasette
    from datasette.plugins import pm

    import library.plugin

    if not pm.is_registered(library.plugin):
        pm.register(library.plugin, name="library.plugin")
    metadata = yaml.safe_load((HERE.parent / "metadata.yml").read_text("utf-8"))
    ds = Datasette([str(db)], metadata=metadata)
    await ds.client.get("/library/items.json?_search=warmup")
    out = []
    for q in queries:
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            r = await ds.client.get("/library/items.json",
                                    params={"_search": q, "_shape": "array", "_size": "50"})
            best = min(best, time.perf_counter() - t)
            assert r.status_code == 200
        out.append(best * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = Path(tmp) / "corpus", Path(tmp) / "library.db"
        generate(args.n, corpus, seed=args.seed)
        raw = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
        bilib = Path(sys.executable).parent / "bilib"
        t = time.perf_counter()
        subprocess.run([str(bilib), "build", str(corpus), "-o", str(db), "-q",
                        "--locales", str(HERE.parent / "locales")], check=True)
        seconds = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        conn = store.connect(db)
        items = store.count_items(conn)
        print(f"build: {items} items ({args.n} generated) in {seconds:.1f}s = "
              f"{items / seconds:.0f} items/s; peak RSS {rss:.0f} MB; database "
              f"{db.stat().st_size / 1e6:.1f} MB = {db.stat().st_size / raw:.2f}x the raw "
              f"pages ({raw / 1e6:.1f} MB)")

        queries = queries_from(db, args.queries, args.seed)
        fts = [timed(lambda q=q: store.raw_fts_rowids(conn, fts_query(q))) for q in queries]
        like = [timed(lambda q=q: store.like_scan_item_ids(conn, q), repeat=1) for q in queries]
        ds = asyncio.run(datasette_latencies(db, queries))
        floor = statistics.median(fts)
        print(f"search over {len(queries)} queries (60% Chinese 1-4 chars, 20% one English "
              f"word, 20% two), best of 3 each, milliseconds:")
        for name, values in (("raw FTS5 (floor)", fts), ("Datasette ?_search= (client)", ds),
                             ("LIKE scan", like)):
            med = statistics.median(values)
            print(f"  {name:30s} median {med:8.2f}  p95 {pct(values, 0.95):8.2f}  "
                  f"ratio to floor {med / floor:8.1f}x")
        print(f"  Datasette is {statistics.median(like) / statistics.median(ds):.0f}x faster "
              f"than the LIKE scan (medians)")


if __name__ == "__main__":
    main()
