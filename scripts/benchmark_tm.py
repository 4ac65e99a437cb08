#!/usr/bin/env python3
"""Translation-memory lookup against a brute-force scan, and worksheet export speed.

    python scripts/benchmark_tm.py --n 10000 --queries 200

Builds a generated archive (a fifth of the items in one language only), then:

* takes ``--queries`` random two-sided sentences, edits each as a new text
  would (a number changed, a word dropped or swapped), and looks them up with
  ``library.tm.lookup`` (FTS pre-filter, then rapidfuzz) and with a scan of
  every segment (rapidfuzz over all keys, computed once): median and p95
  latency of each, and recall, the share of queries whose best match scores
  what the scan's best scores;
* exports a worksheet for every item lacking Chinese, then every item lacking
  English, and reports seconds per 1,000 worksheets.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate  # noqa: E402

from library import build  # noqa: E402
from library.archive import read  # noqa: E402
from library.translation import tm, worksheet_export  # noqa: E402


def edit(rng: random.Random, text: str, lang: str) -> str:
    """A sentence as a later, similar one would say it."""
    numbers = list(re.finditer(r"\d+", text))
    choice = rng.random()
    if numbers and choice < 0.4:
        m = rng.choice(numbers)
        return text[: m.start()] + str(int(m.group(0)) + rng.randint(1, 9)) + text[m.end() :]
    if lang == "en":
        words = text.split()
        if len(words) > 4:
            del words[rng.randrange(len(words))]
            if choice > 0.7:
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
        return " ".join(words)
    cut = rng.randrange(max(1, len(text) - 2))
    return text[:cut] + text[cut + 2 :]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument(
        "--db",
        type=Path,
        help="reuse this archive if it exists, else build it there (default: a temporary one)",
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = args.db or tmp / "library.db"
        if not db.exists():
            generate(args.n, tmp / "pages", seed=args.seed, days=7300, one_sided=0.2, topical=False)
            started = time.perf_counter()
            build.build([tmp / "pages"], db)
            print(f"build: {time.perf_counter() - started:.1f}s")
        conn = read.connect(db)
        rows = list(read.two_sided_segments(conn))
        keys = {lang: [tm.key(r[lang]) for r in rows] for lang in ("zh", "en")}
        print(f"archive: {len(rows)} two-sided segments")
        memory = tm.Memory(conn)  # as a worksheet batch or the Datasette route keeps it
        fast, slow, found, judged = [], [], 0, 0
        for k in range(args.queries):
            lang = "zh" if k % 2 else "en"
            query = edit(rng, rng.choice(rows)[lang], lang)
            started = time.perf_counter()
            matches = memory.lookup(query, lang, limit=1)
            fast.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            best = process.extractOne(
                tm.key(query), keys[lang], scorer=fuzz.ratio, score_cutoff=tm.THRESHOLD
            )
            slow.append((time.perf_counter() - started) * 1000)
            if best:
                judged += 1
                found += bool(matches) and matches[0].score >= round(best[1], 1) - 0.05
        print(f"TM lookup over {args.queries} edited sentences (half Chinese), ms:")
        print(
            f"  FTS pre-filter + rapidfuzz  median {statistics.median(fast):7.2f}  "
            f"p95 {pct(fast, 0.95):7.2f}"
        )
        ratio = statistics.median(slow) / statistics.median(fast)
        print(
            f"  scan of every segment       median {statistics.median(slow):7.2f}  "
            f"p95 {pct(slow, 0.95):7.2f}  ({ratio:.1f}x the lookup; its keys computed "
            f"beforehand, once)"
        )
        print(
            f"  recall of the scan's best match (>= {tm.THRESHOLD:g}%): {found}/{judged} "
            f"= {found / max(judged, 1):.1%}"
        )
        for lang in ("zh", "en"):
            started = time.perf_counter()
            reports = worksheet_export.export_missing(conn, lang, tmp / f"ws-{lang}")
            seconds = time.perf_counter() - started
            print(
                f"worksheets into {lang}: {len(reports)} items in {seconds:.1f}s = "
                f"{seconds / max(len(reports), 1) * 1000:.1f}s per 1,000"
            )


if __name__ == "__main__":
    main()
