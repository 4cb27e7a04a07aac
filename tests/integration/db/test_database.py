"""The database layer against the real embedded PostgreSQL: migrations, unit of work, retries, metrics."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from pkg.db import Database, DatabaseSetupError, UnitOfWorkFactory, migrate
from tests.conftest import ROOT, scratch_database
from tests.e2e.test_lifecycle import SwitchableProxy
from tests.support.waiting import DEADLINE


@pytest.fixture
async def fresh_url(postgres_admin_url: str) -> AsyncIterator[str]:
    """An empty database of its own for one test."""
    async with scratch_database(postgres_admin_url, "db_test") as url:
        yield url


def _metric(registry: CollectorRegistry, name: str, labels: dict[str, str] | None = None) -> float:
    return registry.get_sample_value(name, labels or {}) or 0.0


async def test_concurrent_migrations_apply_once_and_revert(fresh_url: str) -> None:
    first, second = (Database(fresh_url, registry=CollectorRegistry()) for _ in range(2))
    try:
        # Two replicas starting together: the advisory lock serialises them, both end at head.
        await asyncio.gather(migrate.upgrade(first.engine), migrate.upgrade(second.engine))
        assert await migrate.current_revision(first.engine) == migrate.head_revision()
        async with first.engine.connect() as conn:
            extensions = {row[0] for row in await conn.execute(text("SELECT extname FROM pg_extension"))}
        assert {"vector", "pg_trgm"} <= extensions
        await migrate.downgrade(first.engine, "base")
        assert await migrate.current_revision(first.engine) is None
    finally:
        await first.dispose()
        await second.dispose()


def test_migrate_command_applies_and_reverts(fresh_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": fresh_url}
    command = [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "migrate"]
    up = subprocess.run(command, env=env, capture_output=True, text=True, timeout=DEADLINE)
    assert up.returncode == 0, up.stderr + up.stdout
    assert '"event":"migrated"' in up.stdout and migrate.head_revision() in up.stdout
    down = subprocess.run([*command, "--downgrade", "base"], env=env, capture_output=True, text=True, timeout=DEADLINE)
    assert down.returncode == 0, down.stderr + down.stdout
    assert '"revision":null' in down.stdout


async def test_unit_of_work_commits_or_rolls_back_as_a_whole(fresh_url: str) -> None:
    database = Database(fresh_url, registry=CollectorRegistry())
    uow_factory = UnitOfWorkFactory(database.engine)
    try:
        async with database.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)"))
        async with uow_factory() as uow:
            await uow.session.execute(text("INSERT INTO notes VALUES (1, 'kept')"))
            await uow.commit()
        with pytest.raises(RuntimeError):
            async with uow_factory() as uow:
                await uow.session.execute(text("INSERT INTO notes VALUES (2, 'lost')"))
                raise RuntimeError("use case failed half way")
        async with uow_factory() as uow:
            await uow.session.execute(text("INSERT INTO notes VALUES (3, 'not committed')"))
            # leaving without commit rolls back
        async with database.engine.connect() as conn:
            rows = (await conn.execute(text("SELECT id FROM notes ORDER BY id"))).scalars().all()
        assert rows == [1]
    finally:
        await database.dispose()


async def test_missing_extension_fails_fast_with_a_clear_message(fresh_url: str) -> None:
    database = Database(fresh_url, registry=CollectorRegistry())
    try:
        await database.check_extensions()  # the embedded server has both
        with pytest.raises(DatabaseSetupError) as err:
            await database.check_extensions(["vector", "pg_trgm", "no_such_extension"])
        assert "no_such_extension" in str(err.value) and "DATABASE_URL" in str(err.value)
    finally:
        await database.dispose()


async def test_unreachable_database_at_start_is_a_setup_error() -> None:
    database = Database("postgresql://postgres@127.0.0.1:1/none", registry=CollectorRegistry(), connect_attempts=1)
    try:
        with pytest.raises(DatabaseSetupError) as err:
            await database.check_extensions()
        assert "127.0.0.1:1/none" in str(err.value)
    finally:
        await database.dispose()


async def test_a_refused_connection_is_retried(database_url: str) -> None:
    from urllib.parse import parse_qs, urlsplit

    socket_dir = parse_qs(urlsplit(database_url).query)["host"][0]
    proxy = SwitchableProxy(f"{socket_dir}/.s.PGSQL.5432")
    registry = CollectorRegistry()
    database = Database(
        f"postgresql://postgres@127.0.0.1:{proxy.port}{urlsplit(database_url).path}",
        registry=registry,
        connect_attempts=5,
    )
    try:
        # The database comes back while the pool is still retrying the connection.
        async def back_soon() -> None:
            await asyncio.sleep(0.25)
            await proxy.up()

        restore = asyncio.create_task(back_soon())
        assert await database.ping()
        await restore
        assert _metric(registry, "db_connect_failures_total") >= 1
    finally:
        await database.dispose()
        await proxy.down()


async def test_query_metrics_and_slow_query_log_without_parameters(database_url: str, log_capture: Any) -> None:
    registry = CollectorRegistry()
    database = Database(database_url, registry=registry, slow_query_ms=5)
    try:
        async with database.engine.connect() as conn:
            await conn.execute(text("SELECT pg_sleep(0.02), :secret"), {"secret": "sql-param-s3cr3t"})
        slow = [e for e in log_capture.events("db_slow_query") if "pg_sleep" in e["statement"]]
        assert slow and slow[0]["duration_ms"] >= 5
        assert not any("sql-param-s3cr3t" in line for line in log_capture.lines)
        assert _metric(registry, "db_slow_queries_total") >= 1
        assert _metric(registry, "db_query_duration_seconds_count", {"statement": "SELECT"}) >= 1
        assert _metric(registry, "db_pool_size") == 10
    finally:
        await database.dispose()
