"""Who has a profile and who may see it, through the `user_profile` cache; the skill read model.

`UserDirectory` is the piece of the user domain every other part shares (profiles, availability,
preferences, avatars) and the one the skill domain is given as its `ProfileDirectory`
(internal/skill/ports.py). It depends on nothing outside the user domain, so the composition root builds
it first and hands it to both services: skill → directory ← user, no cycle.

The skill domain owns user skills; after each user-skill write it calls `replace_skill_keys` in its own
transaction to keep `skill_keys` (what ListUsers filters on) in step.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from skillsphere.user.v1.error_reason import ErrorReason
from sqlalchemy.ext.asyncio import AsyncSession

from internal.user.models import UserProfile, Visibility
from internal.user.repository import UserRepository
from pkg.authz import Audience, Caller
from pkg.cache import CacheHub
from pkg.db import UnitOfWorkFactory
from pkg.errors import NotFound
from pkg.jobs import enqueue

CACHE_NAME = "user_profile"
EMBED_JOB = "user.embed"
SKILL_KINDS = ("offered", "wanted")

AUDIENCE = {
    Visibility.PUBLIC: Audience.PUBLIC,
    Visibility.MEMBERS: Audience.MEMBERS,
    Visibility.PRIVATE: Audience.OWNER,
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def user_not_found(user_id: uuid.UUID | str) -> NotFound:
    """The answer for a profile that does not exist or that the caller may not see."""
    return NotFound(
        "No such user, or their profile is not visible to you.",
        reason=ErrorReason.USER_NOT_FOUND,
        metadata={"user_id": str(user_id)},
    )


def may_see(profile: UserProfile, caller: Caller) -> bool:
    """The visibility rule of GetUser (deleted profiles aside)."""
    return caller.can_see(profile.id, AUDIENCE[Visibility(profile.visibility)])


async def writable_profile(
    repo: UserRepository, user_id: uuid.UUID, caller: Caller, *, lock: bool = True
) -> UserProfile:
    """The live profile, locked for the write; USER_NOT_FOUND / NOT_PROFILE_OWNER otherwise."""
    profile = await repo.profile(user_id, for_update=lock)
    if profile is None or not profile.live:
        raise user_not_found(user_id)
    caller.require_self_or_admin(
        user_id,
        reason=ErrorReason.NOT_PROFILE_OWNER,
        message="Only the user themselves or an admin may do this.",
    )
    return profile


def skill_keys(skills: Sequence[tuple[str, uuid.UUID, int]]) -> list[str]:
    """'<kind>:<skill_id>:<level>' for every level from 1 up to each held proficiency."""
    keys: list[str] = []
    for kind, skill_id, level in skills:
        if kind not in SKILL_KINDS:
            raise ValueError(f"unknown user skill kind {kind!r}")
        if not 1 <= level <= 5:
            raise ValueError(f"proficiency {level} is not between 1 and 5")
        keys.extend(f"{kind}:{skill_id}:{n}" for n in range(1, level + 1))
    return sorted(set(keys))


def held_skills(keys: Iterable[str]) -> dict[tuple[str, uuid.UUID], int]:
    """(kind, skill id) → held proficiency, read back from skill keys."""
    held: dict[tuple[str, uuid.UUID], int] = {}
    for key in keys:
        kind, skill_id, level = key.split(":")
        pair = (kind, uuid.UUID(skill_id))
        held[pair] = max(held.get(pair, 0), int(level))
    return held


class UserDirectory:
    """Profiles read through the cache, and what keeps the cache and the embedding in step with writes.

    Implements the skill domain's ProfileDirectory (`profile_visible`, `replace_skill_keys`).
    """

    def __init__(self, *, uow: UnitOfWorkFactory, cache: CacheHub, clock: Callable[[], datetime] = _utcnow) -> None:
        self._uow = uow
        self._cache = cache.cache(CACHE_NAME, ttl=60.0)
        self._now = clock

    async def cached(self, user_id: uuid.UUID) -> UserProfile | None:
        """The profile (deleted ones included) from the cache, loaded on a miss."""

        async def load() -> UserProfile | None:
            async with self._uow() as uow:
                profile = await UserRepository(uow.session).profile(user_id)
                await uow.commit()  # keeps the loaded row usable after the block
            return profile

        return await self._cache.get_or_load(str(user_id), load)

    async def visible_live(self, user_id: uuid.UUID, caller: Caller) -> UserProfile:
        """The live profile if `caller` may see it; USER_NOT_FOUND otherwise."""
        profile = await self.cached(user_id)
        if profile is None or not profile.live or not may_see(profile, caller):
            raise user_not_found(user_id)
        return profile

    async def forget(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Every replica drops its cached copy when `session`'s transaction commits."""
        await self._cache.invalidate(session, str(user_id))

    async def changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """A profile or its skills changed: every replica forgets it, and the embedding is refreshed."""
        await self.forget(session, user_id)
        await enqueue(session, EMBED_JOB, {"user_id": str(user_id)}, dedupe_key=f"{EMBED_JOB}:{user_id}")

    # ------------------------------------------------------------------- ProfileDirectory (skill domain)

    async def profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        """True when the user has a live profile that `caller` may see."""
        profile = await self.cached(user_id)
        return profile is not None and profile.live and may_see(profile, caller)

    async def replace_skill_keys(
        self, session: AsyncSession, user_id: uuid.UUID, skills: Sequence[tuple[str, uuid.UUID, int]]
    ) -> None:
        """Replace the user's skill read model in the CALLER's transaction (the skill domain calls this after
        every user-skill write, with all of the user's skills as (kind, skill id, proficiency 1..5)).

        Invalidates the cached profile and enqueues `user.embed` there too. A user without a live profile is
        left alone (the keys are rebuilt when the skill domain writes again).
        """
        keys = skill_keys(skills)
        if await UserRepository(session).set_skill_keys(user_id, keys, self._now()):
            await self.changed(session, user_id)
