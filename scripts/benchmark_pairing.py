#!/usr/bin/env python3
"""What pairing costs with content evidence, against the same pairing without it.

    python scripts/benchmark_pairing.py                 # 1,000 and 4,000 items, 120 days
    python scripts/benchmark_pairing.py --n 2000 8000 --repeat 3

Generates no-hint pages (make_corpus.py --no-hint: every page must be paired by score),
reads them once, then times ``pair()`` with the lexicon (dictionary and pinyin evidence)
and without it (dates, numbers, Latin tokens, glossary, length only), medians of
``--repeat`` runs, and prints the ratio. The candidates are blocked by date (±7 days),
so the cost grows with the items times the items per day.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate  # noqa: E402

from library.build import default_locales  # noqa: E402
from library.pages.pairing import pair  # noqa: E402
from library.pages.read import read_pages  # noqa: E402
from library.terms import glossary  # noqa: E402
from library.text.lexicon import default_lexicon  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 4000])
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    terms = glossary.load_terms(glossary.find_catalogs(default_locales()))
    lexicon = default_lexicon().add_terms(terms)
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            generate(n, Path(tmp), seed=11, no_hint=True, days=args.days, topical=True)
            versions = list(read_pages([Path(tmp)]))
            times: dict[str, list[float]] = {"with content": [], "without": []}
            for _ in range(args.repeat):
                for name, lex in (("with content", lexicon), ("without", None)):
                    started = time.perf_counter()
                    pair(versions, terms, lex)
                    times[name].append(time.perf_counter() - started)
        with_content = statistics.median(times["with content"])
        without = statistics.median(times["without"])
        print(
            f"{n} items over {args.days} days ({n / args.days:.1f}/day): pairing "
            f"{with_content:.1f}s with content evidence, {without:.1f}s without "
            f"(x{with_content / without:.1f}); {with_content / n * 1000:.1f} ms per item"
        )


if __name__ == "__main__":
    main()
