#!/usr/bin/env python3
"""Time ``bilib terms check`` on a generated archive with a large glossary, against the
build of the same archive, in one run.

    python scripts/benchmark_terms.py --n 10000 --terms 1000

The glossary is ``make_corpus.make_glossary``'s, written as a PO catalog in a
temporary locales folder and read like any other.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate, make_glossary  # noqa: E402

from library import build  # noqa: E402
from library.archive import read  # noqa: E402
from library.terms import check as termcheck  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--terms", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="check runs; the median is reported")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate(args.n, tmp / "pages", seed=7, days=3650, topical=False)
        locales = make_glossary(args.terms, tmp / "locales")
        db = tmp / "library.db"
        started = time.perf_counter()
        report = build.build([tmp / "pages"], db, locales)
        build_seconds = time.perf_counter() - started
        conn = read.connect(db)
        terms = read.glossary_terms(conn)
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            uses, findings = termcheck.check(conn, terms)
            runs.append(time.perf_counter() - started)
    check = statistics.median(runs)
    print(
        f"archive: {report.items} items, glossary {len(terms)} entries; "
        f"build {build_seconds:.1f}s (term uses and findings included)"
    )
    print(
        f"terms check: median {check:.1f}s of {len(runs)} runs "
        f"({', '.join(f'{r:.1f}' for r in runs)}); {len(uses)} uses, {len(findings)} findings; "
        f"{check / build_seconds:.2f}x the build"
    )


if __name__ == "__main__":
    main()
