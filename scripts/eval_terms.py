#!/usr/bin/env python3
"""How often term spotting puts the right Chinese rendering first, for terms the
glossary does not have.

    python scripts/eval_terms.py            # sample + 300 generated items
    python scripts/eval_terms.py --n 1000 --show

The archive is built from the bundled sample and a generated corpus in which
known titles and bodies occur (customs districts, posts, topics, people, and
the glossary's own entries), with a glossary from which every one of those
test terms has been removed, so neither the aligner's lexicon nor the
spotter's explaining-away knows them. Each test term is then looked up as
``bilib terms find`` does; top-1 is right when the first rendering is the
known Chinese form. Terms are grouped by how many aligned items they occur in.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import CUSTOMS, GIVEN, POSTS, SURNAMES, TOPICS, generate  # noqa: E402

from library import build  # noqa: E402
from library.archive import read  # noqa: E402
from library.terms import glossary  # noqa: E402
from library.terms.proposals import suggest  # noqa: E402
from library.terms.spotting import ArchiveSource, spot  # noqa: E402
from library.text.chinese import normalize  # noqa: E402
from library.text.lexicon import default_lexicon  # noqa: E402
from library.text.termmatch import en_spans  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _people(text: str) -> dict[str, str]:
    """Generated people's names in English text, with their Chinese (the generator's
    syllable tables read backwards)."""
    surnames = {p: c for c, p in SURNAMES}
    given = {p: c for c, p in GIVEN}
    out = {}
    pattern = r"\b(" + "|".join(surnames) + r") ([A-Z][a-z]+)\b"
    for sur, name in re.findall(pattern, text):
        low, chars = name.lower(), ""
        while low:
            for p in sorted(given, key=len, reverse=True):
                if low.startswith(p):
                    chars, low = chars + given[p], low[len(p) :]
                    break
            else:
                break
        if not low:
            out[f"{sur} {name}"] = surnames[sur] + chars
    return out


def test_terms(pages: Path) -> dict[str, str]:
    """English → Chinese of the known terms, from the generator and the glossary."""
    terms = {en: zh for en, zh in CUSTOMS + POSTS + TOPICS}
    catalog = glossary.load_terms(glossary.find_catalogs(ROOT / "locales"))
    terms.update({t.en: t.zh for t in catalog if t.status != "obsolete" and t.context is None})
    text = " ".join(p.read_text("utf-8", errors="ignore") for p in pages.rglob("*.txt"))
    terms.update(_people(text))
    return terms


def reduced_locales(out: Path, drop: set[str]) -> Path:
    """A locales folder whose glossary lacks the test terms (English forms in ``drop``)."""
    src = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    catalog = glossary.load(src)
    for entry in [e for e in catalog if e.msgid in drop]:
        catalog.remove(entry)
    dest = out / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    dest.parent.mkdir(parents=True)
    catalog.save(str(dest))
    return out


def aligned_items(conn, en: str, zh: str) -> int:
    """Items where the English term and its Chinese form sit in one segment pair."""
    found = set()
    for row in read.fts_segments(conn, _en_fts(en), 100_000):
        if row["zh"] and en_spans(en, row["en"]) and normalize(zh) in normalize(row["zh"]):
            found.add(row["item_id"])
    return len(found)


def _en_fts(term: str) -> str:
    from library.text.termmatch import en_fts

    return en_fts(term)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="generated items besides the sample")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print every miss")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        shutil.copytree(build.sample_dir(), pages / "sample")
        generate(args.n, pages / "generated", seed=args.seed, days=900, topical=False)
        terms = test_terms(pages)
        locales = reduced_locales(tmp / "locales", set(terms))
        db = tmp / "library.db"
        build.build([pages], db, locales)
        conn = read.connect(db)
        lexicon = default_lexicon()
        remaining = read.glossary_terms(conn)
        assert not {t["en"] for t in remaining} & set(terms), "test terms left in the glossary"
        source = ArchiveSource(conn)
        groups: dict[str, Counter] = {"2+": Counter(), "1": Counter()}
        misses = []
        started = time.perf_counter()
        looked = 0
        for en, zh in sorted(terms.items()):
            items = aligned_items(conn, en, zh)
            if not items:
                continue
            looked += 1
            group = "2+" if items >= 2 else "1"
            result = spot(en, source, lexicon, remaining)
            top = result.renderings[0].text if result.renderings else None
            right = top is not None and normalize(top) == normalize(zh)
            groups[group]["right" if right else "wrong"] += 1
            if not right:
                misses.append((group, en, zh, top))
        seconds = time.perf_counter() - started
        # terms suggest: which capitalised test terms it proposes, with which rendering
        catalog = locales / "zh_CN" / "LC_MESSAGES" / "glossary.po"
        started = time.perf_counter()
        proposed = {p.en: p.zh for p in suggest(conn, catalog, lexicon=lexicon)}
        suggest_seconds = time.perf_counter() - started
        wanted = {
            en: zh
            for en, zh in terms.items()
            if en[:1].isupper() and " " in en and aligned_items(conn, en, zh)
        }
        hits = sum(
            1 for en, zh in wanted.items() if normalize(proposed.get(en, "")) == normalize(zh)
        )
        offered = sum(1 for en in wanted if en in proposed)
    for group, counts in groups.items():
        total = counts["right"] + counts["wrong"]
        if total:
            print(
                f"terms in {group} aligned items: {counts['right']}/{total} top-1 "
                f"= {counts['right'] / total:.1%}"
            )
    print(f"{looked} lookups in {seconds:.1f}s ({seconds / max(looked, 1) * 1000:.0f} ms each)")
    print(
        f"terms suggest: {len(proposed)} proposals in {suggest_seconds:.1f}s; of the "
        f"{len(wanted)} multi-word capitalised test terms, {offered} proposed, {hits} with the "
        f"right rendering ({hits / max(len(wanted), 1):.1%})"
    )
    if args.show:
        for group, en, zh, top in misses:
            print(f"  miss [{group}] {en!r}: expected {zh}, got {top}")


if __name__ == "__main__":
    main()
