#!/usr/bin/env python3
"""Sentence alignment against hand-aligned gold: strict and lax precision, recall, F1.

    python scripts/eval_alignment.py ../shared/data/mac-dev
    python scripts/eval_alignment.py ../shared/data/mac-dev --set lexical=5 --set skip=3
    python scripts/eval_alignment.py --news 200      # generated news with known beads

GOLD_DIR holds zh/NNN.txt and en/NNN.txt (one sentence per line) and
gold/NNN.align (one bead per line, ``[zh ids]:[en ids]``). Scoring follows
vecalign's score.py: strict counts a predicted non-empty bead only if it is a
gold bead; lax if it shares a sentence on both sides with some gold bead;
counts are summed over all files before dividing.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from library.align.features import DEFAULT, Features  # noqa: E402
from library.align.sentences import align_features  # noqa: E402
from library.text.lexicon import default_lexicon  # noqa: E402

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def read_beads(path: Path) -> list[Bead]:
    beads = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")
            beads.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
    return beads


def _precision(gold: list[Bead], test: list[Bead]) -> tuple[int, int, int, int]:
    gold_set = set(gold)
    tps = fps = tpl = fpl = 0
    for src, tgt in test:
        if not (src and tgt):
            continue
        if (src, tgt) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        if any(set(src) & set(g_src) and set(tgt) & set(g_tgt) for g_src, g_tgt in gold):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def score(pairs: list[tuple[list[Bead], list[Bead]]]) -> dict[str, float]:
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in pairs:
        p = [a + b for a, b in zip(p, _precision(gold, test), strict=True)]
        g = [b for b in gold if b[0] and b[1]]
        t = [b for b in test if b[0] and b[1]]
        r = [a + b for a, b in zip(r, _precision(t, g), strict=True)]

    def f(tp: int, fp: int) -> float:
        return tp / (tp + fp) if tp + fp else 0.0

    out = {
        "strict_p": f(p[0], p[1]),
        "strict_r": f(r[0], r[1]),
        "lax_p": f(p[2], p[3]),
        "lax_r": f(r[2], r[3]),
    }
    for kind in ("strict", "lax"):
        pr, rc = out[f"{kind}_p"], out[f"{kind}_r"]
        out[f"{kind}_f1"] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return out


def evaluate(folder: Path, params=DEFAULT) -> dict[str, float]:
    lexicon = default_lexicon()
    pairs, sentences, seconds, dp_seconds = [], 0, 0.0, 0.0
    for gold_path in sorted((folder / "gold").glob("*.align")):
        zh = (folder / "zh" / f"{gold_path.stem}.txt").read_text("utf-8").splitlines()
        en = (folder / "en" / f"{gold_path.stem}.txt").read_text("utf-8").splitlines()
        started = time.perf_counter()
        features = Features(zh, en, lexicon)
        dp_started = time.perf_counter()
        beads = align_features(features, params)
        seconds += time.perf_counter() - started
        dp_seconds += time.perf_counter() - dp_started
        sentences += max(len(zh), len(en))
        pairs.append((read_beads(gold_path), [(b.zh, b.en) for b in beads]))
    result = score(pairs)
    result.update(
        files=len(pairs),
        sentences=sentences,
        seconds=seconds,
        per_second=sentences / seconds if seconds else 0.0,
        dp_per_second=sentences / dp_seconds if dp_seconds else 0.0,
        lexicon_load=lexicon.load_seconds,
    )
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "gold_dir", type=Path, nargs="?", help="folder of zh/, en/, gold/ (omit with --news)"
    )
    ap.add_argument(
        "--news",
        type=int,
        metavar="N",
        help="evaluate on N generated news items instead (make_corpus.py)",
    )
    ap.add_argument(
        "--long",
        type=int,
        metavar="N",
        help="also align one document of N sentences (the folder's texts joined) "
        "and report its time and peak RSS",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="time N runs and report the median speeds (machines here are noisy)",
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override an aligner parameter (see library.align.features.Params)",
    )
    args = ap.parse_args()
    overrides = {}
    for item in args.set:
        name, value = item.split("=", 1)
        overrides[name] = type(getattr(DEFAULT, name))(value)
    params = dataclasses.replace(DEFAULT, **overrides)
    if args.news:
        import tempfile

        from make_corpus import make_alignment_set

        with tempfile.TemporaryDirectory() as tmp:
            make_alignment_set(args.news, Path(tmp))
            runs = [evaluate(Path(tmp), params) for _ in range(max(args.repeat, 1))]
    elif args.gold_dir:
        runs = [evaluate(args.gold_dir, params) for _ in range(max(args.repeat, 1))]
    else:
        ap.error("give GOLD_DIR or --news N")
    r = dict(runs[0])
    for key in ("per_second", "dp_per_second"):
        r[key] = statistics.median(run[key] for run in runs)
    if args.long and args.gold_dir:
        import resource

        zh, en = [], []
        for path in sorted((args.gold_dir / "zh").glob("*.txt")):
            zh += path.read_text("utf-8").splitlines()
            en += (args.gold_dir / "en" / path.name).read_text("utf-8").splitlines()
        zh, en = zh[: args.long], en[: args.long]
        started = time.perf_counter()
        align_features(Features(zh, en, default_lexicon()), params)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"one document of {len(zh)} x {len(en)} sentences: "
            f"{time.perf_counter() - started:.1f}s, peak RSS of the process {rss:.0f} MB"
        )
    print(
        f"{r['files']} files, {r['sentences']} sentence pairs (max of the two sides); "
        f"dictionary loaded in {r['lexicon_load']:.2f}s"
    )
    print(
        f"strict P {r['strict_p']:.3f} R {r['strict_r']:.3f} F1 {r['strict_f1']:.3f}; "
        f"lax P {r['lax_p']:.3f} R {r['lax_r']:.3f} F1 {r['lax_f1']:.3f}; "
        f"{r['per_second']:.0f} sentence pairs/s ({r['dp_per_second']:.0f}/s in the DP alone, "
        f"features excluded; median of {len(runs)} run{'s' if len(runs) > 1 else ''})"
    )


if __name__ == "__main__":
    main()
