"""The worker: claims due jobs with FOR UPDATE SKIP LOCKED, runs them, retries with backoff, dead-letters.

Safe with any number of worker processes on one database:

- a claim is a short transaction that locks due rows with SKIP LOCKED (two workers never get the same
  row), marks them `running` with a lease (`locked_until`) and commits; handlers run outside it;
- a worker renews the leases of the jobs it runs (heartbeat); a job whose lease expired belonged to a worker
  that died or lost the database and is handed to another one (counted as an attempt, so a job that kills
  its worker cannot loop forever);
- results are written only while the lease is still this worker's (`locked_by`, `attempts`);
- periodic jobs have one `job_schedules` row per kind; the worker that locks a due row (SKIP LOCKED again)
  advances it and enqueues that period's job, so each period runs once.

Wake-ups: every `poll_interval`, and at once when an enqueuing transaction commits (LISTEN/NOTIFY).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import random
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from prometheus_client import CollectorRegistry
from sqlalchemy import Integer, Interval, Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import DateTime

from pkg.jobs.metrics import JobMetrics
from pkg.jobs.queue import NOTIFY_CHANNEL, enqueue_on
from pkg.jobs.registry import JobDefinition, JobRegistry, PeriodicJob, PermanentJobError
from pkg.log import get_logger

PURGE_FINISHED_JOB = "jobs.purge_finished"
_MAX_ERROR_CHARS = 2000
_LOOP_STOP_SECONDS = 2.0
_LISTEN_CHECK_SECONDS = 15.0
_CANCEL_SECONDS = 0.5
_PURGE_BATCH = 1000

log = get_logger("jobs")

_CLAIM = (
    text(
        """
    WITH due AS (
        SELECT id FROM jobs
        WHERE status = 'pending' AND run_at <= now() AND kind = ANY(:kinds)
        ORDER BY run_at, id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs AS j
    SET status = 'running', attempts = j.attempts + 1, locked_by = :worker,
        locked_until = now() + make_interval(secs => :lease), started_at = now(), updated_at = now()
    FROM due WHERE j.id = due.id
    RETURNING j.id, j.kind, j.payload, j.attempts, coalesce(j.max_attempts, :default_max) AS max_attempts,
              j.run_at, j.started_at
    """
    )
    .bindparams(bindparam("kinds", type_=ARRAY(Text)))
    .columns(
        id=Integer,
        kind=Text,
        payload=JSONB,
        attempts=Integer,
        max_attempts=Integer,
        run_at=DateTime(timezone=True),
        started_at=DateTime(timezone=True),
    )
)

_OWNED = "id = :id AND locked_by = :worker AND attempts = :attempt AND status = 'running'"

# Enqueued again while it ran (`rerun`): back to pending for one more run with fresh attempts, since this
# run may have read its inputs before the change that enqueued it again.
_SUCCEED = text(
    f"""
    UPDATE jobs SET status = CASE WHEN rerun THEN 'pending' ELSE 'done' END,
                    finished_at = CASE WHEN rerun THEN NULL ELSE now() END,
                    run_at = CASE WHEN rerun THEN now() ELSE run_at END,
                    attempts = CASE WHEN rerun THEN 0 ELSE attempts END,
                    rerun = false, locked_until = NULL, locked_by = NULL, updated_at = now()
    WHERE {_OWNED}
    """  # noqa: S608 - constant fragments only, values are bound
)

_RETRY = text(
    f"""
    UPDATE jobs SET status = 'pending', run_at = now() + make_interval(secs => :delay), last_error = :error,
                    rerun = false, locked_until = NULL, locked_by = NULL, updated_at = now()
    WHERE {_OWNED}
    """  # noqa: S608 - constant fragments only, values are bound
)

_DEAD = text(
    f"""
    UPDATE jobs SET status = 'dead', finished_at = now(), last_error = :error,
                    locked_until = NULL, locked_by = NULL, updated_at = now()
    WHERE {_OWNED}
    """  # noqa: S608 - constant fragments only, values are bound
)

_HEARTBEAT = text(
    """
    UPDATE jobs SET locked_until = now() + make_interval(secs => :lease)
    WHERE id = ANY(:ids) AND locked_by = :worker AND status = 'running'
    """
)

_RELEASE = text(
    """
    UPDATE jobs SET status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(),
                    rerun = false, locked_until = NULL, locked_by = NULL, updated_at = now()
    WHERE id = ANY(:ids) AND locked_by = :worker AND status = 'running'
    """
)

_REAP = text(
    """
    WITH expired AS (
        SELECT id FROM jobs
        WHERE status = 'running' AND locked_until < now()
        ORDER BY locked_until
        LIMIT 100
        FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs AS j
    SET status = CASE WHEN j.attempts >= coalesce(j.max_attempts, :default_max) THEN 'dead' ELSE 'pending' END,
        finished_at = CASE WHEN j.attempts >= coalesce(j.max_attempts, :default_max) THEN now() END,
        last_error = 'lease expired: worker ' || coalesce(j.locked_by, '?') || ' stopped or lost the database',
        run_at = now(), rerun = false, locked_until = NULL, locked_by = NULL, updated_at = now()
    FROM expired WHERE j.id = expired.id
    RETURNING j.id, j.kind, j.status
    """
)

_REGISTER_SCHEDULE = text(
    """
    INSERT INTO job_schedules (kind, every, next_run_at) VALUES (:kind, :every, now())
    ON CONFLICT (kind) DO UPDATE
        SET every = EXCLUDED.every,
            next_run_at = least(job_schedules.next_run_at, now() + EXCLUDED.every),
            updated_at = now()
        WHERE job_schedules.every IS DISTINCT FROM EXCLUDED.every
    """
).bindparams(bindparam("every", type_=Interval))

# Skipped periods (every worker down for a while) are not made up: the next run is the next boundary.
_DUE_SCHEDULES = (
    text(
        """
    WITH due AS (
        SELECT kind FROM job_schedules
        WHERE kind = ANY(:kinds) AND next_run_at <= now()
        FOR UPDATE SKIP LOCKED
    )
    UPDATE job_schedules AS s
    SET last_run_at = s.next_run_at,
        next_run_at = s.next_run_at + s.every * (
            floor(extract(epoch FROM now() - s.next_run_at) / extract(epoch FROM s.every)) + 1
        )::float8,
        updated_at = now()
    FROM due WHERE s.kind = due.kind
    RETURNING s.kind, s.last_run_at
    """
    )
    .bindparams(bindparam("kinds", type_=ARRAY(Text)))
    .columns(kind=Text, last_run_at=DateTime(timezone=True))
)

_DEPTH = text(
    """
    SELECT (SELECT count(*) FROM jobs WHERE status = 'pending' AND run_at <= now()) AS pending,
           (SELECT count(*) FROM jobs WHERE status = 'pending' AND run_at > now()) AS scheduled,
           (SELECT count(*) FROM jobs WHERE status = 'running') AS running,
           (SELECT count(*) FROM jobs WHERE status = 'dead') AS dead
    """
)

_PURGE = text(
    """
    DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs
        WHERE status = 'done' AND finished_at < now() - make_interval(secs => :age)
        LIMIT :batch
    )
    """
)


def retry_delay(attempt: int, *, base: float, cap: float, jitter: float) -> float:
    """Seconds before retrying after failed attempt number `attempt` (1-based).

    Exponential (`base`, 2×base, 4×base, … up to `cap`) stretched by up to `jitter` (a fraction) so jobs
    that failed together do not all come back at the same instant; never shorter than the exponential step.
    """
    step = min(cap, base * 2 ** max(attempt - 1, 0))
    return step * (1 + random.uniform(0, jitter))


@dataclass(frozen=True)
class ClaimedJob:
    """A job this worker holds the lease of."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    run_at: datetime
    started_at: datetime


class Worker:
    """Runs the jobs of `registry` from the jobs table until stopped; see the module docstring."""

    def __init__(
        self,
        engine: AsyncEngine,
        registry: JobRegistry,
        *,
        metrics: JobMetrics | None = None,
        concurrency: int = 4,
        poll_interval: float = 1.0,
        default_max_attempts: int = 5,
        backoff_base: float = 10.0,
        backoff_max: float = 3600.0,
        backoff_jitter: float = 0.25,
        lease: float = 60.0,
        listen: bool = True,
        finished_retention: timedelta | None = timedelta(days=7),
        worker_id: str | None = None,
        db_timeout: float = 30.0,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if poll_interval <= 0 or lease <= 0:
            raise ValueError("poll_interval and lease must be positive")
        self._engine = engine
        self._registry = registry
        self._metrics = metrics
        self._concurrency = concurrency
        self._poll_interval = poll_interval
        self._default_max_attempts = default_max_attempts
        self._backoff = {"base": backoff_base, "cap": backoff_max, "jitter": backoff_jitter}
        self._lease = lease
        self._listen_enabled = listen
        self._retention = finished_retention
        # A connection cut without a FIN/RST (network partition) hangs a query forever: bound every call.
        self._db_timeout = db_timeout
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._definitions: dict[str, JobDefinition] = {}
        self._schedules: dict[str, PeriodicJob] = {}
        self._running: dict[asyncio.Task[None], ClaimedJob] = {}
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._loop_task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()
        """Set while notifications of enqueues arrive (LISTEN is active)."""

    # -- lifecycle ----------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Register the periodic schedules and start polling; returns at once."""
        if self._loop_task is not None:
            raise RuntimeError("worker already started")
        if self._metrics is None:
            self._metrics = JobMetrics(CollectorRegistry())  # unexported: the caller did not want metrics
        # Snapshot: domains register their handlers in the composition root, before the worker starts.
        self._definitions = {definition.kind: definition for definition in self._registry}
        self._schedules = {schedule.kind: schedule for schedule in self._registry.schedules}
        if self._retention is not None:
            self._definitions[PURGE_FINISHED_JOB] = JobDefinition(PURGE_FINISHED_JOB, self._purge_finished)
            self._schedules[PURGE_FINISHED_JOB] = PeriodicJob(PURGE_FINISHED_JOB, timedelta(hours=1), 1)
        await self._register_schedules()
        self._stopping.clear()
        self._loop_task = asyncio.create_task(self._poll_loop(), name=f"jobs-worker-{self.worker_id}")
        self._tasks = [asyncio.create_task(self._heartbeat_loop(), name="jobs-heartbeat")]
        if self._listen_enabled:
            self._tasks.append(asyncio.create_task(self._listen_loop(), name="jobs-listen"))
        log.info(
            "worker_started",
            worker_id=self.worker_id,
            kinds=sorted(self._definitions),
            concurrency=self._concurrency,
        )

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming, give running jobs `grace` seconds to finish, then cancel and release the rest.

        Released jobs go back to pending without the interrupted attempt being counted. Returns within
        about `grace` seconds even when the database hangs (cleanup of cancelled calls is not awaited
        beyond the deadline).
        """
        if self._loop_task is None:
            return
        deadline = time.monotonic() + grace

        def remaining(at_least: float = 0.0) -> float:
            return max(deadline - time.monotonic(), at_least)

        self._stopping.set()
        self._wake.set()
        # The loop is normally idle and ends at once; one stuck in a database call is cancelled (a claim
        # cut short either rolls back or leaves leases that expire).
        loop_task, self._loop_task = self._loop_task, None
        _, stuck = await asyncio.wait({loop_task}, timeout=min(grace, _LOOP_STOP_SECONDS))
        await _cancel(stuck, remaining(_CANCEL_SECONDS))
        running = dict(self._running)
        unfinished: list[ClaimedJob] = []
        if running:
            _, pending = await asyncio.wait(running, timeout=remaining())
            unfinished = [running[task] for task in pending]
            await _cancel(pending, _CANCEL_SECONDS)
        if unfinished:
            ids = [job.id for job in unfinished]
            try:
                async with asyncio.timeout(min(self._db_timeout, _LOOP_STOP_SECONDS)), self._engine.begin() as conn:
                    await conn.execute(_RELEASE, {"ids": ids, "worker": self.worker_id})
                log.warning("jobs_released", worker_id=self.worker_id, job_ids=ids)
            except Exception as exc:  # noqa: BLE001 - their leases expire and another worker takes them
                log.warning("jobs_release_failed", worker_id=self.worker_id, job_ids=ids, error=_describe(exc))
        await _cancel(self._tasks, _CANCEL_SECONDS)
        self._tasks = []
        log.info("worker_stopped", worker_id=self.worker_id)

    @property
    def running_jobs(self) -> int:
        """How many jobs this worker is running now."""
        return len(self._running)

    def wake(self) -> None:
        """Look for due jobs now instead of at the next poll."""
        self._wake.set()

    # -- polling ------------------------------------------------------------------------------------------

    async def _poll_loop(self) -> None:
        last_housekeeping = -math.inf
        while not self._stopping.is_set():
            self._wake.clear()
            free = self._concurrency - len(self._running)
            claimed = 0
            try:
                async with asyncio.timeout(self._db_timeout):
                    if time.monotonic() - last_housekeeping >= self._poll_interval:
                        last_housekeeping = time.monotonic()
                        await self._housekeeping()
                    if free > 0:
                        claimed = await self._claim(free)
            except Exception as exc:  # noqa: BLE001 - database trouble: keep polling, it may come back
                log.warning("jobs_poll_failed", worker_id=self.worker_id, error=_describe(exc))
            if self._stopping.is_set():
                break
            if free > 0 and claimed == free:
                continue  # more may be due; the next round waits for a free slot if none is left
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll_interval):
                    await self._wake.wait()

    async def _claim(self, limit: int) -> int:
        async with self._engine.begin() as conn:
            rows = (
                await conn.execute(
                    _CLAIM,
                    {
                        "kinds": list(self._definitions),
                        "limit": limit,
                        "worker": self.worker_id,
                        "lease": self._lease,
                        "default_max": self._default_max_attempts,
                    },
                )
            ).all()
        for row in rows:
            job = ClaimedJob(
                id=row.id,
                kind=row.kind,
                payload=row.payload,
                attempt=row.attempts,
                max_attempts=row.max_attempts,
                run_at=row.run_at,
                started_at=row.started_at,
            )
            task = asyncio.create_task(self._execute(job), name=f"job-{job.kind}-{job.id}")
            self._running[task] = job
            task.add_done_callback(self._finished)
        return len(rows)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.pop(task, None)
        self._wake.set()

    async def _housekeeping(self) -> None:
        """Reclaim expired leases, enqueue due periodic jobs, refresh the queue-depth gauge."""
        metrics = self._require_metrics()
        async with self._engine.begin() as conn:
            for row in (await conn.execute(_REAP, {"default_max": self._default_max_attempts})).all():
                outcome = "dead" if row.status == "dead" else "retried"
                metrics.completed.labels(row.kind, outcome).inc()
                log.warning("job_lease_expired", job_id=row.id, kind=row.kind, status=row.status)
        if self._schedules:
            async with self._engine.begin() as conn:
                due = (await conn.execute(_DUE_SCHEDULES, {"kinds": list(self._schedules)})).all()
                for row in due:
                    schedule = self._schedules[row.kind]
                    await enqueue_on(
                        conn,
                        row.kind,
                        {"scheduled_for": row.last_run_at.isoformat()},
                        run_at=row.last_run_at,
                        max_attempts=schedule.max_attempts,
                        dedupe_key=f"periodic:{row.kind}",
                        rerun=False,  # a period still running when the next is due is skipped, not chained
                    )
        async with self._engine.connect() as conn:
            depth = (await conn.execute(_DEPTH)).one()
        for status in ("pending", "scheduled", "running", "dead"):
            metrics.queue_depth.labels(status).set(getattr(depth, status))

    async def _register_schedules(self) -> None:
        if not self._schedules:
            return
        async with self._engine.begin() as conn:
            for schedule in self._schedules.values():
                await conn.execute(_REGISTER_SCHEDULE, {"kind": schedule.kind, "every": schedule.every})

    # -- running one job ----------------------------------------------------------------------------------

    async def _execute(self, job: ClaimedJob) -> None:
        metrics = self._require_metrics()
        definition = self._definitions[job.kind]
        metrics.queue_latency.labels(job.kind).observe(max((job.started_at - job.run_at).total_seconds(), 0.0))
        metrics.running.labels(job.kind).inc()
        started = time.perf_counter()
        with structlog.contextvars.bound_contextvars(job_id=job.id, job_kind=job.kind, attempt=job.attempt):
            try:
                try:
                    async with asyncio.timeout(definition.timeout):
                        await definition.handler(job.payload)
                finally:
                    metrics.duration.labels(job.kind).observe(time.perf_counter() - started)
                    metrics.running.labels(job.kind).dec()
            except asyncio.CancelledError:
                raise  # stop() releases the job
            except Exception as exc:  # noqa: BLE001 - any failure of a handler is recorded on its job
                await self._record_failure(job, exc)
            else:
                await self._record(job, _SUCCEED, {}, outcome="succeeded")

    async def _record_failure(self, job: ClaimedJob, exc: Exception) -> None:
        error = _describe(exc)[:_MAX_ERROR_CHARS]
        if isinstance(exc, PermanentJobError) or job.attempt >= job.max_attempts:
            if await self._record(job, _DEAD, {"error": error}, outcome="dead"):
                log.error(
                    "job_dead_lettered",
                    job_id=job.id,
                    kind=job.kind,
                    attempt=job.attempt,
                    max_attempts=job.max_attempts,
                    error=error,
                )
            return
        delay = retry_delay(job.attempt, **self._backoff)
        if await self._record(job, _RETRY, {"error": error, "delay": delay}, outcome="retried"):
            log.warning(
                "job_failed",
                job_id=job.id,
                kind=job.kind,
                attempt=job.attempt,
                max_attempts=job.max_attempts,
                retry_in_seconds=round(delay, 3),
                error=error,
            )

    async def _record(self, job: ClaimedJob, statement: Any, values: dict[str, Any], *, outcome: str) -> bool:
        """Write the attempt's result if the lease is still ours; False when it was not recorded."""
        params = {"id": job.id, "worker": self.worker_id, "attempt": job.attempt, **values}
        try:
            async with asyncio.timeout(self._db_timeout), self._engine.begin() as conn:
                updated = (await conn.execute(statement, params)).rowcount
        except Exception as exc:  # noqa: BLE001 - the lease expires and the job runs again
            log.error("job_result_not_recorded", job_id=job.id, kind=job.kind, outcome=outcome, error=_describe(exc))
            return False
        if not updated:
            log.warning("job_lease_lost", job_id=job.id, kind=job.kind, outcome=outcome)
            return False
        self._require_metrics().completed.labels(job.kind, outcome).inc()
        return True

    # -- leases, notifications, retention -----------------------------------------------------------------

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            ids = [job.id for job in self._running.values()]
            if not ids:
                continue
            try:
                async with asyncio.timeout(self._lease / 3), self._engine.begin() as conn:
                    await conn.execute(_HEARTBEAT, {"ids": ids, "worker": self.worker_id, "lease": self._lease})
            except Exception as exc:  # noqa: BLE001 - retried at the next beat, well within the lease
                log.warning("jobs_heartbeat_failed", worker_id=self.worker_id, error=_describe(exc))

    async def _listen_loop(self) -> None:
        """Hold one connection LISTENing for enqueues; reconnect after losing it (polling covers the gap)."""
        kinds = set(self._definitions)

        def on_notify(_conn: object, _pid: int, _channel: str, kind: str) -> None:
            if kind in kinds:
                self._wake.set()

        while True:
            try:
                async with self._engine.connect() as conn:
                    raw = await conn.get_raw_connection()
                    driver: Any = raw.driver_connection
                    lost = asyncio.Event()
                    try:
                        driver.add_termination_listener(lambda _conn, lost=lost: lost.set())
                        await driver.add_listener(NOTIFY_CHANNEL, on_notify)
                        self.listening.set()
                        while not lost.is_set():
                            with contextlib.suppress(TimeoutError):
                                async with asyncio.timeout(_LISTEN_CHECK_SECONDS):
                                    await lost.wait()
                            if not lost.is_set():
                                # A silently dead connection never reports itself lost: ask it.
                                async with asyncio.timeout(self._db_timeout):
                                    await driver.fetchval("SELECT 1")
                    finally:
                        self.listening.clear()
                        # Never hand a LISTENing connection back to the pool.
                        await conn.invalidate()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - notifications are an optimisation over polling
                log.warning("jobs_listen_failed", worker_id=self.worker_id, error=_describe(exc))
            await asyncio.sleep(self._poll_interval * 5)

    async def _purge_finished(self, _payload: dict[str, Any]) -> None:
        """Delete jobs that finished successfully more than the retention ago (dead ones are kept)."""
        assert self._retention is not None
        deleted = 0
        while True:
            async with self._engine.begin() as conn:
                result = await conn.execute(_PURGE, {"age": self._retention.total_seconds(), "batch": _PURGE_BATCH})
            deleted += result.rowcount
            if result.rowcount < _PURGE_BATCH:
                break
        if deleted:
            log.info("jobs_purged", deleted=deleted)

    def _require_metrics(self) -> JobMetrics:
        assert self._metrics is not None, "start() creates the metrics"
        return self._metrics


async def _cancel(tasks: Iterable[asyncio.Task[Any]], cleanup_seconds: float) -> None:
    """Cancel `tasks` and give their cleanup that long (a call on a dead connection may linger)."""
    tasks = list(tasks)
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=cleanup_seconds)


def _describe(exc: BaseException) -> str:
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
