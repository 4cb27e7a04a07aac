"""Enqueueing: a job is a row written in the caller's transaction (the outbox), so it exists exactly when
the change that caused it was committed, and nothing is sent for work that rolled back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, literal_column, select, true
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from pkg.jobs.models import Job, JobStatus

# Workers LISTEN on this channel; the notification is delivered only if the enqueuing transaction commits.
NOTIFY_CHANNEL = "skillsphere_jobs"
# Kinds enqueued on a connection's current transaction, counted by JobMetrics when it commits.
ENQUEUED_INFO_KEY = "skillsphere.jobs.enqueued"
_UNFINISHED = (JobStatus.PENDING.value, JobStatus.RUNNING.value)


def insert_job(
    kind: str,
    payload: dict[str, Any],
    *,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
    dedupe_key: str | None = None,
    rerun: bool = True,
) -> ReturningInsert[int]:
    """The INSERT of one job, skipping it when an unfinished job has the same `dedupe_key` — and when that
    job is already running, asking it to run once more after it succeeds (`rerun`, unless False), since it
    may have read its inputs before the change this enqueue announces."""
    if not kind:
        raise ValueError("a job needs a kind")
    if max_attempts is not None and max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if run_at is not None and run_at.tzinfo is None:
        raise ValueError("run_at must be timezone-aware")
    # Fail here, in the caller's code, rather than at flush time with a driver error.
    json.dumps(payload)
    stmt = insert(Job).values(
        kind=kind,
        payload=payload,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        run_at=run_at if run_at is not None else func.now(),
    )
    if dedupe_key is not None:
        # Literal values, not bound parameters: once PostgreSQL switches a prepared statement to its
        # generic plan (after five runs on a connection), it can no longer match bound values against
        # the partial unique index's predicate and refuses the ON CONFLICT.
        arbiter = Job.dedupe_key.is_not(None) & Job.status.in_(
            [literal_column(f"'{status}'") for status in _UNFINISHED]
        )
        if rerun:
            # A pending duplicate is left alone (it has not read anything yet); a running one is flagged.
            # RETURNING then yields no row for the pending case and the running job's id for the flag.
            return stmt.on_conflict_do_update(
                index_elements=[Job.dedupe_key],
                index_where=arbiter,
                set_={"rerun": true()},
                where=Job.status == literal_column(f"'{JobStatus.RUNNING.value}'"),
            ).returning(Job.id)
        stmt = stmt.on_conflict_do_nothing(index_elements=[Job.dedupe_key], index_where=arbiter)
    return stmt.returning(Job.id)


async def enqueue(
    session: AsyncSession,
    kind: str,
    payload: dict[str, Any],
    *,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
    dedupe_key: str | None = None,
) -> None:
    """Add a job to the caller's unit of work; it runs only if that unit of work commits.

    `payload` must be JSON-serialisable and is stored in plain text in the jobs table: put identifiers in
    it, not secrets (the one exception is a one-time link token an email job needs to build its link).
    `run_at` delays the job (timezone-aware; default: now). `max_attempts` defaults to the worker's setting
    (`SKILLSPHERE_JOBS_MAX_ATTEMPTS`). With `dedupe_key`, enqueueing again while a job with that key is
    pending does nothing (that job has not read anything yet); while it is running, it is flagged to run
    once more after it succeeds (however many enqueues arrive meanwhile), so a change committed during a
    run is never lost.
    """
    stmt = insert_job(kind, payload, run_at=run_at, max_attempts=max_attempts, dedupe_key=dedupe_key)
    inserted = (await session.execute(stmt)).scalar_one_or_none()
    if inserted is not None:
        await _announce(await session.connection(), kind, run_at)


async def enqueue_on(
    conn: AsyncConnection,
    kind: str,
    payload: dict[str, Any],
    *,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
    dedupe_key: str | None = None,
    rerun: bool = True,
) -> bool:
    """`enqueue` on a Core connection's transaction; True when a job was added or a running one flagged to
    run again (`rerun=False`: neither, only added when no unfinished job has the key)."""
    stmt = insert_job(kind, payload, run_at=run_at, max_attempts=max_attempts, dedupe_key=dedupe_key, rerun=rerun)
    inserted = (await conn.execute(stmt)).scalar_one_or_none()
    if inserted is None:
        return False
    await _announce(conn, kind, run_at)
    return True


async def _announce(conn: AsyncConnection, kind: str, run_at: datetime | None) -> None:
    # Workers are woken for a job that is due now; a delayed one is found by their poll once it is due (a
    # wake-up at enqueue time would claim nothing), which saves a round trip on every delayed job.
    if run_at is None or run_at <= datetime.now(UTC):
        await conn.execute(select(func.pg_notify(NOTIFY_CHANNEL, kind)))
    conn.info.setdefault(ENQUEUED_INFO_KEY, []).append(kind)


async def cancel_pending(session: AsyncSession, dedupe_key_prefix: str) -> int:
    """Delete, in the caller's transaction, the pending (not yet running) jobs whose dedupe key starts with
    `dedupe_key_prefix`: delayed work that a later change made pointless (a reminder of a cancelled
    session). A job already running is left alone, so its handler must still check that it is wanted."""
    if not dedupe_key_prefix:
        raise ValueError("a prefix is required")
    escaped = dedupe_key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    result = await session.execute(
        delete(Job).where(Job.status == JobStatus.PENDING.value, Job.dedupe_key.like(escaped + "%", escape="\\"))
    )
    return int(getattr(result, "rowcount", 0) or 0)
