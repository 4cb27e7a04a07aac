"""The limiter counts per key and answers with a retry delay."""

from __future__ import annotations

import pytest

from pkg.errors import ResourceExhausted
from pkg.ratelimit import RateLimiter
from pkg.ratelimit.storage import LocalStorage


async def test_limit_is_per_key_and_reports_retry_after() -> None:
    limiter = RateLimiter("async+memory://", "3/minute", {"login": "2/minute"})
    await limiter.hit("login", "peer:a")
    await limiter.hit("login", "peer:a")
    with pytest.raises(ResourceExhausted) as err:
        await limiter.hit("login", "peer:a")
    assert 1.0 <= err.value.retry_after <= 60.0
    await limiter.hit("login", "peer:b")  # another peer has its own budget
    for _ in range(3):
        await limiter.hit("other", "peer:a")  # another RPC uses the default limit
    with pytest.raises(ResourceExhausted):
        await limiter.hit("other", "peer:a")


async def test_any_over_limit_key_refuses_the_call() -> None:
    limiter = RateLimiter("async+memory://", "1/minute")
    await limiter.hit("rpc", "peer:a", "user:1")
    with pytest.raises(ResourceExhausted):
        await limiter.hit("rpc", "peer:b", "user:1")  # same user from a new address is still limited


def test_local_storage_counts_expire_and_are_swept(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("pkg.ratelimit.storage.time.time", lambda: now[0])
    storage = LocalStorage(sweep_interval=5)
    assert storage.incr("a", 10) == 1 and storage.incr("a", 10) == 2
    storage.incr("b", 2)
    assert storage.get_expiry("a") == 1010.0
    now[0] = 1003.0
    assert storage.get("b") == 0  # expired on read
    storage.incr("c", 1)
    now[0] = 1011.0
    storage.incr("d", 60)  # the sweep after 5 s drops "a" and "c", which nobody read since they expired
    assert set(storage._counters) == {"d"}
    assert storage.decr("d", 5) == 0


def test_local_storage_sliding_window_weighs_the_previous_window(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [6000.0]  # the start of a 60 s window
    monkeypatch.setattr("pkg.ratelimit.storage.time.time", lambda: now[0])
    storage = LocalStorage()
    assert all(storage.acquire_sliding_window_entry("k", 4, 60) for _ in range(4))
    assert not storage.acquire_sliding_window_entry("k", 4, 60)
    now[0] = 6075.0  # a quarter into the next window: the previous 4 hits weigh 4 × 0.75 = 3
    assert storage.acquire_sliding_window_entry("k", 4, 60)
    assert not storage.acquire_sliding_window_entry("k", 4, 60)
    previous, previous_ttl, current, _ = storage.get_sliding_window("k", 60)
    assert (previous, current) == (4, 1) and previous_ttl == pytest.approx(45.0)
    storage.clear_sliding_window("k", 60)
    assert storage.get_sliding_window("k", 60)[::2] == (0, 0)


def test_local_storage_sweeps_sliding_windows_nobody_hits_any_more(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [6000.0]
    monkeypatch.setattr("pkg.ratelimit.storage.time.time", lambda: now[0])
    storage = LocalStorage(sweep_interval=1)
    assert storage.acquire_sliding_window_entry("old", 5, 60)
    now[0] = 6061.0  # one window later "old" still weighs on the sliding window
    assert storage.acquire_sliding_window_entry("new", 5, 60)
    assert set(storage._windows) == {"old", "new"}
    now[0] = 6121.0  # two windows later it counts nothing: the next sweep drops it
    assert storage.acquire_sliding_window_entry("new", 5, 60)
    assert set(storage._windows) == {"new"}


async def test_a_policy_limit_applies_unless_the_rpc_is_configured() -> None:
    from pkg.grpcx.auth import AUTHENTICATED, Access, Policy, PolicyTable
    from pkg.grpcx.context import peer_var
    from pkg.grpcx.ratelimit import RateLimitInterceptor

    policies = PolicyTable({"p.S/Tight": Policy(Access.AUTHENTICATED, limit="2/minute"), "p.S/Loose": AUTHENTICATED})
    peer_var.set("10.0.0.1")
    own = RateLimitInterceptor(RateLimiter("async+memory://", "100/minute"), policies)
    for _ in range(2):
        await own.admit("/p.S/Tight")
    with pytest.raises(ResourceExhausted):
        await own.admit("/p.S/Tight")
    for _ in range(5):
        await own.admit("/p.S/Loose")  # the global default
    configured = RateLimitInterceptor(RateLimiter("async+memory://", "100/minute", {"p.S/Tight": "5/minute"}), policies)
    for _ in range(5):
        await configured.admit("/p.S/Tight")  # SKILLSPHERE_RATE_LIMITS wins over the policy's own limit
    with pytest.raises(ResourceExhausted):
        await configured.admit("/p.S/Tight")
