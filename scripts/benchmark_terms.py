#!/usr/bin/env python3
"""Time ``bilib terms check`` on a generated archive with a large glossary, against the
build of the same archive, in one run.

    python scripts/benchmark_terms.py --n 10000 --terms 1000

The glossary is the project's own entries, the generator's districts, posts,
topics and goods, their district × post titles, then CC-CEDICT words in file
order (their first gloss as the English form) up to ``--terms`` entries:
terms that occur often, rarely or never, as a real glossary's do. It is
written as a PO catalog in a temporary locales folder and read like any other.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import CUSTOMS, GOODS, POSTS, TOPICS, generate  # noqa: E402

from library import build  # noqa: E402
from library.archive import read  # noqa: E402
from library.terms import check as termcheck  # noqa: E402
from library.terms import glossary  # noqa: E402
from library.text.lexicon import cedict_lines  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def big_glossary(size: int, out: Path) -> Path:
    catalog = glossary.load(ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po")
    seen = {(e.msgctxt, e.msgid) for e in catalog}

    def add(en: str, zh: str, ctx: str | None = None) -> None:
        if len(catalog) < size and (ctx, en) not in seen:
            seen.add((ctx, en))
            catalog.append(polib.POEntry(msgid=en, msgstr=zh, msgctxt=ctx))

    for en, zh in CUSTOMS + POSTS + TOPICS + GOODS:
        add(en, zh)
    for c_en, c_zh in CUSTOMS:
        for p_en, p_zh in POSTS:
            add(f"{p_en} of {c_en}", f"{c_zh}{p_zh}")
    for line in cedict_lines():
        if len(catalog) >= size:
            break
        parts = line.split(" ", 2)
        if line.startswith("#") or len(parts) < 3 or not 2 <= len(parts[1]) <= 4:
            continue
        gloss = parts[2].split("/")[1] if "/" in parts[2] else ""
        if gloss and gloss.isascii() and "(" not in gloss and len(gloss) > 3:
            add(gloss, parts[1], ctx="cedict")
    dest = out / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    dest.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(dest))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--terms", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="check runs; the median is reported")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate(args.n, tmp / "pages", seed=7, days=3650, topical=False)
        locales = big_glossary(args.terms, tmp / "locales")
        db = tmp / "library.db"
        started = time.perf_counter()
        report = build.build([tmp / "pages"], db, locales)
        build_seconds = time.perf_counter() - started
        conn = read.connect(db)
        terms = read.glossary_terms(conn)
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            uses, findings = termcheck.check(conn, terms)
            runs.append(time.perf_counter() - started)
    check = statistics.median(runs)
    print(
        f"archive: {report.items} items, glossary {len(terms)} entries; "
        f"build {build_seconds:.1f}s (term uses and findings included)"
    )
    print(
        f"terms check: median {check:.1f}s of {len(runs)} runs "
        f"({', '.join(f'{r:.1f}' for r in runs)}); {len(uses)} uses, {len(findings)} findings; "
        f"{check / build_seconds:.2f}x the build"
    )


if __name__ == "__main__":
    main()
