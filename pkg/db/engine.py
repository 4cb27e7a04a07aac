"""The async SQLAlchemy engine with connection retry, metrics, slow-query log and health probe."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import QueuePool

from pkg.db.embedded import EmbeddedPostgres
from pkg.db.faults import DatabaseUnreachable
from pkg.log import get_logger

REQUIRED_EXTENSIONS = ("vector", "pg_trgm")

# Errors that mean "no connection could be made", which is always safe to retry; failures of statements
# on an open connection are never retried here because a write may already have happened.
_CONNECT_ERRORS = (
    OSError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncio.TimeoutError,
)


class DatabaseSetupError(RuntimeError):
    """The configured database cannot be used (missing extension, unreachable at start)."""


def asyncpg_url(url: str) -> str:
    """A libpq-style URL as asyncpg accepts it (no SQLAlchemy driver suffix)."""
    scheme, _, rest = url.partition("://")
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


def describe(url: str) -> str:
    """Host and database of a URL without credentials, for logs and error messages."""
    parts = urlsplit(url)
    host = parts.hostname or dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("host", "")
    return f"{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"


class _PoolCollector(Collector):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def collect(self) -> Iterable[GaugeMetricFamily]:
        pool = self._engine.sync_engine.pool
        if not isinstance(pool, QueuePool):
            return []
        size = GaugeMetricFamily("db_pool_size", "Connections the pool keeps open.")
        size.add_metric([], pool.size())
        out = GaugeMetricFamily("db_pool_checked_out", "Connections in use by requests.")
        out.add_metric([], pool.checkedout())
        overflow = GaugeMetricFamily("db_pool_overflow", "Connections opened beyond the pool size.")
        overflow.add_metric([], max(pool.overflow(), 0))
        return [size, out, overflow]


class Database:
    """One engine per process; repositories get sessions from the unit of work, never from here."""

    def __init__(
        self,
        url: str,
        *,
        registry: CollectorRegistry,
        pool_size: int = 10,
        max_overflow: int = 10,
        pool_timeout: float = 5.0,
        statement_timeout_ms: int = 15000,
        slow_query_ms: float = 200.0,
        connect_attempts: int = 3,
        embedded: EmbeddedPostgres | None = None,
    ) -> None:
        self.url = url
        self.embedded = embedded  # the supervised embedded server behind `url`, when we run it
        self._dsn = asyncpg_url(url)
        self._connect_attempts = connect_attempts
        self._server_settings = {"application_name": "skillsphere"}
        if statement_timeout_ms:
            self._server_settings["statement_timeout"] = str(statement_timeout_ms)
        self._slow_seconds = slow_query_ms / 1000
        self._log = get_logger("db")
        self.engine = create_async_engine(
            "postgresql+asyncpg://",
            async_creator=self._connect,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_pre_ping=True,
            pool_recycle=1800,
        )
        self._query_seconds = Histogram(
            "db_query_duration_seconds",
            "Time spent executing SQL statements.",
            ("statement",),
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=registry,
        )
        self._slow_total = Counter(
            "db_slow_queries_total", "Statements slower than the slow-query threshold.", registry=registry
        )
        self._connect_failures = Counter(
            "db_connect_failures_total", "Failed attempts to open a database connection.", registry=registry
        )
        registry.register(_PoolCollector(self.engine))
        event.listen(self.engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(self.engine.sync_engine, "after_cursor_execute", self._after)

    async def _connect(self) -> asyncpg.Connection:
        """Open a connection, retrying refused/unavailable attempts with jittered backoff."""
        delay = 0.1
        for attempt in range(1, self._connect_attempts + 1):
            try:
                return await asyncpg.connect(self._dsn, server_settings=self._server_settings, timeout=5)
            except _CONNECT_ERRORS as exc:
                self._connect_failures.inc()
                if attempt == self._connect_attempts:
                    # One type for "no connection could be made" (refused, no socket, timed out), so the error
                    # mapper answers UNAVAILABLE without guessing at bare OSErrors from elsewhere.
                    raise DatabaseUnreachable(
                        f"cannot connect to PostgreSQL at {describe(self.url)}: {type(exc).__name__}"
                    ) from exc
                self._log.warning("db_connect_retry", attempt=attempt, error=type(exc).__name__)
                await asyncio.sleep(delay * (1 + random.random()))
                delay *= 2
        raise AssertionError("unreachable")

    def _before(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        conn.info.setdefault("query_started", []).append(time.perf_counter())

    def _after(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        elapsed = time.perf_counter() - conn.info["query_started"].pop()
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "OTHER"
        self._query_seconds.labels(
            verb if verb in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH") else "OTHER"
        ).observe(elapsed)
        if elapsed >= self._slow_seconds:
            self._slow_total.inc()
            # Statements only, never parameters: parameters carry user data and secrets.
            self._log.warning("db_slow_query", duration_ms=round(elapsed * 1000, 1), statement=statement[:500])

    async def ping(self) -> bool:
        """True when a trivial query succeeds (drives health)."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means the database is not usable now
            return False

    async def check_extensions(self, required: Iterable[str] = REQUIRED_EXTENSIONS) -> None:
        """Fail fast, with a message an operator can act on, when an extension is not installable."""
        needed = list(required)
        try:
            async with self.engine.connect() as conn:
                rows = await conn.execute(
                    text("SELECT name FROM pg_available_extensions WHERE name = ANY(:names)"),
                    {"names": needed},
                )
                available = {row[0] for row in rows}
        except _CONNECT_ERRORS as exc:
            raise DatabaseSetupError(f"cannot connect to PostgreSQL at {describe(self.url)}: {exc}") from exc
        missing = [name for name in needed if name not in available]
        if missing:
            raise DatabaseSetupError(
                f"PostgreSQL at {describe(self.url)} lacks the extension(s) {', '.join(missing)}; "
                "install pgvector and the contrib package (pg_trgm) on that server, or unset DATABASE_URL "
                "to use the embedded PostgreSQL."
            )

    async def dispose(self) -> None:
        """Close every pooled connection (and stop supervising the embedded server)."""
        if self.embedded is not None:
            await self.embedded.stop()
        await self.engine.dispose()
