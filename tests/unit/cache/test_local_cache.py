"""The in-process part of the cache: TTL, LRU, one load per key, and what is never stored."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import CollectorRegistry

from pkg.cache import Cache, CacheMetrics, TTLCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_after_their_ttl() -> None:
    clock = Clock()
    entries: TTLCache[str] = TTLCache(10, clock=clock)
    entries.set("a", "A", ttl=5)
    assert entries.get("a") == (True, "A")
    clock.now += 5
    assert entries.get("a") == (False, None)
    assert len(entries) == 0


def test_the_least_recently_used_entry_leaves_first() -> None:
    entries: TTLCache[int] = TTLCache(2)
    entries.set("a", 1, ttl=60)
    entries.set("b", 2, ttl=60)
    entries.get("a")  # a is now more recent than b
    entries.set("c", 3, ttl=60)
    assert entries.get("b") == (False, None)
    assert entries.get("a") == (True, 1) and entries.get("c") == (True, 3)


def test_none_is_a_value_that_can_be_cached() -> None:
    entries: TTLCache[None] = TTLCache(2)
    entries.set("missing-user", None, ttl=60)
    assert entries.get("missing-user") == (True, None)


async def test_a_hit_does_not_call_the_loader_and_counts_in_metrics() -> None:
    registry = CollectorRegistry()
    cache: Cache[str] = Cache("profiles", metrics=CacheMetrics(registry))
    calls = 0

    async def load() -> str:
        nonlocal calls
        calls += 1
        return "value"

    assert await cache.get_or_load("k", load) == "value"
    assert await cache.get_or_load("k", load) == "value"
    assert calls == 1
    assert (cache.hits, cache.misses, cache.hit_ratio) == (1, 1, 0.5)
    sample = registry.get_sample_value
    assert sample("cache_requests_total", {"cache": "profiles", "result": "hit"}) == 1
    assert sample("cache_requests_total", {"cache": "profiles", "result": "miss"}) == 1
    assert sample("cache_entries", {"cache": "profiles"}) == 1


async def test_concurrent_misses_of_one_key_load_it_once() -> None:
    cache: Cache[int] = Cache("profiles")
    calls = 0
    release = asyncio.Event()

    async def load() -> int:
        nonlocal calls
        calls += 1
        await release.wait()
        return 42

    waiters = [asyncio.create_task(cache.get_or_load("k", load)) for _ in range(20)]
    await asyncio.sleep(0.01)
    release.set()
    assert await asyncio.gather(*waiters) == [42] * 20
    assert calls == 1


async def test_a_caller_that_gives_up_does_not_cancel_the_load_for_the_others() -> None:
    cache: Cache[int] = Cache("profiles")
    release = asyncio.Event()

    async def load() -> int:
        await release.wait()
        return 7

    impatient = asyncio.create_task(cache.get_or_load("k", load))
    patient = asyncio.create_task(cache.get_or_load("k", load))
    await asyncio.sleep(0.01)
    impatient.cancel()
    release.set()
    assert await patient == 7
    assert impatient.cancelled()


async def test_loader_errors_are_not_cached() -> None:
    cache: Cache[str] = Cache("profiles")
    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ConnectionError("database hiccup")
        return "ok"

    with pytest.raises(ConnectionError):
        await cache.get_or_load("k", flaky)
    assert await cache.get_or_load("k", flaky) == "ok"
    assert attempts == 2


async def test_a_value_loaded_while_its_key_was_evicted_is_returned_but_not_stored() -> None:
    cache: Cache[str] = Cache("profiles")
    release = asyncio.Event()

    async def slow_old() -> str:
        await release.wait()
        return "old"

    loading = asyncio.create_task(cache.get_or_load("k", slow_old))
    await asyncio.sleep(0.01)
    cache.evict("k")  # an invalidation arrives while the old value is being read
    release.set()
    assert await loading == "old"

    async def fresh() -> str:
        return "new"

    assert await cache.get_or_load("k", fresh) == "new"


async def test_a_disabled_cache_always_loads_and_stores_nothing() -> None:
    trusted = False
    cache: Cache[int] = Cache("profiles", enabled=lambda: trusted)
    calls = 0

    async def load() -> int:
        nonlocal calls
        calls += 1
        return calls

    assert [await cache.get_or_load("k", load) for _ in range(3)] == [1, 2, 3]
    assert len(cache) == 0 and cache.bypasses == 3
    trusted = True
    assert await cache.get_or_load("k", load) == 4
    assert await cache.get_or_load("k", load) == 4


async def test_per_call_ttl_overrides_the_default() -> None:
    clock = Clock()
    cache: Cache[str] = Cache("profiles", ttl=60, clock=clock)

    async def load() -> str:
        return "v"

    await cache.get_or_load("short", load, ttl=1)
    await cache.get_or_load("long", load)
    clock.now += 2
    assert cache.hits == 0
    await cache.get_or_load("long", load)
    await cache.get_or_load("short", load)
    assert (cache.hits, cache.misses) == (1, 3)


async def test_names_and_keys_are_checked() -> None:
    with pytest.raises(ValueError):
        Cache("Public Profiles")
    cache: Cache[int] = Cache("p")

    async def load() -> int:
        return 1

    with pytest.raises(ValueError):
        await cache.get_or_load("", load)
    with pytest.raises(ValueError):
        await cache.get_or_load("x" * 2000, load)
