"""Waiting and inspection helpers shared by the job tests."""

from __future__ import annotations

from sqlalchemy import select

from pkg.db import UnitOfWorkFactory
from pkg.jobs import Job
from tests.support.waiting import eventually

__all__ = ["eventually", "jobs_of"]


async def jobs_of(uow: UnitOfWorkFactory, kind: str) -> list[Job]:
    """Every job row of `kind`, oldest first."""
    async with uow() as work:
        jobs = list((await work.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id))).all())
        work.session.expunge_all()  # keep them loaded after the read-only unit of work rolls back
        return jobs
