"""Background jobs of the AI domain.

- `ai.purge` (periodic, hourly): delete expired cached answers, usage rows older than 35 days and assistant
  conversations untouched for `ai_conversation_retention_days`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from internal.ai.service import AIService
from pkg.jobs import JobRegistry
from pkg.log import get_logger

log = get_logger("ai")

PURGE_JOB = "ai.purge"


def register_ai_jobs(registry: JobRegistry, service: AIService, *, purge_every: timedelta = timedelta(hours=1)) -> None:
    """Register the AI domain's periodic purge."""

    async def purge(_payload: dict[str, Any]) -> None:
        answers, usage, conversations = await service.purge()
        log.info("ai_purged", answers=answers, usage=usage, conversations=conversations)

    registry.periodic(PURGE_JOB, purge_every, purge, timeout=600)
