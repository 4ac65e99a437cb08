#!/usr/bin/env python3
"""Main-text extraction scored the article-extraction benchmark's way, ours against others.

    python scripts/eval_extraction.py                     # both sets, ours and trafilatura
    python scripts/eval_extraction.py --set benchmark --extractor ours
    python scripts/eval_extraction.py --set chinese --show-misses

*benchmark*: the public article-extraction benchmark (181 real English news and blog
pages, ``../shared/data/article-extraction/``, read by path and never copied); each
extractor's output is written as ``output/<name>.json`` in a temporary folder beside links
to the benchmark's ``ground-truth.json`` and ``evaluate.py``, and the benchmark's own
``evaluate.py`` scores them all in one run (shingles of 4 words).

*chinese*: the project's own saved pages in the shapes of Chinese news and government
sites (``scripts/zh_pages.py`` writes them with their true bodies); scored by the same
rule (``evaluate.py``'s shingle matching and averaging, restated in
:func:`shingle_scores`), with one token per Han character, since ``\\w+`` takes a whole
Chinese sentence for one word.

Also prints each extractor's milliseconds per page (median of the pages, over
``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

BENCHMARK = HERE.parent.parent / "shared" / "data" / "article-extraction"


def ours(html: bytes, name: str) -> str:
    """The body paragraphs the build stores for an HTML page (``pages.html.html_fields``,
    after the build's decoding), without the language and date checks that refuse a
    page (the benchmark holds pages in eight languages; ``lying_pages.py`` shows those)."""
    from library.errors import SourceError
    from library.pages.decode import decode
    from library.pages.html import html_fields

    try:
        text = decode(html, name)[0]
    except SourceError:
        return ""
    return "\n".join(html_fields(text)["paragraphs"])


def trafilatura_text(html: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "ours": ours,
    "trafilatura": trafilatura_text,
}


def benchmark_pages(root: Path) -> dict[str, bytes]:
    return {
        p.name.split(".")[0]: gzip.decompress(p.read_bytes())
        for p in sorted((root / "html").glob("*.html.gz"))
    }


def run_extractors(
    pages: dict[str, bytes], names: list[str], repeat: int
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Each extractor's text of each page and its median milliseconds a page."""
    texts: dict[str, dict[str, str]] = {}
    ms: dict[str, float] = {}
    for name in names:
        fn = EXTRACTORS[name]
        times: dict[str, list[float]] = {k: [] for k in pages}
        out: dict[str, str] = {}
        for _ in range(repeat):
            for key, html in pages.items():
                t = time.perf_counter()
                out[key] = fn(html, key)
                times[key].append((time.perf_counter() - t) * 1000)
        texts[name] = out
        ms[name] = statistics.median(statistics.median(v) for v in times.values())
    return texts, ms


def score_benchmark(root: Path, texts: dict[str, dict[str, str]]) -> str:
    """The benchmark's own evaluate.py on our outputs, in a scratch folder."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for f in ("ground-truth.json", "evaluate.py"):
            os.symlink(root / f, work / f)
        (work / "output").mkdir()
        for name, out in texts.items():
            body = {"version": name, "output": {k: {"articleBody": v} for k, v in out.items()}}
            (work / "output" / f"{name}.json").write_text(json.dumps(body, ensure_ascii=False))
        result = subprocess.run(
            [sys.executable, "evaluate.py", "--n-bootstrap", "200"],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout


_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+")
"""evaluate.py's ``\\w+`` tokens, but one token per Han character (``\\w+`` would make
one token of a whole Chinese sentence)."""


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def shingle_scores(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles of 4 tokens, normalised to sum 1: evaluate.py's
    ``string_shingle_matching``, restated here so the Chinese set needs no benchmark files."""
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def score_chinese(
    texts: dict[str, dict[str, str]], gold: dict[str, str], show_misses: bool
) -> list[str]:
    """Mean precision and recall over the pages, and F1 of the two means, as
    evaluate.py computes them."""
    lines = [f"{'':<14} {'F1':>6} {'precision':>10} {'recall':>8}"]
    for name, out in texts.items():
        scores = {key: shingle_scores(body, out[key]) for key, body in gold.items()}
        p = statistics.mean(_precision(*s) for s in scores.values() if s[0] + s[1] > 0)
        r = statistics.mean(_recall(*s) for s in scores.values() if s[0] + s[2] > 0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"{name:<14} {f1:6.3f} {p:10.3f} {r:8.3f}")
        if show_misses:
            for key, (_tp, fp, fn) in scores.items():
                if fp > 0.02 or fn > 0.02:
                    lines.append(f"    {key}: extra {fp:.2f}, missing {fn:.2f}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=["benchmark", "chinese", "both"], default="both")
    ap.add_argument("--extractor", action="append", choices=sorted(EXTRACTORS))
    ap.add_argument("--benchmark", type=Path, default=BENCHMARK, help="the benchmark's folder")
    ap.add_argument("--repeat", type=int, default=1, help="runs for the timing")
    ap.add_argument("--limit", type=int, help="only the first N pages of the benchmark")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    names = args.extractor or ["ours", "trafilatura"]
    if args.set in ("benchmark", "both"):
        pages = benchmark_pages(args.benchmark)
        if args.limit:
            pages = dict(list(pages.items())[: args.limit])
        if args.limit:
            print("(a part of the set: evaluate.py needs every page, so no score)")
            texts, ms = run_extractors(pages, names, args.repeat)
        else:
            texts, ms = run_extractors(pages, names, args.repeat)
            print(f"benchmark: {len(pages)} pages ({args.benchmark})")
            print(score_benchmark(args.benchmark, texts).rstrip())
        print("ms/page (median): " + ", ".join(f"{n} {ms[n]:.1f}" for n in names))
    if args.set in ("chinese", "both"):
        from zh_pages import saved_pages

        with tempfile.TemporaryDirectory() as tmp:
            made = saved_pages(Path(tmp))
            pages = {key: path.read_bytes() for key, (path, _) in made.items()}
            gold = {key: body for key, (_, body) in made.items()}
        texts, ms = run_extractors(pages, names, args.repeat)
        print(f"chinese: {len(pages)} saved pages in the shapes of Chinese news sites")
        print("\n".join(score_chinese(texts, gold, args.show_misses)))
        print("ms/page (median): " + ", ".join(f"{n} {ms[n]:.1f}" for n in names))


if __name__ == "__main__":
    main()
