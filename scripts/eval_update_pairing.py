"""How often an update pairs differently from a full build, on pages paired by score.

    python scripts/eval_update_pairing.py [--n 2000] [--newest 0.05] [--seeds 3] [--drop-undated]

An update pairs the new pages among themselves and with the archive's unpaired pages of
their dates, and keeps the archive's pairs; a full build weighs every page against every
other. On the pairing suite's pages without name hints (``make_corpus --no-hint``: every
pair is a scored one), the newest share of the pages is held back, the rest built, then
the held pages added and the archive brought up to date both ways. Prints, per seed,
which way the update went and the share of items whose versions differ, and the gold
pairs each way found.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402

from library.archive.read import connect  # noqa: E402
from library.build import build  # noqa: E402
from library.pages.read import find_pages, read_page  # noqa: E402
from library.update import update  # noqa: E402


def items_of(db: Path) -> set[frozenset[str]]:
    conn = connect(db)
    try:
        rows = conn.execute("SELECT item_id, source FROM versions").fetchall()
    finally:
        conn.close()
    by_item: dict[str, set[str]] = {}
    for item, source in rows:
        by_item.setdefault(item, set()).add(source)
    return {frozenset(s) for s in by_item.values()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--newest", type=float, default=0.05, help="share of pages held back")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument(
        "--drop-undated",
        action="store_true",
        help="leave out the undated pages (they sort first: an update that pairs one "
        "writes the whole archive again, which is a full build)",
    )
    args = ap.parse_args()
    shares = []
    for seed in range(1, args.seeds + 1):
        work = Path(tempfile.mkdtemp(prefix="update-pairing-"))
        pages, held = work / "pages", work / "held"
        gold = generate(args.n, pages, seed=seed, no_hint=True, days=400)
        dated = sorted(
            (read_page(p, pages).date or "", p) for p in find_pages(pages)
        )  # undated first, as the archive sorts them
        if args.drop_undated:
            for date, path in dated:
                if not date:
                    path.unlink()
            dated = [(date, path) for date, path in dated if date]
            gold = [pair for pair in gold if all(p is None or (pages / p).exists() for p in pair)]
        cut = dated[int(len(dated) * (1 - args.newest))][0]
        for date, path in dated:
            if date and date >= cut:
                target = held / path.relative_to(pages)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
        build([pages], work / "base.db", jobs=2, new=True)
        for path in held.rglob("*.*"):
            target = pages / path.relative_to(held)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
        for name in ("update", "full"):
            shutil.copyfile(work / "base.db", work / f"{name}.db")
        report = update([pages], work / "update.db", jobs=2)
        build([pages], work / "full.db", jobs=2)
        a, b = items_of(work / "update.db"), items_of(work / "full.db")
        differ = len(a ^ b) / 2 / max(len(b), 1)
        shares.append(differ)
        true = {frozenset(p for p in pair if p) for pair in gold if all(pair)}
        found = {name: len(true & items) for name, items in (("update", a), ("full", b))}
        print(
            f"seed {seed}: {report.mode} ({report.note}); {len(b):,} items, "
            f"{differ:.2%} differ; gold pairs found: update {found['update']:,}, "
            f"full {found['full']:,} of {len(true):,}"
        )
        shutil.rmtree(work)
    print(f"items that differ, mean over {len(shares)} seeds: {sum(shares) / len(shares):.2%}")


if __name__ == "__main__":
    main()
