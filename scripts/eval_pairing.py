#!/usr/bin/env python3
"""Pairing accuracy on a folder whose file names give no hint (see make_corpus.py --no-hint).

    python scripts/eval_pairing.py                 # generates 1000 items over 120 days
    python scripts/eval_pairing.py --n 3000 --days 60

Prints precision (pairs made that are true), recall (true pairs found),
and how many one-sided items were correctly left alone.
"""

from __future__ import annotations

import argparse
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


def evaluate(folder: Path, gold: list[tuple[str, str]]) -> dict:
    terms = glossary.load_terms(glossary.find_catalogs(default_locales()))
    started = time.perf_counter()
    lexicon = default_lexicon().add_terms(terms)
    items = pair(list(read_pages([folder])), terms, lexicon)
    seconds = time.perf_counter() - started
    true_pairs = {(e, z) for e, z in gold if e and z}
    singles = {e or z for e, z in gold if not (e and z)}
    made = {(i.en.rel, i.zh.rel) for i in items if i.en and i.zh}
    left_alone = {v.rel for i in items if not (i.en and i.zh) for v in i.versions}
    correct = len(made & true_pairs)
    return {
        "items": len(gold),
        "true_pairs": len(true_pairs),
        "pairs_made": len(made),
        "correct": correct,
        "precision": correct / len(made) if made else 1.0,
        "recall": correct / len(true_pairs) if true_pairs else 1.0,
        "one_sided": len(singles),
        "one_sided_left_alone": len(singles & left_alone),
        "seconds": seconds,
    }


SETS = {
    "plain": dict(n=1000, days=120, topical=False),
    "topical": dict(n=1000, days=120, topical=True),
    "lag3": dict(n=1000, days=120, topical=True, zh_lag=3),
    "one-sided": dict(n=1000, days=60, topical=True, one_sided=0.4, zh_lag=3),
    "one-day": dict(n=150, days=1, topical=True, one_sided=0.1),
    "briefs": dict(n=300, days=8, topical=True, one_sided=0.3, briefs=0.34),
}
"""The harder sets (``--suite``): *plain*, the first generator's items (a small fixed
vocabulary); *topical*, items whose titles and bodies are real-looking translations
(CC-CEDICT words with their glosses) with the generator's noise (Traditional, Big5,
GBK, a missing or later Chinese date); *lag3*, Chinese dates up to 3 days later;
*one-sided*, 40% of the items in one language only, 17 items a day; *one-day*, 150 items
on a single date, where only the content can pair them; *briefs*, about 37 items a day,
a third of them a title and one or two sentences (Chinese 40–300 characters) whose
person, customs office and event date are among the few the day's briefs share, 30% of
the items in one language only."""


def run_set(name: str, seed: int, **params) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        gold = generate(params.pop("n"), Path(tmp), seed=seed, no_hint=True, **params)
        return evaluate(Path(tmp), gold)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--days", type=int, default=120, help="fewer days = more items per day")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--suite", action="store_true", help="run every set of SETS instead")
    args = ap.parse_args()
    if args.suite:
        worst = {"precision": 1.0, "recall": 1.0}
        for name, params in SETS.items():
            r = run_set(name, args.seed, **params)
            print(
                f"{name:10} {r['items']:5} items, {r['true_pairs']:4} true pairs, "
                f"{r['one_sided']:3} one-sided: made {r['pairs_made']:4}, precision "
                f"{r['precision']:.4f}, recall {r['recall']:.4f}, one-sided left alone "
                f"{r['one_sided_left_alone']}/{r['one_sided']} ({r['seconds']:.1f}s)"
            )
            for k in worst:
                worst[k] = min(worst[k], r[k])
        print(f"lowest: precision {worst['precision']:.4f}, recall {worst['recall']:.4f}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        gold = generate(
            args.n, Path(tmp), seed=args.seed, no_hint=True, days=args.days, topical=False
        )
        r = evaluate(Path(tmp), gold)
    print(
        f"{r['items']} items over {args.days} days ({r['items'] / args.days:.1f}/day), "
        f"{r['true_pairs']} true pairs, {r['one_sided']} one-sided"
    )
    print(
        f"pairs made {r['pairs_made']}, correct {r['correct']}: "
        f"precision {r['precision']:.4f}, recall {r['recall']:.4f}; "
        f"one-sided left alone {r['one_sided_left_alone']}/{r['one_sided']}; "
        f"read+pair {r['seconds']:.1f}s"
    )


if __name__ == "__main__":
    main()
