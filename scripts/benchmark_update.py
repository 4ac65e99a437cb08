"""Updates against full builds: the time and memory of adding a day's pages to an archive.

    python scripts/benchmark_update.py [--n 20000] [--add 100] [--repeat 3] [--edit K] [--remove R]

Generates ``n`` items (``make_corpus``) and builds them once; then adds ``add`` items
dated after every archived one (today's news), edits ``edit`` and removes ``remove`` of
the archive's newest pages (corrections and take-downs), and, ``repeat`` times in alternation over
a copy of that archive, runs ``bilib build`` (the update) and ``bilib build --full``,
each a process of its own timed by ``/usr/bin/time``. Prints each run, the medians, the
update's share of the full build's time, and both peak memories.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402


def timed(args: list[str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB, last line of output) of one command."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return float(seconds), int(kb) // 1024, " | ".join(lines[-2:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--add", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--edit", type=int, default=0, help="also edit this many of the archive's newest pages"
    )
    ap.add_argument(
        "--remove", type=int, default=0, help="and remove this many of its newest pages"
    )
    ap.add_argument("--work", type=Path, help="folder to work in (default: a temporary one)")
    ap.add_argument(
        "--again", action="store_true", help="reuse the pages and first build of --work"
    )
    args = ap.parse_args()
    bilib = str(Path(sys.executable).parent / "bilib")
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-update-"))
    pages = work / "pages"
    base = work / "base.db"
    if not (args.again and base.exists()):
        if pages.exists():
            shutil.rmtree(pages)
        generate(args.n, pages / "archive", seed=7)
        seconds, mb, _ = timed([bilib, "build", str(pages), "-o", str(base), "-q", "--new"])
        print(f"first build of {args.n:,} items: {seconds:.1f} s, {mb} MB")
        # Today's pages: dated after the generator's last day (2006 + 7,300 days).
        generate(args.add, pages / "today", seed=99, start=dt.date(2026, 1, 1), days=1)
        # Corrections: the newest archived pages (the generator names them by date).
        newest = sorted((pages / "archive").rglob("*.txt"), key=lambda p: p.name)[::-1]
        for path in newest[: args.edit]:
            text = path.read_text("utf-8")
            path.write_text(text + ("\nCorrected.\n" if ".en." in path.name else "\n已更正。\n"))
        for path in newest[args.edit : args.edit + args.remove]:
            path.unlink()
    runs: dict[str, list[tuple[float, int]]] = {"update": [], "full": []}
    for k in range(args.repeat):
        for mode in ("update", "full") if k % 2 == 0 else ("full", "update"):
            target = work / f"{mode}.db"
            shutil.copyfile(base, target)
            os.sync()  # the copy's writeback is the benchmark's, not the build's
            extra = ["--full"] if mode == "full" else []
            seconds, mb, said = timed([bilib, "build", str(pages), "-o", str(target), *extra])
            runs[mode].append((seconds, mb))
            print(f"  {mode:6} {seconds:6.1f} s {mb:5} MB   {said}")
    update = statistics.median(s for s, _ in runs["update"])
    full = statistics.median(s for s, _ in runs["full"])
    change = f"adding {args.add} items" + (
        f", editing {args.edit} and removing {args.remove} of its newest pages"
        if args.edit or args.remove
        else ""
    )
    print(
        f"{change} to {args.n:,}: update median {update:.2f} s "
        f"(peak {max(m for _, m in runs['update'])} MB), full build median {full:.1f} s "
        f"(peak {max(m for _, m in runs['full'])} MB): the update takes "
        f"{update / full:.1%} of the full build's time"
    )


if __name__ == "__main__":
    main()
