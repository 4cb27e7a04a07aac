"""A migrated database of its own for the job tests (no other process's worker touches its jobs)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from prometheus_client import CollectorRegistry

from pkg.db import Database, UnitOfWorkFactory, migrate
from tests.conftest import scratch_database


@pytest.fixture(scope="package")
async def jobs_database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    async with scratch_database(postgres_admin_url, "jobs_test") as url:
        database = Database(url, registry=CollectorRegistry())
        await migrate.upgrade(database.engine)
        await database.dispose()
        yield url


@pytest.fixture
async def database(jobs_database_url: str) -> AsyncIterator[Database]:
    """A process's database (own pool); tests wanting two processes open a second one."""
    db = Database(jobs_database_url, registry=CollectorRegistry())
    yield db
    await db.dispose()


@pytest.fixture
def open_database(jobs_database_url: str) -> Callable[[], Database]:
    return lambda: Database(jobs_database_url, registry=CollectorRegistry())


@pytest.fixture
def uow(database: Database) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(database.engine)


@pytest.fixture
def kind() -> str:
    """A job kind no other test uses."""
    return f"test.{uuid.uuid4().hex[:10]}"
