"""Chat's background jobs.

- `chat.purge_unsent_attachments` (periodic, hourly; one worker across replicas runs it): reservations made
  by CreateAttachmentUpload more than `UNSENT_ATTACHMENT_MAX_AGE` (24 hours) ago and never sent with a
  message are deleted, row and file. Quarantined files are kept (never downloadable; for review).
- `chat.thumbnail` (enqueued by SendMessage, in its transaction, per JPEG/PNG/WebP attachment): a square
  preview of at most 256 pixels and the image's width and height, recorded on the attachment.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from internal.chat.service import THUMBNAIL_JOB, ChatService
from pkg.jobs import JobRegistry

PURGE_UNSENT_ATTACHMENTS_JOB = "chat.purge_unsent_attachments"


def register_chat_jobs(registry: JobRegistry, chat: ChatService, *, every: timedelta = timedelta(hours=1)) -> None:
    """Register chat's periodic jobs on the application's registry."""

    async def purge(_payload: dict[str, Any]) -> None:
        await chat.purge_unsent_attachments()

    async def thumbnail(payload: dict[str, Any]) -> None:
        await chat.make_thumbnail(uuid.UUID(payload["attachment_id"]))

    registry.periodic(PURGE_UNSENT_ATTACHMENTS_JOB, every, purge, timeout=600)
    registry.register(THUMBNAIL_JOB, thumbnail, timeout=120)
