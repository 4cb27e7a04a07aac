"""The LISTEN connections' loops stop when asked, even when the stop lands as a connection check completes.

Both listeners check their connection with `SELECT 1` between waits. Python 3.11's `asyncio.wait_for` loses a
cancellation that arrives in the same loop step as the awaited thing's result, and a listener that used it
kept looping after `stop()`: a server's shutdown hung for good in CI. Here the checks run back to back, so
many stops land on a finishing check.
"""

from __future__ import annotations

import asyncio
import random

from prometheus_client import CollectorRegistry

from pkg.broker import PostgresBroker
from pkg.cache import CacheHub
from pkg.db.engine import asyncpg_url

STOPS = 40


async def _stop_within(stop: asyncio.Task[None], what: str) -> None:
    done, _ = await asyncio.wait({stop}, timeout=30)
    assert done, f"{what}.stop() did not return: its listening loop ignored the cancellation"
    stop.result()


async def test_the_broker_listener_stops_even_when_the_stop_lands_on_a_connection_check(database_url: str) -> None:
    for _ in range(STOPS):
        broker = PostgresBroker(asyncpg_url(database_url), check_interval=0.0, reconnect_delay=0.0)
        broker.subscribe("listener_stop_test", lambda _payload: None)
        await broker.start()
        assert broker.connected.is_set()
        await asyncio.sleep(random.uniform(0.0, 0.01))
        await _stop_within(asyncio.create_task(broker.stop()), "PostgresBroker")


async def test_the_cache_listener_stops_even_when_the_stop_lands_on_a_connection_check(database_url: str) -> None:
    for _ in range(STOPS):
        hub = CacheHub(asyncpg_url(database_url), registry=CollectorRegistry(), check_interval=0.0, reconnect_delay=0.0)
        await hub.start()
        await hub.wait_listening(10)
        await asyncio.sleep(random.uniform(0.0, 0.01))
        await _stop_within(asyncio.create_task(hub.stop()), "CacheHub")
