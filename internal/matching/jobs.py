"""Background jobs of the matching domain.

- `matching.refresh` (enqueued by `MatchingService.member_changed`, the user domain's MemberListener, in the
  writer's transaction, one per change; idempotent): project one member into the read model again (or remove
  them) and mark stale the recommendation sets that are theirs or show them.
- `matching.backfill` (periodic): project members never projected, and drop rows of members who are gone.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from internal.matching.listener import REFRESH_JOB
from internal.matching.service import BACKFILL_JOB, MatchingService
from pkg.jobs import JobRegistry


def register_matching_jobs(registry: JobRegistry, service: MatchingService, *, backfill_every: timedelta) -> None:
    """Register the matching domain's handlers and periodic jobs on the application's registry."""

    async def refresh(payload: dict[str, Any]) -> None:
        await service.refresh_members([uuid.UUID(payload["user_id"])])

    async def backfill(_payload: dict[str, Any]) -> None:
        await service.backfill()

    registry.register(REFRESH_JOB, refresh, timeout=120)
    registry.periodic(BACKFILL_JOB, backfill_every, backfill, timeout=1800)
