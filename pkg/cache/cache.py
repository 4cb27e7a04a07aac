"""Named read-through caches and the hub that keeps them correct across processes (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import asyncpg
from prometheus_client import CollectorRegistry, Counter, Gauge
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from pkg.cache.lru import TTLCache
from pkg.log import get_logger

log = get_logger("cache")

V = TypeVar("V")

CHANNEL = "cache_invalidation"
# NOTIFY payloads must stay under 8000 bytes; keys are ids, far shorter.
MAX_KEY_BYTES = 1024
_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


class CacheMetrics:
    """`cache_requests_total{cache,result}` (hit, miss, bypass), invalidations, resets and entry counts."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "cache_requests_total",
            "Cache lookups by result: hit, miss (loaded and stored), bypass (cache not trusted: loaded only).",
            ("cache", "result"),
            registry=registry,
        )
        self.invalidations = Counter(
            "cache_invalidations_total",
            "Keys invalidated (by a committed write in any process).",
            ("cache",),
            registry=registry,
        )
        self.resets = Counter(
            "cache_resets_total",
            "Times every entry was dropped because invalidations may have been missed (listener lost/regained).",
            registry=registry,
        )
        self.entries = Gauge("cache_entries", "Entries held in this process.", ("cache",), registry=registry)


class Cache(Generic[V]):
    """A read-through cache of one kind of value (`name`), held in this process.

    `get_or_load` answers from memory or runs `loader` (once per key, however many callers miss at the same
    time) and keeps the result for `ttl` seconds. Writers call `invalidate(session, key)` inside the
    transaction that changes the data: the invalidation reaches every process only when that transaction
    commits (a NOTIFY), and a load that was running meanwhile is not stored, so no process keeps a value
    older than the last committed write for longer than the notification takes to arrive.

    `enabled()` says whether entries may be trusted (the hub's listener is connected); while it is False
    every call loads (`bypass`) and nothing is stored. Errors of `loader` are not cached.
    """

    def __init__(
        self,
        name: str,
        *,
        max_entries: int = 10_000,
        ttl: float = 60.0,
        metrics: CacheMetrics | None = None,
        enabled: Callable[[], bool] = lambda: True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not _NAME.fullmatch(name):
            raise ValueError(f"cache name {name!r} must be lower_snake_case")
        self.name = name
        self.default_ttl = ttl
        self._entries: TTLCache[V] = TTLCache(max_entries, clock=clock)
        # Running loads by key, shared by every caller that misses while one runs.
        self._flights: dict[str, asyncio.Task[V]] = {}
        self._metrics = metrics
        self._enabled = enabled
        self.hits = 0
        self.misses = 0
        self.bypasses = 0
        if metrics is not None:
            metrics.entries.labels(name).set_function(lambda: len(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def hit_ratio(self) -> float:
        """Hits / (hits + misses + bypasses) since start (0 before any lookup)."""
        total = self.hits + self.misses + self.bypasses
        return self.hits / total if total else 0.0

    async def get_or_load(self, key: str, loader: Callable[[], Awaitable[V]], ttl: float | None = None) -> V:
        """The cached value of `key`, or `await loader()` (stored for `ttl`, default the cache's)."""
        _check_key(key)
        if not self._enabled():
            self._count("bypass")
            return await loader()
        found, value = self._entries.get(key)
        if found:
            self._count("hit")
            return value  # type: ignore[return-value]  # found means a stored V (which may be None)
        self._count("miss")
        flight = self._flights.get(key)
        if flight is None:
            # The load runs as its own task: a caller that gives up (deadline, disconnect) does not cancel it
            # for the others waiting on the same key.
            flight = asyncio.ensure_future(self._load(key, loader, self.default_ttl if ttl is None else ttl))
            flight.add_done_callback(_retrieve)
            self._flights[key] = flight
        return await asyncio.shield(flight)

    async def _load(self, key: str, loader: Callable[[], Awaitable[V]], ttl: float) -> V:
        me = asyncio.current_task()
        try:
            value = await loader()
            # Still the registered flight: no invalidation of this key (and no reset) happened meanwhile.
            if self._flights.get(key) is me and self._enabled():
                self._entries.set(key, value, ttl)
            return value
        finally:
            if self._flights.get(key) is me:
                del self._flights[key]

    async def invalidate(self, db: AsyncSession | AsyncConnection, key: str) -> None:
        """Announce in `db`'s transaction that `key` changed; every process evicts it once that commits.

        This process also evicts it right after its own commit, so a read that follows the write on the
        same replica never sees the old value.
        """
        _check_key(key)
        await db.execute(_NOTIFY, {"channel": CHANNEL, "payload": f"{self.name}:{key}"})
        _on_commit(db, lambda: self.evict(key))

    async def invalidate_all(self, db: AsyncSession | AsyncConnection) -> None:
        """Announce that every key of this cache changed (bulk imports, migrations of data)."""
        await db.execute(_NOTIFY, {"channel": CHANNEL, "payload": self.name})
        _on_commit(db, self.clear)

    def evict(self, key: str) -> None:
        """Forget `key` here, including a load of it that is still running."""
        self._flights.pop(key, None)
        self._entries.pop(key)
        if self._metrics is not None:
            self._metrics.invalidations.labels(self.name).inc()

    def clear(self) -> None:
        """Forget everything here, including running loads."""
        self._flights.clear()
        self._entries.clear()

    def _count(self, result: str) -> None:
        if result == "hit":
            self.hits += 1
        elif result == "miss":
            self.misses += 1
        else:
            self.bypasses += 1
        if self._metrics is not None:
            self._metrics.requests.labels(self.name, result).inc()


def _check_key(key: str) -> None:
    if not key or len(key.encode()) > MAX_KEY_BYTES:
        raise ValueError(f"cache keys must be 1..{MAX_KEY_BYTES} bytes")


def _retrieve(task: asyncio.Task[Any]) -> None:
    # Every caller may have given up; the load's exception must not be reported as "never retrieved".
    if not task.cancelled():
        task.exception()


def _on_commit(db: AsyncSession | AsyncConnection, action: Callable[[], None]) -> None:
    """Run `action` when `db`'s current transaction commits (for a connection: as it commits)."""
    if isinstance(db, AsyncSession):
        event.listen(db.sync_session, "after_commit", lambda _session: action(), once=True)
    else:
        event.listen(db.sync_connection, "commit", lambda _conn: action(), once=True)


class CacheHub:
    """Every cache of a process, and the dedicated connection that LISTENs for their invalidations.

    `start()` opens the connection (its own, outside the pool) and LISTENs on `cache_invalidation`; each
    notification evicts one key (`<cache>:<key>`) or a whole cache (`<cache>`). Whenever the connection is
    (re)established or lost, every cache is cleared, because invalidations may have been missed, and
    caches bypass (load without storing) until LISTEN is active again. A dead connection that does not say
    so is found by a `SELECT 1` every `check_interval` seconds.

    Two replicas: each has its own hub and listener; a write committed through either one's `invalidate`
    evicts the key in both. Without `start()` (the worker process, or `enabled=False`) caches only bypass,
    and `invalidate` still notifies the others.
    """

    def __init__(
        self,
        dsn: str,
        *,
        registry: CollectorRegistry,
        enabled: bool = True,
        reconnect_delay: float = 1.0,
        check_interval: float = 15.0,
        timeout: float = 5.0,
    ) -> None:
        self._dsn = dsn
        self.enabled = enabled
        self.metrics = CacheMetrics(registry)
        self._caches: dict[str, Cache[Any]] = {}
        self._reconnect_delay = reconnect_delay
        self._check_interval = check_interval
        self._timeout = timeout
        self._listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._connection: asyncpg.Connection | None = None

    @property
    def listening(self) -> bool:
        """True while invalidations arrive (so cached entries can be trusted)."""
        return self._listening.is_set()

    def cache(self, name: str, *, max_entries: int = 10_000, ttl: float = 60.0) -> Cache[Any]:
        """Create the cache `name` (once per process; names are shared by every replica)."""
        if name in self._caches:
            raise ValueError(f"cache {name!r} already exists")
        cache: Cache[Any] = Cache(name, max_entries=max_entries, ttl=ttl, metrics=self.metrics, enabled=self._trusted)
        self._caches[name] = cache
        return cache

    def _trusted(self) -> bool:
        return self.enabled and self._listening.is_set()

    async def start(self, wait: float = 5.0) -> None:
        """Start listening; returns once LISTEN is active or after `wait` seconds (caches bypass until then)."""
        if not self.enabled or self._task is not None:
            return
        self._task = asyncio.create_task(self._listen_forever(), name="cache-listener")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                await self._listening.wait()

    async def stop(self) -> None:
        """Stop listening and drop every entry."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.reset("stopped")

    async def wait_listening(self, within: float) -> None:
        """Wait until LISTEN is active (tests, startup checks); TimeoutError after `within` seconds."""
        async with asyncio.timeout(within):
            await self._listening.wait()

    def reset(self, reason: str) -> None:
        """Drop every entry of every cache."""
        for cache in self._caches.values():
            cache.clear()
        self.metrics.resets.inc()
        log.info("cache_reset", reason=reason, caches=len(self._caches))

    def listener_pid(self) -> int | None:
        """Backend process id of the LISTEN connection (tests terminate it to simulate a lost connection)."""
        return self._connection.get_server_pid() if self._connection is not None else None

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        name, separator, key = payload.partition(":")
        cache = self._caches.get(name)
        if cache is None:
            return  # a cache another replica (or another version) has and we do not
        if separator:
            cache.evict(key)
        else:
            cache.clear()

    async def _listen_forever(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure: reconnect; caches bypass meanwhile
                log.warning("cache_listener_lost", error=f"{type(exc).__name__}: {exc}"[:300])
            await asyncio.sleep(self._reconnect_delay)

    async def _listen_once(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(
            self._dsn, timeout=self._timeout, server_settings={"application_name": "skillsphere-cache"}
        )
        lost = asyncio.Event()
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(CHANNEL, self._on_notify)
            self._connection = conn
            # Entries cached before LISTEN was active may have missed invalidations.
            self.reset("listener_connected")
            self._listening.set()
            log.info("cache_listening")
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._check_interval):
                        await lost.wait()
                if not lost.is_set():
                    async with asyncio.timeout(self._timeout):
                        await conn.fetchval("SELECT 1")
            raise ConnectionError("the LISTEN connection was closed")
        finally:
            was_listening = self._listening.is_set()
            self._listening.clear()
            self._connection = None
            if was_listening:
                self.reset("listener_lost")
            conn.terminate()
