"""`check_vector_columns`: the configured embedding dimension must match the pgvector columns."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from prometheus_client import CollectorRegistry

from pkg.db import Database
from pkg.llm import EmbeddingDimensionMismatch, check_vector_columns, vector_columns
from tests.conftest import scratch_database


@pytest.fixture
async def database(postgres_admin_url: str) -> AsyncIterator[Database]:
    # A database of its own: a vector(4) column in the shared one would stop every server the tests start.
    async with scratch_database(postgres_admin_url, "vectors_test") as url:
        db = Database(url, registry=CollectorRegistry())
        yield db
        await db.dispose()


async def test_columns_of_the_configured_size_pass_and_others_stop_the_start(database: Database) -> None:
    async with database.engine.begin() as conn:
        await conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS vector")
        await conn.exec_driver_sql("CREATE TABLE things (id int PRIMARY KEY, embedding vector(768), loose vector)")
    assert await vector_columns(database.engine) == {"things.embedding": 768}
    await check_vector_columns(database.engine, 768)
    with pytest.raises(EmbeddingDimensionMismatch, match=r"things.embedding is vector\(768\)"):
        await check_vector_columns(database.engine, 1536)


async def test_a_database_without_vector_columns_passes(database: Database) -> None:
    await check_vector_columns(database.engine, 768)
