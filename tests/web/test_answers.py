"""Every request inside its budget, off the event loop (issue 27, item 3): whole answers
kept while the archive is unchanged (one computation for identical requests at once),
the heavy routes' work in a pool of processes of its own, and over-long texts marked
only as far as they are shown."""

from __future__ import annotations

import asyncio
import os
import pickle
import time

import pytest
from datasette.database import Database
from helpers import make_datasette

from library.budget import OverBudget
from library.query.marks import SCAN_CHARS, mark
from library.text.query_compiler import parse
from library.translation import tm
from library.web import scheduling
from library.web.answers import Answers


async def test_an_answer_is_made_once_while_the_file_is_unchanged(sample_db, tmp_path):
    import shutil

    path = tmp_path / "library.db"
    shutil.copy(sample_db, path)
    db = Database(make_datasette(path), path=str(path))
    answers, made = Answers(), []

    async def compute():
        made.append(1)
        await asyncio.sleep(0.01)
        return ["an answer"]

    first = await answers.get(db, ("q",), compute, len)
    assert await answers.get(db, ("q",), compute, len) is first and len(made) == 1
    await asyncio.gather(*(answers.get(db, ("other",), compute, len) for _ in range(5)))
    assert len(made) == 2  # five identical requests at once: one computation
    os.utime(path, ns=(1, 1))  # the file changed (a build, an import): made again
    assert await answers.get(db, ("q",), compute, len) is not first and len(made) == 3


async def test_a_failure_is_not_kept_and_the_oldest_answer_goes_first(sample_db):
    db = Database(make_datasette(sample_db), path=str(sample_db))
    answers = Answers(kept_chars=10)

    async def fail():
        raise OverBudget(1.0)

    tries = []

    async def fail_once_more():
        tries.append(1)
        raise ValueError("a bug")

    for _ in range(2):
        with pytest.raises(OverBudget):  # the second time without running it again
            await answers.get(db, ("slow",), lambda: fail_once_more() if tries else fail(), len)
        with pytest.raises(ValueError):  # any other failure is not kept
            await answers.get(db, ("bad",), fail_once_more, len)
    assert len(tries) == 2

    async def value(text):
        return text

    for text in ("aaaa", "bbbb", "cccc"):  # 12 characters: the first does not fit with them
        await answers.get(db, (text,), lambda text=text: value(text), len)
    kept = {key[-1] for key in answers._kept}
    assert kept == {"bbbb", "cccc"}
    none = Answers(kept_chars=0)  # BILIB_ANSWER_CHARS=0: nothing kept, an empty answer too
    for text in ("", "", "a"):
        assert await none.get(db, (text,), lambda text=text: value(text), len) == text
    assert len(none._kept) == 0


def test_over_budget_crosses_a_process_boundary():
    error = pickle.loads(pickle.dumps(OverBudget(2.5)))
    assert isinstance(error, OverBudget) and error.seconds == 2.5 and "2.5 s" in str(error)


async def test_a_long_lookup_is_answered_in_a_process_apart_as_in_this_one(ds, sample_db):
    from library.archive import read

    with read.open_archive(sample_db) as conn:
        sentence = conn.execute(
            "SELECT en FROM segments WHERE length(en) > 60 ORDER BY id LIMIT 1"
        ).fetchone()[0]
        query = (sentence + " ") * (tm.SENTENCE_LIKE // len(sentence) + 1)
        here = tm.answer(tm.Memory(conn), query, "en", 3, 0.0)
    answer = (
        await ds.client.get("/-/tm.json", params={"q": query, "threshold": "0", "limit": "3"})
    ).json()
    assert [(m["source"], m["score"]) for m in answer["matches"]] == [
        (m.source, m.score) for m, _, _ in here
    ]
    workers = scheduling._apart._processes  # the pool the answer came from
    assert workers and os.getpid() not in workers


async def test_a_lost_worker_answers_503_and_the_next_request_gets_a_new_pool(ds):
    query = "Customs officers seized counterfeit goods at the port. " * 8
    params = {"q": query, "threshold": "0"}
    assert (await ds.client.get("/-/tm.json", params=params)).status_code == 200
    pool = scheduling._apart
    for process in list(pool._processes.values()):
        process.kill()
    deadline = time.monotonic() + 10
    while not pool._broken and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    # Another threshold: a new lookup, not the kept answer (size and offset slice one).
    again = await ds.client.get("/-/tm.json", params={**params, "threshold": "1"})
    assert again.status_code == 503 and "stopped before it was done" in again.json()["error"]
    after = await ds.client.get("/-/tm.json", params={**params, "threshold": "2"})
    assert after.status_code == 200 and scheduling._apart is not pool


def test_a_snippet_of_a_page_without_sentence_ends_reads_only_its_start():
    found = parse("海关").highlights
    early = mark("海关查获" + "货物" * SCAN_CHARS, found, width=80)
    assert early.spans == [(0, 2)] and early.cut_after
    late = mark("货物" * SCAN_CHARS + "海关", found, width=80)
    assert late.spans == [] and late.cut_after and len(late.text) <= 80
    whole = mark("货物" * SCAN_CHARS + "海关", found)  # shown whole: marked whole
    assert whole.spans == [(2 * SCAN_CHARS, 2 * SCAN_CHARS + 2)]
