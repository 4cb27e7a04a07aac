"""Waiting on events instead of the wall clock, with one generous deadline for the whole suite.

CI shares two cores with other work, so anything the machine may delay (a job run, a log line, a server
starting) is awaited as a condition with `DEADLINE` seconds to happen, never a fixed short sleep. A
condition that holds returns at once, so the deadline costs nothing when the machine is idle; it only
has to be shorter than pytest-timeout (300 s) so a real hang fails with this helper's message.

Why 120 s: in a `make test` under heavy load (two busy loops besides other work, coverage on) a Python
subprocess took more than 60 s just to import the app and exit, and a job waited more than 60 s.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

# Seconds any awaited event may take on a loaded machine (pytest-timeout is 300 s).
DEADLINE = 120.0
INTERVAL = 0.05


async def eventually(
    predicate: Callable[[], Awaitable[T] | T],
    timeout: float = DEADLINE,
    interval: float = INTERVAL,
    message: str = "condition not reached in time",
) -> T:
    """Poll `predicate` (plain or async) until it returns something truthy and return that value.

    Fails with `message` after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} (waited {timeout:g} s)")
        await asyncio.sleep(interval)


async def wait_event(event: asyncio.Event, timeout: float = DEADLINE, message: str = "event not set in time") -> None:
    """Wait for `event` to be set, failing after `timeout` seconds."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError:
        raise AssertionError(f"{message} (waited {timeout:g} s)") from None


async def within(awaitable: Awaitable[T], timeout: float = DEADLINE) -> T:
    """`awaitable`'s result, failing (not hanging) if it takes longer than `timeout` seconds."""
    return await asyncio.wait_for(awaitable, timeout)
