"""The memory as a download (issue 29): ``/library/segments.tmx`` served, every row,
against ``bilib export tmx`` writing the same units, on a generated archive.

    python scripts/benchmark_downloads.py [--n 2000 | --db archive.db] [--repeat 3]

Serves the archive with ``bilib serve`` (one process) and, ``--repeat`` times each,
downloads ``segments.tmx?score__gte=MIN`` and ``segments.tsv?score__gte=MIN`` and runs
the CLI export with ``--min-score MIN``. Prints the units of each (they must agree),
the median seconds and the download's time as a ratio of the export's (the baseline,
measured in the same run), and the server's resident memory before the downloads and at
its peak (``VmHWM``; Linux): a stream holds one page of 1,000 rows, so the peak should
not grow with the archive.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from lxml import etree  # noqa: E402

from library.build import build  # noqa: E402

MIN_SCORE = "0.2"


def _units(data: bytes) -> int:
    return sum(1 for _ in etree.fromstring(data).iter("tu"))


def _memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="items to generate (without --db)")
    ap.add_argument("--db", type=Path, help="an archive to serve instead")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--port", type=int, default=8047)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bilib-downloads-"))
    db = args.db
    if db is None:
        from make_corpus import generate

        generate(args.n, work / "corpus", seed=29, days=800)
        db = work / "library.db"
        build([work / "corpus"], db, ROOT / "locales")
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "library.cli", "serve", str(db), "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        before = _memory_kb(server.pid, "VmRSS")
        runs: dict[str, list[float]] = {"tmx": [], "tsv": [], "cli": []}
        counts: dict[str, int] = {}
        for _ in range(args.repeat):
            for fmt in ("tmx", "tsv"):
                url = f"{base}/{db.stem}/segments.{fmt}?score__gte={MIN_SCORE}"
                seconds, body = _timed(lambda url=url: urllib.request.urlopen(url).read())
                runs[fmt].append(seconds)
                counts[fmt] = _units(body) if fmt == "tmx" else len(body.splitlines())
            out = work / "export.tmx"
            command = [sys.executable, "-m", "library.cli", "export", "tmx", "-d", str(db)]
            command += ["--min-score", MIN_SCORE, "-o", str(out)]
            seconds, _ = _timed(
                lambda command=command: subprocess.run(command, check=True, capture_output=True)
            )
            runs["cli"].append(seconds)
            counts["cli"] = _units(out.read_bytes())
        peak = _memory_kb(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=30)
    cli = statistics.median(runs["cli"])
    print(f"archive {db} ({db.stat().st_size / 1e6:.1f} MB); medians of {args.repeat}")
    for name in ("tmx", "tsv", "cli"):
        median = statistics.median(runs[name])
        what = "bilib export tmx" if name == "cli" else f"/{db.stem}/segments.{name}"
        print(
            f"{what:28} {counts[name]:>8,} units  {median:7.2f} s  {median / cli:5.2f}× the export"
        )
    agree = counts["tmx"] == counts["tsv"] == counts["cli"]
    print(f"units agree: {agree}")
    print(f"server memory: {before / 1024:.0f} MB before the downloads, peak {peak / 1024:.0f} MB")
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()
