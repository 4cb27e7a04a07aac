"""A small facade over `limits`: hit a named limit for a key, or raise ResourceExhausted with a retry delay."""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from limits import RateLimitItem, parse
from limits import strategies as sync_strategies
from limits.aio import strategies as async_strategies
from limits.storage import storage_from_string

from pkg.errors import ResourceExhausted
from pkg.ratelimit.storage import LocalStorage

_MAX_CACHED_KEYS = 50_000


@lru_cache(maxsize=256)
def _parse(limit: str) -> RateLimitItem:
    return parse(limit)


class RateLimiter:
    """Checks `"10/minute"`-style limits per key; the storage decides whether replicas share counts.

    The sliding-window counter keeps two counters per key, so memory and Redis cost stay constant however
    high a limit is, unlike a moving window that stores every hit.
    """

    def __init__(self, storage_uri: str, default: str, overrides: Mapping[str, str] | None = None) -> None:
        # In-process counters never block, so they are counted synchronously, in LocalStorage: limits' own
        # memory storages cost more than the counting (the async one schedules an expiry task for nearly
        # every hit, the sync one starts a timer thread every 10 ms). Network storages (Redis) go through
        # the async API.
        self._sync = storage_uri.removeprefix("async+").startswith("memory://")
        self._local: LocalStorage | None = None
        if self._sync:
            self._local = LocalStorage()
            self._limiter: Any = sync_strategies.SlidingWindowCounterRateLimiter(self._local)
        else:
            self._limiter = async_strategies.SlidingWindowCounterRateLimiter(storage_from_string(storage_uri))
        self._default = _parse(default)
        self._overrides = {name: _parse(value) for name, value in (overrides or {}).items()}
        # Storage keys by (name, key, limit): building one (`RateLimitItem.key_for`) costs more than the
        # in-process count itself. Bounded: cleared when full (callers are many, RPCs few).
        self._keys: dict[tuple[str, str, str | None], str] = {}

    def configured(self, name: str) -> bool:
        """Whether `name` has its own configured limit (SKILLSPHERE_RATE_LIMITS)."""
        return name in self._overrides

    def limit_for(self, name: str) -> RateLimitItem:
        """The configured limit for `name` (an RPC key or a named limit such as `auth.login.email`)."""
        return self._overrides.get(name, self._default)

    async def hit(self, name: str, *keys: str, limit: str | None = None) -> None:
        """Count one hit for each key under limit `name`; raise ResourceExhausted when any is over."""
        item = _parse(limit) if limit else self.limit_for(name)
        for key in keys:
            if self._local is not None:
                # The strategy's own `hit`, minus its wrappers: the same key and sliding-window arithmetic.
                storage_key = self._keys.get((name, key, limit))
                if storage_key is None:
                    if len(self._keys) >= _MAX_CACHED_KEYS:
                        self._keys.clear()
                    storage_key = self._keys[(name, key, limit)] = item.key_for(name, key)
                allowed = self._local.count_hit(storage_key, item.amount, item.get_expiry())
            else:
                allowed = await self._limiter.hit(item, name, key)
            if not allowed:
                stats = self._limiter.get_window_stats(item, name, key)
                if not self._sync:
                    stats = await stats
                retry_after = max(stats.reset_time - time.time(), 1.0)
                raise ResourceExhausted(
                    f"Too many requests; retry in {retry_after:.0f} seconds.",
                    retry_after=retry_after,
                    metadata={"limit": str(item), "retry_after_seconds": f"{retry_after:.0f}"},
                )

    async def reset(self) -> None:
        """Forget every counter (tests and admin tooling)."""
        result = self._limiter.storage.reset()
        if not self._sync:
            await result
