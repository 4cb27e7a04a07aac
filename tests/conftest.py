"""Shared fixtures: one embedded PostgreSQL per test run, a fresh database for it, log capture.

Tests talk to a real PostgreSQL (the embedded server in `.data/test-postgres`, separate from the
development data) and, in e2e, to the real server over real sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import io
import json
import os
import socket
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from pkg.config import Settings
from pkg.db.embedded import start_embedded, with_database
from pkg.log import configure_logging, flush_logs
from tests.support.waiting import DEADLINE

# Seconds the test process may take to exit once the results are reported. Past that, something keeps it alive
# (a thread or a task that ignored its cancellation): every thread's stack is printed and the process exits
# with status 1, so CI fails with the culprit named instead of running into its time limit.
EXIT_WATCHDOG_SECONDS = float(os.environ.get("SKILLSPHERE_TEST_EXIT_WATCHDOG_SECONDS", "300"))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Arm the exit watchdog (see EXIT_WATCHDOG_SECONDS)."""
    faulthandler.dump_traceback_later(EXIT_WATCHDOG_SECONDS, exit=True, file=sys.__stderr__)


ROOT = Path(__file__).resolve().parent.parent


class LogCapture(io.TextIOBase):
    """A stream that keeps every JSON log line the process writes, for assertions."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def write(self, text: str) -> int:
        self._lines.extend(line for line in text.splitlines() if line.strip())
        return len(text)

    @property
    def lines(self) -> list[str]:
        """Every line logged so far, those still waiting for the end of their loop iteration included."""
        flush_logs()
        return self._lines

    def events(self, event: str | None = None) -> list[dict[str, Any]]:
        """Parsed log records, optionally only those with the given event name (lines still waiting for the end
        of their loop iteration included)."""
        records = []
        for line in self.lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if event is None or record.get("event") == event:
                records.append(record)
        return records

    async def wait_for(self, event: str, timeout: float = DEADLINE, **fields: Any) -> list[dict[str, Any]]:
        """The records of `event` whose fields equal `fields`, once there is at least one (empty after `timeout`).

        A server logs an RPC's outcome just after sending its status (an aborted call's status leaves before
        the interceptors unwind), so a client running on the same loop may read the log a moment early.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.events(event) if all(r.get(k) == v for k, v in fields.items())]
            if found or time.monotonic() > deadline:
                return found
            await asyncio.sleep(0.01)


@pytest.fixture(scope="session")
def log_capture() -> LogCapture:
    """Every structured log line of this test process."""
    capture = LogCapture()
    configure_logging("info", "json", stream=capture)
    return capture


@pytest.fixture(scope="session")
async def postgres_admin_url() -> str:
    """URL of the embedded test server's maintenance database."""
    return await start_embedded(ROOT / ".data" / "test", database="postgres")


@contextlib.asynccontextmanager
async def scratch_database(admin_url: str, prefix: str) -> AsyncIterator[str]:
    """A new empty database on the embedded test server (its URL), dropped on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    try:
        yield with_database(admin_url, name)
    finally:
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


@pytest.fixture(scope="session")
async def database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    """A fresh database for this test run, dropped at the end."""
    async with scratch_database(postgres_admin_url, "skillsphere_test") as url:
        yield url


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def tmp_data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data directory for dev keys and such, private to one test."""
    path = tmp_path / "data"
    path.mkdir()
    yield path


def make_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test server on free ports against the test database."""
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "data_dir": data_dir,
        "grpc_port": 0,
        "http_port": 0,
        "rate_limit_default": "100000/second",
        # RPCs with their own limit in internal/policy.py: every test shares the peer 127.0.0.1.
        "rate_limits": {
            "skillsphere.user.v1.UserService/BlockUser": "100000/second",
            "skillsphere.user.v1.UserService/UnblockUser": "100000/second",
        },
        "db_health_interval_seconds": 0.2,
        "session_check_ttl_seconds": 0.2,
        "shutdown_grace_seconds": 5,
        "cors_allowed_origins": ["http://app.test"],
    }
    values.update(overrides)
    return Settings(**values)
