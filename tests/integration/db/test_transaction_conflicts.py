"""A lost race in the real database (deadlock, serialization failure) is ABORTED TRANSACTION_CONFLICT:
retryable, nothing saved, never INTERNAL."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from pkg import errors
from pkg.db import Database, UnitOfWorkFactory
from pkg.db.faults import aborted_for, is_connection_fault, unavailable_for
from pkg.grpcx.errors import status_for
from tests.support.waiting import DEADLINE


@pytest.fixture
async def probe(database_url: str) -> UnitOfWorkFactory:
    database = Database(database_url, registry=CollectorRegistry())
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE IF NOT EXISTS conflict_probe (id int PRIMARY KEY, n int NOT NULL)"))
        await conn.execute(text("TRUNCATE conflict_probe"))
        await conn.execute(text("INSERT INTO conflict_probe VALUES (1, 0), (2, 0)"))
    yield UnitOfWorkFactory(database.engine)
    async with database.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS conflict_probe"))
    await database.dispose()


async def test_a_deadlock_victim_is_aborted_and_saves_nothing(probe: UnitOfWorkFactory) -> None:
    both_hold_one = asyncio.Barrier(2)

    async def update(first: int, second: int) -> BaseException | None:
        try:
            async with probe() as work:
                await work.session.execute(text("UPDATE conflict_probe SET n = n + 1 WHERE id = :id"), {"id": first})
                await both_hold_one.wait()
                await work.session.execute(text("UPDATE conflict_probe SET n = n + 1 WHERE id = :id"), {"id": second})
                await work.commit()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            return exc
        return None

    outcomes = await asyncio.wait_for(asyncio.gather(update(1, 2), update(2, 1)), DEADLINE)
    lost = [exc for exc in outcomes if exc is not None]
    assert len(lost) == 1, outcomes
    assert not is_connection_fault(lost[0]) and unavailable_for(lost[0]) is None
    aborted = aborted_for(lost[0])
    assert aborted is not None and aborted.reason == "TRANSACTION_CONFLICT", repr(lost[0])
    code, status = status_for(aborted)
    assert code is grpc.StatusCode.ABORTED and "retry" in status.message.lower()
    async with probe() as work:
        counts = (await work.session.execute(text("SELECT n FROM conflict_probe ORDER BY id"))).scalars().all()
    assert counts == [1, 1]  # the winner's two increments; the victim's first one was rolled back


async def test_a_serialization_failure_is_aborted(probe: UnitOfWorkFactory) -> None:
    both_read = asyncio.Barrier(2)

    async def read_then_write(row: int) -> BaseException | None:
        try:
            async with probe() as work:
                await work.session.execute(text("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
                await work.session.execute(text("SELECT sum(n) FROM conflict_probe"))
                await both_read.wait()
                await work.session.execute(text("UPDATE conflict_probe SET n = n + 1 WHERE id = :id"), {"id": row})
                await work.commit()
        except Exception as exc:  # noqa: BLE001
            return exc
        return None

    outcomes = await asyncio.wait_for(asyncio.gather(read_then_write(1), read_then_write(2)), DEADLINE)
    lost = [exc for exc in outcomes if exc is not None]
    assert len(lost) == 1, outcomes
    aborted = aborted_for(lost[0])
    assert aborted is not None and aborted.reason == "TRANSACTION_CONFLICT", repr(lost[0])


def test_other_failures_are_not_conflicts() -> None:
    assert aborted_for(ValueError("no")) is None
    assert aborted_for(errors.Unavailable("down", retry_after=1.0)) is None
