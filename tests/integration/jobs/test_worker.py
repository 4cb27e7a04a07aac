"""The job system against the real PostgreSQL: outbox semantics, retries, dead letters, delays, periodic
jobs, several workers, leases, shutdown and metrics."""

from __future__ import annotations

import asyncio
import collections
import random
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import func, select, text

from pkg.db import Database, UnitOfWorkFactory
from pkg.jobs import (
    Job,
    JobMetrics,
    JobRegistry,
    JobSchedule,
    PermanentJobError,
    Worker,
    enqueue,
    retry_delay,
)
from tests.integration.jobs.helpers import eventually, jobs_of
from tests.support.waiting import DEADLINE, wait_event

FAST = {"poll_interval": 0.05, "backoff_base": 0.05, "backoff_jitter": 0.0, "finished_retention": None}


class _Workers:
    """Builds workers and remembers them so that none outlives its test."""

    def __init__(self) -> None:
        self.built: list[Worker] = []

    def __call__(self, database: Database, registry: JobRegistry, **options: Any) -> Worker:
        worker = Worker(database.engine, registry, **{**FAST, **options})
        self.built.append(worker)
        return worker


@pytest.fixture
async def workers() -> AsyncIterator[_Workers]:
    built = _Workers()
    yield built
    await _stop_all(built)


async def _stop_all(workers: _Workers) -> None:
    await asyncio.gather(*(worker.stop(grace=1) for worker in workers.built))


async def _enqueue(uow: UnitOfWorkFactory, kind: str, payload: dict[str, Any], **options: Any) -> None:
    async with uow() as work:
        await enqueue(work.session, kind, payload, **options)
        await work.commit()


async def test_a_job_enqueued_in_a_rolled_back_unit_of_work_never_exists(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    ran: list[dict[str, Any]] = []

    async def handler(payload: dict[str, Any]) -> None:
        ran.append(payload)

    registry = JobRegistry()
    registry.register(kind, handler)
    await workers(database, registry).start()

    async with uow() as work:
        await enqueue(work.session, kind, {"n": "rolled back"})
        # leaving without commit: the caller's change and its job vanish together
    with pytest.raises(RuntimeError):
        async with uow() as work:
            await enqueue(work.session, kind, {"n": "failed"})
            raise RuntimeError("the use case failed after enqueueing")
    await _enqueue(uow, kind, {"n": "committed"})

    await eventually(lambda: len(ran) == 1)
    await asyncio.sleep(0.3)
    assert ran == [{"n": "committed"}]
    assert [job.payload for job in await jobs_of(uow, kind)] == [{"n": "committed"}]


async def test_a_job_that_fails_twice_then_succeeds_runs_three_attempts_with_backoff(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    starts: list[float] = []

    async def flaky(payload: dict[str, Any]) -> None:
        starts.append(time.monotonic())
        if len(starts) <= 2:
            raise ConnectionError(f"provider down (call {len(starts)})")

    registry = JobRegistry()
    registry.register(kind, flaky)
    collector = CollectorRegistry()
    await workers(database, registry, metrics=JobMetrics(collector), backoff_base=0.2).start()
    await _enqueue(uow, kind, {"to": "someone"}, max_attempts=5)

    await eventually(lambda: _status(uow, kind, "done"))
    [job] = await jobs_of(uow, kind)
    assert job.attempts == 3
    assert job.last_error == "ConnectionError: provider down (call 2)"  # the last failure is kept
    assert len(starts) == 3
    # base 0.2 s, doubling: at least 0.2 s before the 2nd attempt and 0.4 s before the 3rd
    assert starts[1] - starts[0] >= 0.2
    assert starts[2] - starts[1] >= 0.4
    assert _sample(collector, "jobs_completed_total", kind=kind, outcome="retried") == 2
    assert _sample(collector, "jobs_completed_total", kind=kind, outcome="succeeded") == 1


async def test_a_job_failing_every_time_is_dead_lettered_after_max_attempts(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    calls = 0

    async def broken(payload: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        raise ValueError(f"cannot handle {payload['n']}")

    registry = JobRegistry()
    registry.register(kind, broken)
    collector = CollectorRegistry()
    await workers(database, registry, metrics=JobMetrics(collector)).start()
    await _enqueue(uow, kind, {"n": 7}, max_attempts=3)

    await eventually(lambda: _status(uow, kind, "dead"))
    await asyncio.sleep(0.3)  # nothing runs it again
    [job] = await jobs_of(uow, kind)
    assert (job.status, job.attempts, calls) == ("dead", 3, 3)
    assert job.last_error == "ValueError: cannot handle 7"
    assert job.finished_at is not None
    assert _sample(collector, "jobs_completed_total", kind=kind, outcome="dead") == 1


async def test_the_worker_default_max_attempts_applies_when_enqueue_gives_none(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    async def broken(_: dict[str, Any]) -> None:
        raise RuntimeError("no")

    registry = JobRegistry()
    registry.register(kind, broken)
    await workers(database, registry, default_max_attempts=2).start()
    await _enqueue(uow, kind, {})

    await eventually(lambda: _status(uow, kind, "dead"))
    [job] = await jobs_of(uow, kind)
    assert job.attempts == 2


async def test_a_permanent_error_dead_letters_without_retrying(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    async def refuses(_: dict[str, Any]) -> None:
        raise PermanentJobError("recipient does not exist")

    registry = JobRegistry()
    registry.register(kind, refuses)
    await workers(database, registry).start()
    await _enqueue(uow, kind, {}, max_attempts=5)

    await eventually(lambda: _status(uow, kind, "dead"))
    [job] = await jobs_of(uow, kind)
    assert job.attempts == 1
    assert job.last_error == "PermanentJobError: recipient does not exist"


async def test_a_handler_over_its_timeout_counts_as_a_failed_attempt(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    async def hangs(_: dict[str, Any]) -> None:
        await asyncio.sleep(30)

    registry = JobRegistry()
    registry.register(kind, hangs, timeout=0.1)
    await workers(database, registry).start()
    await _enqueue(uow, kind, {}, max_attempts=1)

    await eventually(lambda: _status(uow, kind, "dead"))
    [job] = await jobs_of(uow, kind)
    assert job.last_error == "TimeoutError"


async def test_a_delayed_job_does_not_run_before_its_run_at(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    ran_at: list[datetime] = []

    async def handler(_: dict[str, Any]) -> None:
        ran_at.append(datetime.now(UTC))

    registry = JobRegistry()
    registry.register(kind, handler)
    await workers(database, registry).start()
    run_at = datetime.now(UTC) + timedelta(seconds=2)
    await _enqueue(uow, kind, {}, run_at=run_at)

    # Several polls (every 0.05 s) pass before run_at; on a loaded machine run_at may pass first, which
    # the last assertion still covers.
    await eventually(lambda: datetime.now(UTC) >= run_at - timedelta(seconds=1) or None, timeout=DEADLINE)
    [job] = await jobs_of(uow, kind)
    if datetime.now(UTC) < run_at:
        assert ran_at == [] and job.status == "pending"
    await eventually(lambda: len(ran_at) == 1)
    assert ran_at[0] >= run_at


async def test_a_periodic_job_runs_once_per_period_with_two_workers(
    open_database: Callable[[], Database], uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    runs: list[tuple[str, str]] = []

    def handler_for(worker_name: str) -> Callable[[dict[str, Any]], Any]:
        async def tick(payload: dict[str, Any]) -> None:
            runs.append((worker_name, payload["scheduled_for"]))

        return tick

    every = timedelta(milliseconds=300)
    databases = [open_database(), open_database()]
    try:
        for name, db in zip(("a", "b"), databases, strict=True):
            registry = JobRegistry()
            registry.periodic(kind, every, handler_for(name))
            await workers(db, registry, poll_interval=0.02).start()
        await eventually(lambda: len(runs) >= 4)
    finally:
        await _stop_all(workers)
        for db in databases:
            await db.dispose()

    periods = [datetime.fromisoformat(scheduled) for _, scheduled in runs]
    assert len(periods) == len(set(periods)), f"a period ran twice: {runs}"
    assert len(periods) >= 4, runs
    steps = {round((later - earlier) / every, 6) for earlier, later in zip(periods, periods[1:], strict=False)}
    assert all(step == int(step) and step >= 1 for step in steps), steps
    async with uow() as work:
        schedule = await work.session.get(JobSchedule, kind)
        assert schedule is not None and schedule.every == every


async def test_two_workers_run_each_of_many_jobs_exactly_once(
    open_database: Callable[[], Database], uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    count = 300
    runs: collections.Counter[int] = collections.Counter()
    by_worker: collections.Counter[str] = collections.Counter()

    def handler_for(worker_name: str) -> Callable[[dict[str, Any]], Any]:
        async def work(payload: dict[str, Any]) -> None:
            await asyncio.sleep(random.uniform(0, 0.005))
            runs[payload["n"]] += 1
            by_worker[worker_name] += 1

        return work

    async with uow() as work:
        for n in range(count):
            await enqueue(work.session, kind, {"n": n})
        await work.commit()

    databases = [open_database(), open_database()]
    try:
        for name, db in zip(("a", "b"), databases, strict=True):
            registry = JobRegistry()
            registry.register(kind, handler_for(name))
            await workers(db, registry, concurrency=8, poll_interval=0.01).start()
        await eventually(lambda: _status(uow, kind, "done", count=count))
    finally:
        await _stop_all(workers)
        for db in databases:
            await db.dispose()

    assert set(runs) == set(range(count))
    assert set(runs.values()) == {1}, [n for n, times in runs.items() if times > 1]
    assert by_worker["a"] > 0 and by_worker["b"] > 0, by_worker
    assert {job.attempts for job in await jobs_of(uow, kind)} == {1}


async def test_the_job_of_a_crashed_worker_runs_again_after_its_lease_expires(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    ran: list[dict[str, Any]] = []

    async def handler(payload: dict[str, Any]) -> None:
        ran.append(payload)

    # What a worker that died mid-job leaves behind: running, first attempt counted, lease in the past.
    async with database.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO jobs (kind, payload, status, attempts, locked_by, locked_until, started_at) "
                "VALUES (:kind, '{\"n\": 1}', 'running', 1, 'crashed-worker', now() - interval '1 second', now())"
            ),
            {"kind": kind},
        )
    registry = JobRegistry()
    registry.register(kind, handler)
    await workers(database, registry).start()

    await eventually(lambda: _status(uow, kind, "done"))
    [job] = await jobs_of(uow, kind)
    assert ran == [{"n": 1}]
    assert job.attempts == 2
    assert "lease expired: worker crashed-worker" in (job.last_error or "")


async def test_a_long_job_keeps_its_lease_while_it_runs(
    open_database: Callable[[], Database], uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    calls = 0

    async def slow(_: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(7.0)

    databases = [open_database(), open_database()]
    try:
        for db in databases:
            registry = JobRegistry()
            registry.register(kind, slow)
            # lease 3 s (renewed every third of it) under a 7 s job: the other worker must not take it over.
            # (With a 1 s lease a heavily loaded machine once delayed a renewal past it.)
            await workers(db, registry, lease=3.0).start()
        await _enqueue(uow, kind, {})
        await eventually(lambda: _status(uow, kind, "done"))
    finally:
        await _stop_all(workers)
        for db in databases:
            await db.dispose()
    [job] = await jobs_of(uow, kind)
    assert (calls, job.attempts) == (1, 1)


async def test_stop_lets_running_jobs_finish_and_returns_unfinished_ones_to_the_queue(
    database: Database, uow: UnitOfWorkFactory, kind: str
) -> None:
    finished: list[str] = []

    async def handler(payload: dict[str, Any]) -> None:
        await asyncio.sleep(payload["seconds"])
        finished.append(payload["name"])

    registry = JobRegistry()
    registry.register(kind, handler)
    worker = Worker(database.engine, registry, **FAST)
    await worker.start()
    await _enqueue(uow, kind, {"name": "quick", "seconds": 0.2})
    await _enqueue(uow, kind, {"name": "slow", "seconds": 3600})
    await eventually(lambda: worker.running_jobs == 2)

    started = time.monotonic()
    await worker.stop(grace=5.0)
    assert time.monotonic() - started < DEADLINE  # the grace, not the slow job's hour
    assert finished == ["quick"]
    jobs = {job.payload["name"]: job for job in await jobs_of(uow, kind)}
    assert jobs["quick"].status == "done"
    # interrupted by the shutdown, not failed: back to pending with the attempt not counted
    assert (jobs["slow"].status, jobs["slow"].attempts, jobs["slow"].locked_by) == ("pending", 0, None)


async def test_enqueue_with_a_dedupe_key_is_idempotent_while_the_job_is_pending(
    uow: UnitOfWorkFactory, kind: str
) -> None:
    for _ in range(3):
        await _enqueue(uow, kind, {"n": 1}, dedupe_key=f"{kind}:user-1")
    await _enqueue(uow, kind, {"n": 2}, dedupe_key=f"{kind}:user-2")
    assert [job.payload for job in await jobs_of(uow, kind)] == [{"n": 1}, {"n": 2}]

    async with uow() as work:
        await work.session.execute(text("UPDATE jobs SET status = 'done' WHERE kind = :kind"), {"kind": kind})
        await work.commit()
    await _enqueue(uow, kind, {"n": 3}, dedupe_key=f"{kind}:user-1")  # the first one finished: a new job
    assert len(await jobs_of(uow, kind)) == 3


async def test_enqueueing_a_running_jobs_key_runs_it_once_more_after_it_succeeds(
    database: Database, uow: UnitOfWorkFactory, kind: str, workers: _Workers
) -> None:
    # A job that read its inputs before a change committed must see that change: the change's enqueue
    # (deduplicated against the running job) flags it to run again, once however many enqueues arrive.
    started = asyncio.Event()
    release = asyncio.Event()
    runs = 0

    async def handler(_payload: dict[str, Any]) -> None:
        nonlocal runs
        runs += 1
        if runs == 1:
            started.set()
            await release.wait()

    registry = JobRegistry()
    registry.register(kind, handler)
    await workers(database, registry).start()
    await _enqueue(uow, kind, {}, dedupe_key=f"{kind}:k")
    await wait_event(started, DEADLINE)
    for _ in range(3):
        await _enqueue(uow, kind, {}, dedupe_key=f"{kind}:k")
    assert len(await jobs_of(uow, kind)) == 1  # flagged, not duplicated
    release.set()

    async def done_twice() -> bool:
        jobs = await jobs_of(uow, kind)
        return runs == 2 and [j.status for j in jobs] == ["done"]

    await eventually(done_twice, message="the flagged job did not run once more")
    (job,) = await jobs_of(uow, kind)
    assert job.rerun is False and job.attempts == 1  # done for good: nothing left to run a third time


async def test_enqueue_rejects_what_could_never_run(uow: UnitOfWorkFactory, kind: str) -> None:
    async with uow() as work:
        with pytest.raises(TypeError):
            await enqueue(work.session, kind, {"when": datetime.now(UTC)})
        with pytest.raises(ValueError, match="timezone-aware"):
            await enqueue(work.session, kind, {}, run_at=datetime(2030, 1, 1))
        with pytest.raises(ValueError, match="max_attempts"):
            await enqueue(work.session, kind, {}, max_attempts=0)


async def test_a_committed_enqueue_wakes_an_idle_worker_at_once(
    database: Database, uow: UnitOfWorkFactory, kind: str
) -> None:
    ran = asyncio.Event()

    async def handler(_: dict[str, Any]) -> None:
        ran.set()

    registry = JobRegistry()
    registry.register(kind, handler)
    worker = Worker(database.engine, registry, poll_interval=3600, finished_retention=None)
    await worker.start()
    try:
        await wait_event(worker.listening)
        await asyncio.sleep(0.1)  # the first poll has most likely happened; the next one is an hour away
        await _enqueue(uow, kind, {})
        await wait_event(ran, message="the enqueue did not wake the worker")
    finally:
        await worker.stop(grace=1)


async def test_job_metrics_count_enqueues_outcomes_latency_duration_and_depth(
    open_database: Callable[[], Database], kind: str
) -> None:
    database = open_database()  # its own engine: the enqueue counter hooks into the engine's commits
    try:
        collector = CollectorRegistry()
        metrics = JobMetrics(collector)
        metrics.observe_enqueues(database.engine)
        uow = UnitOfWorkFactory(database.engine)
        attempts = 0

        async def fails_once(_: dict[str, Any]) -> None:
            nonlocal attempts
            attempts += 1
            await asyncio.sleep(0.05)
            if attempts == 1:
                raise RuntimeError("first time fails")

        await _enqueue(uow, kind, {"n": 1})
        await _enqueue(uow, kind, {"n": 2}, run_at=datetime.now(UTC) + timedelta(hours=1))
        async with uow() as work:
            await enqueue(work.session, kind, {"n": "rolled back"})
        assert _sample(collector, "jobs_enqueued_total", kind=kind) == 2

        registry = JobRegistry()
        registry.register(kind, fails_once)
        worker = Worker(database.engine, registry, metrics=metrics, **FAST)
        await worker.start()
        try:
            await eventually(lambda: _sample(collector, "jobs_completed_total", kind=kind, outcome="succeeded") == 1)
            await eventually(lambda: (_sample(collector, "jobs_queue_depth", status="scheduled") or 0) >= 1)
        finally:
            await worker.stop(grace=1)

        assert _sample(collector, "jobs_completed_total", kind=kind, outcome="retried") == 1
        assert _sample(collector, "jobs_duration_seconds_count", kind=kind) == 2
        assert (_sample(collector, "jobs_duration_seconds_sum", kind=kind) or 0) >= 0.1
        assert _sample(collector, "jobs_queue_latency_seconds_count", kind=kind) == 2
        # the retry waited out its backoff (0.05 s) before starting: latency is measured from run_at
        assert _sample(collector, "jobs_running", kind=kind) == 0
    finally:
        await database.dispose()


def test_retry_delay_doubles_from_the_base_up_to_the_cap_with_bounded_jitter() -> None:
    assert [retry_delay(n, base=1, cap=10, jitter=0) for n in range(1, 6)] == [1, 2, 4, 8, 10]
    for _ in range(100):
        assert 4 <= retry_delay(3, base=1, cap=100, jitter=0.25) <= 5


async def _status(uow: UnitOfWorkFactory, kind: str, status: str, count: int = 1) -> bool:
    """True when exactly `count` jobs of `kind` have `status`."""
    async with uow() as work:
        found = await work.session.scalar(
            select(func.count()).select_from(Job).where(Job.kind == kind, Job.status == status)
        )
    return found == count


def _sample(collector: CollectorRegistry, name: str, **labels: str) -> float | None:
    return collector.get_sample_value(name, labels)
