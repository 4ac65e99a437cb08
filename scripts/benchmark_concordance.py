"""A concordance page sorted by date (issue 29: pages of lines, ``total`` counted over
the first :data:`~library.query.concordance.COUNT_PAIRS` pairs) against its floor.

    python scripts/benchmark_concordance.py ARCHIVE [--repeat 7] [--terms 海关 customs …]

For each term: the median time (after one warm-up) of the JSON's page,
``concordance.concordance(conn, term, limit=50)``, which counts the lines; of the reader's
page, which does not (``count=False``); and of the floor, the index reading the page's
50 newest sentence pairs (``archive.read.fts_segments_newest``), measured in the same
run; each page's ratio to the floor. Without the renderings over time (they do not depend
on paging).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from library.archive import read  # noqa: E402
from library.query import concordance  # noqa: E402
from library.text.chinese import has_han  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--terms", nargs="+", default=["海关", "知识产权", "customs", "综合业务司"])
    args = ap.parse_args()
    print("term\tpairs\tlines counted\tcapped\tJSON ms\treader's ms\tfloor ms\t× floor")
    with read.open_archive(args.archive) as conn:
        for term in args.terms:
            lang = "zh" if has_han(term) else "en"
            expression = concordance._expression(term, lang)
            page = concordance.concordance(conn, term, limit=50, with_renderings=False)
            ms = _median_ms(
                lambda t=term: concordance.concordance(conn, t, limit=50, with_renderings=False),
                args.repeat,
            )
            uncounted = _median_ms(
                lambda t=term: concordance.concordance(
                    conn, t, limit=50, with_renderings=False, count=False
                ),
                args.repeat,
            )
            floor = _median_ms(
                lambda e=expression: read.fts_segments_newest(conn, e, 50), args.repeat
            )
            print(
                f"{term}\t{page.pairs:,}\t{page.total:,}\t{page.total_capped}\t"
                f"{ms:.1f}\t{uncounted:.1f}\t{floor:.1f}\t{ms / floor:.1f}, {uncounted / floor:.1f}"
            )


if __name__ == "__main__":
    main()
