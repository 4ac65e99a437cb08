#!/usr/bin/env python3
"""How pairing grows with the pages of one day: time and peak memory of ``pair()`` as
the pages double, for pages without a date and for pages all of one date, in one run.

    python scripts/benchmark_pairing_growth.py                     # 1k … 16k, and 20k
    python scripts/benchmark_pairing_growth.py --pages 500 1000 --repeat 1

Each set is make_corpus's briefs (a title and one or two sentences, as a crawl's news
flashes are) under random file names with no language mark (``--no-hint``), so that
only the scored pairing can pair them; ``undated`` writes no date on any page, ``one
date`` gives every page the same one. Pages are read once; ``pair()`` then runs in a
child process per run (its peak RSS is the child's own, the pages' reading included),
``--repeat`` runs, medians. Each row prints the ratio to the row before: doubling the
pages should at most double both. Precision and recall against the generator's true
pairs are printed too: a faster pairing that pairs less well is no gain.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchmark import child_json  # noqa: E402
from make_corpus import generate  # noqa: E402

ONE_SIDED = 0.1
KINDS = {"undated": dict(dated=False, days=1), "one date": dict(dated=True, days=1)}


def pair_once(pages: Path, gold_file: Path) -> dict:
    """(In a child) read, pair and score one folder: seconds of ``pair()``, peak RSS,
    precision and recall."""
    from library.build import default_locales
    from library.pages.pairing import pair
    from library.pages.read import read_pages
    from library.terms import glossary
    from library.text.lexicon import default_lexicon

    terms = glossary.load_terms(glossary.find_catalogs(default_locales()))
    lexicon = default_lexicon().add_terms(terms)
    versions = list(read_pages([pages]))
    started = time.perf_counter()
    items = pair(versions, terms, lexicon)
    seconds = time.perf_counter() - started
    gold = pickle.loads(gold_file.read_bytes())
    true_pairs = {(e, z) for e, z in gold if e and z}
    made = {(i.en.rel, i.zh.rel) for i in items if i.en and i.zh}
    correct = len(made & true_pairs)
    return {
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "precision": correct / len(made) if made else 1.0,
        "recall": correct / len(true_pairs) if true_pairs else 1.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 16000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(pair_once(*args.one)))
        return
    print("| pages | kind | pair s (× previous) | peak MB (× previous) | precision | recall |")
    print("|---|---|---|---|---|---|")
    for kind in args.kinds:
        before = None
        for wanted in args.pages:
            n = round(wanted / (2 - ONE_SIDED))  # items: a tenth have one page
            with tempfile.TemporaryDirectory() as tmp:
                pages = Path(tmp) / "pages"
                gold = generate(
                    n, pages, seed=args.seed, no_hint=True, briefs=1.0, one_sided=ONE_SIDED,
                    **KINDS[kind],
                )  # fmt: skip
                gold_file = Path(tmp) / "gold.pickle"
                gold_file.write_bytes(pickle.dumps(gold))
                runs = []
                for _ in range(args.repeat):
                    runs.append(child_json(__file__, "--one", str(pages), str(gold_file)))
            row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            pages_n = sum(bool(e) + bool(z) for e, z in gold)
            grow = (
                (
                    f" ({row['seconds'] / before['seconds']:.2f})",
                    f" ({row['rss_mb'] / before['rss_mb']:.2f})",
                )
                if before
                else ("", "")
            )
            print(
                f"| {pages_n:,} | {kind} | {row['seconds']:.1f}{grow[0]} | "
                f"{row['rss_mb']:.0f}{grow[1]} | {row['precision']:.4f} | {row['recall']:.4f} |",
                flush=True,
            )
            before = row


if __name__ == "__main__":
    main()
