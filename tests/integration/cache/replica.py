"""A second server process for the cache tests: one CacheHub and one cache over the test table.

Run as `python tests/integration/cache/replica.py <database url>`. It prints `ready` once LISTEN is active,
then answers each stdin line `get <key>` with a JSON line {"value": ..., "loads": <loader calls so far>};
`listening` answers {"listening": bool}; `quit` exits.
"""

from __future__ import annotations

import asyncio
import json
import sys

from prometheus_client import CollectorRegistry
from sqlalchemy import text

from pkg.cache import CacheHub
from pkg.db import Database
from pkg.db.engine import asyncpg_url


async def main(url: str) -> None:
    database = Database(url, registry=CollectorRegistry())
    hub = CacheHub(asyncpg_url(url), registry=CollectorRegistry(), reconnect_delay=0.1, check_interval=0.5)
    items = hub.cache("items", ttl=300)
    loads = 0

    async def load(key: str) -> str | None:
        nonlocal loads
        loads += 1
        async with database.engine.connect() as conn:
            result = await conn.execute(text("SELECT value FROM cache_items WHERE id = :id"), {"id": key})
            return result.scalar_one_or_none()

    await hub.start()
    await hub.wait_listening(10)
    print("ready", flush=True)
    while True:
        line = (await asyncio.to_thread(sys.stdin.readline)).strip()
        if not line or line == "quit":
            break
        command, _, key = line.partition(" ")
        if command == "get":
            value = await items.get_or_load(key, lambda key=key: load(key))
            print(json.dumps({"value": value, "loads": loads}), flush=True)
        elif command == "listening":
            print(json.dumps({"listening": hub.listening}), flush=True)
    await hub.stop()
    await database.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
