"""Background jobs of the search domain.

- `search.refresh` (enqueued by MemberChangeListener in the profile writer's transaction, one pending job per
  member): rewrite the member's search row from their snapshot.
- `search.backfill` (periodic): refresh members whose marker outlived a failed job, and members missing from
  the read model (the first start after migration 0010, a restore).
- `search.purge` (periodic, hourly): history older than 90 days, zero-result queries unseen for 90 days.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from internal.search.service import BACKFILL_JOB, PURGE_JOB, REFRESH_JOB, SearchService
from pkg.jobs import JobRegistry


def register_search_jobs(registry: JobRegistry, service: SearchService, *, backfill_every: timedelta) -> None:
    """Register the search domain's handlers and periodic jobs on the application's registry."""

    async def refresh(payload: dict[str, Any]) -> None:
        await service.refresh_members([uuid.UUID(payload["user_id"])])

    async def backfill(_payload: dict[str, Any]) -> None:
        await service.backfill()

    async def purge(_payload: dict[str, Any]) -> None:
        await service.purge()

    registry.register(REFRESH_JOB, refresh, timeout=120)
    registry.periodic(BACKFILL_JOB, backfill_every, backfill, timeout=1800)
    registry.periodic(PURGE_JOB, timedelta(hours=1), purge, timeout=600)
