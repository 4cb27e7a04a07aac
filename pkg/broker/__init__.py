"""A small publish/subscribe broker for cross-replica fan-out, on PostgreSQL LISTEN/NOTIFY by default.

The interface is what a domain needs to fan out events between server processes, so Redis or NATS can
replace PostgreSQL later without touching the domain:

- `publish(session, channel, payload)` sends `payload` (ids only; NOTIFY caps it at 8,000 bytes) when
  `session`'s transaction commits, so nothing is announced that did not happen, in commit order;
- `subscribe(channel, on_message, on_connected)` calls `on_message(payload)` for every notification
  and `on_connected()` each time the listening connection is (re)established.

Delivery is at most once: PostgreSQL drops notifications sent while a listener is disconnected. So a
subscriber keeps its durable state in the database (a sequence per stream of events) and uses
`on_connected` to catch up from there; a notification is only a hint to look. Each process keeps one
listening connection (outside the pool), reconnects after `reconnect_delay` when it drops, and finds a
connection that died silently with a `SELECT 1` every `check_interval` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable
from typing import Protocol

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from pkg.log import get_logger

log = get_logger("broker")

MAX_PAYLOAD = 7999
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")

OnMessage = Callable[[str], None]
OnConnected = Callable[[], Awaitable[None]]


def application_name(pid: int | None = None) -> str:
    """The listening connection's `application_name` (pg_stat_activity): the broker and the OS process."""
    return f"skillsphere-broker-{os.getpid() if pid is None else pid}"


class Broker(Protocol):
    """Cross-process fan-out of small id-only payloads (see the module docstring)."""

    async def publish(self, session: AsyncSession, channel: str, payload: str) -> None:
        """Send `payload` to every subscriber of `channel` when `session`'s transaction commits."""
        ...

    def subscribe(self, channel: str, on_message: OnMessage, on_connected: OnConnected | None = None) -> None:
        """Receive `channel`'s payloads; `on_connected` runs after every (re)connection, to catch up."""
        ...


class PostgresBroker:
    """`Broker` on LISTEN/NOTIFY with one dedicated listening connection per process."""

    def __init__(
        self, dsn: str, *, reconnect_delay: float = 0.5, check_interval: float = 5.0, timeout: float = 5.0
    ) -> None:
        self._dsn = dsn
        self._reconnect_delay = reconnect_delay
        self._check_interval = check_interval
        self._timeout = timeout
        self._subscribers: dict[str, list[tuple[OnMessage, OnConnected | None]]] = {}
        self._connection: asyncpg.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()
        self.connections = 0  # how many times LISTEN was (re)established

    async def publish(self, session: AsyncSession, channel: str, payload: str) -> None:
        """NOTIFY inside the session's transaction: PostgreSQL delivers it at commit, in commit order."""
        if len(payload.encode()) > MAX_PAYLOAD:
            raise ValueError(f"payload of {len(payload)} characters exceeds NOTIFY's limit")
        await session.execute(_NOTIFY, {"channel": channel, "payload": payload})

    def subscribe(self, channel: str, on_message: OnMessage, on_connected: OnConnected | None = None) -> None:
        """Subscribe before `start()` (the channel set is fixed once listening)."""
        self._subscribers.setdefault(channel, []).append((on_message, on_connected))

    async def start(self, wait: float = 5.0) -> None:
        """Start listening; returns once LISTEN is active or after `wait` seconds."""
        if self._task is None:
            self._task = asyncio.create_task(self._listen_forever(), name="broker-listener")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                await self.connected.wait()

    async def stop(self) -> None:
        """Stop listening."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def listener_pid(self) -> int | None:
        """Backend pid of the listening connection (tests terminate it to simulate a drop)."""
        return self._connection.get_server_pid() if self._connection is not None else None

    def _dispatch(self, _conn: object, _pid: int, channel: str, payload: str) -> None:
        for on_message, _ in self._subscribers.get(channel, ()):
            try:
                on_message(payload)
            except Exception as exc:  # noqa: BLE001 - one bad subscriber must not stop the others
                log.error("broker_subscriber_failed", channel=channel, error=f"{type(exc).__name__}: {exc}"[:300])

    async def _listen_forever(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure: reconnect, then catch up
                log.warning("broker_listener_lost", error=f"{type(exc).__name__}: {exc}"[:300])
            await asyncio.sleep(self._reconnect_delay)

    async def _listen_once(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(
            self._dsn, timeout=self._timeout, server_settings={"application_name": application_name()}
        )
        lost = asyncio.Event()
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            for channel in self._subscribers:
                await conn.add_listener(channel, self._dispatch)
            self._connection = conn
            self.connections += 1
            # Listening first, then catching up: whatever commits from now on is either notified or found.
            for callbacks in self._subscribers.values():
                for _, on_connected in callbacks:
                    if on_connected is not None:
                        await on_connected()
            self.connected.set()
            log.info("broker_listening", channels=sorted(self._subscribers), connections=self.connections)
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._check_interval):
                        await lost.wait()
                if not lost.is_set():
                    async with asyncio.timeout(self._timeout):
                        await conn.fetchval("SELECT 1")
            raise ConnectionError("the LISTEN connection was closed")
        finally:
            self.connected.clear()
            self._connection = None
            conn.terminate()
