#!/usr/bin/env python3
"""What an archive's database is made of: each table's and index's bytes (SQLite's
``dbstat``), against the size of the page files it was built from and of the UTF-8 text
it stores.

    python scripts/db_size.py library.db --pages pages/
    python scripts/db_size.py --n 20000            # builds a generated archive first

The shares say where a leaner archive would come from: a second copy of a text, an
index as big as its table, a full-text index of text another one already indexes.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def report(db: Path, pages: Path | None) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    size = db.stat().st_size
    text = sum(len(t.encode("utf-8")) for (t,) in conn.execute("SELECT text FROM versions") if t)
    raw = sum(p.stat().st_size for p in pages.rglob("*") if p.is_file()) if pages else None
    rows = conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
    ).fetchall()
    print(
        f"database {size / 1e6:.1f} MB; stored text {text / 1e6:.1f} MB ({size / text:.2f}×)",
        end="",
    )
    print(f"; page files {raw / 1e6:.1f} MB ({size / raw:.2f}×)" if raw else "")
    print("| object | MB | × text | share |")
    print("|---|---|---|---|")
    for name, bytes_ in rows:
        if bytes_ >= 0.005 * size:
            print(f"| {name} | {bytes_ / 1e6:.2f} | {bytes_ / text:.2f} | {bytes_ / size:.1%} |")
    rest = sum(b for _, b in rows if b < 0.005 * size)
    print(f"| (the rest) | {rest / 1e6:.2f} | {rest / text:.2f} | {rest / size:.1%} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path, nargs="?", help="an archive (else one is generated)")
    ap.add_argument("--pages", type=Path, help="the page files it was built from")
    ap.add_argument("--n", type=int, default=20000, help="items of the generated archive")
    args = ap.parse_args()
    if args.db:
        report(args.db, args.pages)
        return
    from make_corpus import generate

    with tempfile.TemporaryDirectory() as tmp:
        pages, db = Path(tmp) / "pages", Path(tmp) / "library.db"
        generate(args.n, pages)
        bilib = Path(sys.executable).parent / "bilib"
        subprocess.run([str(bilib), "build", str(pages), "-q", "-o", str(db)], check=True)
        report(db, pages)


if __name__ == "__main__":
    main()
