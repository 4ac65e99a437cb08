"""Whole answers of the search page, the translation memory and the concordance (its
pages and exports), kept while the archive file they were read from is unchanged.

A translator's tool asks the memory for the same sentence again and again, a reader
pages back and forth, and an adversary repeats the request that cost the most: the
second time the answer comes from here, without a turn in any pool. Identical requests
arriving while the first is being answered wait for that one answer instead of each
computing it (three clients repeating one absurd request cost one computation). Kept
least recently used first, within :data:`KEPT_CHARS` characters of answers; a request
stopped at its time budget is answered so at once for :data:`STOPPED_SECONDS` (a 503
costs no thread then), and no other failure is kept. The answers in flight are futures
of the event loop, which alone touches them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from ..budget import OverBudget
from ..caches import Kept
from ..errors import LibraryError

T = TypeVar("T")
ENVIRONMENT = "BILIB_ANSWER_CHARS"


def _kept_chars() -> int:
    raw = os.environ.get(ENVIRONMENT, "50000000")
    if not raw.isdigit():
        raise LibraryError(
            f"{ENVIRONMENT} must be a whole number of characters, not {raw!r}",
            hint="0 keeps no answer",
        )
    return int(raw)


KEPT_CHARS = _kept_chars()
"""What the kept answers may hold in all (characters of their text, about as many bytes
of memory for the Latin ones and two to four for the Chinese): 50 million unless the
environment's ``BILIB_ANSWER_CHARS`` says otherwise (0: none kept, every request
computed, as a benchmark of the work itself needs)."""


STOPPED_SECONDS = 60
"""How long a request stopped at its time budget is answered so again at once."""
STOPPED_KEPT = 1000


class Answers:
    """An LRU of answers by (database file, the request's parameters), for the file's
    present state."""

    def __init__(self, kept_chars: int = KEPT_CHARS) -> None:
        self._kept: Kept[tuple, tuple[Any, int]] = Kept(kept_chars, sizeof=lambda v: v[1])
        self._running: dict[tuple, asyncio.Future] = {}
        # Requests stopped at their time budget, for a while: the same request on the
        # same file would be stopped again, after holding a thread for its whole budget.
        self._stopped: Kept[tuple, OverBudget] = Kept(STOPPED_KEPT, seconds=STOPPED_SECONDS)

    async def get(
        self,
        db: Any,
        params: tuple,
        compute: Callable[[], Awaitable[T]],
        size: Callable[[T], int],
    ) -> T:
        """The answer to ``params`` on ``db`` (a Datasette database): kept, being made, or
        made now by ``compute`` and kept (unless larger than the whole cache)."""
        key = (id(asyncio.get_running_loop()), db.path, *params)
        stamp = db.mtime_ns  # an answer of an earlier state of the file is not kept on
        kept = self._kept.get(key, stamp)
        if kept is not None:
            return kept[0]
        stopped = self._stopped.get(key, stamp)
        if stopped is not None and self._kept.maxsize:
            raise OverBudget(stopped.seconds)
        running_key = (*key, stamp)
        running = self._running.get(running_key)
        if running is not None:
            try:
                return await asyncio.shield(running)
            except asyncio.CancelledError:
                if not running.cancelled():
                    raise  # this request was cancelled, not the one it waited for
                return await self.get(db, params, compute, size)  # that one's reader left
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._running[running_key] = future
        try:
            value = await compute()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            if isinstance(exc, OverBudget):
                self._stopped.put(key, exc, stamp)
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when none waits
            raise
        else:
            future.set_result(value)
            self._kept.put(key, (value, max(1, size(value))), stamp)  # "" costs its key
            return value
        finally:
            del self._running[running_key]

    def clear(self) -> None:
        self._kept.clear()
        self._stopped.clear()


ANSWERS = Answers()
"""The served process's one cache of whole answers."""
