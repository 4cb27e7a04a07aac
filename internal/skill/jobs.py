"""Background jobs of the skill domain: embeddings, trending, and the proposer's review notification.

- `skill.embed` (enqueued with every create/update/approve, in the same transaction): embed one skill.
- `skill.embed_backfill` (periodic): embed skills never embedded, embedded by another model, or changed
  since (the seeded catalog, a raced update).
- `skill.refresh_trending` (periodic): offered/wanted user counts and every window's trending ranking.
- `skill.proposal_reviewed` (enqueued by ApproveSkill/RejectSkill): tell the proposer.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from internal.skill.service import (
    EMBED_BACKFILL_JOB,
    EMBED_JOB,
    PROPOSAL_REVIEWED_JOB,
    TRENDING_JOB,
    SkillService,
)
from pkg.jobs import JobRegistry
from pkg.log import get_logger

log = get_logger("skill")


def register_skill_jobs(
    registry: JobRegistry, service: SkillService, *, trending_every: timedelta, backfill_every: timedelta
) -> None:
    """Register the skill domain's handlers and periodic jobs on the application's registry."""

    async def embed(payload: dict[str, Any]) -> None:
        await service.embed_skills([uuid.UUID(payload["skill_id"])])

    async def backfill(_payload: dict[str, Any]) -> None:
        await service.embed_stale_skills()

    async def trending(_payload: dict[str, Any]) -> None:
        await service.refresh_trending()

    async def proposal_reviewed(payload: dict[str, Any]) -> None:
        # No notification channel exists yet (NotificationService comes with a later issue): the outcome is
        # logged, and the job row keeps it until then.
        log.info("skill_proposal_reviewed", **payload)

    registry.register(EMBED_JOB, embed, timeout=120)
    registry.periodic(EMBED_BACKFILL_JOB, backfill_every, backfill, timeout=600)
    registry.periodic(TRENDING_JOB, trending_every, trending, timeout=600)
    registry.register(PROPOSAL_REVIEWED_JOB, proposal_reviewed)
