"""A bounded in-process map whose entries expire: least recently used first out when full."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")

_MISSING = object()


class TTLCache(Generic[V]):
    """At most `max_entries` values, each valid for its own time to live. Not thread-safe (one event loop).

    `clock` returns monotonic seconds (tests move it).
    """

    def __init__(self, max_entries: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> tuple[bool, V | None]:
        """(True, value) for a live entry (and marks it recently used); (False, None) otherwise."""
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        expires_at, value = entry
        if expires_at <= self._clock():
            del self._entries[key]
            return False, None
        self._entries.move_to_end(key)
        return True, value

    def set(self, key: str, value: V, ttl: float) -> None:
        """Store `value` for `ttl` seconds, evicting the least recently used entry when full."""
        if ttl <= 0:
            self._entries.pop(key, None)
            return
        self._entries[key] = (self._clock() + ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def pop(self, key: str) -> bool:
        """Remove `key`; True when it was present."""
        return self._entries.pop(key, _MISSING) is not _MISSING

    def clear(self) -> None:
        """Remove everything."""
        self._entries.clear()
