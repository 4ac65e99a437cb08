"""The lexicon is shared by Datasette's SQL threads: what they ask of it concurrently
must be what one thread alone gets."""

from __future__ import annotations

import sys
import threading

from library.text import lexicon as L


def _words(k: int) -> list[str]:
    stems = ["protect", "custom", "administr", "meet", "nation", "trademark", "seiz"]
    ends = ["ion", "ions", "ing", "ed", "ers", "ly", "ness", "ments", "ational", "ies"]
    return [f"{stems[(k + i) % len(stems)]}x{k}y{i}{ends[i % len(ends)]}" for i in range(1500)]


def test_stemming_from_many_threads_gives_what_one_thread_gives():
    """Snowball stemmers keep the word being stemmed: one shared by threads garbled
    words (a 500 from /-/concordance.json under load)."""
    words = [_words(k) for k in range(8)]
    expected = [[L._stemmer().stemWord(w) for w in ws] for ws in words]
    L.stem.cache_clear()
    got: list[list[str]] = [[] for _ in words]
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            got[k] = [L.stem(w) for w in words[k]]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=run, args=(k,)) for k in range(len(words))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    assert got == expected
