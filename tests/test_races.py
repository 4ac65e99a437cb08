"""Shared state that cannot race: every cache that outlives a call is a ``caches.Kept``
(cachetools behind one lock), hammered here from many threads switching as often as
the interpreter allows. Before, eight threads asking ``equivalents._spotted`` about a
few words raised ``KeyError`` (a dict checked, then read, while another thread evicted
from it): an occasional 500 on ``/-/search`` under load.

The caches the event loop alone touches (``web.answers``, ``web.homecache``,
``web.databases``) are ``Kept`` too and so covered by the first tests."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable

import pytest

from library import caches
from library.archive import search_sql as archive_search
from library.model import Term
from library.query import equivalents
from library.terms import index as term_index
from library.translation import tm
from library.web import i18n

THREADS = 8


@pytest.fixture(autouse=True)
def switching_often():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def hammer(work: Callable[[int, int], object], rounds: int, threads: int = THREADS) -> list:
    """``work(thread, round)`` from ``threads`` threads started together; what each
    call returned, by thread, or the first exception raised."""
    start = threading.Barrier(threads)
    results: list[list] = [[] for _ in range(threads)]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        for r in range(rounds):
            try:
                results[i].append(work(i, r))
            except BaseException as exc:  # noqa: BLE001 - the test reports it
                errors.append(exc)
                return

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]
    return results


def test_a_small_cache_evicting_under_many_threads_answers_every_key_rightly():
    kept: caches.Kept[int, str] = caches.Kept(3)

    def work(i: int, r: int) -> str:
        key = (i * 7 + r) % 11
        if r % 5 == 0:
            kept.discard(key)
        got = kept.made(key, lambda: f"value {key}")
        assert got == f"value {key}"
        assert kept.get(key) in (None, f"value {key}")
        assert len(kept) <= 3
        return got

    hammer(work, 3000)


def test_a_stale_stamp_is_made_again_and_replaces_the_old_value():
    kept: caches.Kept[str, int] = caches.Kept(4)
    assert kept.made("file", lambda: 1, stamp=(1, 10)) == 1
    assert kept.made("file", lambda: 2, stamp=(1, 10)) == 1  # the same state: kept
    assert kept.get("file", (2, 12)) is None  # the file changed
    assert kept.made("file", lambda: 3, stamp=(2, 12)) == 3
    assert len(kept) == 1  # one value per file, not one per state


def test_sizes_and_seconds_bound_what_is_kept():
    by_size: caches.Kept[str, str] = caches.Kept(10, sizeof=len)
    by_size.put("a", "x" * 6)
    by_size.put("b", "y" * 6)  # 12 > 10: the least recent goes
    assert by_size.get("a") is None and by_size.get("b") == "y" * 6
    by_size.put("c", "z" * 11)  # alone larger than the whole cache: not kept
    assert by_size.get("c") is None and by_size.get("b") == "y" * 6
    short: caches.Kept[str, int] = caches.Kept(10, seconds=0.05)
    short.put("a", 1)
    assert short.get("a") == 1
    time.sleep(0.1)
    assert short.get("a") is None


def test_once_makes_a_missing_value_once_however_many_threads_ask():
    kept: caches.Kept[str, object] = caches.Kept(4)
    made = []

    def make() -> object:
        made.append(1)
        time.sleep(0.05)  # long enough for every thread to be asking meanwhile
        return object()

    results = hammer(lambda i, r: kept.made("slow", make, once=True), 1)
    assert len(made) == 1
    assert len({id(r[0]) for r in results}) == 1
    assert not kept._making  # the lock table does not grow


def _connect(path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def test_the_spotter_cache_evicting_under_eight_threads(sample_db, monkeypatch):
    words = ["海关总署", "综合业务司", "Customs", "Department", "副司长"]
    conn = _connect(sample_db)
    alone = {w: equivalents._spotted(conn, w) for w in words}
    monkeypatch.setattr(equivalents, "_SPOTTED", caches.Kept(2))
    conns = [_connect(sample_db) for _ in range(THREADS)]

    def work(i: int, r: int) -> None:
        word = words[(i + r) % len(words)]
        assert equivalents._spotted(conns[i], word) == alone[word]

    hammer(work, 12)


def test_the_memory_s_answers_and_the_shared_memory_under_eight_threads(sample_db, monkeypatch):
    conn = _connect(sample_db)
    asked = [r[0] for r in conn.execute("SELECT en FROM segments WHERE en != '' LIMIT 6")]
    alone = {q: tm.Memory(conn).lookup(q, "en") for q in asked}
    memory = tm.Memory(conn, answers=2)
    monkeypatch.setattr(tm, "_SHARED", caches.Kept(8))
    conns = [_connect(sample_db) for _ in range(THREADS)]

    def work(i: int, r: int) -> int:
        q = asked[(i + r) % len(asked)]
        assert memory.use(conns[i]).lookup(q, "en") == alone[q]
        return id(tm.shared(conns[i]))

    results = hammer(work, 20)
    assert len({m for ids in results for m in ids}) == 1  # one memory of the one file


def test_the_shared_memory_is_made_again_once_when_the_file_changes(sample_db, tmp_path):
    served = tmp_path / "served.db"
    served.write_bytes(sample_db.read_bytes())
    conns = [_connect(served) for _ in range(THREADS)]
    before = tm.shared(conns[0])
    later = time.time() + 5
    os.utime(served, (later, later))
    after = hammer(lambda i, r: id(tm.shared(conns[i])), 1)
    assert len({ids[0] for ids in after}) == 1
    assert after[0][0] != id(before)
    assert len([k for k in tm._SHARED.keys() if k == str(served)]) == 1


def test_facts_per_file_are_computed_once_for_many_threads(sample_db):
    conns = [_connect(sample_db) for _ in range(THREADS)]
    computed = []

    def compute() -> object:
        computed.append(1)
        time.sleep(0.02)
        return object()

    name = f"race test {time.monotonic_ns()}"
    results = hammer(lambda i, r: id(archive_search.per_file(conns[i], name, compute)), 5)
    assert len(computed) == 1
    assert len({x for r in results for x in r}) == 1


def test_glossary_indexes_and_catalogs_under_eight_threads(monkeypatch):
    lists = [
        [Term("t1", "General Administration of Customs", "海关总署", "approved")],
        [Term("t2", "Department of General Operation", "综合业务司", "approved")],
        [Term("t3", "Deputy Director-General", "副司长", "approved")],
    ]
    monkeypatch.setattr(term_index, "_MADE", caches.Kept(1))
    monkeypatch.setattr(i18n, "_checked", caches.Kept(1, seconds=1e-4))
    english = i18n.translations("en").gettext("Search")

    def work(i: int, r: int) -> None:
        terms = lists[(i + r) % len(lists)]
        index = term_index.index_of(terms)
        assert [e.en for e in index.zh_entries(terms[0].zh + "的")] == [terms[0].en]
        assert i18n.translations(("en", "zh_CN", "zh_TW")[(i + r) % 3]).gettext("Search")
        assert i18n.translations("en").gettext("Search") == english

    hammer(work, 200)
