"""Waiting and inspection helpers shared by the job tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import select

from pkg.db import UnitOfWorkFactory
from pkg.jobs import Job


async def eventually(check: Callable[[], Awaitable[bool] | bool], timeout: float = 10.0) -> None:
    """Wait until `check()` is true, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


async def jobs_of(uow: UnitOfWorkFactory, kind: str) -> list[Job]:
    """Every job row of `kind`, oldest first."""
    async with uow() as work:
        jobs = list((await work.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id))).all())
        work.session.expunge_all()  # keep them loaded after the read-only unit of work rolls back
        return jobs
