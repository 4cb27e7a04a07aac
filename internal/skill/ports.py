"""What the skill domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): the user domain's UserDirectory satisfies `ProfileDirectory`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from pkg.authz import Caller


class ProfileDirectory(Protocol):
    """The user domain as the skill domain sees it: who has a profile and who may see it, and the profile's
    copy of the user's skills (which ListUsers filters on)."""

    async def profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        """True when the user has a live profile and `caller` may see it."""
        ...

    async def replace_skill_keys(
        self, session: AsyncSession, user_id: uuid.UUID, skills: Sequence[tuple[str, uuid.UUID, int]]
    ) -> None:
        """Replace the profile's copy of the user's skills ((kind, skill id, proficiency) each), inside the
        caller's transaction so the copy never disagrees with user_skills."""
        ...
