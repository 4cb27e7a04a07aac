"""In-process rate-limit counters for `limits`, without the helper threads of its own memory storage.

`limits`' MemoryStorage starts a `threading.Timer` every 10 ms while it holds counters, and each timer walks
every key to expire old ones. Under load that is a hundred thread starts a second fighting the event loop
for the GIL, and a sweep whose cost grows with the number of callers: about a sixth of the whole
interceptor chain's cost in `make bench`. This storage is used from one event loop only (the limiter is
called from coroutines, never from threads), so it needs no locks: a counter expires when it is read after
its deadline, and a sweep at most once per `sweep_interval` seconds drops counters nobody reads any more.
"""

from __future__ import annotations

import time
from math import floor
from typing import Any

from limits.storage.base import SlidingWindowCounterSupport, Storage, TimestampedSlidingWindow


class LocalStorage(Storage, SlidingWindowCounterSupport, TimestampedSlidingWindow):
    """Counters in a dict of `key → [count, expires_at]` (epoch seconds), for one event loop."""

    STORAGE_SCHEME = ["skillsphere-local"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self._counters: dict[str, list[float]] = {}
        self._windows: dict[str, list[int]] = {}
        self._sweep_interval = float(options.get("sweep_interval", 1.0))
        self._next_sweep = 0.0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return ValueError

    def _live(self, key: str, now: float) -> list[float] | None:
        entry = self._counters.get(key)
        if entry is not None and entry[1] <= now:
            del self._counters[key]
            return None
        return entry

    def _sweep(self, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + self._sweep_interval
        expired = [key for key, (_, expires_at) in self._counters.items() if expires_at <= now]
        for key in expired:
            del self._counters[key]
        # A sliding window whose current count is two windows old counts nothing any more.
        stale = [key for key, (window, _, _, expiry) in self._windows.items() if (window + 2) * expiry <= now]
        for key in stale:
            del self._windows[key]

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the counter, starting it with a lifetime of `expiry` seconds if it is new."""
        return self._incr(key, expiry, amount, time.time())

    def _incr(self, key: str, expiry: int, amount: int, now: float) -> int:
        # limits wraps the public methods (incr, get, ...) in an error-translating decorator on every
        # call; calls from inside this storage use these plain versions.
        self._sweep(now)
        entry = self._live(key, now)
        if entry is None:
            entry = self._counters[key] = [0, now + expiry]
        entry[0] += amount
        return int(entry[0])

    def decr(self, key: str, amount: int = 1) -> int:
        """Take `amount` off the counter, not below zero."""
        entry = self._live(key, time.time())
        if entry is None:
            return 0
        entry[0] = max(entry[0] - amount, 0)
        return int(entry[0])

    def get(self, key: str) -> int:
        """The counter's value (0 once expired)."""
        return self._get(key, time.time())

    def _get(self, key: str, now: float) -> int:
        entry = self._live(key, now)
        return int(entry[0]) if entry else 0

    def get_expiry(self, key: str) -> float:
        """When the counter expires (now if it does not exist)."""
        now = time.time()
        entry = self._live(key, now)
        return entry[1] if entry else now

    def check(self) -> bool:
        """Always healthy: nothing outside the process."""
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        count = len(self._counters) + len(self._windows)
        self._counters.clear()
        self._windows.clear()
        return count

    def clear(self, key: str) -> None:
        """Forget one counter."""
        self._counters.pop(key, None)

    # Sliding window counter: the same arithmetic as limits' MemoryStorage (the previous window's count,
    # weighted by how much of it still overlaps the sliding window, plus the current window's count), minus
    # its lock and its undo path for racing threads (nothing runs between the check and the increment
    # here). Both windows of a key live in one entry, [window number, current count, previous count,
    # window length], so a hit costs one dict lookup instead of building two window keys and reading two
    # counters.

    def _sliding(self, key: str, expiry: int, now: float) -> list[int]:
        window = int(now // expiry)
        entry = self._windows.get(key)
        if entry is None:
            entry = self._windows[key] = [window, 0, 0, expiry]
        elif entry[0] != window:
            # One window later the current count becomes the previous one; any later, both are gone.
            entry[2] = entry[1] if entry[0] == window - 1 else 0
            entry[1] = 0
            entry[0] = window
        return entry

    def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Count `amount` hits if the weighted count of the previous and current windows stays within `limit`."""
        return self.count_hit(key, limit, expiry, amount)

    def count_hit(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """`acquire_sliding_window_entry` without the error-translating wrapper limits puts around it."""
        if amount > limit:
            return False
        now = time.time()
        if now >= self._next_sweep:
            self._sweep(now)
        entry = self._sliding(key, expiry, now)
        previous_ttl = expiry - now % expiry
        if floor(entry[2] * previous_ttl / expiry + entry[1]) + amount > limit:
            return False
        entry[1] += amount
        return True

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        """(previous count, previous TTL, current count, current TTL) of the key's windows."""
        now = time.time()
        if key not in self._windows:
            return 0, 0.0, 0, expiry - now % expiry + expiry
        _, current, previous, _ = self._sliding(key, expiry, now)
        previous_ttl = 0.0 if previous == 0 else expiry - now % expiry
        return previous, previous_ttl, current, expiry - now % expiry + expiry

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        """Forget both windows of the key."""
        self._windows.pop(key, None)
