"""Who has a profile and who may see it, through the `user_profile` cache; the skill read model.

`UserDirectory` is the piece of the user domain every other part shares (profiles, availability,
preferences, avatars) and the one the skill domain is given as its `ProfileDirectory`
(internal/skill/ports.py). It depends on nothing outside the user domain, so the composition root builds
it first and hands it to both services: skill → directory ← user, no cycle.

The skill domain owns user skills; after each user-skill write it calls `replace_skill_keys` in its own
transaction to keep `skill_keys` (what ListUsers filters on) in step.

For discovery (matching, search) it is also the user domain's port to the rest of the system:

- `member_snapshots(ids)`: everything discovery needs about members, in one batch (snapshots.py).
- `MemberListener`s (ports.py), given at construction, are called in the writer's transaction whenever a
  member's discoverable data changes: `changed` (profile or skills: also re-embeds) and `notify`
  (verification, deletion, availability, avatar, a new embedding; an account suspended or reinstated by
  the admin domain must call `notify` too).
- `MemberErasure`s (ports.py), given at construction, are called by `deleted` in the account deletion's
  transaction (chat anonymises the member's messages there).
- `blocked_either_way(id)` / `is_blocked_between(a, b)`: blocks (blocks.py), cached per member across
  replicas in `user_blocks` and invalidated for both members when either blocks or unblocks.

Construction: the skill catalog is the one dependency built after the directory (SkillService takes the
directory as its ProfileDirectory), so UserService hands it over once with `use_skill_catalog`; everything
else (accounts, storage, listeners, erasers) is given to the constructor.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from skillsphere.user.v1.error_reason import ErrorReason
from sqlalchemy.ext.asyncio import AsyncSession

from internal.members import member_not_found
from internal.user.models import DELETED_DISPLAY_NAME, UserProfile, Visibility
from internal.user.ports import Accounts, MemberErasure, MemberListener, SkillCatalog
from internal.user.repository import UserRepository
from internal.user.snapshots import (
    MemberSkill,
    MemberSnapshot,
    avatar_thumbnail_key,
    parse_int_multirange,
    parse_vector,
)
from pkg.authz import Audience, Caller
from pkg.cache import CacheHub
from pkg.db import UnitOfWorkFactory
from pkg.jobs import enqueue
from pkg.storage import ObjectStorage

__all__ = ["MemberSkill", "MemberSnapshot", "UserDirectory"]

CACHE_NAME = "user_profile"
BLOCKS_CACHE_NAME = "user_blocks"
SNAPSHOT_BATCH = 1000
EMBED_JOB = "user.embed"
SKILL_KINDS = ("offered", "wanted")

AUDIENCE = {
    Visibility.PUBLIC: Audience.PUBLIC,
    Visibility.MEMBERS: Audience.MEMBERS,
    Visibility.PRIVATE: Audience.OWNER,
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def may_see(profile: UserProfile, caller: Caller) -> bool:
    """The visibility rule of GetUser (deleted profiles aside)."""
    return caller.can_see(profile.id, AUDIENCE[Visibility(profile.visibility)])


async def writable_profile(
    repo: UserRepository, user_id: uuid.UUID, caller: Caller, *, lock: bool = True
) -> UserProfile:
    """The live profile, locked for the write; USER_NOT_FOUND / NOT_PROFILE_OWNER otherwise."""
    profile = await repo.profile(user_id, for_update=lock)
    if profile is None or not profile.live:
        raise member_not_found(user_id)
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
    """Profiles read through the cache, what keeps the cache, the embedding and other domains' projections
    in step with writes, member snapshots and blocks.

    Implements the skill domain's ProfileDirectory (`profile_visible`, `replace_skill_keys`).
    """

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        cache: CacheHub,
        accounts: Accounts | None = None,
        storage: ObjectStorage | None = None,
        listeners: Sequence[MemberListener] = (),
        erasers: Sequence[MemberErasure] = (),
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._cache = cache.cache(CACHE_NAME, ttl=60.0)
        self._blocks = cache.cache(BLOCKS_CACHE_NAME, max_entries=50_000, ttl=300.0)
        self._accounts = accounts
        self._storage = storage
        self._listeners = tuple(listeners)
        self._erasers = tuple(erasers)
        self._skills: SkillCatalog | None = None
        self._now = clock

    def use_skill_catalog(self, skills: SkillCatalog) -> None:
        """Hand over the skill catalog (built after the directory); once, by UserService."""
        if self._skills is not None and self._skills is not skills:
            raise RuntimeError("UserDirectory already has a skill catalog")
        self._skills = skills

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
            raise member_not_found(user_id)
        return profile

    async def forget(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Every replica drops its cached copy when `session`'s transaction commits."""
        await self._cache.invalidate(session, str(user_id))

    async def notify(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Something discovery shows changed without changing the embedded text (verification, deletion,
        suspension, availability, avatar, a new embedding): replicas forget the profile and every
        MemberListener is told, in `session`'s transaction."""
        await self.forget(session, user_id)
        for listener in self._listeners:
            await listener.member_changed(session, user_id)

    async def deleted(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """The member's account is being deleted: every MemberErasure detaches or erases what the member left
        in its domain, then replicas forget the profile and every MemberListener is told, all in `session`'s
        transaction."""
        for eraser in self._erasers:
            await eraser.member_deleted(session, user_id)
        await self.notify(session, user_id)

    async def changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """A profile or its skills changed: every replica forgets it, the embedding is refreshed and every
        MemberListener is told (all in `session`'s transaction)."""
        await enqueue(session, EMBED_JOB, {"user_id": str(user_id)}, dedupe_key=f"{EMBED_JOB}:{user_id}")
        await self.notify(session, user_id)

    async def has_live_profile(self, user_id: uuid.UUID) -> bool:
        """True when the user has a profile that is not deleted, whoever asks (visibility aside)."""
        profile = await self.cached(user_id)
        return profile is not None and profile.live

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

        Invalidates the cached profile, enqueues `user.embed` and tells the listeners there too. A user
        without a live profile is left alone (the keys are rebuilt when the skill domain writes again).
        """
        keys = skill_keys(skills)
        if await UserRepository(session).set_skill_keys(user_id, keys, self._now()):
            await self.changed(session, user_id)

    # ------------------------------------------------------------------------------- member snapshots

    async def member_snapshots(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, MemberSnapshot]:
        """Snapshots of the members among `user_ids` that have a profile (deleted and suspended ones
        included, with live=False), by id. A few queries per 1000 ids whatever their number."""
        wanted = list(dict.fromkeys(user_ids))
        profiles: dict[uuid.UUID, UserProfile] = {}
        columns: dict[uuid.UUID, tuple[str | None, str]] = {}
        for start in range(0, len(wanted), SNAPSHOT_BATCH):
            chunk = wanted[start : start + SNAPSHOT_BATCH]
            async with self._uow() as uow:
                repo = UserRepository(uow.session)
                profiles.update(await repo.profiles(chunk))
                columns.update(await repo.discovery_columns(chunk))
                await uow.commit()
        if not profiles:
            return {}
        held = {p.id: held_skills(p.skill_keys) for p in profiles.values()}
        skill_ids = sorted({s for pairs in held.values() for _, s in pairs}, key=str)
        names = await self._skill_catalog().skill_names(skill_ids) if skill_ids else {}
        disabled: frozenset[uuid.UUID] = frozenset()
        if self._accounts is not None:
            disabled = await self._accounts.disabled_accounts(list(profiles))
        snapshots: dict[uuid.UUID, MemberSnapshot] = {}
        for user_id, profile in profiles.items():
            vector_text, weekly_text = columns.get(user_id, (None, ""))
            skills = tuple(
                sorted(
                    (
                        MemberSkill(kind=kind, skill_id=skill_id, name=names[skill_id], proficiency=level)  # type: ignore[arg-type]
                        for (kind, skill_id), level in held[user_id].items()
                        if skill_id in names
                    ),
                    key=lambda s: (s.kind, -s.proficiency, s.name.lower(), str(s.skill_id)),
                )
            )
            key = avatar_thumbnail_key(profile.avatar) if profile.live else None
            snapshots[user_id] = MemberSnapshot(
                user_id=user_id,
                display_name=profile.display_name if profile.live else DELETED_DISPLAY_NAME,
                headline=profile.headline,
                bio=profile.bio,
                avatar_uri=self._storage.public_url(key) if key and self._storage is not None else "",
                language_codes=tuple(profile.language_codes or ()),
                time_zone=profile.time_zone,
                country_code=profile.country_code,
                city=profile.city,
                latitude=profile.latitude,
                longitude=profile.longitude,
                is_mentor=bool(profile.is_mentor),
                hourly_rate_minor=profile.hourly_rate_minor,
                hourly_rate_currency=profile.hourly_rate_currency,
                accepts_skill_swap=bool(profile.accepts_skill_swap),
                visibility=Visibility(profile.visibility),
                verified=bool(profile.verified),
                average_rating=float(profile.average_rating or 0.0),
                rating_count=int(profile.rating_count or 0),
                live=profile.live and user_id not in disabled,
                skills=skills,
                embedding=parse_vector(vector_text),
                embedding_model=profile.embedding_model,
                weekly_availability=parse_int_multirange(weekly_text),
                create_time=profile.created_at,
                update_time=profile.updated_at,
            )
        return snapshots

    async def member_ids_after(self, after: uuid.UUID | None, limit: int) -> list[uuid.UUID]:
        """Ids of members with a live profile in id order after `after` (discovery backfills walk them)."""
        async with self._uow() as uow:
            ids = await UserRepository(uow.session).live_ids_after(after, limit)
            await uow.commit()
        return ids

    def _skill_catalog(self) -> SkillCatalog:
        if self._skills is None:
            raise RuntimeError("UserDirectory has no skill catalog yet (UserService hands it over)")
        return self._skills

    # ----------------------------------------------------------------------------------------- blocks

    async def blocked_either_way(self, user_id: uuid.UUID) -> frozenset[uuid.UUID]:
        """Ids of the members `user_id` blocked plus those who blocked `user_id` (cached across replicas;
        every domain filters its results with it)."""

        async def load() -> frozenset[uuid.UUID]:
            async with self._uow() as uow:
                found = await UserRepository(uow.session).blocked_either_way(user_id)
                await uow.commit()
            return found

        return await self._blocks.get_or_load(str(user_id), load)

    async def is_blocked_between(self, a: uuid.UUID, b: uuid.UUID) -> bool:
        """Whether either of the two members blocked the other."""
        return b in await self.blocked_either_way(a)

    async def blocks_changed(self, session: AsyncSession, a: uuid.UUID, b: uuid.UUID) -> None:
        """A block between `a` and `b` was placed or lifted: every replica forgets both members' sets when
        `session` commits."""
        await self._blocks.invalidate(session, str(a))
        await self._blocks.invalidate(session, str(b))
