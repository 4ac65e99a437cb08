"""What showing Simplified content in Traditional characters costs a zh-TW reader (issue
30, item 4: ``library/web/script.py`` converts each HTML page's Simplified content).

    python scripts/benchmark_script.py [--mb 0.5] [--repeat 9]

Builds the bundled sample with one generated page pair of ``--mb`` megabytes (its item
page shows 200 paragraph rows, the most a page shows), then serves each page through a
real Datasette app: the median of ``--repeat`` requests (after one warm-up) for a zh-CN
reader (the baseline, nothing converted), a zh-TW reader (converted) and a zh-TW reader
who asked for the original (``?_content=original``), measured in the same run, and the
converted page's ratio to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark_big_page import write_pair  # noqa: E402

from library import build as build_mod  # noqa: E402

READERS = {
    "zh-CN": ({"Accept-Language": "zh-CN"}, {}),
    "zh-TW": ({"Accept-Language": "zh-TW"}, {}),
    "zh-TW original": ({"Accept-Language": "zh-TW"}, {"_content": "original"}),
}


async def _served(db: Path, item_id: str, repeat: int) -> None:
    from datasette.app import Datasette

    ds = Datasette([str(db)])
    pages = {
        "item page (sample)": ("/library/items/2022-03-30-qbpc-gacc-online-meeting", {}),
        "item page (200 rows)": (f"/library/items/{item_id}", {}),
        "items table": ("/library/items", {"_size": "100"}),
        "search 海关": ("/-/search", {"q": "海关"}),
        "concordance 海关": ("/-/concordance", {"q": "海关"}),
    }
    print("page\tKB\t" + "\t".join(f"{r} ms" for r in READERS) + "\tzh-TW × zh-CN")
    for name, (path, params) in pages.items():
        medians, size = {}, 0
        for reader, (headers, extra) in READERS.items():
            times = []
            for k in range(repeat + 1):
                started = time.perf_counter()
                r = await ds.client.get(path, params={**params, **extra}, headers=headers)
                if k:
                    times.append(time.perf_counter() - started)
                if r.status_code != 200:
                    raise SystemExit(f"{name} [{reader}]: HTTP {r.status_code}")
                size = max(size, len(r.content))
            medians[reader] = statistics.median(times) * 1000
        shown = "\t".join(f"{ms:.1f}" for ms in medians.values())
        ratio = medians["zh-TW"] / medians["zh-CN"]
        print(f"{name}\t{size / 1000:.0f}\t{shown}\t{ratio:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=0.5, help="size of the generated page pair")
    parser.add_argument("--repeat", type=int, default=9, help="requests per page and reader")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        item_id = write_pair(folder, args.mb)
        db = Path(tmp) / "library.db"
        build_mod.build([ROOT / "library" / "sample", folder], db, ROOT / "locales")
        asyncio.run(_served(db, item_id, args.repeat))


if __name__ == "__main__":
    main()
