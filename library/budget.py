"""A time budget for one piece of work (a served request): SQLite is interrupted when
it runs out (a progress handler on the connection), and Python loops that can run long
call :func:`check`. Datasette's ``sql_time_limit_ms`` bounds its own queries only; the
plugin's routes run their work through ``execute_fn``, which nothing else bounds.

The deadline is per thread (Datasette runs each ``execute_fn`` on one of its SQL
threads), so :func:`check` needs no argument, and work with no deadline set (the CLI, a
build) is never interrupted.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator

from .errors import LibraryError

_local = threading.local()
STEPS = 1000
"""SQLite virtual-machine steps between two looks at the clock (Datasette uses the same)."""


class OverBudget(LibraryError):
    """The work took longer than its budget and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"stopped after {seconds:g} s",
            hint="try a narrower query: fewer or more specific words, a year or a language",
        )
        self.seconds = seconds

    def __reduce__(self):  # raised in the pool of processes apart, re-raised here
        return OverBudget, (self.seconds,)


def _ends() -> float | None:
    return getattr(_local, "end", None)


def check() -> None:
    """Raise :class:`OverBudget` if this thread's deadline has passed."""
    end = _ends()
    if end is not None and time.monotonic() > end:
        raise OverBudget(getattr(_local, "seconds", 0.0))


@contextlib.contextmanager
def deadline(conn: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Run the block within ``seconds``: SQLite on ``conn`` is interrupted, and
    :func:`check` raises, once they have passed (:class:`OverBudget` either way). A
    deadline inside another keeps the earlier end."""
    before, before_seconds = _ends(), getattr(_local, "seconds", 0.0)
    end = time.monotonic() + seconds
    if before is None or end < before:
        _local.end, _local.seconds = end, seconds
    conn.set_progress_handler(lambda: time.monotonic() > _local.end, STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc) and time.monotonic() > _local.end:
            raise OverBudget(_local.seconds) from None
        raise
    finally:
        if before is None:
            conn.set_progress_handler(None, 0)
        _local.end, _local.seconds = before, before_seconds
