"""One way to remember: bounded caches that many threads may share.

A served archive answers from Datasette's pool of SQL threads, so whatever a request
remembers for the next one is read and written by several threads at once. Hand-made
caches (a dict checked, then read, while another thread evicts from it) raised
``KeyError`` under load; cachetools' caches bound and expire well but are not
thread-safe themselves. :class:`Kept` is cachetools behind one lock, and every cache
of the library that outlives a call is one (``functools.lru_cache`` serves the pure
functions: it has its own lock).

A value that depends on something that changes (an archive file, a catalog) is kept
with a *stamp* (the file's mtime and size): a value kept under another stamp is stale,
made again and put in its place, so a living archive leaves one value per file, not
one per state it went through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Any, Generic, TypeVar

from cachetools import Cache, LRUCache, TTLCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING: Any = object()


class Kept(Generic[K, V]):
    """At most ``maxsize`` values (or ``maxsize`` units of ``sizeof``), the least
    recently used going first; with ``seconds``, none older than that either."""

    def __init__(
        self,
        maxsize: int,
        *,
        seconds: float | None = None,
        sizeof: Callable[[V], int] | None = None,
    ) -> None:
        def size(entry: tuple[Hashable, V]) -> int:
            return sizeof(entry[1]) if sizeof is not None else 1

        self._cache: Cache[K, tuple[Hashable, V]] = (
            LRUCache(maxsize, getsizeof=size)
            if seconds is None
            else TTLCache(maxsize, seconds, getsizeof=size)
        )
        self._lock = threading.Lock()
        self._making: dict[K, threading.Lock] = {}

    @property
    def maxsize(self) -> int:
        return int(self._cache.maxsize)

    def get(self, key: K, stamp: Hashable = None) -> V | None:
        """The value kept for ``key`` under ``stamp``, else None."""
        with self._lock:
            entry = self._cache.get(key, _MISSING)
        if entry is _MISSING or entry[0] != stamp:
            return None
        return entry[1]

    def put(self, key: K, value: V, stamp: Hashable = None) -> None:
        """Keep ``value`` (not at all when it alone is larger than the whole cache)."""
        with self._lock:
            try:
                self._cache[key] = (stamp, value)
            except ValueError:  # cachetools: "value too large"
                self._cache.pop(key, None)

    def made(
        self, key: K, make: Callable[[], V], stamp: Hashable = None, *, once: bool = False
    ) -> V:
        """The value kept for ``key``, else ``make()``, kept. With ``once``, threads
        asking for the same missing key meanwhile wait for that one making (for what is
        slow to make); without, each makes it and the last one's is kept (for what is
        cheap: no thread waits on another's work)."""
        with self._lock:
            entry = self._cache.get(key, _MISSING)
        if entry is not _MISSING and entry[0] == stamp:
            return entry[1]
        if not once:
            value = make()
            self.put(key, value, stamp)
            return value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        try:
            with making:
                with self._lock:
                    entry = self._cache.get(key, _MISSING)
                if entry is not _MISSING and entry[0] == stamp:
                    return entry[1]
                value = make()
                self.put(key, value, stamp)
                return value
        finally:
            with self._lock:
                if self._making.get(key) is making and not making.locked():
                    del self._making[key]

    def discard(self, key: K) -> None:
        with self._lock:
            self._cache.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def keys(self) -> Iterator[K]:
        """The keys kept now (a copy: the cache may change while they are read)."""
        with self._lock:
            return iter(list(self._cache.keys()))

    __iter__ = keys
