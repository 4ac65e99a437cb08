"""Cost against page size (issue 15): one page pair of N megabytes (generated translated
paragraphs, English and Chinese) built beside the bundled sample, then its item page,
a search and a concordance line served by a real Datasette app.

    python scripts/benchmark_big_page.py --mb 1 5 10
    python scripts/benchmark_big_page.py --mb 1 2 4 --run-on   # no sentence ends at all

Prints, per size, the median of ``--repeat`` builds' seconds and their ratio to the
previous size's (linear cost doubles when the size doubles; quadratic cost quadruples),
the build's phases (of the median build), and the median of five requests of each kind.
The build raises the page size limit with ``--max-page-mb``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_corpus import make_item, page  # noqa: E402

from library import build as build_mod  # noqa: E402


def write_pair(folder: Path, megabytes: float, seed: int = 1, run_on: bool = False) -> str:
    """A page pair whose English page is about ``megabytes`` MB; returns the item id.
    ``run_on``: each page one paragraph without a sentence end (the same words without
    their full stops), the worst case for the sentence stages."""
    rng = random.Random(seed)
    day = dt.date(2023, 5, 4)
    en_paragraphs: list[str] = []
    zh_paragraphs: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        _, _, en, zh = make_item(rng, day)
        en_paragraphs += en
        zh_paragraphs += zh
        size += sum(len(p) + 2 for p in en)
    if run_on:
        en_paragraphs = [" ".join(en_paragraphs).translate(str.maketrans("", "", ".!?"))]
        zh_paragraphs = ["".join(zh_paragraphs).translate(str.maketrans("", "", "。！？"))]
    folder.mkdir(parents=True, exist_ok=True)
    title_en, title_zh = "A very long report on customs", "关于海关的长篇报告"
    (folder / "2023-05-04-long-report.en.txt").write_text(
        page("en", title_en, day.isoformat(), en_paragraphs), "utf-8"
    )
    (folder / "2023-05-04-long-report.zh.txt").write_text(
        page("zh", title_zh, day.isoformat(), zh_paragraphs), "utf-8"
    )
    return "2023-05-04-long-report"


async def _served(db: Path, item_id: str) -> dict[str, float]:
    from datasette.app import Datasette

    ds = Datasette([str(db)])
    paths = {
        "item page": (f"/library/items/{item_id}", {}),
        "search": ("/-/search.json", {"q": "customs"}),
        "concordance": ("/-/concordance.json", {"q": "customs", "size": 20}),
        "segments table": ("/library/segments.json", {"item_id": item_id, "_size": 50}),
    }
    out = {}
    for name, (path, params) in paths.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            r = await ds.client.get(path, params=params)
            times.append(time.perf_counter() - started)
            if r.status_code != 200:
                print(f"  {name}: HTTP {r.status_code}: {r.text[:120]}")
        out[name] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 2, 5, 10])
    parser.add_argument("--repeat", type=int, default=1, help="builds per size (median)")
    parser.add_argument(
        "--run-on", action="store_true", help="each page one paragraph with no sentence end"
    )
    args = parser.parse_args()
    previous = None
    print("MB, build seconds, × the previous size's, served (median of 5, ms)")
    for mb in args.mb:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pages"
            item_id = write_pair(folder, mb, run_on=args.run_on)
            db = Path(tmp) / "library.db"
            builds = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                report = build_mod.build(
                    [ROOT / "library" / "sample", folder],
                    db,
                    ROOT / "locales",
                    max_page_bytes=int(max(mb * 3, 10) * 1_000_000),
                )
                builds.append((time.perf_counter() - started, report.phases))
            builds.sort(key=lambda b: b[0])
            seconds, phases = builds[len(builds) // 2]
            ratio = (
                f"{seconds / previous[1]:.1f} for {mb / previous[0]:g}× the size"
                if previous
                else "-"
            )
            served = asyncio.run(_served(db, item_id))
            shown = "  ".join(f"{k} {v * 1000:.0f}" for k, v in served.items())
            steps = " ".join(f"{k} {v:.1f}" for k, v in phases.items())
            print(f"{mb:g} MB  build {seconds:.1f} s ({ratio}; {steps})  {shown}", flush=True)
            previous = (mb, seconds)


if __name__ == "__main__":
    main()
