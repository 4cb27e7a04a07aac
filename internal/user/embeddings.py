"""The user embedding: computed by the `user.embed` job (enqueued with every profile or skill change, see
UserDirectory.changed), never inside a request; `user.embed_backfill` catches profiles never embedded or
embedded by another model."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from internal.user.directory import UserDirectory, held_skills
from internal.user.models import UserProfile
from internal.user.ports import SkillCatalog
from internal.user.repository import UserRepository
from pkg.db import UnitOfWorkFactory
from pkg.llm import EmbeddingProvider
from pkg.llm.jobs import embed_in_job, source_digest
from pkg.log import get_logger

log = get_logger("user")

EMBED_BACKFILL_JOB = "user.embed_backfill"
EMBED_BATCH = 100
EMBED_BACKFILL_SECONDS = 240.0  # per run; the job's timeout is 600 s


def embedding_text(profile: UserProfile, skill_names: dict[uuid.UUID, str]) -> str:
    """What a user is embedded from: who they are, what they do and which skills they offer and want."""
    parts = [profile.display_name]
    if profile.headline:
        parts.append(profile.headline)
    if profile.bio:
        parts.append(profile.bio)
    if profile.language_codes:
        parts.append("Languages: " + ", ".join(profile.language_codes))
    if profile.is_mentor:
        parts.append("Mentor")
    held = held_skills(profile.skill_keys)
    for kind, label in (("offered", "Offers"), ("wanted", "Wants to learn")):
        named = sorted(
            (skill_names[skill_id], level)
            for (k, skill_id), level in held.items()
            if k == kind and skill_id in skill_names
        )
        if named:
            parts.append(f"{label}: " + ", ".join(f"{name} (level {level})" for name, level in named))
    return ". ".join(parts)


class EmbeddingService:
    """Embeds live profiles (and stores their skills' names for ListUsers' text match)."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        embeddings: EmbeddingProvider,
        skills: SkillCatalog,
        directory: UserDirectory,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._directory = directory
        self._embeddings = embeddings
        self._skills = skills
        self._now = clock

    async def embed_users(self, user_ids: Sequence[uuid.UUID]) -> int:
        """(Re-)embed these users where their text or the model changed; how many vectors were stored."""
        model = self._embeddings.model
        pending: list[tuple[UserProfile, str, str]] = []
        async with self._uow() as uow:
            found = await UserRepository(uow.session).profiles(user_ids)
            await uow.commit()
        live = [p for p in found.values() if p.live]
        skill_names = await self._skill_names({s for p in live for _, s in held_skills(p.skill_keys)})
        # The same names make the user findable by skill in ListUsers' free-text match.
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            for profile in live:
                names = sorted({skill_names[s] for _, s in held_skills(profile.skill_keys) if s in skill_names})
                await repo.set_skill_text(profile.id, " ".join(names))
            await uow.commit()
        for profile in live:
            text = embedding_text(profile, skill_names)
            digest = source_digest(model, text)
            if profile.embedding_source_hash != digest or profile.embedding_model != model:
                pending.append((profile, text, digest))
        if not pending:
            return 0
        vectors = await embed_in_job(self._embeddings, [text for _, text, _ in pending])
        stored = 0
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            for (profile, _, digest), vector in zip(pending, vectors, strict=True):
                written = await repo.store_embedding(
                    profile.id,
                    vector=vector,
                    model=model,
                    source_hash=digest,
                    seen_updated_at=profile.updated_at,
                    now=now,
                )
                if written:
                    # A new vector is discoverable data: projections (matching) refresh from it.
                    await self._directory.notify(uow.session, profile.id)
                stored += written
            await uow.commit()
        log.info("users_embedded", count=stored, model=model)
        return stored

    async def embed_stale_users(self) -> int:
        """Embed live profiles never embedded or embedded by another model, batch after batch for up to
        EMBED_BACKFILL_SECONDS (so a model change or migration 0008's cleared vectors are caught up in a few
        runs, not one batch per interval); stops early when a batch stores nothing (rows changing under it
        are left to their own `user.embed` job)."""
        total = 0
        deadline = time.monotonic() + EMBED_BACKFILL_SECONDS
        while time.monotonic() < deadline:
            async with self._uow() as uow:
                ids = await UserRepository(uow.session).stale_embeddings(self._embeddings.model, EMBED_BATCH)
            if not ids:
                break
            stored = await self.embed_users(ids)
            total += stored
            if stored == 0 or len(ids) < EMBED_BATCH:
                break
        return total

    async def _skill_names(self, skill_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Names of catalog skills anyone may see (unknown, hidden or proposed ones are left out), one query."""
        wanted = sorted(set(skill_ids), key=str)
        return await self._skills.skill_names(wanted) if wanted else {}
