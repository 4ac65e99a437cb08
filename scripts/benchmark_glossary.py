#!/usr/bin/env python3
"""How the glossary's size moves every cost: the build (and its terms step), the search
page, ``/-/terms.json`` and memory, for glossaries of 34 (the project's own) to 20,000
entries on the same generated archive, in one run.

    python scripts/benchmark_glossary.py                       # 3,000 items; 34 … 20,000
    python scripts/benchmark_glossary.py --n 500 --sizes 34,2000 --repeat 1 --queries 10

The glossaries are ``make_corpus.make_glossary``'s: after the project's entries, the
generator's own titles and the CC-CEDICT words topical items are made of, so their
forms occur in the text (most items hold dozens), then CC-CEDICT words that occur
rarely or never. Each build is ``bilib build --new`` in a child process; the sizes take
turns, ``--repeat`` rounds, and the medians are printed with the ratio to the smallest
glossary's. Serving is measured in a child process per archive (so that one's caches
and memory are not another's): the search page as readers get it (glossary expansion
and equivalents on) over the same random queries, each run three times and its median
kept; ``/-/terms.json`` for glossary forms that occur in the text; its peak RSS.
Machines here are shared: medians.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchmark import (  # noqa: E402
    _datasette,
    child_json,
    latency_queries,
    median_get,
    pct,
    tree_rss,
)
from make_corpus import generate, make_glossary  # noqa: E402

TERMS = ["Deputy Director", "General Administration of Customs", "海关总署", "Customs", "副司长"]
"""Terms asked of ``/-/terms.json``, besides some of the glossary's own topic forms."""


def build(corpus: Path, locales: Path, db: Path) -> dict:
    """One ``bilib build --new``: wall seconds, the terms step's, peak RSS of its tree."""
    bilib = Path(sys.executable).parent / "bilib"
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(bilib), "build", str(corpus), "--locales", str(locales), "--new", "-o", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(child.pid))
        time.sleep(0.1)
    out = child.stdout.read() if child.stdout else ""
    if child.returncode:
        raise SystemExit(f"bilib build failed ({child.returncode}): {out[-500:]}")
    terms = re.search(r"terms ([\d.]+)s", out)
    return {
        "seconds": time.perf_counter() - started,
        "terms": float(terms.group(1)) if terms else float("nan"),
        "tree_mb": peak / 1024,
    }


async def _serve(db: Path, queries: list[str], terms: list[str]) -> dict:
    ds = _datasette(db)
    await ds.client.get("/-/search.json?q=warmup")
    await ds.client.get("/-/terms.json?q=Customs")

    async def median_ms(path: str) -> float:
        return (await median_get(ds, path))[0]

    search = [await median_ms(f"/-/search.json?q={urllib.parse.quote(q)}") for q in queries]
    looked = [await median_ms(f"/-/terms.json?q={urllib.parse.quote(t)}") for t in terms]
    return {
        "search_median": statistics.median(search),
        "search_p95": pct(search, 0.95),
        "terms_json": statistics.median(looked),
        "serve_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def serve_one(db: Path, queries_file: Path) -> None:
    """(In a child) the serving figures of one archive, as a JSON line."""
    asked = json.loads(queries_file.read_text("utf-8"))
    print(json.dumps(asyncio.run(_serve(db, asked["queries"], asked["terms"]))))


def serve(db: Path, queries_file: Path) -> dict:
    return child_json(__file__, "--serve-one", str(db), str(queries_file))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=3000, help="items in the generated archive")
    ap.add_argument("--sizes", default="34,1000,5000,20000", help="glossary sizes, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="build rounds (medians)")
    ap.add_argument("--queries", type=int, default=60, help="search queries per archive")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--serve-one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_one:
        serve_one(*args.serve_one)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        generate(args.n, corpus, seed=args.seed)
        locales = {s: make_glossary(s, tmp / f"locales-{s}") for s in sizes}
        texts = [p.read_text("utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))]
        topic_terms = re.findall(r'msgctxt "topic"\nmsgid "([^"]+)"', _catalog(locales[max(sizes)]))
        asked = {
            "queries": latency_queries(texts[:2000], args.queries, rng),
            "terms": TERMS + rng.sample(topic_terms, min(5, len(topic_terms))),
        }
        queries_file = tmp / "queries.json"
        queries_file.write_text(json.dumps(asked, ensure_ascii=False), "utf-8")
        builds: dict[int, list[dict]] = {s: [] for s in sizes}
        for _ in range(args.repeat):
            for s in sizes:
                builds[s].append(build(corpus, locales[s], tmp / f"library-{s}.db"))
        served = {s: serve(tmp / f"library-{s}.db", queries_file) for s in sizes}
        entries = {s: _entries(locales_dir) for s, locales_dir in locales.items()}
    base = sizes[0]

    def med(s: int, key: str) -> float:
        return statistics.median(b[key] for b in builds[s])

    print(
        f"{args.n} items; {args.repeat} build rounds (medians); "
        f"{len(asked['queries'])} search queries, {len(asked['terms'])} terms.json terms"
    )
    print(
        "| glossary | build s (×) | terms step s | build peak MB | search median ms (×) "
        "| search p95 ms (×) | terms.json ms (×) | server peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for s in sizes:
        b, v = served[s], served[base]
        took = med(s, "seconds")
        print(
            f"| {entries[s]:,} | {took:.1f} ({took / med(base, 'seconds'):.2f}) "
            f"| {med(s, 'terms'):.1f} | {med(s, 'tree_mb'):.0f} "
            f"| {b['search_median']:.1f} ({b['search_median'] / v['search_median']:.2f}) "
            f"| {b['search_p95']:.1f} ({b['search_p95'] / v['search_p95']:.2f}) "
            f"| {b['terms_json']:.1f} ({b['terms_json'] / v['terms_json']:.2f}) "
            f"| {b['serve_rss_mb']:.0f} |"
        )


def _catalog(locales: Path) -> str:
    return (locales / "zh_CN" / "LC_MESSAGES" / "glossary.po").read_text("utf-8")


def _entries(locales: Path) -> int:
    import polib

    return sum(
        1 for e in polib.pofile(str(locales / "zh_CN" / "LC_MESSAGES" / "glossary.po")) if e.msgid
    )


if __name__ == "__main__":
    main()
