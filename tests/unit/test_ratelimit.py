"""The limiter counts per key and answers with a retry delay."""

from __future__ import annotations

import pytest

from pkg.errors import ResourceExhausted
from pkg.ratelimit import RateLimiter


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
