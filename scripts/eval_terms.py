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

Two harder groups since titles became sentence pairs and lookups count occurrences
inside longer names:

- *only in titles*: real outlet names (Hunan Daily = 湖南日报, Xinhuanet = 新华网, …)
  appended to the titles of some generated items (" - Hunan Daily"), as sites do, and
  never in a body; looked up in both directions.
- *only inside longer names*: the tails of real local bodies (:data:`BODIES`, "Municipal
  Bureau of Commerce" of "Beijing Municipal Bureau of Commerce" = 北京市商务局) named in
  a sentence added to some generated items, and the test terms' own tails
  ("Administration of Customs" of "General Administration of Customs"), wherever they
  never stand on their own in the corpus. A lookup must count every pair holding the
  part (against a scan of the segments with the same matcher), name a whole holding it
  as the longer name, and give that whole's rendering.

And what a translator is shown (issue 30, item 6): the renderings the term page lists
(``library.query.renderings.term_page``, its offered renderings, not its fold) for each
test term, and the share of them that are wrong (not the known Chinese form); and the
longer names, of every lookup here, that hold a date word ("Hunan Daily on December").
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
from library.query.renderings import term_page  # noqa: E402
from library.terms import glossary  # noqa: E402
from library.terms.proposals import suggest  # noqa: E402
from library.terms.spotting import ArchiveSource, spot  # noqa: E402
from library.text.chinese import normalize  # noqa: E402
from library.text.lexicon import default_lexicon  # noqa: E402
from library.text.termmatch import en_spans  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATE_WORDS = {
    *"january february march april may june july august september october november".split(),
    *"december monday tuesday wednesday thursday friday saturday sunday".split(),
}
"""Words of a date, which no longer name holds (the script's own list, so that it
measures an older checkout too)."""


def dated(result) -> int:
    """Longer names of a lookup holding a date word."""
    return sum(1 for i in result.inside if DATE_WORDS & set(i.name.lower().split()))


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


OUTLETS = [
    ("Hunan Daily", "湖南日报"),
    ("Xinhuanet", "新华网"),
    ("China Daily", "中国日报"),
    ("People's Daily Online", "人民网"),
    ("Guangming Online", "光明网"),
    ("Legal Daily", "法制日报"),
]
"""Real outlets and their Chinese names, for the titles-only group."""


BODIES = [
    ("Beijing Municipal Bureau of Commerce", "北京市商务局"),
    ("Tianjin Municipal Bureau of Commerce", "天津市商务局"),
    ("Shanghai Municipal Administration for Market Regulation", "上海市市场监督管理局"),
    ("Zhejiang Provincial Administration for Market Regulation", "浙江省市场监督管理局"),
    ("Guangdong Provincial Department of Commerce", "广东省商务厅"),
    ("Jiangsu Provincial Department of Public Security", "江苏省公安厅"),
]
"""Real local bodies and their Chinese names, for the inside-longer-names group: the
parts ("Municipal Bureau of Commerce", "Administration for Market Regulation",
"Department of Commerce", …) occur only inside them."""


def _pairs(pages: Path) -> list[tuple[Path, Path]]:
    """Generated (English, Chinese) page pairs whose Chinese page is UTF-8."""
    out = []
    for en_page in sorted(pages.rglob("*.en.txt")):
        zh_page = en_page.with_name(en_page.name.replace(".en.txt", ".zh.txt"))
        try:
            if zh_page.exists() and zh_page.read_text("utf-8"):
                out.append((en_page, zh_page))
        except UnicodeDecodeError:
            continue
    return out


def add_bodies(pages: Path, every: int = 7) -> dict[str, int]:
    """Add a last paragraph naming a body (:data:`BODIES`) to every ``every``-th
    generated item's two pages; items per body."""
    used: Counter = Counter()
    for k, (en_page, zh_page) in enumerate(_pairs(pages)):
        if k % every != 3:
            continue
        en, zh = BODIES[k // every % len(BODIES)]
        for path, line in (
            (en_page, f"Officials of the {en} attended the meeting."),
            (zh_page, f"{zh}有关负责人出席了会议。"),
        ):
            path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{line}\n", "utf-8")
        used[en] += 1
    return dict(used)


def add_outlets(pages: Path, every: int = 9) -> dict[str, int]:
    """Append an outlet's name to the titles of every ``every``-th generated item whose
    two pages are UTF-8 ("… - Hunan Daily", "… - 湖南日报"); items per outlet."""
    used: Counter = Counter()
    for k, (en_page, zh_page) in enumerate(_pairs(pages)):
        if k % every:
            continue
        en_name, zh_name = OUTLETS[k // every % len(OUTLETS)]
        for path, name in ((en_page, en_name), (zh_page, zh_name)):
            blocks = path.read_text("utf-8").split("\n\n")
            blocks[1] = f"{blocks[1]} - {name}"  # after the breadcrumb: the title
            path.write_text("\n\n".join(blocks), "utf-8")
        used[en_name] += 1
    return dict(used)


def inside_only(conn, terms: dict[str, str]) -> dict[str, tuple[dict[str, str], int]]:
    """Tails (one or two words off the front) of multi-word names in ``terms`` that
    never stand outside a whole in the archive: part → (its wholes with their Chinese,
    pairs holding the part)."""
    parts: dict[str, dict[str, str]] = {}
    for whole, zh in sorted(terms.items()):
        words = whole.split()
        for cut in (1, 2):
            part = " ".join(words[cut:])
            if len(words) - cut >= 2 and part[:1].isupper() and part not in terms:
                parts.setdefault(part, {})[whole] = zh
    out = {}
    for part, wholes in sorted(parts.items()):
        holding = 0
        alone = False
        for row in read.fts_segments(conn, _en_fts(part), 100_000):
            text = row["en"] or ""
            spans = en_spans(part, text)
            around = [s for w in wholes for s in en_spans(w, text)]
            holding += bool(spans)
            alone |= any(not any(a <= x and y <= b for a, b in around) for x, y in spans)
        if holding and not alone:
            out[part] = (wholes, holding)
    return out


def holding_pairs(conn, term: str, lang: str) -> int:
    """Sentence pairs that hold ``term`` (a scan with the lookup's own matcher)."""
    from library.text.termmatch import zh_fts, zh_spans

    if lang == "en":
        rows = read.fts_segments(conn, _en_fts(term), 100_000)
        return sum(1 for r in rows if en_spans(term, r["en"] or ""))
    rows = read.fts_segments(conn, zh_fts(term), 100_000)
    return sum(1 for r in rows if zh_spans(term, normalize(r["zh"] or "")))


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
        outlets = add_outlets(pages / "generated")
        bodies = add_bodies(pages / "generated")
        terms = test_terms(pages)
        everything = dict(terms, **dict(BODIES))
        locales = reduced_locales(tmp / "locales", set(terms))
        db = tmp / "library.db"
        build.build([pages], db, locales)
        conn = read.connect(db)
        lexicon = default_lexicon()
        remaining = read.glossary_terms(conn)
        assert not {t.en for t in remaining} & set(terms), "test terms left in the glossary"
        source = ArchiveSource(conn)
        groups: dict[str, Counter] = {"2+": Counter(), "1": Counter()}
        misses = []
        started = time.perf_counter()
        looked = 0
        names = Counter()
        for en, zh in sorted(terms.items()):
            items = aligned_items(conn, en, zh)
            if not items:
                continue
            looked += 1
            group = "2+" if items >= 2 else "1"
            result = spot(en, source, lexicon, remaining)
            names["inside"] += len(result.inside)
            names["dated"] += dated(result)
            top = result.renderings[0].text if result.renderings else None
            right = top is not None and normalize(top) == normalize(zh)
            groups[group]["right" if right else "wrong"] += 1
            if not right:
                misses.append((group, en, zh, top))
        seconds = time.perf_counter() - started
        # Names only in titles, both directions: top-1, and every title pair counted.
        titled = Counter()
        for en, zh in OUTLETS:
            if en not in outlets:
                continue
            for term, want, lang in ((en, zh, "en"), (zh, en, "zh")):
                result = spot(term, source, lexicon, remaining)
                names["inside"] += len(result.inside)
                names["dated"] += dated(result)
                top = result.renderings[0].text if result.renderings else None
                right = top is not None and normalize(top).lower() == normalize(want).lower()
                titled["right" if right else "wrong"] += 1
                titled["counted"] += result.positives == holding_pairs(conn, term, lang)
                if not right:
                    misses.append(("title", term, want, top))
        # Terms only inside longer names: every pair counted, the whole named, and its
        # rendering given.
        nested = Counter()
        for part, (wholes, holding) in inside_only(conn, everything).items():
            result = spot(part, source, lexicon, remaining)
            names["inside"] += len(result.inside)
            names["dated"] += dated(result)
            first = result.inside[0] if result.inside else None
            whole = next((w for w in wholes if first and first.name.startswith(w)), None)
            nested["n"] += 1
            nested["counted"] += result.positives == holding
            nested["named"] += whole is not None
            right = whole is not None and normalize(first.rendering or "") == normalize(
                wholes[whole]
            )
            nested["rendered"] += right
            if not right:
                misses.append(
                    ("inside", part, " | ".join(f"{w} = {z}" for w, z in wholes.items()), first)
                )
        # What the term page lists: its offered renderings, and how many are wrong.
        shown = Counter()
        for en, zh in sorted(terms.items()):
            if not aligned_items(conn, en, zh):
                continue
            page = term_page(conn, en)
            offered = [r for r in page.strong if not r.status]
            bad = [r for r in offered if normalize(r.text) != normalize(zh)]
            shown["terms"] += 1
            shown["listed"] += len(offered)
            shown["wrong"] += len(bad)
            shown["right listed"] += len(bad) < len(offered)
            shown["right first"] += bool(offered) and not bad[:1] == offered[:1]
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
    looked_titles = titled["right"] + titled["wrong"]
    print(
        f"names only in titles ({sum(outlets.values())} titled items, {len(outlets)} outlets, "
        f"both directions): {titled['right']}/{looked_titles} top-1, "
        f"{titled['counted']}/{looked_titles} with every pair counted"
    )
    print(
        f"terms only inside longer names ({sum(bodies.values())} items name a body): "
        f"{nested['n']}; every pair counted "
        f"{nested['counted']}/{nested['n']}, the whole named {nested['named']}/{nested['n']}, "
        f"its rendering right {nested['rendered']}/{nested['n']}"
    )
    print(
        f"terms suggest: {len(proposed)} proposals in {suggest_seconds:.1f}s; of the "
        f"{len(wanted)} multi-word capitalised test terms, {offered} proposed, {hits} with the "
        f"right rendering ({hits / max(len(wanted), 1):.1%})"
    )
    print(
        f"term page, {shown['terms']} test terms: {shown['listed']} renderings listed, "
        f"{shown['wrong']} wrong ({shown['wrong'] / max(shown['listed'], 1):.1%}); the right "
        f"one listed for {shown['right listed']}, first for {shown['right first']}"
    )
    print(
        f"longer names given by the lookups: {names['inside']}, holding a date word: "
        f"{names['dated']}"
    )
    if args.show:
        for group, en, zh, top in misses:
            print(f"  miss [{group}] {en!r}: expected {zh}, got {top}")


if __name__ == "__main__":
    main()
