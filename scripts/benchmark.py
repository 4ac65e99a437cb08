#!/usr/bin/env python3
"""Build throughput, search latency, recall and robustness on a generated archive, in one run.

    python scripts/benchmark.py                      # 10,000 items
    python scripts/benchmark.py --n 100000           # the issue's scale
    python scripts/benchmark.py --db /tmp/l.db       # reuse a built archive (no build)
    python scripts/benchmark.py --n 300 --queries 20 --oracle 30 --hostile 50   # smoke run

Measures, in one run:
- the build (``bilib build`` in a child process, aligning in one worker per CPU):
  items/s, peak RSS of its largest process and of all its processes summed,
  database size against the raw size of the generated pages;
- search latency, median and p95 over the same random queries (1–4 Chinese
  characters, 1–3 English words), each query run three times and its median
  kept: the raw FTS5 query with the expression already compiled (the floor:
  rowids only, and the top 20 by bm25), the stock ``?_search=`` and the search
  page (``/-/search.json``) through Datasette's in-process client and through
  a real ``datasette serve`` on 127.0.0.1 over HTTP, and a LIKE scan over the
  stored texts (what a user without our index would do); ratios against the floor;
- recall: the search's item sets against an oracle (substring on the
  t2s-normalised text for Chinese, whole words for English, every term for
  mixed queries) for random queries of 1–6 characters, English words and mixed
  pairs, some typed in Traditional;
- robustness: random and hostile query strings through both search paths
  (in-process, on the bundled sample: the parser is what is tested) and, compiled,
  as raw ``MATCH`` on the benchmark archive: any 500 or FTS5 error is counted.
Machines here are shared: medians.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
sys._called_from_test = True  # keep other installed Datasette plugins out  # type: ignore

import _oracles  # noqa: E402
from make_corpus import generate  # noqa: E402

from library.archive import read, schema  # noqa: E402
from library.archive import search_sql as archive_search  # noqa: E402
from library.text.chinese import CJK_RUN, normalize  # noqa: E402
from library.text.query_compiler import fts_query  # noqa: E402

WORD = re.compile(r"[a-z][a-z0-9]+")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def latency_queries(texts: list[str], n: int, rng: random.Random) -> list[str]:
    """Half 1–4 Chinese characters, half 1–3 English words, cut from the archive's texts."""
    runs = [m.group(0) for t in texts for m in CJK_RUN.finditer(t)]
    words = sorted({w for t in texts for w in re.findall(r"[A-Za-z]{3,}", t)})
    out = []
    for i in range(n):
        if i % 2 == 0:
            run = rng.choice(runs)
            size = rng.randint(1, min(4, len(run)))
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start : start + size])
        else:
            out.append(" ".join(rng.sample(words, rng.randint(1, 3))))
    return out


def timed(fn, repeat: int = 3) -> float:
    """Median of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


# --- the archive through Datasette -------------------------------------------


def _datasette(db: Path):
    import yaml
    from datasette.app import Datasette
    from datasette.plugins import pm

    import library.web

    library.web.register(pm)
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text("utf-8"))
    return Datasette([str(db)], metadata=metadata)


def _paths(name: str, q: str) -> dict[str, str]:
    quoted = urllib.parse.quote(q)
    return {
        "stock": f"/{name}/items.json?_search={quoted}&_shape=array&_size=20",
        "page": f"/-/search.json?q={quoted}",
        # Datasette's own round trip, no search: what any request costs.
        "noop": f"/{name}.json?sql=select+1&_shape=array",
    }


def _reader_paths(name: str, q: str) -> dict[str, str]:
    """What readers reach over HTTP: the stock table search as its HTML page and its
    default JSON (both count the matches and compute the table's facets), the search
    page with and without marking the other language and searching the glossary."""
    quoted = urllib.parse.quote(q)
    return {
        "table_html": f"/{name}/items?_search={quoted}",
        "table_json": f"/{name}/items.json?_search={quoted}",
        "page_html": f"/-/search?q={quoted}",
        "page_plain": f"/-/search.json?q={quoted}&expand=0&equivalents=0",
        "page": f"/-/search.json?q={quoted}",
    }


def child_json(*args: str) -> dict:
    """Run this Python on ``args`` (a script and its arguments) and read the JSON object
    on the last line it prints: a measurement made in a process of its own."""
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _forget_answers() -> None:
    """Forget the served answers kept in this process (issue 27): a repeat is timed doing
    the work, not answered from memory."""
    try:
        from library.web.answers import ANSWERS
    except ImportError:  # a tree from before it
        return
    ANSWERS.clear()


async def median_get(ds, path: str, repeat: int = 3):
    """(median milliseconds of ``repeat`` GETs of ``path`` through Datasette's client, the
    last response); anything but 200 stops the benchmark."""
    times = []
    for _ in range(repeat):
        _forget_answers()
        t = time.perf_counter()
        r = await ds.client.get(path)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
    return statistics.median(times) * 1000, r


async def client_latencies(db: Path, queries: list[str]) -> dict[str, list[float]]:
    ds = _datasette(db)
    out: dict[str, list[float]] = {"stock": [], "page": [], "noop": []}
    for path in _paths(db.stem, "warmup").values():
        await ds.client.get(path)
    for q in queries:
        for kind, path in _paths(db.stem, q).items():
            ms, r = await median_get(ds, path)
            out[kind].append(ms)
            if kind != "noop":
                found = r.json() if kind == "stock" else r.json()["items"]
                out.setdefault(f"{kind}_hits", []).append(bool(found))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_latencies(
    db: Path, queries: list[str], paths=None, repeat: int = 3
) -> dict[str, list[float]]:
    """The same requests to a real ``bilib serve`` on 127.0.0.1 (the served settings
    included), over one kept-alive connection (as a browser would)."""
    paths = paths or _paths
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["BILIB_ANSWER_CHARS"] = "0"  # each repeat computed: the work is timed, not memory
    bilib = Path(sys.executable).parent / "bilib"
    server = subprocess.Popen(
        [str(bilib), "serve", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/-/versions.json")
                conn.getresponse().read()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError(
                        "datasette serve did not start: " + server.stderr.read().decode()[-500:]
                    ) from None
                time.sleep(0.2)
        out: dict[str, list[float]] = {k: [] for k in paths(db.stem, "warmup")}
        for path in paths(db.stem, "warmup").values():
            conn.request("GET", path)
            conn.getresponse().read()
        for q in queries:
            for kind, path in paths(db.stem, q).items():
                times = []
                for _ in range(repeat):
                    t = time.perf_counter()
                    conn.request("GET", path)
                    r = conn.getresponse()
                    r.read()
                    times.append(time.perf_counter() - t)
                    assert r.status == 200, (path, r.status)
                out[kind].append(statistics.median(times) * 1000)
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- what readers reach --------------------------------------------------------

BROAD = "月"
"""A query matching nearly every generated item (each opens with its date): the worst case."""


def reader_rows(db: Path, queries: list[str], conn, items: int) -> None:
    """The stock table search as readers reach it (HTML page, default JSON: count and
    facets) and the search page with and without equivalents and glossary expansion,
    over HTTP; then the same for the broad query."""
    http = http_latencies(db, queries, _reader_paths)
    broad = http_latencies(db, [BROAD] * 5, _reader_paths, repeat=1)
    share = len(_oracles.raw_fts_rowids(conn, fts_query(BROAD))) / items
    print(
        f"readers' paths over HTTP ({len(queries)} queries, median of 3 runs each; "
        f"ms: median / p95), and the broad query {BROAD!r} ({share:.0%} of the items, 5 runs):"
    )
    names = {
        "table_html": "items table page ?_search= (HTML)",
        "table_json": "items table .json?_search= (default)",
        "page_html": "/-/search page (HTML)",
        "page_plain": "/-/search.json expand=0 equivalents=0",
        "page": "/-/search.json (expansion + marking)",
    }
    for kind, name in names.items():
        print(
            f"  {name:40s} {statistics.median(http[kind]):8.1f} / {pct(http[kind], 0.95):8.1f}"
            f"   broad {statistics.median(broad[kind]):8.1f} / {max(broad[kind]):8.1f}"
        )
    ratio = statistics.median(http["page"]) / statistics.median(http["page_plain"])
    ratio95 = pct(http["page"], 0.95) / pct(http["page_plain"], 0.95)
    print(
        f"  search page with equivalents and expansion / without: {ratio:.2f}x (medians), "
        f"{ratio95:.2f}x (p95)"
    )


def concordance_and_tm(db: Path, conn, rng: random.Random, n: int) -> None:
    """The concordance page for the term with the most lines, and TM lookups with a
    memory made per request against the one kept per archive."""
    from library.query import concordance
    from library.translation import tm

    term = max(("海关", "知识产权", "customs"), key=lambda t: len(concordance.lines(conn, t)))
    lines = len(concordance.lines(conn, term))
    quoted = urllib.parse.quote(term)
    paths = {
        "date": f"/-/concordance?q={quoted}",
        "right": f"/-/concordance?q={quoted}&sort=right",
        "json": f"/-/concordance.json?q={quoted}",
    }
    http = http_latencies(db, ["x"] * 10, lambda name, q: paths, repeat=1)
    print(
        f"concordance of {term!r} ({lines:,} lines in the first {concordance.LIMIT:,} pairs) "
        f"over HTTP, 10 runs, ms median / p95: first page newest first "
        f"{statistics.median(http['date']):.0f} / {pct(http['date'], 0.95):.0f}; "
        f"sorted by right context {statistics.median(http['right']):.0f} / "
        f"{pct(http['right'], 0.95):.0f}; JSON {statistics.median(http['json']):.0f}"
    )
    rows = conn.execute(
        "SELECT zh, en FROM segments WHERE zh IS NOT NULL AND en IS NOT NULL "
        "ORDER BY id LIMIT 20000"
    ).fetchall()
    sentences = []
    for _ in range(n):
        zh, en = rng.choice(rows)
        sentences.append((zh[:-2] + "。", "zh") if rng.random() < 0.5 else (en[2:], "en"))
    fresh = [
        timed(lambda s=s, lang=lang: tm.lookup(conn, s, lang), repeat=1) for s, lang in sentences
    ]
    memory = tm.shared(conn)
    kept = [timed(lambda s=s, lang=lang: memory.lookup(s, lang), repeat=1) for s, lang in sentences]
    again = [
        timed(lambda s=s, lang=lang: memory.lookup(s, lang), repeat=1) for s, lang in sentences
    ]
    tm_paths = {
        f"tm{k}": f"/-/tm?q={urllib.parse.quote(text)}&lang={lang}"
        for k, (text, lang) in enumerate(sentences)
    }
    pages = http_latencies(db, ["x"], lambda name, q: tm_paths, repeat=1)
    first = [v[0] for v in pages.values()]
    print(
        f"translation-memory page over HTTP, {n} edited sentences asked once each (the "
        f"served archive's one memory): median {statistics.median(first):.1f} ms, p95 "
        f"{pct(first, 0.95):.1f} ms"
    )
    print(
        f"translation memory, {n} edited sentences, in-process, ms median / p95: a memory per "
        f"request {statistics.median(fresh):.1f} / {pct(fresh, 0.95):.1f}; one kept memory, "
        f"first asked {statistics.median(kept):.1f} / {pct(kept, 0.95):.1f}, asked again "
        f"{statistics.median(again):.2f} / {pct(again, 0.95):.2f}"
    )


def search_recall(conn, texts: dict[str, str], rng: random.Random, n: int) -> None:
    """The search page without expansion against the oracle: its total and, where it
    fits on a page, its items."""
    from library.query import search_all

    queries = recall_queries(texts, n, rng)
    equal = 0
    for _, q in queries:
        truth = oracle(texts, q)
        found = search_all.search(conn, q, expand=False, equivalents=False, size=100, segments=0)
        ids = {h.id for h in found.items}
        same_total = found.total == len(truth)
        equal += same_total and (len(truth) > 100 or ids == truth)
    print(
        f"search page recall (expand=0): {equal}/{len(queries)} random queries give exactly "
        f"the oracle's items (the total, and the items where they fit on one page of 100)"
    )


# --- recall against an oracle -------------------------------------------------


def oracle_texts(conn) -> dict[str, str]:
    """Each item's titles and texts in both languages, normalised and lower-cased."""
    texts: dict[str, list[str]] = {}
    for item_id, title, text in conn.execute(
        "SELECT item_id, title, text FROM versions ORDER BY item_id, lang"
    ):
        texts.setdefault(item_id, []).extend([title or "", text or ""])
    return {k: normalize("\n".join(v)).lower() for k, v in texts.items()}


def oracle(texts: dict[str, str], q: str) -> set[str]:
    """Items holding every term of ``q``: a Chinese term as a substring, an English word
    as a whole word (what the shadow index promises)."""
    out = None
    for term in normalize(q).lower().split():
        if CJK_RUN.fullmatch(term):
            found = {k for k, t in texts.items() if term in t}
        else:
            pattern = re.compile(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])")
            found = {k for k, t in texts.items() if term in t and pattern.search(t)}
        out = found if out is None else out & found
    return out or set()


def recall_queries(texts: dict[str, str], n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query): 1–6 Chinese characters (a tenth typed in Traditional), English
    words, and an English word with a Chinese term."""
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    keys = sorted(texts)
    out = []
    while len(out) < n:
        text = texts[rng.choice(keys)]
        runs = CJK_RUN.findall(text)
        words = WORD.findall(text)
        kind = ("zh", "en", "mixed")[len(out) % 3]
        if kind != "en" and runs:
            run = rng.choice(runs)
            size = rng.randint(1, min(6, len(run)))
            start = rng.randrange(len(run) - size + 1)
            zh = run[start : start + size]
            zh = s2t.convert(zh) if rng.random() < 0.1 else zh
        if kind == "zh" and runs:
            out.append(("zh", zh))
        elif kind == "en" and words:
            out.append(("en", rng.choice(words)))
        elif kind == "mixed" and runs and words:
            out.append(("mixed", f"{rng.choice(words)} {zh}"))
    return out


def recall(conn, texts: dict[str, str], queries: list[tuple[str, str]]) -> dict:
    rowid_to_id = dict(conn.execute("SELECT rowid, id FROM items"))
    stats = {"queries": 0, "equal": 0, "missed": 0, "extra": 0, "zh_precision": []}
    for kind, q in queries:
        ours = {rowid_to_id[r] for r in _oracles.raw_fts_rowids(conn, fts_query(q))}
        truth = oracle(texts, q)
        stats["queries"] += 1
        stats["equal"] += ours == truth
        stats["missed"] += len(truth - ours)
        stats["extra"] += len(ours - truth)
        if kind == "zh" and ours:
            stats["zh_precision"].append(len(ours & truth) / len(ours))
    return stats


# --- robustness ---------------------------------------------------------------


async def hostile_through_datasette(db: Path, queries: list[str]) -> dict[str, int]:
    ds = _datasette(db)
    bad = {"requests": 0, "server_errors": 0, "fts_errors": 0}
    for q in queries:
        for kind, path in _paths(db.stem, q).items():
            if kind == "noop":
                continue
            r = await ds.client.get(path)
            bad["requests"] += 1
            expected_400 = path.startswith("/-/search") and not q.strip()
            if r.status_code >= 500 or (r.status_code != 200 and not expected_400):
                bad["server_errors"] += 1
            if "fts5" in r.text.lower():
                bad["fts_errors"] += 1
    return bad


def hostile_raw(conn, queries: list[str]) -> int:
    errors = 0
    for q in queries:
        try:
            conn.execute(
                f"SELECT count(*) FROM {schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH ?",
                (fts_query(q),),
            ).fetchone()
        except Exception:  # noqa: BLE001 - counting every failure is the point
            errors += 1
    return errors


# --- the run ------------------------------------------------------------------


def build_archive(n: int, seed: int, tmp: Path) -> tuple[Path, dict]:
    corpus, db = tmp / "corpus", tmp / "library.db"
    generate(n, corpus, seed=seed, topical=True)
    raw = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    bilib = Path(sys.executable).parent / "bilib"
    t = time.perf_counter()
    child = subprocess.Popen(
        [str(bilib), "build", str(corpus), "-o", str(db), "-q", "--locales", str(ROOT / "locales")]
    )
    tree_peak = 0
    while child.poll() is None:
        tree_peak = max(tree_peak, tree_rss(child.pid))
        time.sleep(0.25)
    if child.returncode:
        raise SystemExit(f"bilib build failed ({child.returncode})")
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return db, {"seconds": seconds, "rss_mb": rss, "tree_rss_mb": tree_peak / 1024, "raw": raw}


def tree_rss(pid: int) -> int:
    """Resident kB of a process and all its descendants, summed (shared pages counted in
    each process, so an upper bound), from /proc; 0 where there is no /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+)", status)
        total += int(found.group(1)) if found else 0
    return total


def report(name: str, values: list[float], floor: float) -> None:
    med = statistics.median(values)
    print(
        f"  {name:34s} median {med:8.2f}  p95 {pct(values, 0.95):8.2f}  "
        f"ratio to floor {med / floor:7.1f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="items to generate and build")
    ap.add_argument("--db", type=Path, help="measure this archive instead of building one")
    ap.add_argument("--queries", type=int, default=200, help="latency queries")
    ap.add_argument("--oracle", type=int, default=500, help="recall queries")
    ap.add_argument("--hostile", type=int, default=10000, help="hostile query strings")
    ap.add_argument("--no-http", action="store_true", help="skip the datasette serve run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--reader", type=int, default=100, help="queries for the readers' paths over HTTP"
    )
    ap.add_argument(
        "--search-oracle", type=int, default=200, help="search page queries against the oracle"
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            # metadata.yml configures the database named "library" (FTS table, canned
            # queries): serve the archive under that name whatever its file is called.
            db, built = args.db.resolve(), None
            if db.stem != "library":
                (Path(tmp) / "library.db").symlink_to(db)
                db = Path(tmp) / "library.db"
        else:
            db, built = build_archive(args.n, args.seed, Path(tmp))
        conn = read.connect(db)
        items = _oracles.count_items(conn)
        size = db.stat().st_size
        if built:
            print(
                f"build: {items} items ({args.n} generated) in {built['seconds']:.1f}s = "
                f"{items / built['seconds']:.0f} items/s; peak RSS {built['rss_mb']:.0f} MB "
                f"(largest process), {built['tree_rss_mb']:.0f} MB (all its processes "
                f"summed, sampled every 0.25 s); "
                f"database {size / 1e6:.1f} MB = {size / built['raw']:.2f}x the raw pages "
                f"({built['raw'] / 1e6:.1f} MB)"
            )
        else:
            print(f"archive: {db} ({items} items, {size / 1e6:.1f} MB)")

        texts = _oracles.version_texts(conn)
        queries = latency_queries(rng.sample(texts, min(2000, len(texts))), args.queries, rng)
        del texts
        floor = [timed(lambda q=q: _oracles.raw_fts_rowids(conn, fts_query(q))) for q in queries]
        ranked = [
            timed(lambda q=q: archive_search.search_items(conn, fts_query(q))) for q in queries
        ]
        like = [timed(lambda q=q: _oracles.like_scan_item_ids(conn, q), repeat=1) for q in queries]
        client = asyncio.run(client_latencies(db, queries))
        expected = [bool(_oracles.raw_fts_rowids(conn, fts_query(q))) for q in queries]
        for kind in ("stock", "page"):  # both really searched
            assert client.pop(f"{kind}_hits") == expected, f"{kind} results differ from FTS5"
        http = None if args.no_http else http_latencies(db, queries)
        base = statistics.median(floor)
        print(
            f"search latency over {len(queries)} queries (half 1-4 Chinese characters, half "
            f"1-3 English words), median of 3 runs each, milliseconds:"
        )
        report("raw FTS5 MATCH, rowids (floor)", floor, base)
        report("raw FTS5, top 20 by bm25", ranked, base)
        report("?_search= in-process client", client["stock"], base)
        report("/-/search.json in-process client", client["page"], base)
        if http:
            report("?_search= over HTTP", http["stock"], base)
            report("/-/search.json over HTTP", http["page"], base)
        report("Datasette round trip, select 1", (http or client)["noop"], base)
        report("LIKE scan", like, base)
        slowest = http or client
        for kind in ("stock", "page"):
            print(
                f"  LIKE scan / {'?_search=' if kind == 'stock' else '/-/search.json'}"
                f"{' over HTTP' if http else ''}: "
                f"{statistics.median(like) / statistics.median(slowest[kind]):.1f}x (medians)"
            )
        # A search through Datasette that reads every match (to count them) costs at
        # least its round trip plus the index read.
        bound = statistics.median(like) / (statistics.median(slowest["noop"]) + base)
        print(
            f"  LIKE scan / (round trip + raw FTS5 floor): {bound:.1f}x (medians: the most "
            f"a search that counts its matches could reach)"
        )

        shares = _oracles.selectivity(conn, 200, rng)
        print(
            f"selectivity: a random 1-4 character Chinese substring of an item matches a "
            f"median {statistics.median(shares):.1%} of the items (p75 {pct(shares, 0.75):.1%}; "
            f"real news pages: about 1.4% and 18%)"
        )
        if not args.no_http:
            reader_rows(db, queries[: args.reader], conn, items)
            concordance_and_tm(db, conn, rng, args.reader)

        texts_by_item = oracle_texts(conn)
        search_recall(conn, texts_by_item, rng, args.search_oracle)
        stats = recall(conn, texts_by_item, recall_queries(texts_by_item, args.oracle, rng))
        del texts_by_item
        precision = stats["zh_precision"]
        print(
            f"recall: {stats['equal']}/{stats['queries']} queries return exactly the "
            f"oracle's items (missed {stats['missed']}, extra {stats['extra']}); Chinese "
            f"precision {min(precision) if precision else 1.0:.3f} (lowest over "
            f"{len(precision)} queries with hits)"
        )

        hostile = _oracles.hostile_queries(args.hostile, rng)
        raw_errors = hostile_raw(conn, hostile)
        with tempfile.TemporaryDirectory() as small:
            from library.build import build

            sample = Path(small) / "sample.db"
            build(None, sample, ROOT / "locales")
            bad = asyncio.run(hostile_through_datasette(sample, hostile))
        print(
            f"robustness: {len(hostile)} hostile queries; raw MATCH on this archive: "
            f"{raw_errors} errors; through Datasette (sample archive, ?_search= and "
            f"/-/search.json): {bad['requests']} requests, {bad['server_errors']} "
            f"unexpected statuses, {bad['fts_errors']} FTS5 errors"
        )
        conn.close()
        summary = {
            "items": items,
            "db_bytes": size,
            "build": built,
            "recall_equal": stats["equal"],
            "recall_queries": stats["queries"],
            "hostile_errors": raw_errors + bad["server_errors"] + bad["fts_errors"],
        }
        print("json: " + json.dumps(summary))


if __name__ == "__main__":
    main()
