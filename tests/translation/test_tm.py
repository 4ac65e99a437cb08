"""The translation memory's remembered answers: least recently asked go first, and many
threads may ask at once (issue 27's small holes; issue 28 saw the KeyError race)."""

from __future__ import annotations

import threading

from library.archive import read
from library.translation import tm


def _counting(memory: tm.Memory) -> list[str]:
    asked: list[str] = []
    lookup = memory._lookup

    def counted(text, *rest):
        asked.append(text)
        return lookup(text, *rest)

    memory._lookup = counted  # type: ignore[method-assign]
    return asked


def test_the_least_recently_asked_answer_goes_first(sample_db):
    with read.open_archive(sample_db) as conn:
        memory = tm.Memory(conn, answers=2)
        asked = _counting(memory)
        for text in ["customs officers", "online meeting", "customs officers", "right holders"]:
            memory.lookup(text, "en")
        # "customs officers" was asked again before "right holders" came: "online
        # meeting" went, not it (first in, first out would have dropped it).
        memory.lookup("customs officers", "en")
        assert asked == ["customs officers", "online meeting", "right holders"]
        memory.lookup("online meeting", "en")
        assert asked[-1] == "online meeting"


def test_many_threads_asking_at_once_get_their_answers(sample_db):
    with read.open_archive(sample_db) as conn:
        memory = tm.Memory(conn, answers=3)
        expected = {
            t: memory.lookup(t, "en") for t in ["customs", "meeting", "rights", "GACC", "QBPC"]
        }
    errors: list[BaseException] = []

    def ask(k: int) -> None:
        try:
            with read.open_archive(sample_db) as own:
                mine = memory.use(own)
                for i in range(200):
                    text = list(expected)[(i + k) % len(expected)]
                    assert mine.lookup(text, "en") == expected[text]
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
