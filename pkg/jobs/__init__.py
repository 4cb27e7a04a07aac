"""Background jobs: enqueued in the caller's transaction (outbox), run by workers claiming with SKIP LOCKED.

registry = JobRegistry()
registry.register("email.send", send_email)                 # handler: async def (payload: dict) -> None
registry.periodic("sessions.expire", timedelta(minutes=5), expire_sessions)

async with uow_factory() as uow:
    ...                                                      # the change
    await enqueue(uow.session, "email.send", {...})          # runs only if this commits
    await uow.commit()

worker = Worker(engine, registry, metrics=JobMetrics(collector_registry))
await worker.start(); ...; await worker.stop(timeout=10)
"""

from pkg.jobs.metrics import JobMetrics
from pkg.jobs.models import Job, JobSchedule, JobStatus
from pkg.jobs.queue import cancel_pending, enqueue, enqueue_on
from pkg.jobs.registry import JobDefinition, JobHandler, JobRegistry, PeriodicJob, PermanentJobError
from pkg.jobs.worker import PURGE_FINISHED_JOB, Worker, retry_delay

__all__ = [
    "PURGE_FINISHED_JOB",
    "Job",
    "JobDefinition",
    "JobHandler",
    "JobMetrics",
    "JobRegistry",
    "JobSchedule",
    "JobStatus",
    "PeriodicJob",
    "PermanentJobError",
    "Worker",
    "cancel_pending",
    "enqueue",
    "enqueue_on",
    "retry_delay",
]
