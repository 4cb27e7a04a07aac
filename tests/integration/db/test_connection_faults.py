"""Connection faults against the real embedded PostgreSQL: each shape is classified as UNAVAILABLE, and a
commit whose connection dies is reported as an unknown outcome, never as a success or a plain failure."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from pkg import errors
from pkg.db import Database, UnitOfWorkFactory
from pkg.db.faults import is_connection_fault, unavailable_for


async def _terminate(admin_url: str, pid: int) -> None:
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute("SELECT pg_terminate_backend($1, 10000)", pid)
    finally:
        await admin.close()


async def test_a_commit_on_a_lost_connection_is_an_unknown_outcome_not_a_success(
    database_url: str, postgres_admin_url: str
) -> None:
    database = Database(database_url, registry=CollectorRegistry())
    uow = UnitOfWorkFactory(database.engine)
    try:
        async with database.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE IF NOT EXISTS fault_probe (note text)"))
        with pytest.raises(errors.Unavailable) as caught:
            async with uow() as work:
                await work.session.execute(text("INSERT INTO fault_probe VALUES ('lost')"))
                pid = (await work.session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                await _terminate(postgres_admin_url, pid)
                await work.commit()
        assert caught.value.reason == "COMMIT_OUTCOME_UNKNOWN"
        assert caught.value.retry_after is not None and caught.value.retry_after > 0
        # Here the connection died before COMMIT was sent, so nothing was saved; the pool recovers by itself.
        async with uow() as work:
            saved = (await work.session.execute(text("SELECT count(*) FROM fault_probe"))).scalar_one()
        assert saved == 0
    finally:
        async with database.engine.begin() as conn:
            await conn.execute(text("DROP TABLE IF EXISTS fault_probe"))
        await database.dispose()


async def test_a_statement_cut_mid_flight_leaves_the_block_with_its_own_error(
    database_url: str, postgres_admin_url: str
) -> None:
    database = Database(database_url, registry=CollectorRegistry())
    uow = UnitOfWorkFactory(database.engine)
    try:
        with pytest.raises(Exception) as caught:
            async with uow() as work:
                pid = (await work.session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                sleeper = asyncio.ensure_future(work.session.execute(text("SELECT pg_sleep(30)")))
                await asyncio.sleep(0.2)
                await _terminate(postgres_admin_url, pid)
                await sleeper
        # The rollback on the dead connection did not replace the statement's error, which maps to UNAVAILABLE.
        assert is_connection_fault(caught.value), repr(caught.value)
        unavailable = unavailable_for(caught.value)
        assert unavailable is not None and unavailable.reason == "DATABASE_UNAVAILABLE"
    finally:
        await database.dispose()


async def test_refused_connections_and_an_exhausted_pool_are_unavailable(database_url: str) -> None:
    unreachable = Database(
        "postgresql://postgres@/skillsphere?host=/nonexistent-socket-dir", registry=CollectorRegistry()
    )
    try:
        with pytest.raises(Exception) as refused:
            async with unreachable.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        assert unavailable_for(refused.value) is not None, repr(refused.value)
    finally:
        await unreachable.dispose()

    tiny = Database(database_url, registry=CollectorRegistry(), pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        async with tiny.engine.connect() as held:
            await held.execute(text("SELECT 1"))
            with pytest.raises(Exception) as exhausted:
                async with tiny.engine.connect():
                    pass
        assert unavailable_for(exhausted.value) is not None, repr(exhausted.value)
    finally:
        await tiny.dispose()


def test_ordinary_failures_are_not_mistaken_for_an_outage() -> None:
    assert unavailable_for(KeyError("x")) is None
    assert unavailable_for(FileNotFoundError("/files/avatar.png")) is None
    assert unavailable_for(asyncpg.UniqueViolationError("duplicate key")) is None
