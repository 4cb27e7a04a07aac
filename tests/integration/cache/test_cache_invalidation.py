"""Cache invalidation across processes through PostgreSQL LISTEN/NOTIFY, on the embedded server.

Two hubs in this process have separate LISTEN connections, exactly as two replicas do; one test also
runs a real second process (`replica.py`).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from pkg.cache import Cache, CacheHub
from pkg.db import Database, UnitOfWorkFactory
from pkg.db.engine import asyncpg_url
from tests.conftest import scratch_database
from tests.support.waiting import eventually, within

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="package")
async def cache_database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    """A database of its own: no other test's notifications or listeners mix in."""
    async with scratch_database(postgres_admin_url, "cache_test") as url:
        conn = await asyncpg.connect(asyncpg_url(url))
        await conn.execute("CREATE TABLE cache_items (id text PRIMARY KEY, value text NOT NULL)")
        await conn.close()
        yield url


@pytest.fixture
async def database(cache_database_url: str) -> AsyncIterator[Database]:
    db = Database(cache_database_url, registry=CollectorRegistry())
    yield db
    await db.dispose()


class Replica:
    """One "process": its hub (own LISTEN connection), its `items` cache and a counting loader."""

    def __init__(self, url: str, database: Database) -> None:
        self.registry = CollectorRegistry()
        self.hub = CacheHub(asyncpg_url(url), registry=self.registry, reconnect_delay=0.1, check_interval=0.5)
        self.items: Cache[str | None] = self.hub.cache("items", ttl=300)
        self.database = database
        self.loads = 0

    async def _read(self, key: str) -> str | None:
        self.loads += 1
        async with self.database.engine.connect() as conn:
            result = await conn.execute(text("SELECT value FROM cache_items WHERE id = :id"), {"id": key})
            return result.scalar_one_or_none()

    async def get(self, key: str) -> str | None:
        return await self.items.get_or_load(key, lambda: self._read(key))

    def invalidations(self) -> float:
        return self.registry.get_sample_value("cache_invalidations_total", {"cache": "items"}) or 0.0


@pytest.fixture
async def replicas(cache_database_url: str, database: Database) -> AsyncIterator[tuple[Replica, Replica]]:
    a, b = Replica(cache_database_url, database), Replica(cache_database_url, database)
    await a.hub.start()
    await b.hub.start()
    await a.hub.wait_listening(5)
    await b.hub.wait_listening(5)
    yield a, b
    await a.hub.stop()
    await b.hub.stop()


async def _put(database: Database, key: str, value: str) -> None:
    async with database.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO cache_items VALUES (:id, :v) ON CONFLICT (id) DO UPDATE SET value = :v"),
            {"id": key, "v": value},
        )


def _key() -> str:
    return uuid.uuid4().hex[:12]


async def test_a_committed_write_in_one_replica_evicts_the_key_in_the_other(
    replicas: tuple[Replica, Replica], database: Database
) -> None:
    writer, reader = replicas
    key = _key()
    await _put(database, key, "v1")
    assert await reader.get(key) == "v1"
    assert await writer.get(key) == "v1"

    uow = UnitOfWorkFactory(database.engine)
    async with uow() as work:
        await work.session.execute(text("UPDATE cache_items SET value = 'v2' WHERE id = :id"), {"id": key})
        await writer.items.invalidate(work.session, key)
        # Not committed yet: nothing is announced, the reader keeps serving the committed value.
        await asyncio.sleep(0.2)
        assert await reader.get(key) == "v1"
        assert reader.loads == 1
        await work.commit()
    # The writer's own process never serves its old value after its commit.
    assert await writer.get(key) == "v2"

    async def reader_sees_v2() -> bool:
        return await reader.get(key) == "v2"

    await eventually(reader_sees_v2)
    assert reader.loads == 2
    assert await reader.get(key) == "v2"  # cached again
    assert reader.loads == 2


async def test_a_rolled_back_write_announces_nothing(replicas: tuple[Replica, Replica], database: Database) -> None:
    writer, reader = replicas
    key, marker = _key(), _key()
    await _put(database, key, "kept")
    assert await reader.get(key) == "kept"
    uow = UnitOfWorkFactory(database.engine)
    async with uow() as work:
        await writer.items.invalidate(work.session, key)
        # leaving without commit rolls back
    # A later committed invalidation of another key proves the reader has processed everything before it.
    before = reader.invalidations()
    async with database.engine.begin() as conn:
        await writer.items.invalidate(conn, marker)

    async def marker_arrived() -> bool:
        return reader.invalidations() > before

    await eventually(marker_arrived)
    assert await reader.get(key) == "kept"
    assert reader.loads == 1


async def test_a_load_running_when_the_invalidation_arrives_is_not_stored(
    replicas: tuple[Replica, Replica], database: Database
) -> None:
    writer, reader = replicas
    key = _key()
    await _put(database, key, "old")
    read_done = asyncio.Event()
    release = asyncio.Event()

    async def slow_read() -> str | None:
        value = await reader._read(key)
        read_done.set()
        await release.wait()  # the old value is in hand; a write commits before it is stored
        return value

    loading = asyncio.create_task(reader.items.get_or_load(key, slow_read))
    await read_done.wait()
    before = reader.invalidations()
    async with database.engine.begin() as conn:
        await conn.execute(text("UPDATE cache_items SET value = 'new' WHERE id = :id"), {"id": key})
        await writer.items.invalidate(conn, key)

    async def arrived() -> bool:
        return reader.invalidations() > before

    await eventually(arrived)
    release.set()
    assert await loading == "old"  # that caller asked before the write committed
    assert await reader.get(key) == "new"  # but "old" was never stored


async def test_invalidate_all_clears_the_cache_everywhere(
    replicas: tuple[Replica, Replica], database: Database
) -> None:
    writer, reader = replicas
    keys = [_key() for _ in range(3)]
    for key in keys:
        await _put(database, key, "x")
        await reader.get(key)
    assert len(reader.items) >= 3
    async with database.engine.begin() as conn:
        await writer.items.invalidate_all(conn)

    async def emptied() -> bool:
        return len(reader.items) == 0

    await eventually(emptied)


async def test_a_lost_listener_clears_the_cache_and_bypasses_until_it_listens_again(
    replicas: tuple[Replica, Replica], database: Database, postgres_admin_url: str
) -> None:
    _, reader = replicas
    key = _key()
    await _put(database, key, "v")
    await reader.get(key)
    await reader.get(key)
    assert reader.loads == 1
    pid = reader.hub.listener_pid()
    assert pid is not None
    resets = reader.registry.get_sample_value("cache_resets_total") or 0.0

    conn = await asyncpg.connect(postgres_admin_url)
    await conn.execute("SELECT pg_terminate_backend($1)", pid)
    await conn.close()

    async def lost_or_back() -> bool:
        return (reader.registry.get_sample_value("cache_resets_total") or 0.0) > resets

    await eventually(lost_or_back)
    assert len(reader.items) == 0  # entries may have missed invalidations while the connection was down
    await reader.hub.wait_listening(5)
    assert reader.hub.listener_pid() not in (None, pid)
    loads = reader.loads
    await reader.get(key)
    await reader.get(key)
    assert reader.loads == loads + 1  # trusted (and stored) again


async def test_caches_bypass_while_the_hub_is_not_listening(cache_database_url: str, database: Database) -> None:
    idle = Replica(cache_database_url, database)  # never started, like a worker-only process
    key = _key()
    await _put(database, key, "v")
    await idle.get(key)
    await idle.get(key)
    assert idle.loads == 2
    assert idle.registry.get_sample_value("cache_requests_total", {"cache": "items", "result": "bypass"}) == 2


async def test_a_hub_that_cannot_reach_the_database_still_answers_by_loading(database: Database) -> None:
    hub = CacheHub("postgresql://nobody@127.0.0.1:1/none", registry=CollectorRegistry(), reconnect_delay=0.05)
    cache: Cache[int] = hub.cache("items")
    await hub.start(wait=0.3)
    assert not hub.listening

    async def load() -> int:
        return 5

    assert await cache.get_or_load("k", load) == 5
    assert len(cache) == 0
    await hub.stop()


async def test_two_server_processes_a_write_in_one_invalidates_the_other(
    cache_database_url: str, database: Database
) -> None:
    key = _key()
    await _put(database, key, "before")
    writer = Replica(cache_database_url, database)
    await writer.hub.start()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("replica.py")),
        cache_database_url,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'gen' / 'python'}"},
    )
    assert process.stdin is not None and process.stdout is not None

    async def ask(line: str) -> dict[str, Any]:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"{line}\n".encode())
        await process.stdin.drain()
        while True:
            output = (await within(process.stdout.readline())).decode()
            if output.startswith("{"):
                return dict(json.loads(output))
            assert output, "replica exited"

    try:
        while (await within(process.stdout.readline())).decode().strip() != "ready":
            pass
        assert await ask(f"get {key}") == {"value": "before", "loads": 1}
        assert await ask(f"get {key}") == {"value": "before", "loads": 1}  # served from its cache

        uow = UnitOfWorkFactory(database.engine)
        async with uow() as work:
            await work.session.execute(text("UPDATE cache_items SET value = 'after' WHERE id = :id"), {"id": key})
            await writer.items.invalidate(work.session, key)
            await work.commit()

        async def replica_sees_after() -> bool:
            return (await ask(f"get {key}"))["value"] == "after"

        await eventually(replica_sees_after)
        assert await ask(f"get {key}") == {"value": "after", "loads": 2}
    finally:
        if process.returncode is None:
            process.stdin.write(b"quit\n")
            await process.stdin.drain()
            try:
                await within(process.wait())
            except TimeoutError:
                process.kill()
                await process.wait()
        await writer.hub.stop()


async def test_the_writing_process_evicts_on_its_own_commit_without_waiting_for_the_notification(
    database: Database,
) -> None:
    # No hub and no listener at all: only the after-commit hook can evict here.
    local: Cache[str] = Cache("items")
    loads = 0

    async def load() -> str:
        nonlocal loads
        loads += 1
        return f"v{loads}"

    assert await local.get_or_load("k", load) == "v1"
    uow = UnitOfWorkFactory(database.engine)
    async with uow() as work:
        await local.invalidate(work.session, "k")
        assert await local.get_or_load("k", load) == "v1"  # not before the commit
        await work.commit()
    assert await local.get_or_load("k", load) == "v2"
    async with uow() as work:
        await local.invalidate(work.session, "k")
    assert await local.get_or_load("k", load) == "v2"  # rolled back: still cached
    async with database.engine.begin() as conn:
        await local.invalidate(conn, "k")
    assert await local.get_or_load("k", load) == "v3"
