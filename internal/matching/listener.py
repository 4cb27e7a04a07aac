"""Matching's MemberListener: the user domain calls it in the writer's transaction whenever a member's
profile, skills, visibility, status or embedding changes. It only enqueues `matching.refresh` there (an
outbox row), so it needs nothing but the session and can be built before the user
domain's directory that calls it; the job re-projects the member and invalidates recommendation sets."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pkg.jobs import enqueue

REFRESH_JOB = "matching.refresh"


class MatchingListener:
    """Implements the user domain's MemberListener for matching."""

    async def member_changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Project the member again once `session`'s transaction commits."""
        # No dedupe key: pkg/jobs dedupes against running jobs too, so a change committed while this member's
        # job runs (after it read the snapshot) would be dropped. Jobs are idempotent, and an older snapshot
        # never overwrites a newer one (repository.upsert_member).
        await enqueue(session, REFRESH_JOB, {"user_id": str(user_id)})
