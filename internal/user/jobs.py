"""Background jobs of the user domain.

- `user.embed` (enqueued with every profile or skill-key change, in the same transaction): embed one user.
- `user.embed_backfill` (periodic): embed live profiles never embedded or embedded by another model.
- `user.refresh_availability` (periodic, daily): recompute weekly slots' UTC ranges with the current
  offsets, so after a DST change the ListUsers availability filter is right again within a day.
- `user.delete_files` (enqueued when an avatar is replaced or removed, or an upload is finalized): delete
  the stored objects once the change committed.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from internal.user.availability import AVAILABILITY_REFRESH_JOB
from internal.user.avatars import DELETE_FILES_JOB
from internal.user.directory import EMBED_JOB
from internal.user.embeddings import EMBED_BACKFILL_JOB
from internal.user.service import UserService
from pkg.jobs import JobRegistry


def register_user_jobs(registry: JobRegistry, service: UserService, *, backfill_every: timedelta) -> None:
    """Register the user domain's handlers and periodic jobs on the application's registry."""

    async def embed(payload: dict[str, Any]) -> None:
        await service.embeddings.embed_users([uuid.UUID(payload["user_id"])])

    async def backfill(_payload: dict[str, Any]) -> None:
        await service.embeddings.embed_stale_users()

    async def delete_files(payload: dict[str, Any]) -> None:
        await service.avatars.delete_files([str(key) for key in payload["keys"]])

    registry.register(EMBED_JOB, embed, timeout=120)
    registry.periodic(EMBED_BACKFILL_JOB, backfill_every, backfill, timeout=600)

    async def refresh_availability(_payload: dict[str, Any]) -> None:
        await service.availability.refresh_availability()

    registry.register(DELETE_FILES_JOB, delete_files, timeout=120)
    registry.periodic(AVAILABILITY_REFRESH_JOB, timedelta(days=1), refresh_availability, timeout=1800)
