"""Background jobs of the session domain, all delayed jobs in the transactional queue (pkg/jobs):

- `session.timer` (enqueued with the change that makes it due, at the time it becomes due): EXPIRED at the
  start of a session still REQUESTED, NO_SHOW at the end of one still CONFIRMED, COMPLETED
  `session_auto_complete_after_minutes` after the end of one still IN_PROGRESS. The queue survives
  restarts; any worker of any replica may run it; the handler locks the session and re-checks its status
  and time, so a second run or a run for a session that moved on does nothing.
- `session.remind` (enqueued on confirmation and on an accepted reschedule, `session_reminder_minutes`
  before the start): emails the participants who want reminders. Cancelling, declining, completing or
  moving a session deletes its pending reminders in the same transaction; a reminder already running
  re-checks that the session is still CONFIRMED at the time it was scheduled for.
- `session.forget_idempotency_keys` (periodic): CreateSession keys older than 24 hours.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from internal.session.service import REMIND_JOB, TIMER_JOB, SessionService
from pkg.jobs import JobRegistry

FORGET_KEYS_JOB = "session.forget_idempotency_keys"


def register_session_jobs(registry: JobRegistry, service: SessionService) -> None:
    """Register the session domain's handlers on the application's registry."""

    async def forget_keys(_payload: dict[str, Any]) -> None:
        await service.forget_idempotency_keys()

    registry.register(TIMER_JOB, service.handle_timer, timeout=60)
    registry.register(REMIND_JOB, service.handle_reminder, timeout=60)
    registry.periodic(FORGET_KEYS_JOB, timedelta(hours=1), forget_keys, timeout=300)
